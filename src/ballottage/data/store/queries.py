"""Read the store into the frozen values of :mod:`ballottage.data.model` (no law applied)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import duckdb

from ballottage.data.model import (
    Area,
    AreaResults,
    CandidateList,
    Council,
    Coverage,
    Election,
    ListVotes,
    PublishedSeats,
    Region,
    RoundResults,
    Turnout,
)
from ballottage.data.reference import reference
from ballottage.errors import InvalidInput, MissingData, UnknownName

Con = duckdb.DuckDBPyConnection
Lists = Mapping[int, CandidateList]
"""A region's lists by number."""

SECONDARY_CAVEAT = (
    "round-{round} figures of {region} come from a secondary source compiled by hand from "
    "results pages citing the Ministry of the Interior, not from an official Ministry file"
)


def elections(con: Con) -> tuple[Election, ...]:
    """Every election the store knows, oldest first."""
    rows = con.execute(
        "SELECT id, kind, year, round1, round2, label FROM elections ORDER BY year, id"
    ).fetchall()
    return tuple(
        Election(i, k, y, tuple(d for d in (r1, r2) if d is not None), lb)
        for i, k, y, r1, r2, lb in rows
    )


def election(con: Con, name: str) -> Election:
    """One election by id (``regionales-2015``); UnknownName lists the others."""
    known = elections(con)
    for e in known:
        if e.id == name.strip().lower():
            return e
    raise UnknownName("election", name, [e.id for e in known])


def regions(con: Con, election_id: str) -> tuple[Region, ...]:
    """Regions with lists or a council in this election, by INSEE code (the election is not
    checked: see :func:`election`)."""
    codes = {
        r[0]
        for r in con.execute(
            "SELECT region FROM lists WHERE election = $e "
            "UNION SELECT region FROM councils WHERE election = $e",
            {"e": election_id},
        ).fetchall()
    }
    return tuple(r.region for r in reference().regions if r.region.code in codes)


def candidate_lists(con: Con, election_id: str, region_code: str) -> dict[int, CandidateList]:
    """The lists of a region, by number."""
    rows = con.execute(
        "SELECT number, head, nuance, label_short, label, family FROM lists "
        "WHERE election = ? AND region = ? ORDER BY number",
        [election_id, region_code],
    ).fetchall()
    return {
        n: CandidateList(election_id, region_code, n, h, nu, ls, lb, f)
        for n, h, nu, ls, lb, f in rows
    }


def _area(row: Sequence[Any]) -> Area:
    return Area(row[0], row[1], row[2], row[3] or row[2], row[4])


_AREA_RESULTS = """
SELECT a.id, a.level, a.code, a.name, a.parent,
       t.inscrits, t.votants, t.blancs, t.nuls, t.exprimes
FROM turnout t JOIN areas a ON a.id = t.area
WHERE t.election = $e AND t.round = $r AND a.level = $l
  AND t.area IN (SELECT area FROM results WHERE election = $e AND round = $r AND region = $g)
ORDER BY a.code
"""

_SECTION_RESULTS = """
WITH members AS (
    SELECT m.area AS section, m.member FROM area_members m JOIN areas s ON s.id = m.area
    WHERE s.parent = $region_area
), turnout_sums AS (
    SELECT m.section, count(t.area) AS found, count(*) AS wanted,
           {sums}
    FROM members m LEFT JOIN turnout t ON t.area = m.member AND t.election = $e AND t.round = $r
    GROUP BY m.section
)
SELECT a.id, a.level, a.code, a.name, a.parent, s.found, s.wanted,
       s.inscrits, s.votants, s.blancs, s.nuls, s.exprimes
FROM turnout_sums s JOIN areas a ON a.id = s.section ORDER BY a.code
"""


def _sums(prefix: str) -> str:
    return ", ".join(
        f"CASE WHEN count({prefix}.{c}) = count(*) THEN sum({prefix}.{c}) END AS {c}"
        for c in ("inscrits", "votants", "blancs", "nuls", "exprimes")
    )


def _votes(con: Con, sql: str, params: dict[str, Any]) -> dict[str, dict[int, int]]:
    out: dict[str, dict[int, int]] = {}
    for area, number, votes in con.execute(sql, params).fetchall():
        out.setdefault(area, {})[number] = int(votes)
    return out


def _area_results(area: Area, turnout: Turnout, votes: dict[int, int], lists: Lists) -> AreaResults:
    ordered = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    return AreaResults(area, turnout, tuple(ListVotes(lists[n], v) for n, v in ordered))


