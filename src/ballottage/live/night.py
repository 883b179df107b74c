"""The night's plan (what units, which baseline) and its :class:`RegionNight` values.

On a round-2 night the baseline of a unit is the same election's round 1 in that unit; on a
round-1 night, an earlier election in the same units (the latest the store holds at that level;
failing one, any other), its lists matched to this election's by political family (the
``families`` of each :class:`RegionNight`). The units are what the store holds at the level
the feed reports: departments for 2021 and 2015, cantons for 2015.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ballottage.data.model import AreaResults
from ballottage.data.reference import normalize_name
from ballottage.data.store import Store
from ballottage.errors import BallottageError, InvalidInput, MissingData
from ballottage.law.rules import RuleSet, rule_set
from ballottage.live.feed import LEVELS, UnitResult
from ballottage.live.journal import Expected
from ballottage.live.projection import RegionNight, UnitCount


@dataclass(frozen=True)
class RegionPlan:
    """One region of the night: its council, lists, and every unit's baseline."""

    region: str
    name: str
    seats: int
    rules: RuleSet
    baseline: Mapping[str, UnitCount]
    """Every unit of the region by code (``59``, ``01-01``), with its baseline figures."""
    families: Mapping[str, str]
    heads: Mapping[str, str]
    """This election's lists: normalised head → head as the store writes it."""

    @property
    def inscrits(self) -> int:
        """The region's inscrits in the baseline (to say how much is counted before any unit)."""
        return sum(u.inscrits for u in self.baseline.values())


@dataclass(frozen=True)
class NightPlan:
    """An election's round followed unit by unit at ``level`` against ``baseline``."""

    election: str
    round: int
    level: str
    baseline: str
    regions: tuple[RegionPlan, ...]
    notes: tuple[str, ...] = field(default=())
    elsewhere: frozenset[str] = frozenset()
    """Regions of the election not followed (named in ``notes``)."""

    def expected(self) -> Expected:
        """What a batch may contain (for the journal's checks)."""
        units = {f"{self.level}:{c}": r.region for r in self.regions for c in r.baseline}
        return Expected(
            MappingProxyType(units),
            MappingProxyType({r.region: r.heads for r in self.regions}),
            self.elsewhere,
        )

    def nights(self, state: Mapping[str, UnitResult]) -> tuple[RegionNight, ...]:
        """Every region's night given the units counted (``state``: area id → figures)."""
        counted: dict[str, dict[str, UnitCount]] = {r.region: {} for r in self.regions}
        for unit in state.values():
            if unit.level == self.level and unit.region in counted:
                counted[unit.region][unit.code] = unit_count(unit)
        return tuple(
            RegionNight(
                self.election,
                r.region,
                self.round,
                r.rules,
                r.seats,
                r.baseline,
                MappingProxyType(counted[r.region]),
                r.families,
            )
            for r in self.regions
        )

    def units(self) -> int:
        """How many units the night expects."""
        return sum(len(r.baseline) for r in self.regions)


def unit_count(unit: UnitResult) -> UnitCount:
    """The projection's view of a unit's figures."""
    return UnitCount(
        unit.code, unit.inscrits, unit.votants, unit.exprimes, MappingProxyType(unit.votes())
    )


def area_count(area: AreaResults, place: str) -> UnitCount:
    """A stored area's figures as a :class:`UnitCount` (missing turnout is an error)."""
    t = area.turnout
    if t.inscrits is None or t.votants is None or t.exprimes is None:
        raise MissingData(f"{place}: {area.area.level} {area.area.code} has no turnout figures")
    votes = {lv.list.head: lv.votes for lv in area.lists}
    return UnitCount(area.area.code, t.inscrits, t.votants, t.exprimes, MappingProxyType(votes))


def baseline_election(store: Store, election: str, round_: int, level: str) -> str:
    """The election whose round 1 is the baseline: this one on round 2; on round 1 the latest
    earlier election holding round-1 results at ``level`` (else a later one)."""
    if round_ == 2:
        return election
    this = next(e for e in store.elections() if e.id == election)
    holding = [
        e
        for e in store.elections()
        if e.id != election and _holds(store, e.id, level) and e.kind == this.kind
    ]
    earlier = [e for e in holding if e.year < this.year]
    chosen = (earlier or holding)[-1:] if earlier else holding[:1]
    if not chosen:
        raise MissingData(
            f"{election} round 1 by {level}: the store holds no other election by {level} to "
            "compare with (a round-1 night needs a baseline; follow it by department)"
        )
    return chosen[0].id


def _holds(store: Store, election: str, level: str) -> bool:
    row = store.con.execute(
        "SELECT count(*) FROM results r JOIN areas a ON a.id = r.area "
        "WHERE r.election = ? AND r.round = 1 AND a.level = ?",
        [election, level],
    ).fetchone()
    return bool(row and row[0])


def plan_night(
    store: Store, election: str, round_: int, level: str, baseline: str | None = None
) -> NightPlan:
    """The night of ``election`` round ``round_`` followed by ``level`` (see module doc)."""
    if level not in LEVELS:
        raise InvalidInput("--level", level, f"must be one of {', '.join(LEVELS)}")
    if round_ not in (1, 2):
        raise InvalidInput("--round", round_, "must be 1 or 2")
    base = baseline or baseline_election(store, election, round_, level)
    regions, notes, elsewhere = [], [], set()
    for region in store.regions(election):
        try:
            regions.append(_region_plan(store, election, base, region.code, level))
        except MissingData as exc:
            notes.append(f"not followed: {exc}")
            elsewhere.add(region.code)
    if not regions:
        raise MissingData(
            f"{election} round {round_} by {level}: no region has a baseline in {base}"
            + (f" ({notes[0]})" if notes else "")
        )
    return NightPlan(
        election, round_, level, base, tuple(regions), tuple(notes), frozenset(elsewhere)
    )


def _region_plan(store: Store, election: str, base: str, region: str, level: str) -> RegionPlan:
    council = store.council(election, region)
    lists = store.lists(election, region)
    families = {lst.head: lst.family or "other" for lst in lists}
    results = store.round_results(base, region, 1, level)
    if base != election:
        for lst in store.lists(base, region):
            families.setdefault(lst.head, lst.family or "other")
    place = f"{base} round 1 in {council.region.name}"
    baseline = {a.area.code: area_count(a, place) for a in results.areas}
    try:
        rules = rule_set(council.rule_set)
    except BallottageError:
        raise MissingData(f"{council.region}: no rule set {council.rule_set}") from None
    return RegionPlan(
        region,
        council.region.name,
        council.seats,
        rules,
        MappingProxyType(baseline),
        MappingProxyType(families),
        MappingProxyType({normalize_name(lst.head): lst.head for lst in lists}),
    )
