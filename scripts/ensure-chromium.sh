#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through Playwright (Playwright's own browser download
# is not available offline). Install the Debian package when it is missing and we are root;
# otherwise say why the browser tests will be skipped.
set -u
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: could not install chromium; browser tests will be skipped"
else
  echo "note: chromium is not installed and this is not root; browser tests will be skipped"
  echo "      (install it with: sudo apt-get install chromium)"
fi
exit 0
