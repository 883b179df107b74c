"""The command line starts fast: it loads the heavy libraries only in the commands that use them."""

from __future__ import annotations

import importlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

from ballottage import launcher
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


def launched(args: list[str], cache: Path, **env: str) -> tuple[int, bytes, bytes]:
    """``ballottage ARGS`` through the script's launcher: status, standard output and error."""
    code = "import sys; from ballottage.launcher import main; sys.argv[0] = 'ballottage'; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        env={**os.environ, "XDG_CACHE_HOME": str(cache), **env},
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    ("args", "env"),
    [(["--help"], {}), (["--help"], {"COLUMNS": "60"}), ([], {}), (["allocate", "--help"], {})],
    ids=repr,
)
def test_a_help_page_is_typer_s_own_kept_and_printed_again_byte_for_byte(
    args: list[str], env: dict[str, str], tmp_path: Path
) -> None:
    typer_page = launched(args, tmp_path, BALLOTTAGE_NO_SHORTCUT="1", **env)
    assert typer_page[0] in (0, 2) and b"Usage: ballottage" in typer_page[1]
    assert launched(args, tmp_path, **env) == typer_page  # Typer prints it, a copy is kept
    assert (tmp_path / "ballottage" / "help").is_dir()
    assert launched(args, tmp_path, **env) == typer_page  # printed from the copy


def test_the_kept_page_is_what_is_printed_and_a_new_terminal_width_makes_a_new_one(
    tmp_path: Path,
) -> None:
    launched(["--help"], tmp_path)
    (kept,) = (tmp_path / "ballottage" / "help").iterdir()
    key, status, page = kept.read_text(encoding="utf-8").split("\n", 2)
    kept.write_text(f"{key}\n0 {len(page)} 0\n{page.replace('Usage', 'USAGE')}", encoding="utf-8")
    assert launched(["--help"], tmp_path)[1].count(b"USAGE: ballottage") == 1
    assert b"Usage: ballottage" in launched(["--help"], tmp_path, COLUMNS="70")[1]


def test_the_key_changes_with_any_source_file(tmp_path: Path) -> None:
    (tmp_path / "cli").mkdir()
    source = tmp_path / "cli" / "app.py"
    source.write_text("x = 1\n", encoding="utf-8")
    before = launcher.source_fingerprint(str(tmp_path))
    source.write_text("x = 22\n", encoding="utf-8")
    assert launcher.source_fingerprint(str(tmp_path)) != before
    (tmp_path / "cli" / "__pycache__").mkdir()
    (tmp_path / "cli" / "__pycache__" / "app.py").write_text("", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("", encoding="utf-8")
    listed = launcher.source_fingerprint(str(tmp_path))
    assert [name for name, _, _ in listed] == [str(source)]


def test_help_loads_nothing_and_the_quick_allocate_no_typer(tmp_path: Path) -> None:
    libraries = ("typer", "pydantic", "rich", *HEAVY)
    code = (
        "import sys\nfrom ballottage.launcher import main\nsys.argv = ['ballottage', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {libraries!r} if m in sys.modules), file=sys.stderr)"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}

    def loaded(args: list[str]) -> str:
        run = [sys.executable, "-c", code.format(args=args)]
        done = subprocess.run(run, capture_output=True, text=True, env=env, check=True)
        return done.stderr.strip().splitlines()[-1]

    assert loaded(["--help"]) == str(["rich", "typer"])  # the first time: Typer prints it
    assert loaded(["--help"]) == "[]"
    allocate = ["allocate", "--seats", "19", "A=4000", "B=3000"]
    # the table is drawn from the same pydantic document --json prints (ballottage.vocabulary)
    assert loaded(allocate) == str(["pydantic", "rich"])
    assert loaded([*allocate, "--json"]) == str(["pydantic", "rich", "typer"])


def on_a_terminal(args: list[str], cache: Path, columns: int, **env: str) -> bytes:
    """What ``ballottage ARGS`` shows on a terminal ``columns`` wide (a pseudo-terminal)."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    code = "import sys; from ballottage.launcher import main; sys.argv[0] = 'ballottage'; main()"
    environ = {**os.environ, "XDG_CACHE_HOME": str(cache), "TERM": "xterm-256color", **env}
    for name in ("FORCE_COLOR", "NO_COLOR", "COLUMNS", "LINES"):
        if name not in env:
            environ.pop(name, None)
    with subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=environ,
    ) as process:
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the command has ended and closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        process.wait()
    os.close(leader)
    return shown


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_on_a_terminal_the_pages_and_tables_are_the_same_bytes_with_their_colours(
    tmp_path: Path,
) -> None:
    allocate = ["allocate", "--seats", "19", "A=4000", "B=3000", "C=2000", "D=600", "E=400"]
    for args in (["--help"], allocate):
        shown = {}
        for columns in (100, 60):
            shown[columns] = on_a_terminal(args, tmp_path, columns, BALLOTTAGE_NO_SHORTCUT="1")
            assert b"\x1b[" in shown[columns]  # colours
            assert on_a_terminal(args, tmp_path, columns) == shown[columns]  # help: kept
            assert on_a_terminal(args, tmp_path, columns) == shown[columns]  # help: printed again
        assert shown[100] != shown[60] or args == allocate  # the page follows the width


def test_the_page_names_the_program_as_it_was_started(tmp_path: Path) -> None:
    module = [sys.executable, "-m", "ballottage", "--help"]
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    assert b"Usage: ballottage [OPTIONS]" in launched(["--help"], tmp_path)[1]
    for _ in range(2):  # kept, then printed again
        page = subprocess.run(module, capture_output=True, env=env, check=True).stdout
        assert b"Usage: python -m ballottage [OPTIONS]" in page


def test_ctrl_c_during_a_query_of_the_store_is_aborted_like_anywhere_else() -> None:
    """DuckDB answers Ctrl-C with a bare RuntimeError: the command line stops as it does on any
    other Ctrl-C (status 130), not with "unexpected error"."""
    cli_app = importlib.import_module("ballottage.cli.app")
    with pytest.raises(KeyboardInterrupt), cli_app.reporting_errors():
        raise RuntimeError("Query interrupted")
    with pytest.raises(typer.Exit) as failed, cli_app.reporting_errors():
        raise RuntimeError("Query interrupted by the moon")
    assert failed.value.exit_code == 2
