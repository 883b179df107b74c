"""Time the import of the full round-1 workbook (4 levels) into a fresh store.

Run: ``python bench/import.py [WORKBOOK]``. Beside it, in the same process: the time pandas
takes merely to read the same sheets (calamine engine), the ratio, and the time to load the
bundled figures. Goal: the import under 5 s on one core.

Then the store's query cache: the queries the 2015 report asks (recorded once while building
it), asked again of a store that keeps its answers and of one that does not.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ballottage.data import Store, open_store
from ballottage.data.imports import import_minint
from ballottage.errors import BallottageError

SHEETS = ["Régions", "Départements T1", "Circo leg", "Cantons"]
DEFAULT = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "data"
    / "regionales_2015"
    / "minint_t1_workbook"
    / "reg2015_T1_minint.xlsx"
)


def best_of(n: int, action: Callable[[], None]) -> float:
    """Best wall time of ``n`` runs of a callable."""
    times = []
    for _ in range(n):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


QUERIES = (
    "elections",
    "election",
    "regions",
    "region",
    "lists",
    "round_results",
    "published_seats",
    "published_section_seats",
    "coverage",
    "council",
)
Call = tuple[str, tuple[object, ...], dict[str, object]]


def report_queries() -> list[Call]:
    """The store queries building the 2015 report asks, in order (not those they ask)."""
    from ballottage.report.build import build_report

    calls: list[Call] = []
    depth = [0]
    with open_store(":memory:") as store:
        for name in QUERIES:
            method = getattr(store, name)

            def record(
                *args: object, _m: Callable[..., object] = method, _n: str = name, **kwargs: object
            ) -> object:
                if not depth[0]:
                    calls.append((_n, args, kwargs))
                depth[0] += 1
                try:
                    return _m(*args, **kwargs)
                finally:
                    depth[0] -= 1

            setattr(store, name, record)
        build_report(store, "2015")
    return calls


def replay(calls: list[Call], *, cached: bool) -> float:
    """Seconds to ask ``calls`` of a freshly filled store (keeping answers or not)."""
    with open_store(":memory:") as store:
        store.cache.enabled = cached
        start = time.perf_counter()
        for name, args, kwargs in calls:
            try:
                getattr(store, name)(*args, **kwargs)
            except BallottageError:
                pass
        return time.perf_counter() - start


def bench_cache() -> None:
    calls = report_queries()
    asked = {name: sum(1 for n, _, _ in calls if n == name) for name in QUERIES}
    print("the 2015 report asks: " + ", ".join(f"{n} {k}x" for n, k in asked.items() if k))
    without = min(replay(calls, cached=False) for _ in range(2))
    kept = min(replay(calls, cached=True) for _ in range(2))
    print(f"its queries, answers not kept:       {without:6.3f} s")
    print(f"its queries, answers kept:           {kept:6.3f} s  (ratio {without / kept:.1f}x)")


def main() -> int:
    workbook = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not workbook.is_file():
        print(f"no workbook at {workbook}")
        return 1

    def read_only() -> None:
        pd.read_excel(workbook, sheet_name=SHEETS, engine="calamine", header=None)

    def import_all() -> None:
        with Store(":memory:") as store:
            reports = import_minint(store, workbook, election="regionales-2015", round=1)
            assert sum(r.rows for r in reports) == 171 + 1001 + 5706 + 20693

    def load_bundle() -> None:
        with Store(":memory:") as store:
            store.load_bundled()

    import_all()  # warm up imports and caches
    reference = best_of(3, read_only)
    ours = best_of(3, import_all)
    bundle = best_of(3, load_bundle)
    print(f"pandas reads the 4 sheets:           {reference:6.3f} s")
    print(
        f"import the workbook into a store:    {ours:6.3f} s  (ratio {ours / reference:.1f}x; "
        f"goal < 5 s: {'ok' if ours < 5 else 'MISSED'})"
    )
    print(f"load the bundled figures:            {bundle:6.3f} s")
    bench_cache()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
