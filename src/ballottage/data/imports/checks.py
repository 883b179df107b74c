"""The identities checked in the store after an import writes (SQL over the stored tables).

* lower levels add up to the area that contains them (departments to their region, cantons
  and communes to their department), for the turnout and for every list;
* published seats add up to the council; round-2 inscrits stay close to round 1's.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from ballottage.data.reference import reference
from ballottage.data.sources.checks import COUNTS, fmt, known, raise_first
from ballottage.errors import InconsistentData

_TURNOUT_SUMS = """
WITH kids AS (
    SELECT a.parent, a.level, count(*) AS n,
           {sums}
    FROM turnout t JOIN areas a ON a.id = t.area
    WHERE t.election = $e AND t.round = $r AND a.parent IS NOT NULL
    GROUP BY a.parent, a.level
)
SELECT k.parent, k.level, {pairs}
FROM kids k JOIN turnout p ON p.area = k.parent AND p.election = $e AND p.round = $r
WHERE {breaks}
ORDER BY k.parent, k.level
"""

_VOTE_SUMS = """
WITH kids AS (
    SELECT a.parent, a.level, r.region, r.number, sum(r.votes) AS votes
    FROM results r JOIN areas a ON a.id = r.area
    WHERE r.election = $e AND r.round = $r AND a.parent IS NOT NULL
    GROUP BY ALL
), parents AS (
    SELECT DISTINCT parent, level FROM kids
), pv AS (
    SELECT ps.parent, ps.level, p.region, p.number, p.votes
    FROM parents ps JOIN results p
      ON p.area = ps.parent AND p.election = $e AND p.round = $r
)
SELECT coalesce(pv.parent, k.parent), coalesce(pv.level, k.level),
       coalesce(pv.region, k.region), coalesce(pv.number, k.number),
       coalesce(pv.votes, 0), coalesce(k.votes, 0)
FROM pv FULL JOIN kids k
  ON k.parent = pv.parent AND k.level = pv.level AND k.region = pv.region
 AND k.number = pv.number
WHERE coalesce(pv.votes, 0) <> coalesce(k.votes, 0)
  AND coalesce(pv.parent, k.parent) IN (SELECT area FROM results
                                         WHERE election = $e AND round = $r)
