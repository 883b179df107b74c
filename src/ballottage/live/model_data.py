"""Real nights for the bench and the tests: units of the bundled store as :class:`UnitCount`.

An I/O edge (DuckDB over the bundled Parquet files). Units are the store's areas
(``department:59``, ``canton:59-12``); lists are keyed by their head, families come from the
store's lists table (``reference/nuances.csv``).

* Round 1 2021 by department, against round 1 2015 in the same departments.
* Round 1 2015 by canton: the store holds no earlier election by canton, so the baseline of a
  canton is its inscrits alone (no votes): the model then has no swing to apply and projects
  from the counted units' shares, corrected by size and department.
* Round 2 on the 2015 round-1 cantons: :mod:`ballottage.live.synthetic`.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import duckdb

from ballottage.data.bundle import bundled_dir
from ballottage.law.rules import RuleSet, rule_set
from ballottage.live.projection import RegionNight, UnitCount

METROPOLITAN = ("11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93")
"""The twelve regions of mainland France (Corsica and overseas elect other councils)."""


@dataclass(frozen=True)
class RegionData:
    """One region's units in one election and round, with its council."""

    region: str
    units: MappingProxyType[str, UnitCount]
    families: MappingProxyType[str, str]
    rules: RuleSet
    seats: int


def region_units(
    election: str, round_: int, level: str, regions: tuple[str, ...] = METROPOLITAN
) -> dict[str, RegionData]:
    """Every region's units at ``level`` (``department``, ``canton``) from the bundled store."""
    con = duckdb.connect()
    base = bundled_dir()
    rows = con.execute(
        f"""
        SELECT r.region, r.area, l.head, l.family, r.votes, t.inscrits, t.votants, t.exprimes
        FROM '{base}/store-results.parquet' r
        JOIN '{base}/store-lists.parquet' l
          ON l.election = r.election AND l.region = r.region AND l.number = r.number
        JOIN '{base}/store-turnout.parquet' t
          ON t.election = r.election AND t.round = r.round AND t.area = r.area
        WHERE r.election = ? AND r.round = ? AND r.area LIKE ?
        """,
        [election, round_, f"{level}:%"],
    ).fetchall()
    councils = {
        reg: (s, rs)
        for reg, s, rs in con.execute(
            f"SELECT region, seats, rule_set FROM '{base}/store-councils.parquet' "
            "WHERE election = ?",
            [election],
        ).fetchall()
    }
    grouped: dict[str, dict[str, tuple[int, int, int, dict[str, int]]]] = {}
    families: dict[str, dict[str, str]] = {}
    for region, area, head, family, votes, inscrits, votants, exprimes in rows:
        if region not in regions:
            continue
        unit = grouped.setdefault(region, {}).setdefault(area, (inscrits, votants, exprimes, {}))
        unit[3][head] = unit[3].get(head, 0) + int(votes)
        families.setdefault(region, {})[head] = family or "other"
    out = {}
    for region, units in sorted(grouped.items()):
        seats, rules = councils[region]
        out[region] = RegionData(
            region,
            MappingProxyType(
                {
                    code: UnitCount(code, i, v, e, MappingProxyType(dict(votes)))
                    for code, (i, v, e, votes) in sorted(units.items())
                }
            ),
            MappingProxyType(families[region]),
            rule_set(rules),
            int(seats),
        )
    return out


def inscrits_only(units: MappingProxyType[str, UnitCount]) -> dict[str, UnitCount]:
    """A baseline that knows each unit's inscrits and nothing else (no earlier election)."""
    return {c: UnitCount(c, u.inscrits, 0, 0, MappingProxyType({})) for c, u in units.items()}


def night_for(
    election: str,
    current: RegionData,
    baseline: MappingProxyType[str, UnitCount] | dict[str, UnitCount],
    counted: dict[str, UnitCount],
    *,
    round_: int,
    families: dict[str, str] | None = None,
) -> RegionNight:
    """A :class:`RegionNight` of ``current``'s region with these counted units."""
    return RegionNight(
        election=election,
        region=current.region,
        round=round_,
        rules=current.rules,
        seats=current.seats,
        baseline=baseline,
        counted=counted,
        families=families if families is not None else dict(current.families),
    )
