"""Running a command as a user would, on a given store, and reading its ``--json`` output."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from ballottage.cli import app

runner = CliRunner()


def run(db: str | Path, *args: str) -> Result:
    """``ballottage ARGS --db DB``."""
    return runner.invoke(app, [*args, "--db", str(db)])


def data(result: Result) -> Any:
    """The JSON a command printed; it must have succeeded."""
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def served(directory: Path) -> Iterator[str]:
    """``directory`` served over HTTP on 127.0.0.1 (a free port) while the block runs: its
    address, without a trailing slash."""
    handler = partial(_Quiet, directory=str(directory))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
