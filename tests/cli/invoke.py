"""Running a command as a user would, on a given store, and reading its ``--json`` output."""

from __future__ import annotations

import json
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
