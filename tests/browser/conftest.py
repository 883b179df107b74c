"""A real browser (Debian's Chromium through Playwright) and a live server on a free port.

Playwright's own browser download is not available here, so the tests drive the system's
``chromium``; without it (or without Playwright) every browser test is skipped, and pytest's
summary (``-ra``) prints why.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "out" / "browser"
"""Screenshots the browser tests take (``out/`` is git-ignored)."""
AXE_VERSION = "4.10.3"
"""axe-core, from the npm registry, installed by the test setup into ``out/`` (MPL-2.0)."""
AXE_DIR = ROOT / "out" / f"axe-core-{AXE_VERSION}"
AXE_SCRIPT = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"


def chromium_path() -> str | None:
    """``$BALLOTTAGE_CHROMIUM``, else Debian's chromium, else ``chromium`` on the PATH."""
    given = os.environ.get("BALLOTTAGE_CHROMIUM")
    if given:
        return given if Path(given).is_file() else None
    for path in CANDIDATES:
        if Path(path).is_file() and os.access(path, os.X_OK):
            return path
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        pytest.skip(
            "no chromium found (apt-get install chromium, or set BALLOTTAGE_CHROMIUM): "
            "browser tests skipped"
        )
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install playwright): browser tests skipped")
    # A page's first answer reads the store (~1-7 s on a 2-core machine running the suite on
    # both cores): wait for what the page must show longer than Playwright's 5 s.
    expect.set_options(timeout=30_000)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """The app over a fresh in-memory store, served by Uvicorn on 127.0.0.1 in a thread."""
    import uvicorn

    from ballottage.web.app import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(":memory:"), host="127.0.0.1", port=port, log_level="warning", ws="none"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="session")
def artefacts() -> Path:
    """Where the tests put their screenshots (``out/browser``)."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return ARTEFACTS


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's script, installed with npm on first use (``npm install axe-core@VERSION``)."""
    if not AXE_SCRIPT.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed: the axe-core audit is skipped")
        # Installed aside, then moved in place: test workers running at once never see half.
        AXE_DIR.parent.mkdir(parents=True, exist_ok=True)
        aside = Path(tempfile.mkdtemp(prefix="axe-", dir=AXE_DIR.parent))
        done = subprocess.run(
            [npm, "install", "--prefix", str(aside), "--no-save", "--no-audit", "--no-fund",
             "--silent", f"axe-core@{AXE_VERSION}"],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        if done.returncode == 0 and not AXE_SCRIPT.is_file():
            with contextlib.suppress(OSError):  # another worker moved its copy first
                aside.rename(AXE_DIR)
        if done.returncode != 0 or not AXE_SCRIPT.is_file():
            pytest.skip(f"could not install axe-core@{AXE_VERSION}: {done.stderr.strip()[:300]}")
    return AXE_SCRIPT
