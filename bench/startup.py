"""How long a command takes to start (run: ``python bench/startup.py``).

Each command runs 5 times in a fresh process; the median wall time is printed, and its ratio to
the median of a bare ``python -c pass`` measured in the same run (same machine, same load); the
goal is judged on the wall time. The CPU time beside it is the calling process's plus, for a
command the resident process ran, its copy's (read from ``/proc``, in clock ticks of 10 ms).

Goals: ``--help`` and ``allocate`` within 3× the bare interpreter; the others as fast as their work.

Everything runs with a user cache of its own (a temporary folder), as a new user's:

- a help page is Typer's own rendering kept in that cache: the first run prints it through Typer
  and keeps it, and is timed on its own line;
- the first command started there starts the resident process (:mod:`ballottage.resident`), which
  keeps the command line loaded: that first run is timed on its own line too, and so is
  ``allocate`` with no resident at all (``BALLOTTAGE_RESIDENT=0``), which is what a system
  without one (not Linux) gets. The ``floor`` lines time the imports such a run cannot do
  without.

The store-backed commands use a store of their own in that folder, built before timing.
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


ALONE = {"BALLOTTAGE_RESIDENT": "0"}
RESIDENT = {"BALLOTTAGE_RESIDENT": "1"}

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


def resident_cpu(cache: str) -> float:
    """CPU seconds used so far by the residents of ``cache`` and the copies they reaped."""
    total = 0
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes()
            if b"ballottage.resident_server" not in command or cache.encode() not in command:
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
    return total / os.sysconf("SC_CLK_TCK")


def wall(argv: list[str], repeat: int, env: dict[str, str] | None = None) -> Timing:
    """Median wall and CPU times of ``repeat`` runs (output discarded, failure fatal).

    The CPU time of the child process is printed beside the wall time: on a busy machine the wall
    time swings with the load, its CPU time much less."""
    walls, cpus = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        served = resident_cpu(env["XDG_CACHE_HOME"]) if env else 0.0
        subprocess.run(
            argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(time.perf_counter() - start)
        copy = resident_cpu(env["XDG_CACHE_HOME"]) - served if env else 0.0
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime + copy)
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


def started(env: dict[str, str], argv: list[str]) -> Timing:
    """Time ``argv``'s first run, which starts the resident, and wait until it listens."""
    first = wall(argv, 1, env)
    folder = Path(env["XDG_CACHE_HOME"]) / "ballottage" / "resident"
    deadline = time.monotonic() + 60
    while not list(folder.glob("*.sock")) and time.monotonic() < deadline:
        time.sleep(0.1)
    return first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per command (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XDG_CACHE_HOME": tmp, **RESIDENT}  # nothing kept in your cache
        db = Path(tmp) / "bench.duckdb"
        runs = commands(db)
        subprocess.run(runs[3][1], check=True, stdout=subprocess.DEVNULL, env={**env, **ALONE})
        bare = wall(runs[0][1], args.repeat)
        print(f"{'command (median)':<66} {'wall':>8} {'× bare':>7} {'CPU':>8} {'× bare':>7}  goal")
        first_help = wall(runs[1][1], 1, env)  # Typer renders the page, which is kept
        first_run = started(env, runs[2][1])
        failed = False
        for label, argv, goal in runs:
            t = bare if argv == runs[0][1] else wall(argv, args.repeat, env)
            failed |= not line(label, t, bare, goal)
        line("ballottage --help, its first run (Typer renders and keeps it)", first_help, bare)
        line("ballottage allocate, its first run (starts the resident)", first_run, bare)
        alone = wall(runs[2][1], args.repeat, {**env, **ALONE})
        line("ballottage allocate, with no resident (BALLOTTAGE_RESIDENT=0)", alone, bare)
        for label, code in FLOORS:
            line(label, wall([sys.executable, "-c", code], args.repeat), bare)
    if failed:
        print("note: a goal was not met (the README, section Speed, says what bounds it)")


if __name__ == "__main__":
    main()
