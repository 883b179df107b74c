"""The quick ``allocate`` prints byte for byte what the Typer command prints, or leaves it alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ballottage import quick
from ballottage.cli import app

BENCH = ["--rules", "regionales-2015", "--seats", "19", "A=4000", "B=3000", "C=2000", "D=600"]
SIMPLE = [
    [*BENCH, "E=400"],
    ["A=4000", "B=3000", "--seats", "19", "C=2000"],  # options after the votes
    ["--seats=45", "--rules=regionales-2015", "Union=41000", "Gauche=39000", "FN=20000"],
    ["--seats", "019", "A=4000", "B=3000", "C=0400"],  # leading zeros, read alike
    ["--round", "1", "--seats", "19", "A=6000", "B=3000", "C=1000"],  # majority in round 1
    ["--round=1", "--seats", "19", "A=4000", "B=3000", "C=2000", "D=1000"],  # round 2 needed
    ["--explain", "--seats", "31", "A=4100", "B=4000", "C=2000"],
    ["--rules", "corse-2017", "Pè a Corsica=52646", "Le Rassemblement=18234", "Femu=9000"],
    ["--rules", "municipales", "--seats", "33", "Liste d'union=5120", "Ensemble=4880"],
    ["--rules", "martinique-2015", "--explain", "A=12", "B=10", "C=3"],
    ["--seats", "9999", "A=999999999999", "B=1"],
    ["--seats", "19", *(f"L{i}={1000 + 100 * i}" for i in range(20))],
    ["--seats", "19", "Une liste au nom vraiment très long qui ne tient pas=5", "B=4"],
]
NOT_SIMPLE = [
    [],  # no votes: the full command says what to give
    [*BENCH, "--json"],
    [*BENCH, "--votes", "votes.csv"],
    ["--rules", "nowhere", "A=1"],  # an unknown rule set: the full command names it
    ["--seats", "0", "A=1"],
    ["--seats", "10001", "A=1"],
    ["--seats", "+19", "A=1"],
    ["--seats", "١٩", "A=1"],  # Arabic-Indic digits
    ["--seats", "²", "A=1"],  # a digit Python cannot read as a number
    ["--round", "3", "A=1"],
    ["--seats", "19", "--seats", "20", "A=1"],
    ["--rules", "--seats", "19", "A=1"],
    ["--seats"],
    ["A=4000", "A=3000"],
    ["A= 4000", "B=3000"],
    [" A=4000", "B=3000"],
    ["A=4 000", "B=3000"],
    ["A=1e3", "B=3000"],
    ["A=-1", "B=3000"],
    ["A=٤٠٠٠", "B=3000"],  # Arabic-Indic digits
    ["A=1000000000000", "B=3000"],
    ["[bold]A=4000", "B=3000"],  # Rich markup in a name
    ["A", "B=3000"],
    ["=4000", "B=3000"],
    ["-A=4000"],
    ["--explain", "--explain", "A=1"],
    ["--", "A=1"],
    ["--debug", "A=1"],
    ["A=0", "B=0"],  # no votes at all: the law refuses
    ["--seats", "31", "A=4000", "B=4000"],  # a tie for the bonus the votes cannot settle
]

runner = CliRunner()


def typer_output(args: list[str]) -> tuple[int, str]:
    result = runner.invoke(app, ["allocate", *args])
    return result.exit_code, result.stdout


def quick_output(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[bool, str]:
    capsys.readouterr()
    done = quick.allocate(args)
    return done, capsys.readouterr().out


@pytest.mark.parametrize("args", SIMPLE, ids=" ".join)
def test_the_simple_form_prints_what_the_typer_command_prints(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, expected = typer_output(args)
    assert status == 0 and expected.count("\n") > 5
    assert quick_output(args, capsys) == (True, expected)


@pytest.mark.parametrize("args", NOT_SIMPLE, ids=" ".join)
def test_anything_else_is_left_to_the_typer_command_with_nothing_printed(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert quick_output(args, capsys) == (False, "")


names = st.text(st.characters(codec="utf-8", exclude_characters="=[]\\"), min_size=1, max_size=12)


@settings(max_examples=25, deadline=None)
@given(
    votes=st.dictionaries(names, st.integers(0, 10**6), min_size=1, max_size=8),
    seats=st.integers(1, 200),
    round_number=st.sampled_from(["1", "2"]),
    rules=st.sampled_from(["regionales-2015", "corse-2015", "municipales", "martinique-2015"]),
)
def test_any_votes_print_the_same_or_go_to_the_typer_command(
    votes: dict[str, int], seats: int, round_number: str, rules: str
) -> None:
    args = ["--rules", rules, "--seats", str(seats), "--round", round_number]
    args += [f"{name}={count}" for name, count in votes.items()]
    status, expected = typer_output(args)
    read, write = os.pipe()  # capsys cannot be used with @given: the quick output goes to a pipe
    with os.fdopen(write, "w", encoding="utf-8") as out:
        saved, sys.stdout = sys.stdout, out
        try:
            done = quick.allocate(args)
        finally:
            sys.stdout = saved
    with os.fdopen(read, encoding="utf-8") as pipe:
        printed = pipe.read()
    if done:
        assert (status, printed) == (0, expected)
    else:
        assert printed == ""


def script(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    """``ballottage ARGS`` as a user runs it (through the launcher), the output as bytes."""
    environ = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), **env}
    code = "import sys; from ballottage.launcher import main; sys.argv[0] = 'ballottage'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, env=environ, check=False
    )


@pytest.mark.parametrize(
    "env", [{}, {"FORCE_COLOR": "1", "COLUMNS": "120"}, {"COLUMNS": "40"}], ids=repr
)
def test_the_script_prints_the_same_bytes_either_way(env: dict[str, str], tmp_path: Path) -> None:
    args = ["allocate", *BENCH, "Une liste au nom long=400", "--explain"]
    fast = script(args, tmp_path, **env)
    full = script(args, tmp_path, BALLOTTAGE_NO_SHORTCUT="1", **env)
    assert fast.returncode == full.returncode == 0
    assert fast.stdout == full.stdout and fast.stderr == full.stderr == b""
    if env.get("FORCE_COLOR"):
        assert b"\x1b[1m" in fast.stdout  # colours: the comparison covers them


def test_an_error_is_the_typer_command_s_own(tmp_path: Path) -> None:
    done = script(["allocate", "--rules", "nowhere", "A=1"], tmp_path)
    assert done.returncode == 2 and b"nowhere" in done.stderr and done.stdout == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_an_output_that_cannot_be_written_is_the_same_error_line(tmp_path: Path) -> None:
    args = ["allocate", *BENCH]
    environ = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    code = "import sys; from ballottage.launcher import main; sys.argv[0] = 'ballottage'; main()"
    runs = []
    for shortcut in ("", "1"):
        with open("/dev/full", "w") as full:
            runs.append(
                subprocess.run(
                    [sys.executable, "-c", code, *args],
                    stdout=full,
                    stderr=subprocess.PIPE,
                    env={**environ, "BALLOTTAGE_NO_SHORTCUT": shortcut},
                    check=False,
                )
            )
    quick_run, typer_run = runs
    assert quick_run.returncode == typer_run.returncode == 2
    assert quick_run.stderr == typer_run.stderr and b"No space left" in quick_run.stderr
