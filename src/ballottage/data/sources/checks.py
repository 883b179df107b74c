"""The Ministry's identities within a table read from a file (vectorised, first breach
reported; no store needed):

* no negative count; inscrits = abstentions + votants (where abstentions are given);
* votants = blancs + nuls + exprimés;
* every list's votes ≤ exprimés, and the list votes add up to exprimés;
* a hand-compiled lists file agrees with its totals file (:func:`check_across_files`).

The identities across levels, in the store, are :mod:`ballottage.data.imports.checks`.
"""

from __future__ import annotations

from collections.abc import Sequence

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


def raise_first(place: str, problems: list[str], rule: str) -> None:
    """InconsistentData at ``place`` with the first problem (and how many more)."""
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
            raise_first(
                row["place"] + where,
                [f"{col} {row[col]} is negative ({source})"],
                "counts are never negative",
            )
    if "abstentions" in areas:
        _sum_identity(areas, where, source, "inscrits", ("abstentions", "votants"))
    _sum_identity(areas, where, source, "votants", ("blancs", "nuls", "exprimes"))


_LABELS = {"exprimes": "exprimés"}


def _sum_identity(
    areas: pd.DataFrame, where: str, source: str, total: str, parts: Sequence[str]
) -> None:
    """``total`` = the sum of ``parts`` in every row where all are known (the Ministry's
    turnout identities), else the first breach with how many more."""
    known = areas[[total, *parts]].notna().all(axis=1)
    a = areas[known]
    bad = a[total] != sum(a[p] for p in parts)
    if bad.any():
        row = a[bad].iloc[0]
        terms = " + ".join(f"{_LABELS.get(p, p)} {fmt(row[p])}" for p in parts)
        raise_first(
            row["place"] + where,
            [f"{total} {fmt(row[total])} ≠ {terms} ({source})"] * int(bad.sum()),
            f"{total} = " + " + ".join(_LABELS.get(p, p) for p in parts),
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
        raise_first(
            str(place) + where,
            [f"{row['head']} has {row['votes']} votes ({source})"],
            "counts are never negative",
        )
    joined = lists.merge(areas[["area", "place", "exprimes"]], on="area", how="left")
    over = joined["exprimes"].notna() & (joined["votes"] > joined["exprimes"])
    if over.any():
        row = joined[over].iloc[0]
        raise_first(
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
        raise_first(str(a[bad].iloc[0]["place"]) + where, messages, "Σ list votes = exprimés")
    return [(str(area), m) for area, m in zip(a[bad]["area"], messages, strict=False)]


def describe(levels: Sequence[str], codes: Sequence[str], names: Sequence[str | None]) -> list[str]:
    """Human names of areas: ``department 59 Nord``."""
    return [
        " ".join(x for x in (lv, c, n) if x) for lv, c, n in zip(levels, codes, names, strict=True)
    ]


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
            *(known(getattr(row, c)) for c in ("exprimes", "votants", "blancs", "nuls")),
        )
        if problem:
            raise InconsistentData(
                where,
                problem.format(lists=lists_file, totals=totals_file) + cut,
                rule=rule,
            )
    _same_regions(given, set(sums.index), lists_file, totals_file, round_, cut)


def _same_regions(
    given: set[str], listed: set[str], lists_file: str, totals_file: str, round_: int, cut: str
) -> None:
    """Every region of the totals has lists, and every region with lists has totals."""
    place = {r.region.code: f"region {r.region.code} {r.region.name}" for r in reference().regions}
    incomplete = f"incomplete{cut}" if cut else "incomplete (cut short?)"
    for code in sorted(given - listed):
        raise InconsistentData(
            f"{place[code]}, round {round_}",
            f"is in {totals_file} but has no list in {lists_file}: the lists file is {incomplete}",
            rule="every region of the totals has its lists",
        )
    for code in sorted(listed - given):
        raise InconsistentData(
            f"{place[code]}, round {round_}",
            f"has lists in {lists_file} but no row in {totals_file}: the totals file is "
            f"{incomplete}",
            rule="every region of the lists has its totals",
        )


def known(value: object) -> int | None:
    """A count, or None for a missing cell."""
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
