"""The election-night projection: the final state is the law, and the draws keep its rules."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

import numpy as np
import pytest

from ballottage.errors import InvalidInput
from ballottage.law.allocation import allocate_council
from ballottage.law.rounds import decide_round1, round2_eligibility
from ballottage.law.rules import rule_set
from ballottage.live.model_data import RegionData, inscrits_only, night_for, region_units
from ballottage.live.model_units import night_arrays
from ballottage.live.projection import (
    RegionNight,
    RegionProjection,
    UnitCount,
    draw_votes,
    project_region,
)
from ballottage.live.synthetic import plausible_lineup, synthetic_transfers
from ballottage.simulation.batch import allocate_batch


@pytest.fixture(scope="module")
def cantons() -> dict[str, RegionData]:
    return region_units("regionales-2015", 1, "canton", ("32", "52"))


@pytest.fixture(scope="module")
def departments() -> tuple[dict[str, RegionData], dict[str, RegionData]]:
    regions = ("32", "84", "11")
    return (
        region_units("regionales-2021", 1, "department", regions),
        region_units("regionales-2015", 1, "department", regions),
    )


def _round2_night(region: RegionData, share: float, seed: int = 3) -> RegionNight:
    lineup = plausible_lineup(region.units, region.families, region.rules)
    round2 = synthetic_transfers(region.units, lineup, seed).units
    codes = sorted(region.units, key=lambda c: region.units[c].inscrits)
    counted = {c: round2[c] for c in codes[: round(share * len(codes))]}
    return night_for("regionales-2015", region, region.units, counted, round_=2)


def _check_properties(projection: RegionProjection, seats: int) -> None:
    for item in projection.lists:
        assert item.share.low <= item.share.mean <= item.share.high
        assert 0.0 <= item.share.low and item.share.high <= 1.0
        assert 0.0 <= item.win <= 1.0
        for p in (item.majority, item.stand, item.merge):
            assert p is None or 0.0 <= p <= 1.0
        if item.seats is not None:
            assert 0.0 <= item.seats.low <= item.seats.mean <= item.seats.high <= seats
    assert sum(item.win for item in projection.lists) == pytest.approx(1.0)
    assert sum(item.share.mean for item in projection.lists) == pytest.approx(1.0)


def test_round2_final_is_the_exact_law(cantons: dict[str, RegionData]) -> None:
    night = _round2_night(cantons["32"], 1.0)
    projection = project_region(night)
    votes: dict[str, int] = {}
    for unit in night.counted.values():
        for name, v in unit.votes.items():
            votes[name] = votes.get(name, 0) + v
    exprimes = sum(u.exprimes for u in night.counted.values())
    law = allocate_council(votes, night.rules, seats=night.seats, exprimes=exprimes)
    assert projection.final and projection.counted_inscrits == 1.0
    assert {i.list: i.seats.mean for i in projection.lists if i.seats} == {
        n: float(s) for n, s in law.seats.items()
    }
    for item in projection.lists:
        assert item.share.low == item.share.mean == item.share.high == votes[item.list] / exprimes
        assert item.win == (1.0 if item.list == law.leader else 0.0)
        assert item.seats is not None and item.seats.low == item.seats.high


def test_round1_final_is_the_exact_law(
    departments: tuple[dict[str, RegionData], dict[str, RegionData]],
) -> None:
    current, baseline = departments
    region = current["32"]
    night = night_for(
        "regionales-2021",
        region,
        baseline["32"].units,
        dict(region.units),
        round_=1,
        families={**baseline["32"].families, **region.families},
    )
    projection = project_region(night)
    votes: dict[str, int] = {}
    for unit in region.units.values():
        for name, v in unit.votes.items():
            votes[name] = votes.get(name, 0) + v
    decided = decide_round1(votes, region.rules, seats=region.seats)
    assert decided.eligibility is not None and projection.final
    stand = {i.list for i in projection.lists if i.stand == 1.0}
    assert (
        stand
        == set(decided.eligibility.stand)
        == set(round2_eligibility(votes, region.rules).stand)
    )
    assert all(i.seats is None for i in projection.lists)
    # Hauts-de-France 2021: Bertrand 41.4 %, Chenu 24.4 %, Delli 19.0 % stand; 9.1 % does not.
    assert [i.list for i in projection.lists[:3]] == [
        "BERTRAND Xavier",
        "CHENU Sébastien",
        "DELLI Karima",
    ]


@pytest.mark.parametrize("share", [0.1, 0.5])
def test_round2_draws_keep_the_law(cantons: dict[str, RegionData], share: float) -> None:
    night = _round2_night(cantons["52"], share)
    arrays = night_arrays(night.baseline, night.counted, night.families, by_family=False)
    votes = draw_votes(night, arrays, 2000, 1)
    seats = allocate_batch(votes, night.rules, seats=night.seats).seats
    assert (seats.sum(axis=1) == night.seats).all()
    assert (votes >= arrays.counted_votes.astype(np.int64)).mean() > 0.99
    projection = project_region(night, draws=2000)
    assert not projection.final and 0 < projection.counted_inscrits < 1
    _check_properties(projection, night.seats)
    assert sum(i.seats.mean for i in projection.lists if i.seats) == pytest.approx(night.seats)


def test_round1_draws_on_cantons_without_baseline(cantons: dict[str, RegionData]) -> None:
    region = cantons["32"]
    codes = sorted(region.units)[:40]
    counted = {c: region.units[c] for c in codes}
    night = night_for("regionales-2015", region, inscrits_only(region.units), counted, round_=1)
    projection = project_region(night, draws=2000)
    _check_properties(projection, region.seats)
    assert all(i.stand is not None and i.merge is not None for i in projection.lists)
    assert all(i.merge >= i.stand - 0.05 for i in projection.lists if i.merge and i.stand)


def test_an_outright_round1_majority_gives_seats() -> None:
    units = {
        f"{k:02d}": UnitCount(f"{k:02d}", 1000, 600, 580, MappingProxyType({"A": 400, "B": 180}))
        for k in range(10)
    }
    baseline = {
        c: UnitCount(c, 1000, 600, 580, MappingProxyType({"X": 300, "Y": 280})) for c in units
    }
    night = RegionNight(
        "test",
        "00",
        1,
        rule_set("regionales-2015"),
        19,
        baseline,
        {c: units[c] for c in list(units)[:4]},
        {"A": "left", "B": "right", "X": "left", "Y": "right"},
    )
    projection = project_region(night, draws=1000)
    leader = projection.lists[0]
    assert leader.list == "A" and leader.majority is not None and leader.majority > 0.9
    law = allocate_council({"A": 4000, "B": 1800}, night.rules, seats=19).seats["A"]
    assert leader.seats is not None and leader.seats.high == law == 15  # 5 bonus + 10 of 14
    final = project_region(replace(night, counted=units))
    assert final.final and final.lists[0].seats is not None and final.lists[0].seats.mean == law


def test_nothing_counted_projects_nothing(cantons: dict[str, RegionData]) -> None:
    night = _round2_night(cantons["52"], 0.0)
    projection = project_region(night)
    assert projection.lists == () and projection.counted_inscrits == 0.0
    with pytest.raises(InvalidInput, match="draws"):
        project_region(night, draws=10)
