"""The files of ``shared/data`` the bundled figures are made of, and importing them.

Each election is a list of steps: the file a failure is blamed on, and the import that reads
it (:mod:`ballottage.data.imports`), round 1 first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ballottage.data.imports import (
    import_corsica_round2,
    import_council_sizes,
    import_department_tables,
    import_minint,
    import_pollsposition,
    import_published_seats,
    import_round2_regions,
    import_section_seats,
)
from ballottage.data.model import ImportReport
from ballottage.data.sources.published_seats import compiled_2021
from ballottage.data.store import Store
from ballottage.errors import BallottageError, ImportFailed, MissingData, UnknownName

SOURCES_2015 = {
    "workbook": "regionales_2015/minint_t1_workbook/reg2015_T1_minint.xlsx",
    "council_sizes": "regionales_2015/council_sizes_2015.csv",
    "t2_lists": "regionales_2015/t2_seats_secondary/t2_region_lists_seats_2015.csv",
    "t2_totals": "regionales_2015/t2_seats_secondary/t2_region_totals_2015.csv",
    "section_seats": "regionales_2015/t2_seats_secondary/section_seats_partial_2015.csv",
    "corsica_t2": "corse/corse_t2_votes.csv",
}
SOURCES_2021 = {
    "department_lists": "regionales_2021/t1_departements_lists_2021.csv",
    "department_totals": "regionales_2021/t1_departements_totals_2021.csv",
    "regions": "regionales_2021/pollsposition_regionales_2021_region_t1_t2.json",
    "corsica_t2": "corse/corse_t2_votes.csv",
}
SOURCES = {"regionales-2015": SOURCES_2015, "regionales-2021": SOURCES_2021}
"""Files of ``shared/data`` the bundle is made of, per election, relative to that directory."""
PACKAGE_SOURCE = "(package) ballottage/reference/round2_seats_2021.csv"
"""The one source shipped with the package itself: 2021 published seats, compiled by hand."""

Step = tuple[str, Callable[[Store, dict[str, Path], str], Iterable[ImportReport]]]
"""The key of the file a failure names, and its import (store, paths, election)."""

STEPS: dict[str, tuple[Step, ...]] = {
    "regionales-2015": (
        ("workbook", lambda s, p, e: import_minint(s, p["workbook"], election=e, round=1)),
        (
            "council_sizes",
            lambda s, p, e: [import_council_sizes(s, p["council_sizes"], election=e)],
        ),
        (
            "t2_lists",
            lambda s, p, e: [import_round2_regions(s, p["t2_lists"], p["t2_totals"], election=e)],
        ),
        ("corsica_t2", lambda s, p, e: [import_corsica_round2(s, p["corsica_t2"], election=e)]),
        (
            "section_seats",
            lambda s, p, e: [import_section_seats(s, p["section_seats"], election=e)],
        ),
    ),
    "regionales-2021": (
        (
            "department_lists",
            lambda s, p, e: [
                import_department_tables(
                    s, p["department_lists"], p["department_totals"], election=e
                )
            ],
        ),
        ("regions", lambda s, p, e: import_pollsposition(s, p["regions"], election=e)),
        ("corsica_t2", lambda s, p, e: [import_corsica_round2(s, p["corsica_t2"], election=e)]),
        ("published", lambda s, p, e: [import_published_seats(s, p["published"], election=e)]),
    ),
}


def _paths(data_dir: str | Path, election: str) -> dict[str, Path]:
    if election not in SOURCES:
        raise UnknownName("election with bundled sources", election, list(SOURCES))
    path = {k: Path(data_dir) / v for k, v in SOURCES[election].items()}
    missing = [str(p) for p in path.values() if not p.is_file()]
    if missing:
        raise MissingData(f"source files not found: {', '.join(missing)}")
    return path | {"published": compiled_2021()}


def import_sources(
    store: Store, data_dir: str | Path, elections: Sequence[str] | None = None
) -> list[ImportReport]:
    """Import the files of ``shared/data`` for ``elections`` (default: all), round 1 first.

    One transaction for all of them: a file that breaks a rule raises
    :class:`~ballottage.errors.ImportFailed` naming it, and the store is left as it was.
    The reports' ``warnings`` name the figures not stored as given (2021's wrong round-1
    ``votants``).
    """
    todo = [(e, _paths(data_dir, e)) for e in elections or list(SOURCES)]
    reports: list[ImportReport] = []
    with store.transaction():
        for election, paths in todo:
            for key, step in STEPS[election]:
                try:
                    reports += step(store, paths, election)
                except ImportFailed:
                    raise
                except BallottageError as exc:
                    raise ImportFailed(paths[key].name, exc) from exc
    return reports