def _lower_areas(
    con: Con,
    election_id: str,
    reg: Region,
    round_: int,
    level: str,
    lists: Lists,
) -> tuple[AreaResults, ...]:
    params = {"e": election_id, "r": round_, "g": reg.code, "l": level}
    rows = con.execute(_AREA_RESULTS, params).fetchall()
    votes = _votes(
        con,
        "SELECT r.area, r.number, r.votes FROM results r JOIN areas a ON a.id = r.area "
        "WHERE r.election = $e AND r.round = $r AND r.region = $g AND a.level = $l",
        params,
    )
    return tuple(
        _area_results(_area(row), Turnout(*row[5:]), votes.get(row[0], {}), lists) for row in rows
    )


def _sections(
    con: Con, election_id: str, reg: Region, round_: int, lists: Lists
) -> tuple[AreaResults, ...]:
    params = {"e": election_id, "r": round_, "region_area": f"region:{reg.code}"}
    rows = con.execute(_SECTION_RESULTS.format(sums=_sums("t")), params).fetchall()
    if not rows:
        raise MissingData(
            f"{reg}: no departmental sections (its council has none, or they "
            "are not made of departments)"
        )
    lacking = [row for row in rows if row[5] < row[6]]
    if lacking:
        names = ", ".join(f"{r[2]} {r[3]}" for r in lacking)
        split = [s for s in reference().splits if any(s.section == r[2] for r in lacking)]
        why = (
            f"; department {split[0].department} is one area in department-level files, "
            "its sections need canton- or commune-level results"
            if split
            else ""
        )
        raise MissingData(
            f"{reg}, round {round_}: sections {names} cannot be computed from the results in "
            f"the store{why}"
        )
    votes = _votes(
        con,
        "SELECT m.area, r.number, sum(r.votes) FROM area_members m JOIN areas s "
        "ON s.id = m.area JOIN results r ON r.area = m.member "
        "WHERE s.parent = $region_area AND r.election = $e AND r.round = $r GROUP BY ALL",
        params,
    )
    return tuple(
        _area_results(_area(row), Turnout(*row[7:]), votes.get(row[0], {}), lists) for row in rows
    )


LEVELS = ("region", "section", "department", "constituency", "canton", "commune")
"""The levels of areas the store answers for."""


def check_round_level(round_: int, level: str) -> None:
    """``round_`` is 1 or 2 and ``level`` one of :data:`LEVELS`."""
    if round_ not in (1, 2):
        raise InvalidInput("round", round_, "must be 1 or 2")
    if level not in LEVELS:
        raise InvalidInput("--level", level, f"must be one of {', '.join(LEVELS)}")


def region_totals(
    con: Con, election_id: str, reg: Region, round_: int, lists: Lists
) -> tuple[AreaResults, tuple[str, ...]]:
    """The region's own figures of one round, else the sum of its finest complete level
    (and a note saying so); MissingData if the store has neither."""
    totals = _lower_areas(con, election_id, reg, round_, "region", lists)
    for finer in ("department", "canton", "commune", "constituency"):
        if totals:
            break
        parts = _lower_areas(con, election_id, reg, round_, finer, lists)
        if parts:
            note = f"regional figures of {reg} are the sum of its {finer}s"
            return _summed(reg, parts, lists), (note,)
    if not totals:
        raise MissingData(f"{reg}: no round-{round_} results in the store for {election_id}")
    return totals[0], ()


def _areas(
    con: Con, election_id: str, reg: Region, round_: int, level: str, lists: Lists
) -> tuple[tuple[AreaResults, ...], list[str]]:
    """The areas of ``level`` below the region, and what to know about them."""
    if level == "section":
        return _sections(con, election_id, reg, round_, lists), []
    areas = _lower_areas(con, election_id, reg, round_, level, lists)
    if not areas:
        raise MissingData(
            f"{reg}: no {level}-level results of round {round_} in the store for {election_id}"
        )
    notes = []
    if level == "department":
        for split in reference().splits:
            if split.department in reg.departments:
                notes.append(
                    f"department {split.department} spans several sections of {reg} "
                    "(its split is in canton-level results; use level='section')"
                )
                break
    return areas, notes


def round_results(
    con: Con,
    election_id: str,
    reg: Region,
    round_: int,
    level: str,
    lists: Lists,
    region: tuple[AreaResults, tuple[str, ...]] | None = None,
) -> RoundResults:
    """Regional totals of one round, and the areas of ``level`` (see :class:`RoundResults`).

    ``lists`` are the region's (:func:`candidate_lists`); ``region``, its totals if known
    (:func:`region_totals`).
    """
    check_round_level(round_, level)
    totals, said = region or region_totals(con, election_id, reg, round_, lists)
    notes = list(said)
    if level == "region":
        areas: tuple[AreaResults, ...] = (totals,)
    else:
        areas, more = _areas(con, election_id, reg, round_, level, lists)
        notes += more
    sources, caveats = _provenance(con, election_id, reg, round_, [a.area.id for a in areas])
    return RoundResults(
        election_id,
        reg,
        round_,
        level,
        totals.turnout,
        totals.lists,
        areas,
        sources,
        tuple(notes + caveats),
    )


