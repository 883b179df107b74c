"""Imports of the Ministry's result tables: the wide layout (:func:`import_minint`), the 2021
department tables (round 1) and the region-level rounds keyed by head of list
(pollsposition's JSON).

Import the department tables first: they number the lists and give their nuances; the
region-level heads (``Prénom Nom``, sometimes misspelt) are then matched to those lists
(:mod:`ballottage.data.imports.heads`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

import duckdb
import pandas as pd

from ballottage.data.imports.checks import check_levels, check_region_seats
from ballottage.data.imports.heads import match_heads
from ballottage.data.imports.pipeline import Kind, Part, Written, only, run_import
from ballottage.data.imports.turnout_review import review_votants
from ballottage.data.imports.writing import add_note, write_results, write_table
from ballottage.data.model import Election, ImportReport
from ballottage.data.reference import reference
from ballottage.data.sources.checks import describe
from ballottage.data.sources.department_tables import read_department_tables
from ballottage.data.sources.minint import ResultsTable, read_minint
from ballottage.data.sources.pollsposition import RegionRounds, read_pollsposition
from ballottage.data.store import Store, queries
from ballottage.errors import MissingData

DEPARTMENTS_KIND = "departments"
POLLSPOSITION_KIND = "pollsposition"


def _table_part(table: ResultsTable, election: str, round_: int) -> Part:
    def write(con: duckdb.DuckDBPyConnection, import_id: int) -> Written:
        return Written(
            write_table(con, table, election=election, round_=round_, import_id=import_id)
        )

    areas, rows = len(table.areas), len(table.lists)
    return Part(round_, table.level, table.source, areas, rows, write, table.exported_at)


def _levels_and_seats(con: duckdb.DuckDBPyConnection, election: str, round_: int | None) -> None:
    check_levels(con, election, round_ or 1)
    check_region_seats(con, election)


def _levels(con: duckdb.DuckDBPyConnection, election: str, round_: int | None) -> None:
    check_levels(con, election, round_ or 1)


def import_minint(
    store: Store, path: str | Path, *, election: str, round: int, sheet: str | None = None
) -> tuple[ImportReport, ...]:
    """Import a Ministry file in the wide layout (every sheet of a workbook, or ``sheet``).

    Region, department, constituency, canton and commune tables are all accepted, for
    round 1 or round 2 (later rounds are matched to round-1 lists by head of list).
    """

    def read(paths: Sequence[Path], found: Election) -> list[Part]:
        return [_table_part(t, found.id, round) for t in read_minint(paths[0], sheet=sheet)]

    kind = "minint" + (f":{sheet}" if sheet else "")
    return run_import(store, [path], election, Kind(kind, (round,), "-", read, _levels_and_seats))


def import_department_tables(
    store: Store,
    lists_path: str | Path,
    totals_path: str | Path,
    *,
    election: str,
    round: int = 1,
) -> ImportReport:
    """Import department-level results given as a long lists table and a totals table
    (the 2021 round-1 files; see :mod:`ballottage.data.sources.department_tables`); every
    identity checked, all or nothing."""

    def read(paths: Sequence[Path], found: Election) -> list[Part]:
        return [_table_part(read_department_tables(*paths), found.id, round)]

    kind = Kind(DEPARTMENTS_KIND, (round,), "department", read, _levels)
    return only(run_import(store, [lists_path, totals_path], election, kind))


def department_votants(
    con: duckdb.DuckDBPyConnection, election: str, round_: int
) -> dict[str, int]:
    """``{region area: votants summed over its departments}`` where the store has them all."""
    rows = con.execute(
        "SELECT a.parent, count(t.votants) = count(*), sum(t.votants) FROM areas a "
        "LEFT JOIN turnout t ON t.area = a.id AND t.election = ? AND t.round = ? "
        "WHERE a.level = 'department' AND a.parent IS NOT NULL GROUP BY a.parent",
        [election, round_],
    ).fetchall()
    return {str(area): int(total) for area, complete, total in rows if complete}


def _stored_heads(
    con: duckdb.DuckDBPyConnection, election: str, lists: pd.DataFrame, round_: int, source: str
) -> pd.DataFrame:
    """``lists`` with each region's heads and numbers replaced by the store's (matched)."""
    out = lists.copy()
    for region, group in lists.groupby("region", sort=False):
        code = str(region)
        stored = queries.candidate_lists(con, election, code)
        place = f"region {code} {reference().region_ref(code).region.name}, round {round_}"
        if not stored:
            if round_ == 1:
                continue  # the file's own lists, numbered in its order
            raise MissingData(
                f"{place}: no round-1 lists in the store for {election}; "
                "import round 1 first (round 2 is matched to it by head of list)"
            )
        found = match_heads(
            list(group["head"]), {n: c.head for n, c in stored.items()}, place=place, source=source
        )
        out.loc[group.index, "number"] = group["head"].map(found).astype("Int64")
        out.loc[group.index, "head"] = group["head"].map(
            {h: stored[n].head for h, n in found.items()}
        )
    return out


def _write_region_round(
    con: duckdb.DuckDBPyConnection,
    import_id: int,
    *,
    data: RegionRounds,
    round_: int,
    election: str,
    name: str,
) -> Written:
    """One round of pollsposition's file: heads matched, ``votants`` reviewed, then written."""
    table = data.rounds[round_]
    lists = _stored_heads(con, election, table.lists, round_, name)
    areas = table.areas.copy()
    areas["place"] = describe(list(areas["level"]), list(areas["code"]), list(areas["name"]))
    areas, reviews = review_votants(areas, round_, name, department_votants(con, election, round_))
    rows = write_results(
        con,
        areas.drop(columns="place"),
        lists,
        election=election,
        round_=round_,
        import_id=import_id,
        source=name,
        create_lists=round_ == 1,
    )
    for review in reviews:
        add_note(con, election, round_, review.area, "discrepancy", str(review), import_id)
    if data.url:
        cite = f"{name} (pollsposition/data) cites {data.url}"
        for area in areas["area"]:
            add_note(con, election, round_, str(area), "source", cite, import_id)
    return Written(rows, tuple(str(r) for r in reviews))


def import_pollsposition(
    store: Store, path: str | Path, *, election: str
) -> tuple[ImportReport, ...]:
    """Import pollsposition's region-level rounds 1 and 2 for the election's year.

    Heads of list are matched to the round-1 lists already in the store (import the
    department tables first). Round-1 ``votants`` are reviewed (:func:`review_votants`)
    against the departments already in the store; each replaced figure is a warning of the
    report and a note of the region.
    """

    def read(paths: Sequence[Path], found: Election) -> list[Part]:
        data = read_pollsposition(paths[0], found.year)
        return [
            Part(
                round_,
                "region",
                paths[0].name,
                len(table.areas),
                len(table.lists),
                partial(
                    _write_region_round,
                    data=data,
                    round_=round_,
                    election=found.id,
                    name=paths[0].name,
                ),
            )
            for round_, table in sorted(data.rounds.items())
        ]

    kind = Kind(POLLSPOSITION_KIND, (1, 2), "region", read, _levels)
    return run_import(store, [path], election, kind)
