"""Replay a stored election as a night: its units published batch by batch in the Ministry's tree.

:func:`night_units` gives every unit's final figures (round 1 as stored; round 2 drawn by
:mod:`ballottage.live.synthetic` on the real round-1 units), :func:`ordered` the order they
report in, and :class:`Publication` the tree as it stands after each batch (what
:mod:`ballottage.live.server` serves). ``realistic`` order: units sorted by the logarithm of
their inscrits plus a normal noise (standard deviation :data:`REALISTIC_NOISE`), so small
units come first and the largest last, as on a real night, without a strict ranking.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from ballottage.data.store import Store
from ballottage.errors import InvalidInput, MissingData
from ballottage.law.rounds import Lineup, lineup_from
from ballottage.live import ministry_xml
from ballottage.live.feed import ListResult, UnitResult
from ballottage.live.night import RegionPlan, plan_night

ORDERS = ("realistic", "random", "size")
REALISTIC_NOISE = 0.5
"""Standard deviation of the noise on log(inscrits) in the ``realistic`` order."""

STEP = timedelta(minutes=4)
"""The Ministry's clock (``DateDerMaj``/``HeureDerMaj``) moves this much per batch."""


def default_level(store: Store, election: str) -> str:
    """The finest level the store holds round 1 of ``election`` at: canton, else department."""
    for level in ("canton", "department"):
        row = store.con.execute(
            "SELECT count(*) FROM results r JOIN areas a ON a.id = r.area "
            "WHERE r.election = ? AND r.round = 1 AND a.level = ?",
            [election, level],
        ).fetchone()
        if row and row[0]:
            return level
    raise MissingData(f"{election}: no round-1 results by canton or department in the store")


def night_units(
    store: Store, election: str, round_: int, level: str, *, seed: int = 0
) -> tuple[tuple[UnitResult, ...], str | None]:
    """Every unit's final figures, and (round 2) a note on the synthetic round 2."""
    if round_ == 1:
        return _stored_round1(store, election, level), None
    from ballottage.live.synthetic import synthetic_round2

    plan = plan_night(store, election, 2, level)
    out: list[UnitResult] = []
    for region in plan.regions:
        drawn = synthetic_round2(region.baseline, replay_lineup(store, election, region), seed)
        for code, count in sorted(drawn.items()):
            lists = tuple(ListResult(h, v) for h, v in count.votes.items())
            out.append(
                UnitResult(
                    level, code, "", region.region, count.inscrits, count.votants,
                    None, None, count.exprimes, lists,
                )
            )  # fmt: skip
    note = (
        "round 2 is synthetic: drawn on the real round-1 units, with the lists that really "
        "stood, from a known transfer matrix that varies with the local context "
        "(ballottage.live.synthetic)"
    )
    return tuple(out), note


def replay_lineup(store: Store, election: str, region: RegionPlan) -> Lineup:
    """The round-2 line-up of a synthetic replay: the lists that stood in the store's round 2
    (a list that withdrew does not stand), each merger the plausible one into a list that
    stood; the plausible line-up (:func:`~ballottage.live.synthetic.plausible_lineup`) where
    the store has no round 2 for the region."""
    from ballottage.live.synthetic import plausible_lineup

    plausible = plausible_lineup(region.baseline, region.families, region.rules)
    try:
        stood = store.round_results(election, region.region, 2)
    except MissingData:
        return plausible
    standing = [lv.list.head for lv in stood.lists]
    mergers = {head: group for head, group in plausible.mergers.items() if head in standing}
    return lineup_from(standing, mergers)


def _stored_round1(store: Store, election: str, level: str) -> tuple[UnitResult, ...]:
    out = []
    for region in store.regions(election):
        try:
            results = store.round_results(election, region.code, 1, level)
        except MissingData:
            continue
        for area in results.areas:
            t = area.turnout
            if t.inscrits is None or t.votants is None or t.exprimes is None:
                raise MissingData(f"{area.area.id}: no turnout figures to replay")
            lists = tuple(ListResult(lv.list.head, lv.votes, lv.list.nuance) for lv in area.lists)
            out.append(
                UnitResult(
                    level,
                    area.area.code,
                    area.area.name,
                    region.code,
                    t.inscrits,
                    t.votants,
                    t.blancs,
                    t.nuls,
                    t.exprimes,
                    lists,
                )
            )
    if not out:
        raise MissingData(f"{election}: no round-1 results by {level} in the store to replay")
    return tuple(out)


def ordered(units: Sequence[UnitResult], order: str, seed: int) -> list[UnitResult]:
    """The order units report in (module doc)."""
    rng = random.Random(seed)
    if order == "realistic":
        keys = {u.area: math.log(max(u.inscrits, 1)) + rng.gauss(0, REALISTIC_NOISE) for u in units}
        return sorted(units, key=lambda u: (keys[u.area], u.area))
    if order == "size":
        return sorted(units, key=lambda u: (u.inscrits, u.area))
    if order == "random":
        shuffled = sorted(units, key=lambda u: u.area)
        rng.shuffle(shuffled)
        return shuffled
    raise InvalidInput("--order", order, f"must be one of {', '.join(ORDERS)}")


def batches(units: Sequence[UnitResult], count: int) -> list[list[UnitResult]]:
    """``units`` cut into ``count`` batches (or fewer, if there are fewer units)."""
    if count < 1:
        raise InvalidInput("--batches", count, "must be at least 1")
    size = math.ceil(len(units) / count) if units else 1
    return [list(units[i : i + size]) for i in range(0, len(units), size)]


