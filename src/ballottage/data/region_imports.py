"""Imports of the 2021 sources: department tables (round 1) and region-level rounds keyed
by head of list (pollsposition's JSON). Called by :class:`~ballottage.data.store.Store`.

Import the department tables first: they number the lists and give their nuances; the
region-level heads (``Prénom Nom``, sometimes misspelt) are then matched to those lists
(:mod:`ballottage.data.heads`). Each import is one transaction and is skipped when the same
file was already imported for the same election and round.

Hand-compiled round-2 files (``Store.import_corsica_round2``...) use the same matching, and a
region whose round 2 another source already gave must agree with it list by list.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from ballottage.data import queries
from ballottage.data.checks import check_levels, describe
from ballottage.data.department_tables import read_department_tables
from ballottage.data.heads import match_heads
from ballottage.data.importer import (
    add_note,
    file_sha256,
    imported,
    log_import,
    region_lists,
    write_results,
    write_table,
)
from ballottage.data.model import ImportReport
from ballottage.data.pollsposition import read_pollsposition
from ballottage.data.reference import reference
from ballottage.data.secondary import SecondaryRound
from ballottage.data.turnout_review import review_votants
from ballottage.errors import InconsistentData, MissingData

if TYPE_CHECKING:
    from ballottage.data.store import Store

DEPARTMENTS_KIND = "departments"
POLLSPOSITION_KIND = "pollsposition"


def combined_sha(paths: tuple[Path, ...]) -> str:
    """One digest for several files (the SHA-256 of their SHA-256s)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(file_sha256(path).encode())
    return digest.hexdigest()


def import_department_tables(
    store: Store,
    lists_path: str | Path,
    totals_path: str | Path,
    *,
    election: str,
    round_: int = 1,
) -> ImportReport:
    """Import department-level lists and totals (every identity checked, all or nothing)."""
    paths = (Path(lists_path), Path(totals_path))
    table = read_department_tables(*paths)
    sha = combined_sha(paths)
    if imported(store.con, sha, election, round_, DEPARTMENTS_KIND):
        return ImportReport(table.source, sha, election, round_, "department", 0, 0, True)
    with store.transaction() as con:
        import_id = log_import(
            con,
            sha256=sha,
            source=table.source,
            kind=DEPARTMENTS_KIND,
            election=election,
            round_=round_,
            level="department",
            areas=len(table.areas),
            rows=len(table.lists),
        )
        rows = write_table(con, table, election=election, round_=round_, import_id=import_id)
        check_levels(con, election, round_)
    return ImportReport(
        table.source, sha, election, round_, "department", len(table.areas), rows, False
    )


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


def import_pollsposition(
    store: Store, path: str | Path, *, election: str
) -> tuple[ImportReport, ...]:
    """Import both rounds of pollsposition's region-level file for the election's year.

    Round-1 ``votants`` are reviewed (:func:`review_votants`) against the departments
    already in the store; each replaced figure is a warning of the report and a note of the
    region.
    """
    path = Path(path)
    year = queries.election(store.con, election).year
    data = read_pollsposition(path, year)
    sha = file_sha256(path)
    reports: list[ImportReport] = []
    todo = []
    for round_, table in sorted(data.rounds.items()):
        if imported(store.con, sha, election, round_, POLLSPOSITION_KIND):
            reports.append(ImportReport(path.name, sha, election, round_, "region", 0, 0, True))
        else:
            todo.append((round_, table))
    if not todo:
        return tuple(reports)
    with store.transaction() as con:
        for round_, table in todo:
            lists = _stored_heads(con, election, table.lists, round_, path.name)
            areas = table.areas.copy()
            areas["place"] = describe(
                list(areas["level"]), list(areas["code"]), list(areas["name"])
            )
            areas, reviews = review_votants(
                areas, round_, path.name, department_votants(con, election, round_)
            )
            import_id = log_import(
                con,
                sha256=sha,
                source=path.name,
                kind=POLLSPOSITION_KIND,
                election=election,
                round_=round_,
                level="region",
                areas=len(areas),
                rows=len(lists),
            )
            rows = write_results(
                con,
                areas.drop(columns="place"),
                lists,
                election=election,
                round_=round_,
                import_id=import_id,
                source=path.name,
                create_lists=round_ == 1,
            )
            for review in reviews:
                add_note(con, election, round_, review.area, "discrepancy", str(review), import_id)
            if data.url:
                for area in areas["area"]:
                    add_note(
                        con,
                        election,
                        round_,
                        str(area),
                        "source",
                        f"{path.name} (pollsposition/data) cites {data.url}",
                        import_id,
                    )
            check_levels(con, election, round_)
            reports.append(
                ImportReport(
                    path.name,
                    sha,
                    election,
                    round_,
                    "region",
                    len(areas),
                    rows,
                    False,
                    tuple(str(r) for r in reviews),
                )
            )
    return tuple(sorted(reports, key=lambda r: r.round or 0))


def with_stored_heads(
    con: duckdb.DuckDBPyConnection, data: SecondaryRound, election: str, source: str
) -> SecondaryRound:
    """The same figures with each head spelled as in the store (matched, any word order)."""
    lists, alternatives = data.lists.copy(), data.alternatives.copy()
    for reg in data.lists["region"].unique():
        code = str(reg)
        region_lists(con, election, code)  # MissingData without round 1
        stored = {c.number: c.head for c in queries.candidate_lists(con, election, code).values()}
        rows = lists["region"] == code
        alt = alternatives["region"] == code
        heads = [*lists.loc[rows, "head"], *alternatives.loc[alt, "head"]]
        found = match_heads(
            list(dict.fromkeys(heads)),
            stored,
            place=f"region {code} {reference().region_ref(code).region.name}, round 2",
            source=source,
        )
        spelled = {h: stored[n] for h, n in found.items()}
        lists.loc[rows, "head"] = lists.loc[rows, "head"].map(spelled)
        alternatives.loc[alt, "head"] = alternatives.loc[alt, "head"].map(spelled)
    return SecondaryRound(data.areas, lists, alternatives)


def agreeing_regions(
    con: duckdb.DuckDBPyConnection,
    data: SecondaryRound,
    election: str,
    kind: str,
    source: str,
) -> dict[str, str]:
    """Regions whose round-2 votes another kind of source already gave: ``{region: that
    source}`` when they agree list by list; InconsistentData naming the list if not."""
    agreed: dict[str, str] = {}
    for reg, group in data.lists.groupby("region"):
        code = str(reg)
        rows = con.execute(
            "SELECT l.head, r.votes, i.source FROM results r JOIN imports i "
            "ON i.id = r.import_id JOIN lists l ON l.election = r.election "
            "AND l.region = r.region AND l.number = r.number WHERE r.election = ? "
            "AND r.round = 2 AND r.area = ? AND i.kind <> ?",
            [election, f"region:{code}", kind],
        ).fetchall()
        if not rows:
            continue
        theirs = {str(h): int(v) for h, v, _ in rows}
        ours = {str(h): int(v) for h, v in zip(group["head"], group["votes"], strict=True)}
        if theirs != ours:
            head = next(h for h in sorted({*theirs, *ours}) if theirs.get(h) != ours.get(h))
            raise InconsistentData(
                f"region {code} {reference().region_ref(code).region.name}, round 2",
                f"{head} has {ours.get(head, 'no')} votes in {source} but "
                f"{theirs.get(head, 'no')} in {rows[0][2]}, already in the store",
            )
        agreed[code] = str(rows[0][2])
    return agreed
