"""The Ministry's identities, checked on every import (vectorised, first breach reported).

* no negative count; inscrits = abstentions + votants (where abstentions are given);
* votants = blancs + nuls + exprimés;
* every list's votes ≤ exprimés, and the list votes add up to exprimés;
* lower levels add up to the area that contains them (departments to their region, cantons
  and communes to their department), for the turnout and for every list.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from ballottage.data.reference import reference
from ballottage.errors import InconsistentData

COUNTS = ("inscrits", "votants", "blancs", "nuls", "exprimes")


def fmt(n: object) -> str:
    """A count with a space between thousands, as French results print it.

    >>> fmt(1234567)
    '1 234 567'
    """
    return f"{int(str(n)):,}".replace(",", " ")


def _raise(place: str, problems: list[str], rule: str) -> None:
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    raise InconsistentData(place, problems[0] + more, rule=rule)


def check_turnout(areas: pd.DataFrame, round_: int, source: str) -> None:
    """Check one table's turnout rows (``area``, ``place`` and count columns)."""
    where = ", round " + str(round_)
    present = [c for c in (*COUNTS, "abstentions") if c in areas]
    for col in present:
        bad = areas[col].fillna(0) < 0
        if bad.any():
            row = areas[bad].iloc[0]
            _raise(
                row["place"] + where,
                [f"{col} {row[col]} is negative ({source})"],
                "counts are never negative",
            )
    if "abstentions" in areas:
        known = areas[["inscrits", "abstentions", "votants"]].notna().all(axis=1)
        a = areas[known]
        bad = a["inscrits"] != a["abstentions"] + a["votants"]
        if bad.any():
            row = a[bad].iloc[0]
            _raise(
                row["place"] + where,
                [
                    f"inscrits {fmt(row.inscrits)} ≠ abstentions {fmt(row.abstentions)} + "
                    f"votants {fmt(row.votants)} ({source})"
                ]
                * int(bad.sum()),
                "inscrits = abstentions + votants",
            )
    known = areas[["votants", "blancs", "nuls", "exprimes"]].notna().all(axis=1)
    a = areas[known]
    bad = a["votants"] != a["blancs"] + a["nuls"] + a["exprimes"]
    if bad.any():
        row = a[bad].iloc[0]
        _raise(
            row["place"] + where,
            [
                f"votants {fmt(row.votants)} ≠ blancs {fmt(row.blancs)} + nuls {fmt(row.nuls)} + "
                f"exprimés {fmt(row.exprimes)} ({source})"
            ]
            * int(bad.sum()),
            "votants = blancs + nuls + exprimés",
        )


