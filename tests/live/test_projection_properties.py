"""Properties of the projection on random small nights (Hypothesis)."""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ballottage.law.rules import rule_set
from ballottage.live.model_units import night_arrays
from ballottage.live.projection import RegionNight, UnitCount, draw_votes, project_region
from ballottage.simulation.batch import allocate_batch

LISTS = ("A", "B", "C", "D")


def _unit(code: str, inscrits: int, shares: list[float]) -> UnitCount:
    votes = {n: int(inscrits * s * 0.6) for n, s in zip(LISTS, shares, strict=True)}
    exprimes = sum(votes.values())
    return UnitCount(code, inscrits, exprimes, exprimes, MappingProxyType(votes))


@st.composite
def nights(draw: st.DrawFn) -> RegionNight:
    count = draw(st.integers(3, 30))
    round_ = draw(st.sampled_from([1, 2]))
    seed = draw(st.integers(0, 10_000))
    rng = np.random.default_rng(seed)
    codes = [f"{1 + k % 3:02d}-{k:02d}" for k in range(count)]
    sizes = rng.lognormal(7, 1.2, count).astype(int) + 50
    base = {
        c: _unit(c, int(n), list(rng.dirichlet([5, 4, 2, 1])))
        for c, n in zip(codes, sizes, strict=True)
    }
    final = {
        c: _unit(c, int(n), list(rng.dirichlet([5, 4, 2, 1])))
        for c, n in zip(codes, sizes, strict=True)
    }
    k = draw(st.integers(1, count))
    counted = {c: final[c] for c in codes[:k]}
    return RegionNight(
        "test",
        "00",
        round_,
        rule_set("regionales-2015"),
        31,
        base,
        counted,
        {n: f"f{n}" for n in LISTS},
    )


@settings(max_examples=30, deadline=None)
@given(nights())
def test_every_draw_fills_the_council_and_every_figure_is_in_range(night: RegionNight) -> None:
    projection = project_region(night, draws=300)
    assert 0.0 < projection.counted_inscrits <= 1.0
    assert projection.final == (len(night.counted) == len(night.baseline))
    for item in projection.lists:
        assert item.share.low <= item.share.mean <= item.share.high
        assert 0.0 <= item.share.low and item.share.high <= 1.0
        for p in (item.win, item.majority, item.stand, item.merge):
            assert p is None or 0.0 <= p <= 1.0
        if item.seats is not None:
            assert 0 <= item.seats.low <= item.seats.mean <= item.seats.high <= 31
    if night.round == 2:
        assert sum(i.seats.mean for i in projection.lists if i.seats) == pytest.approx(31)
        if not projection.final:
            arrays = night_arrays(night.baseline, night.counted, night.families, by_family=False)
            votes = draw_votes(night, arrays, 300, 0)
            assert (allocate_batch(votes, night.rules, seats=31).seats.sum(axis=1) == 31).all()
