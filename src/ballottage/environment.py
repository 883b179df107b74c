"""What a loaded command line depends on besides its arguments: the package's sources, the
installed libraries, the environment variables read while loading, and where its cache lives.

The help pages kept by :mod:`ballottage.launcher` and the resident process of
:mod:`ballottage.resident` are both keyed on these. Imports nothing but ``os`` and ``sys``: it is
part of every command's start-up.
"""

from __future__ import annotations

import os
import sys

ENV_NAMES = (
    "TERM",
    "COLORTERM",
    "NO_COLOR",
    "FORCE_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "PY_COLORS",
    "COLUMNS",
    "LINES",
    "TERMINAL_WIDTH",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "GITHUB_ACTIONS",
    "DATABRICKS_RUNTIME_VERSION",
    "LANG",
)
ENV_PREFIXES = ("TYPER_", "_TYPER", "RICH_", "JUPYTER_", "BALLOTTAGE", "PYTHON", "PYDANTIC", "LC_")
"""The environment read while the command line loads (what Rich, Typer and Python read for
colours, width and encoding): part of the keys. Everything else is read when a command runs."""
PACKAGE = os.path.dirname(os.path.abspath(__file__))


def cache_dir() -> str:
    """The user cache directory of ballottage (the XDG rule on Linux, as ``platformdirs``)."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        if not os.path.isabs(base):
            base = os.path.join(os.path.expanduser("~"), ".cache")
        return os.path.join(base, "ballottage")
    import platformdirs

    return platformdirs.user_cache_dir("ballottage")


def source_fingerprint(package: str) -> list[tuple[str, int, int]]:
    """Every ``.py`` file under the folder ``package`` with its modification time and size."""
    found = []
    with os.scandir(package) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.endswith(".py"):
                st = entry.stat()
                found.append((entry.path, st.st_mtime_ns, st.st_size))
            elif entry.name != "__pycache__" and entry.is_dir():
                found += source_fingerprint(entry.path)
    return found


def installed() -> list[str]:
    """The installed distributions with their versions (their ``.dist-info`` folders)."""
    found = []
    for entry in sys.path:
        if entry.endswith("site-packages") and os.path.isdir(entry):
            found += [os.path.join(entry, n) for n in os.listdir(entry) if n.endswith(".dist-info")]
    return sorted(found)
