"""The command line starts fast: it loads the heavy libraries only in the commands that use them."""

from __future__ import annotations

import importlib
import io
import json
import subprocess
import sys

import pytest
from rich.console import Console
from typer.testing import CliRunner

from ballottage.cli import app

HEAVY = ("pandas", "scipy", "duckdb", "fastapi", "jinja2", "numpy")


def loaded_after(statement: str) -> list[str]:
    """The heavy libraries in ``sys.modules`` after ``statement``, in a fresh interpreter."""
    code = f"import sys\n{statement}\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return list(json.loads(done.stdout.replace("'", '"')))


def test_importing_the_command_line_loads_no_heavy_library() -> None:
    assert loaded_after("import ballottage.cli") == []


def test_allocate_and_qualify_load_no_heavy_library() -> None:
    run = (
        "from typer.testing import CliRunner\nfrom ballottage.cli import app\n"
        "r = CliRunner().invoke(app, {args!r})\nassert r.exit_code == 0, r.output"
    )
    allocate = ["allocate", "--rules", "regionales-2015", "--seats", "19", "A=4000", "B=3000"]
    assert loaded_after(run.format(args=allocate)) == []
    assert loaded_after(run.format(args=["qualify", "A=4000", "B=3000", "C=400"])) == []
    assert loaded_after(run.format(args=["rules", "--json"])) == []
    # A command over the store does load them: the check above is not vacuous.
    assert "duckdb" in loaded_after(run.format(args=["elections", "--db", ":memory:"]))


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("ballottage ") and result.stdout.strip()[-1].isdigit()


def test_a_spinner_says_what_is_slow_only_on_a_terminal_and_never_with_json(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cli_app = importlib.import_module("ballottage.cli.app")  # the module, not the Typer app

    def shown(*, terminal: bool, quiet: bool) -> str:
        out = io.StringIO()
        monkeypatch.setattr(cli_app, "errors", Console(file=out, force_terminal=terminal))
        with cli_app.working("Building the report…", quiet=quiet):
            pass
        return out.getvalue()

    assert "Building the report" in shown(terminal=True, quiet=False)
    assert shown(terminal=True, quiet=True) == ""
    assert shown(terminal=False, quiet=False) == ""
