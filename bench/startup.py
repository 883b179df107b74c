"""How long a command takes to start (run: ``python bench/startup.py``).

Each command runs 5 times in a fresh process; the median wall time is printed, and its ratio to
the median of a bare ``python -c pass`` measured in the same run (same machine, same load); the
goal is judged on the wall time, and the CPU time of each run is printed beside it.
The store-backed commands use a store of their own in a temporary folder, built once before
timing (the first run of a new store loads the bundled figures).

Goals: ``--help`` and ``allocate`` within 3× the bare interpreter; the others as fast as their work.

A help page is Typer's own rendering kept in the user cache (here a temporary one): the first run
prints it through Typer and keeps it, and is timed on its own line. The ``floor`` lines time the
imports ``allocate`` cannot do without (the law's frozen dataclasses and Fractions, Rich's table):
no ``allocate`` printing a Rich table can start faster than them.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BALLOTTAGE = str(Path(sys.executable).with_name("ballottage"))
GOAL = 3.0


def commands(db: Path) -> list[tuple[str, list[str], float | None]]:
    """(label, argv, goal as a multiple of the bare interpreter or None)."""
    store = ["--db", str(db)]
    return [
        ("python -c pass", [sys.executable, "-c", "pass"], None),
        ("ballottage --help", [BALLOTTAGE, "--help"], GOAL),
        (
            "ballottage allocate … A=4000 B=3000 C=2000 D=600 E=400",
            [
                BALLOTTAGE,
                "allocate",
                "--rules",
                "regionales-2015",
                "--seats",
                "19",
                "A=4000",
                "B=3000",
                "C=2000",
                "D=600",
                "E=400",
            ],
            GOAL,
        ),
        (
            "ballottage seats 2015 --region HDF",
            [BALLOTTAGE, "seats", "2015", "--region", "HDF", *store],
            None,
        ),
        (
            "ballottage simulate examples/hdf-2015.toml --draws 100000 --seed 1",
            [
                BALLOTTAGE,
                "simulate",
                str(ROOT / "examples" / "hdf-2015.toml"),
                "--draws",
                "100000",
                "--seed",
                "1",
                *store,
            ],
            None,
        ),
    ]


FLOORS = [
    ("floor: python -c 'import dataclasses, fractions'", "import dataclasses, fractions"),
    ("floor: python -c 'import rich.console, rich.table'", "import rich.console, rich.table"),
    (
        "floor: both, and the law and its plain data",
        "import rich.console, rich.table, ballottage.law, ballottage.vocabulary.law",
    ),
]


Timing = tuple[float, float]
"""Median wall time and median CPU time (user + system) of a command, in seconds."""


def wall(argv: list[str], repeat: int, env: dict[str, str] | None = None) -> Timing:
    """Median wall and CPU times of ``repeat`` runs (output discarded, failure fatal).

    The CPU time of the child process is printed beside the wall time: on a busy machine the wall
    time swings with the load, its CPU time much less."""
    walls, cpus = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(time.perf_counter() - start)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def line(label: str, timing: Timing, bare: Timing, goal: float | None = None) -> bool:
    """Print one row; False when a goal (on the wall time) is missed."""
    ratio, cpu_ratio = timing[0] / bare[0], timing[1] / bare[1]
    ok = goal is None or ratio <= goal
    verdict = "" if goal is None else f"≤ {goal:g}× {'met' if ok else 'NOT met'}"
    print(
        f"{label:<66} {timing[0] * 1000:6.0f}ms {ratio:6.1f}× "
        f"{timing[1] * 1000:6.0f}ms {cpu_ratio:6.1f}×  {verdict}"
    )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per command (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XDG_CACHE_HOME": tmp}  # a help page is kept there, not in yours
        db = Path(tmp) / "bench.duckdb"
        runs = commands(db)
        subprocess.run(runs[3][1], check=True, stdout=subprocess.DEVNULL)  # builds the store
        bare = wall(runs[0][1], args.repeat)
        print(f"{'command (median)':<66} {'wall':>8} {'× bare':>7} {'CPU':>8} {'× bare':>7}  goal")
        first_help = wall(runs[1][1], 1, env)  # Typer renders the page, which is kept
        failed = False
        for label, argv, goal in runs:
            t = bare if argv == runs[0][1] else wall(argv, args.repeat, env)
            failed |= not line(label, t, bare, goal)
        line("ballottage --help, its first run (Typer renders and keeps it)", first_help, bare)
        for label, code in FLOORS:
            line(label, wall([sys.executable, "-c", code], args.repeat), bare)
    if failed:
        print("note: a goal was not met (the README, section Speed, says what bounds it)")


if __name__ == "__main__":
    main()