def _summed(reg: Region, deps: tuple[AreaResults, ...], lists: Lists) -> AreaResults:
    def total(field: str) -> int | None:
        values = [getattr(d.turnout, field) for d in deps]
        return None if any(v is None for v in values) else sum(v for v in values if v)

    votes: dict[int, int] = {}
    for d in deps:
        for lv in d.lists:
            votes[lv.list.number] = votes.get(lv.list.number, 0) + lv.votes
    turnout = Turnout(*(total(f) for f in ("inscrits", "votants", "blancs", "nuls", "exprimes")))
    area = Area(f"region:{reg.code}", "region", reg.code, reg.name, None)
    return _area_results(area, turnout, votes, lists)


def _provenance(
    con: Con, election_id: str, reg: Region, round_: int, areas: list[str]
) -> tuple[tuple[str, ...], list[str]]:
    wanted = [*areas, f"region:{reg.code}"]
    imports = con.execute(
        "SELECT DISTINCT i.source, i.kind FROM results r JOIN imports i ON i.id = r.import_id "
        "WHERE r.election = ? AND r.round = ? AND r.region = ? AND list_contains(?, r.area) "
        "ORDER BY 1",
        [election_id, round_, reg.code, wanted],
    ).fetchall()
    notes = con.execute(
        "SELECT DISTINCT kind, message FROM notes WHERE election = ? AND round = ? "
        "AND list_contains(?, area) ORDER BY 1, 2",
        [election_id, round_, wanted],
    ).fetchall()
    sources = [s for s, _ in imports] + [m for k, m in notes if k == "source"]
    caveats = [m for k, m in notes if k != "source"]
    if any(kind.startswith("secondary") for _, kind in imports):
        caveats.insert(0, SECONDARY_CAVEAT.format(round=round_, region=reg.name))
    return tuple(dict.fromkeys(sources)), caveats


def published_seats(
    con: Con, election_id: str, reg: Region, lists: Lists, *, sections: bool = False
) -> tuple[PublishedSeats, ...]:
    """Published seats of a region's lists (or, with ``sections``, per section)."""
    rows = con.execute(
        "SELECT a.id, a.level, a.code, a.name, a.parent, p.number, p.seats, p.source, p.note "
        "FROM published_seats p JOIN areas a ON a.id = p.area "
        "WHERE p.election = ? AND p.region = ? AND a.level = ? "
        "ORDER BY a.code, p.number IS NOT NULL, p.seats DESC, p.number",
        [election_id, reg.code, "section" if sections else "region"],
    ).fetchall()
    return tuple(
        PublishedSeats(_area(r), lists[r[5]] if r[5] is not None else None, r[6], r[7], r[8])
        for r in rows
    )


def council(con: Con, election_id: str, reg: Region) -> Council:
    """Size and rule set of a region's council; MissingData if the store has none."""
    row = con.execute(
        "SELECT seats, rule_set, source FROM councils WHERE election = ? AND region = ?",
        [election_id, reg.code],
    ).fetchone()
    if row is None:
        raise MissingData(
            f"{reg}: no council size or rule set for {election_id} "
            "(ballottage has no rule set for it yet)"
        )
    sections = tuple(
        r[0]
        for r in con.execute(
            "SELECT code FROM areas WHERE level = 'section' AND parent = ? ORDER BY code",
            [f"region:{reg.code}"],
        ).fetchall()
    )
    return Council(election_id, reg, int(row[0]), row[1], sections, row[2])


def coverage(con: Con, election_id: str) -> Coverage:
    """Regions with round-1 votes, round-2 votes, published seats and a council."""
    election(con, election_id)

    def codes(sql: str) -> tuple[str, ...]:
        found = {str(r[0]) for r in con.execute(sql, [election_id]).fetchall()}
        return tuple(r.region.code for r in reference().regions if r.region.code in found)

    return Coverage(
        election_id,
        codes("SELECT DISTINCT region FROM results WHERE election = ? AND round = 1"),
        codes("SELECT DISTINCT region FROM results WHERE election = ? AND round = 2"),
        codes(
            "SELECT DISTINCT region FROM published_seats WHERE election = ? AND number IS NOT NULL"
        ),
        codes("SELECT region FROM councils WHERE election = ?"),
    )