def check_list_votes(
    areas: pd.DataFrame, lists: pd.DataFrame, round_: int, source: str, *, strict_sum: bool = True
) -> list[tuple[str, str]]:
    """Check list votes against exprimés; return the sum breaches when not ``strict_sum``.

    ``areas`` needs ``area``, ``place``, ``exprimes``; ``lists`` needs ``area``, ``head``,
    ``votes``. Hand-compiled sources (``strict_sum=False``) may take exprimés and list votes
    from different pages: their sum breaches are returned as ``(area, message)`` to record.
    """
    where = ", round " + str(round_)
    neg = lists["votes"] < 0
    if neg.any():
        row = lists[neg].iloc[0]
        place = areas.set_index("area").loc[row["area"], "place"]
        _raise(
            str(place) + where,
            [f"{row['head']} has {row['votes']} votes ({source})"],
            "counts are never negative",
        )
    joined = lists.merge(areas[["area", "place", "exprimes"]], on="area", how="left")
    over = joined["exprimes"].notna() & (joined["votes"] > joined["exprimes"])
    if over.any():
        row = joined[over].iloc[0]
        _raise(
            row["place"] + where,
            [
                f"{row['head']} has {fmt(row['votes'])} votes, more than exprimés "
                f"{fmt(row['exprimes'])} ({source})"
            ]
            * int(over.sum()),
            "list votes ≤ exprimés",
        )
    sums = lists.groupby("area", sort=False)["votes"].sum().rename("total").reset_index()
    a = areas.merge(sums, on="area", how="left")
    a["total"] = a["total"].fillna(0)
    bad = a["exprimes"].notna() & (a["total"] != a["exprimes"])
    messages = [
        f"list votes add up to {fmt(row.total)}, not exprimés {fmt(row.exprimes)} ({source})"
        for row in a[bad].itertuples()
    ][:20]
    if bad.any() and strict_sum:
        _raise(str(a[bad].iloc[0]["place"]) + where, messages, "Σ list votes = exprimés")
    return [(str(area), m) for area, m in zip(a[bad]["area"], messages, strict=False)]


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
        _raise(
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
        _raise(
            _place(con, parent) + f", round {round_}",
            [f"{name} has {fmt(own)} votes but its {level}s add up to {fmt(kids)}"] * len(rows),
            f"{level}s add up to their {parent.split(':')[0]}",
        )


def _place(con: duckdb.DuckDBPyConnection, area: str) -> str:
    row = con.execute("SELECT level, code, name FROM areas WHERE id = ?", [area]).fetchone()
    if row is None:
        return area
    return " ".join(str(x) for x in row if x)


def describe(levels: Sequence[str], codes: Sequence[str], names: Sequence[str | None]) -> list[str]:
    """Human names of areas: ``department 59 Nord``."""
    return [
        " ".join(x for x in (lv, c, n) if x) for lv, c, n in zip(levels, codes, names, strict=True)
    ]


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


SECONDARY_TOLERANCE = 0.001
"""Hand-compiled figures come from different pages: list votes may miss exprimés (or votants
less blancs and nuls) by 0.1 %, or by :data:`SECONDARY_SLACK` votes in a small area (the sources
of 2015 differ by up to ~170 votes in a million)."""

SECONDARY_SLACK = 200
"""Votes by which hand-compiled figures may always differ, however small the area."""


def _off(a: int, b: int) -> bool:
    """Whether two hand-compiled figures differ by more than the tolerance."""
    return abs(a - b) > max(SECONDARY_TOLERANCE * max(a, b), SECONDARY_SLACK)


MAX_BLANK_NULL = 0.15
"""Where only votants are known, blancs + nuls (votants less the list votes) above 15 % of
votants is not credible (2015, round 2: 3.4 % to 7.8 %): the lists are incomplete."""


def check_across_files(
    areas: pd.DataFrame,
    lists: pd.DataFrame,
    lists_file: str,
    totals_file: str,
    round_: int,
    *,
    note: str = "",
) -> None:
    """Lists file against totals file, region by region: both name the same regions, and
    Σ list votes = exprimés, Σ list votes + blancs + nuls = votants (within
    :data:`SECONDARY_TOLERANCE`), or, with votants alone, blancs + nuls within
    [0, :data:`MAX_BLANK_NULL`] of votants. The first breach names both files, the region and
    the two figures."""
    ref = reference()
    place = {r.region.code: f"region {r.region.code} {r.region.name}" for r in ref.regions}
    sums = lists.groupby("region")["votes"].sum()
    cut = f" ({note} cut short)" if note else ""
    given = set(areas["region"])
    twice = areas["region"].duplicated()
    if twice.any():
        code = str(areas["region"][twice].iloc[0])
        raise InconsistentData(
            f"{place[code]}, round {round_}",
            f"has two rows in {totals_file}",
            rule="one row per region",
        )
    for row in areas[areas["region"].isin(sums.index)].itertuples():
        code = str(row.region)
        where = f"{place[code]}, round {round_}"
        problem, rule = _lists_against_totals(
            int(sums[code]),
            *(_known(getattr(row, c)) for c in ("exprimes", "votants", "blancs", "nuls")),
        )
        if problem:
            raise InconsistentData(
                where,
                problem.format(lists=lists_file, totals=totals_file) + cut,
                rule=rule,
            )
    for code in sorted(given - set(sums.index)):
        raise InconsistentData(
            f"{place[code]}, round {round_}",
            f"is in {totals_file} but has no list in {lists_file}: the lists file is "
            + (f"incomplete{cut}" if cut else "incomplete (cut short?)"),
            rule="every region of the totals has its lists",
        )
    for code in sorted(set(sums.index) - given):
        raise InconsistentData(
            f"{place[code]}, round {round_}",
            f"has lists in {lists_file} but no row in {totals_file}: the totals file is "
            + (f"incomplete{cut}" if cut else "incomplete (cut short?)"),
            rule="every region of the lists has its totals",
        )


def _known(value: object) -> int | None:
    return None if value is None or value is pd.NA or value != value else int(str(value))


def _lists_against_totals(
    total: int, exprimes: int | None, votants: int | None, blancs: int | None, nuls: int | None
) -> tuple[str, str]:
    """The breach (``{lists}``/``{totals}`` left to fill) and its rule, or ``("", "")``."""
    within = f"within {SECONDARY_TOLERANCE:.1%} or {SECONDARY_SLACK} votes"
    if exprimes is not None:
        if _off(total, exprimes):
            return (
                f"list votes add up to {fmt(total)} in {{lists}}, but exprimés are "
                f"{fmt(exprimes)} in {{totals}}",
                f"Σ list votes = exprimés ({within})",
            )
        return "", ""
    if votants is None:
        return "", ""
    if blancs is not None and nuls is not None:
        counted = total + blancs + nuls
        if _off(counted, votants):
            return (
                f"list votes {fmt(total)} in {{lists}} + blancs {fmt(blancs)} + nuls "
                f"{fmt(nuls)} make {fmt(counted)}, but votants are {fmt(votants)} in {{totals}}",
                f"Σ list votes + blancs + nuls = votants ({within})",
            )
        return "", ""
    rest = votants - total
    if _off(total, min(total, votants)) or rest > MAX_BLANK_NULL * votants + SECONDARY_SLACK:
        share = rest / votants if votants else 0.0
        return (
            f"list votes add up to {fmt(total)} in {{lists}}, but votants are {fmt(votants)} "
            f"in {{totals}}: that leaves {share:.1%} of votants blank or null",
            f"Σ list votes + blancs + nuls = votants, blancs + nuls at most "
            f"{MAX_BLANK_NULL:.0%} of votants",
        )
    return "", ""


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
        inscrits, votants = _known(row.inscrits), _known(row.votants)
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