ORDER BY 1, 2, 3, 4
"""


def check_levels(con: duckdb.DuckDBPyConnection, election: str, round_: int) -> None:
    """Check that every level adds up to the areas containing it, in the store."""
    cols = COUNTS
    sums = ", ".join(f"CASE WHEN count(t.{c}) = count(*) THEN sum(t.{c}) END AS {c}" for c in cols)
    pairs = ", ".join(f"p.{c}, k.{c}" for c in cols)
    breaks = " OR ".join(
        f"(p.{c} IS NOT NULL AND k.{c} IS NOT NULL AND p.{c} <> k.{c})" for c in cols
    )
    sql = _TURNOUT_SUMS.format(sums=sums, pairs=pairs, breaks=breaks)
    rows = con.execute(sql, {"e": election, "r": round_}).fetchall()
    if rows:
        parent, level, *values = rows[0]
        problems = []
        for i, c in enumerate(cols):
            own, kids = values[2 * i], values[2 * i + 1]
            if own is not None and kids is not None and own != kids:
                problems.append(f"{c} {fmt(own)} but its {level}s add up to {fmt(kids)}")
        raise_first(
            _place(con, parent) + f", round {round_}",
            ["; ".join(problems)] * len(rows),
            f"{level}s add up to their {parent.split(':')[0]}",
        )
    rows = con.execute(_VOTE_SUMS, {"e": election, "r": round_}).fetchall()
    if rows:
        parent, level, region, number, own, kids = rows[0]
        head = con.execute(
            "SELECT head FROM lists WHERE election = ? AND region = ? AND number = ?",
            [election, region, number],
        ).fetchone()
        name = f"list {number} ({head[0] if head else '?'})"
        raise_first(
            _place(con, parent) + f", round {round_}",
            [f"{name} has {fmt(own)} votes but its {level}s add up to {fmt(kids)}"] * len(rows),
            f"{level}s add up to their {parent.split(':')[0]}",
        )


def _place(con: duckdb.DuckDBPyConnection, area: str) -> str:
    row = con.execute("SELECT level, code, name FROM areas WHERE id = ?", [area]).fetchone()
    if row is None:
        return area
    return " ".join(str(x) for x in row if x)


def check_region_seats(con: duckdb.DuckDBPyConnection, election: str) -> None:
    """Published seats of each region add up to its council size."""
    row = con.execute(
        """
        SELECT p.region, sum(p.seats), c.seats
        FROM published_seats p JOIN areas a ON a.id = p.area
        JOIN councils c ON c.election = p.election AND c.region = p.region
        WHERE p.election = ? AND a.level = 'region'
        GROUP BY p.region, c.seats HAVING sum(p.seats) <> c.seats ORDER BY 1
        """,
        [election],
    ).fetchone()
    if row is not None:
        reg, total, size = row
        raise InconsistentData(
            f"region {reg} {reference().region_ref(reg).region.name}",
            f"published seats add up to {total}, the council has {size}",
            rule="seats add up to the council size",
        )


def check_section_totals(con: duckdb.DuckDBPyConnection, election: str) -> None:
    """Published section totals of a region, when all are given, add up to its council."""
    rows = con.execute(
        """
        SELECT p.region, sum(p.seats), c.seats, count(*),
               (SELECT count(*) FROM areas WHERE level = 'section'
                AND parent = 'region:' || p.region)
        FROM published_seats p JOIN areas a ON a.id = p.area
        JOIN councils c ON c.election = p.election AND c.region = p.region
        WHERE p.election = ? AND a.level = 'section' AND p.number IS NULL
        GROUP BY p.region, c.seats
        """,
        [election],
    ).fetchall()
    for reg, total, size, given, sections in rows:
        if given == sections and total != size:
            raise InconsistentData(
                f"region {reg}", f"section totals add up to {total}, the council has {size} seats"
            )


INSCRITS_DRIFT = 0.01
"""Between the two rounds (a week apart) the electoral roll barely moves: 2015 regions, at
most 0.02 %. A round-2 inscrits 1 % away from round 1's is a damaged figure."""


def check_against_round1(
    con: duckdb.DuckDBPyConnection, areas: pd.DataFrame, election: str, source: str
) -> None:
    """Round-2 inscrits of each region against the round-1 inscrits in the store (the
    workbook), and votants at most inscrits; a breach names both figures."""
    rows = con.execute(
        "SELECT a.code, t.inscrits, i.source FROM turnout t JOIN areas a ON a.id = t.area "
        "JOIN imports i ON i.id = t.import_id "
        "WHERE t.election = ? AND t.round = 1 AND a.level = 'region'",
        [election],
    ).fetchall()
    first_round = {str(code): (inscrits, origin) for code, inscrits, origin in rows}
    for row in areas.itertuples():
        code = str(row.region)
        place = f"region {code} {reference().region_ref(code).region.name}, round 2"
        inscrits, votants = known(row.inscrits), known(row.votants)
        if inscrits is not None and votants is not None and votants > inscrits:
            raise InconsistentData(
                place,
                f"votants {fmt(votants)} above inscrits {fmt(inscrits)} ({source})",
                rule="votants ≤ inscrits",
            )
        before, origin = first_round.get(code, (None, None))
        if inscrits is None or before is None:
            continue
        if abs(inscrits - int(before)) > INSCRITS_DRIFT * int(before):
            raise InconsistentData(
                place,
                f"inscrits {fmt(inscrits)} in {source}, but {fmt(before)} in round 1 ({origin})",
                rule=f"inscrits move less than {INSCRITS_DRIFT:.0%} between the rounds",
            )
