"""Imports of the hand-compiled (secondary) files: round-2 votes per region, Corsica's
round 2, published seats per section, council sizes.

Their heads of list are matched to the store's round-1 lists (any word order, accents
aside), and a region whose round 2 another source already gave must agree with it list by
list. Their list votes may not add up to exprimés (the figures come from different pages):
such breaches are kept as notes, not refused.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb
import pandas as pd

from ballottage.data.imports.checks import (
    check_against_round1,
    check_levels,
    check_region_seats,
    check_section_totals,
)
from ballottage.data.imports.heads import match_heads
from ballottage.data.imports.pipeline import Kind, Part, Written, file_kind, only, run_import
from ballottage.data.imports.writing import add_note, region_lists, write_results
from ballottage.data.model import Election, ImportReport
from ballottage.data.reference import normalize_name, reference
from ballottage.data.sources.secondary import (
    SecondaryRound,
    read_corsica_round2,
    read_council_sizes,
    read_round2_regions,
    read_section_seats,
)
from ballottage.data.store import Store, queries
from ballottage.errors import InconsistentData

Con = duckdb.DuckDBPyConnection


def _round2_checks(con: Con, election: str, round_: int | None) -> None:
    check_levels(con, election, 2)
    check_region_seats(con, election)


def _round2_kind(name: str, read: Callable[[Sequence[Path], Election], SecondaryRound]) -> Kind:
    def parts(paths: Sequence[Path], found: Election) -> list[Part]:
        data = read(paths, found)
        source = " + ".join(p.name for p in paths)

        def write(con: Con, import_id: int) -> Written:
            return Written(_write_round2(con, data, found.id, name, source, import_id))

        return [Part(2, "region", source, len(data.areas), len(data.lists), write)]

    return Kind(name, (2,), "region", parts, _round2_checks)


def import_round2_regions(
    store: Store, lists_path: str | Path, totals_path: str | Path, *, election: str
) -> ImportReport:
    """Import the hand-compiled round-2 votes, turnout and seats per region (secondary).

    Their list votes may not add up to exprimés (the figures come from different pages):
    such breaches are kept as notes, not refused. Seats must add up to the council.
    """
    kind = _round2_kind("secondary:t2-regions", lambda paths, _: read_round2_regions(*paths))
    return only(run_import(store, [lists_path, totals_path], election, kind))


def import_corsica_round2(store: Store, path: str | Path, *, election: str) -> ImportReport:
    """Import Corsica's round-2 votes (secondary) for the year of ``election``."""
    kind = _round2_kind(
        "secondary:corse-t2", lambda paths, found: read_corsica_round2(paths[0], found.year)
    )
    return only(run_import(store, [path], election, kind))


def _write_round2(
    con: Con, data: SecondaryRound, election: str, kind: str, name: str, import_id: int
) -> int:
    """Heads matched to the store's, checked against round 1 and other sources, then written
    with their sources, seats and alternative figures. Returns the rows of the file."""
    data = with_stored_heads(con, data, election, name)
    check_against_round1(con, data.areas, election, name)
    agreed = agreeing_regions(con, data, election, kind, name)
    write = data.lists[~data.lists["region"].isin(agreed)]
    rows = 0
    if len(write):
        rows = write_results(
            con,
            data.areas[data.areas["area"].isin(write["area"])].drop(columns="source"),
            write.drop(columns="source"),
            election=election,
            round_=2,
            import_id=import_id,
            source=name,
            strict_sum=False,
            create_lists=False,
        )
    _sources_notes(con, data, agreed, election, name, import_id)
    _round2_seats(con, data, election, import_id)
    for reg, head, votes, source in data.alternatives.itertuples(index=False):
        number = region_lists(con, election, reg)[normalize_name(head)]
        con.execute(
            "INSERT INTO alternative_votes VALUES (?, 2, ?, ?, ?, ?, ?, ?)",
            [election, f"region:{reg}", reg, number, int(votes), source, import_id],
        )
    return rows or len(data.lists)


