"""Time the import of the full round-1 workbook (4 levels) into a fresh store.

Run: ``python bench/import.py [WORKBOOK]``. Beside it, in the same process: the time pandas
takes merely to read the same sheets (calamine engine), the ratio, and the time to load the
bundled figures. Goal: the import under 5 s on one core.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ballottage.data import Store
from ballottage.data.imports import import_minint

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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