def with_corrections(
    cut: Sequence[Sequence[UnitResult]], count: int, seed: int
) -> list[list[UnitResult]]:
    """``count`` units first published with a slip (votes moved between their two first lists,
    every identity still holding), then corrected in the next batch, as the Ministry
    re-publishes a commune it fixed."""
    out = [list(batch) for batch in cut]
    candidates = [
        (b, i) for b, batch in enumerate(out[:-1]) for i, u in enumerate(batch)
        if len(u.lists) >= 2 and u.lists[0].votes > 0
    ]  # fmt: skip
    if count > len(candidates):
        raise InvalidInput("--corrections", count, f"at most {len(candidates)} for this night")
    for b, i in random.Random(seed).sample(candidates, count):
        unit = out[b][i]
        first, second = unit.lists[0], unit.lists[1]
        moved = max(1, first.votes // 10)
        slip = (
            ListResult(first.head, first.votes - moved, first.nuance),
            ListResult(second.head, second.votes + moved, second.nuance),
        )
        out[b][i] = replace(unit, lists=slip + unit.lists[2:])
        out[b + 1].append(unit)
    return out


def section_of(unit: UnitResult) -> str:
    """The section directory a unit is published under: its department."""
    department = unit.code[:2] if unit.level == "commune" else unit.code.split("-")[0]
    if unit.level == "commune" and unit.code.startswith("97"):
        department = unit.code[:3]
    return ministry_xml.section_directory(department)


def sub_code(unit: UnitResult) -> str:
    """``CodSubCom`` of a unit: a commune's code within its department, else the unit's code."""
    if unit.level == "commune":
        return unit.code[3:] if unit.code.startswith("97") else unit.code[2:]
    return unit.code


@dataclass
class Publication:
    """The Ministry's tree for one round as published so far: path → (bytes, ETag)."""

    year: int
    round: int
    units: Sequence[UnitResult]
    start: datetime
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    reported: dict[str, str] = field(default_factory=dict)
    published: int = 0

    def __post_init__(self) -> None:
        self._clock = self.start
        self._region_stamps: dict[str, str] = {}
        self._write_indexes({ministry_xml.region_directory(u.region) for u in self.units})

    @property
    def prefix(self) -> str:
        """Where the tree is: ``resultatsT1/``."""
        return f"resultatsT{self.round}/"

    def publish(self, batch: Sequence[UnitResult]) -> None:
        """Publish a batch: its unit files, then the indexes that point to them (a unit
        published again gets a new ``DateDerMaj``)."""
        self._clock += STEP
        stamp = self._clock.strftime("%d/%m/%Y %H:%M:%S")
        touched = set()
        for unit in batch:
            region = ministry_xml.region_directory(unit.region)
            section = section_of(unit)
            sub = sub_code(unit)
            path = f"{self.prefix}{region}/{section}/{section}{sub}.xml"
            self._put(path, ministry_xml.write_unit(region, section, self.round, unit, sub))
            self.reported[unit.area] = stamp
            touched.add(region)
            self._region_stamps[region] = stamp
        self.published += 1
        self._write_indexes(touched)

    def _write_indexes(self, regions: set[str]) -> None:
        by_section: dict[tuple[str, str], list[UnitResult]] = {}
        for unit in self.units:
            region = ministry_xml.region_directory(unit.region)
            by_section.setdefault((region, section_of(unit)), []).append(unit)
        for (region, section), units in sorted(by_section.items()):
            if region not in regions:
                continue
            entries = [
                ministry_xml.UnitEntry(
                    sub_code(u), u.name, u.area in self.reported, self.reported.get(u.area, "")
                )
                for u in units
            ]
            data = ministry_xml.write_section_index(region, section, self.round, entries)
            self._put(f"{self.prefix}{region}/{section}/index.xml", data)
        self._put(f"{self.prefix}index.xml", ministry_xml.write_index(self._regions(), self.year))

    def _regions(self) -> list[ministry_xml.RegionEntry]:
        sections: dict[str, set[str]] = {}
        complete: dict[str, bool] = {}
        for unit in self.units:
            region = ministry_xml.region_directory(unit.region)
            sections.setdefault(region, set()).add(section_of(unit))
            complete[region] = complete.get(region, True) and unit.area in self.reported
        return [
            ministry_xml.RegionEntry(
                region.lstrip("0").zfill(2),
                region,
                self._region_stamps.get(region, ""),
                complete[region],
                tuple(sorted(sections[region])),
            )
            for region in sorted(sections)
        ]

    def _put(self, path: str, data: bytes) -> None:
        tag = '"' + hashlib.sha256(data).hexdigest()[:20] + '"'
        self.files[path] = (data, tag)

    def done(self) -> bool:
        """Every unit published."""
        return len(self.reported) == len(self.units)


def inscrits_curve(units: Sequence[UnitResult], points: Sequence[float]) -> list[float]:
    """Share of inscrits counted when each share of ``points`` of the units has reported
    (how ``realistic`` holds cities back)."""
    total = sum(u.inscrits for u in units) or 1
    out = []
    for p in points:
        k = round(p * len(units))
        out.append(sum(u.inscrits for u in units[:k]) / total)
    return out


def regions_units(units: Sequence[UnitResult]) -> Mapping[str, int]:
    """Units per region."""
    out: dict[str, int] = {}
    for u in units:
        out[u.region] = out.get(u.region, 0) + 1
    return out