def _sources_notes(
    con: Con,
    data: SecondaryRound,
    agreed: dict[str, str],
    election: str,
    name: str,
    import_id: int,
) -> None:
    """The page each figure comes from, and the regions another source already gave."""
    for area, source in data.areas[["area", "source"]].itertuples(index=False):
        if source:
            add_note(con, election, 2, area, "source", f"turnout: {source}", import_id)
    for area, source in data.lists[["area", "source"]].drop_duplicates().itertuples(index=False):
        add_note(con, election, 2, area, "source", f"votes: {source}", import_id)
    for reg, other in agreed.items():
        message = f"votes: {name} agrees with {other} list by list"
        add_note(con, election, 2, f"region:{reg}", "source", message, import_id)


def _round2_seats(con: Con, data: SecondaryRound, election: str, import_id: int) -> None:
    """The seats each round-2 list won, as the file's pages published them."""
    won = data.lists[data.lists["seats"].notna()]
    for reg, group in won.groupby("region"):
        numbers = region_lists(con, election, str(reg))
        con.execute(
            "DELETE FROM published_seats WHERE election = ? AND area = ?",
            [election, f"region:{reg}"],
        )
        for head, seats, source in group[["head", "seats", "source"]].itertuples(index=False):
            number = numbers[normalize_name(head)]
            con.execute(
                "INSERT INTO published_seats VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
                [election, reg, f"region:{reg}", number, int(seats), source, import_id],
            )


def with_stored_heads(con: Con, data: SecondaryRound, election: str, source: str) -> SecondaryRound:
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
    con: Con, data: SecondaryRound, election: str, kind: str, source: str
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


def import_section_seats(store: Store, path: str | Path, *, election: str) -> ImportReport:
    """Import published seats per section (totals over all lists, or per list)."""
    kind = file_kind(
        "secondary:section-seats",
        "section",
        read_section_seats,
        lambda frame: int(frame["section"].nunique()),
        _write_section_seats,
    )
    return only(run_import(store, [path], election, kind))


def import_council_sizes(store: Store, path: str | Path, *, election: str) -> ImportReport:
    """Cross-check council sizes and section counts against the law's reference table."""
    kind = file_kind(
        "secondary:council-sizes", "region", read_council_sizes, len, _check_council_sizes
    )
    return only(run_import(store, [path], election, kind))


def _write_section_seats(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, name: str, election: str, import_id: int
) -> None:
    """Published seats per section, each section checked to belong to its region."""
    for rec in frame.to_dict("records"):
        reg, section, head = str(rec["region"]), str(rec["section"]), rec["head"]
        area = f"section:{section}"
        known = con.execute("SELECT parent FROM areas WHERE id = ?", [area]).fetchone()
        if known is None or known[0] != f"region:{reg}":
            raise InconsistentData(
                f"{name}: section {section}", f"is not a section of region {reg}"
            )
        number = None
        if head is not None:
            number = region_lists(con, election, reg).get(normalize_name(str(head)))
            if number is None:
                raise InconsistentData(
                    f"{name}: section {section}", f"{head} heads no list of region {reg}"
                )
        con.execute(
            "INSERT INTO published_seats VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [election, reg, area, number, int(rec["seats"]), rec["source"], rec["note"], import_id],
        )
    check_section_totals(con, election)


def _check_council_sizes(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, name: str, election: str, import_id: int
) -> None:
    """Each council's size and section count must be the law's (table n° 7); the file is then
    added to the council's sources."""
    for reg, seats, sections in frame.itertuples(index=False):
        place = f"region {reg} {reference().region_ref(reg).region.name}"
        row = con.execute(
            "SELECT seats FROM councils WHERE election = ? AND region = ?", [election, reg]
        ).fetchone()
        if row is None or row[0] != seats:
            raise InconsistentData(
                place,
                f"council of {seats} seats in {name}, "
                f"{row[0] if row else 'none'} by law (table n° 7)",
            )
        ours = con.execute(
            "SELECT count(*) FROM areas WHERE level = 'section' AND parent = ?",
            [f"region:{reg}"],
        ).fetchone()
        if ours is None or ours[0] != sections:
            raise InconsistentData(
                place,
                f"{sections} sections in {name}, {ours[0] if ours else 0} in the reference",
            )
        con.execute(
            "UPDATE councils SET source = source || ? WHERE election = ? "
            "AND region = ? AND NOT contains(source, ?)",
            [f"; {name}", election, reg, name],
        )
