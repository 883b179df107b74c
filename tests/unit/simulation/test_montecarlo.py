"""Monte Carlo of a round 2: reproducible, coherent, and equal to the projection when certain."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ballottage.errors import InvalidInput
from ballottage.law import allocate_council, rule_set
from ballottage.simulation import (
    TransferModel,
    Turnout,
    project,
    simulate,
    simulate_draws,
)

REGIONAL = rule_set("regionales-2015")

SHARES = [
    [0.90, 0.02, 0.03, 0.04, 0.01],
    [0.05, 0.85, 0.02, 0.07, 0.01],
    [0.03, 0.02, 0.88, 0.06, 0.01],
    [0.15, 0.55, 0.05, 0.20, 0.05],
    [0.04, 0.04, 0.03, 0.88, 0.01],
]


def _model(strength: float = 60.0, electorate: tuple[int, ...] | None = None) -> TransferModel:
    """A region of five round-1 categories and three round-2 lists (illustrative figures)."""
    return TransferModel.from_shares(
        sources=("Right", "Left", "FN", "Greens", "abstention"),
        electorate=electorate or (520_000, 480_000, 300_000, 90_000, 1_100_000),
        lists=("Right", "Left", "FN"),
        others=("abstention", "blank/null"),
        shares=SHARES,
        strength=strength,
        abstention="abstention",
    )


def _certain_model() -> TransferModel:
    """The same region with every transfer fixed: no uncertainty, only the voters' draw."""
    sources = ("Right", "Left", "FN", "Greens", "abstention")
    return TransferModel.from_concentration(
        sources=sources,
        electorate=(520_000, 480_000, 300_000, 90_000, 1_100_000),
        lists=("Right", "Left", "FN"),
        others=("abstention", "blank/null"),
        concentration=SHARES,
        abstention="abstention",
        fixed=sources,
    )


def test_a_fixed_source_is_its_mean_in_every_draw() -> None:
    model = TransferModel.from_concentration(
        sources=("X", "Y"),
        electorate=(1_000, 1_000),
        lists=("A", "B"),
        others=("abstention",),
        concentration=[[0.5, 0.25, 0.25], [2.0, 2.0, 2.0]],
        fixed=("X",),
    )
    assert model.fixed_rows().tolist() == [True, False]
    rules = rule_set("municipales")
    batch = next(simulate_draws(model, rules, seats=29, draws=300, voter_draw="none"))
    assert len({tuple(v) for v in batch.votes.tolist()}) > 1  # Y is still drawn
    only_x = TransferModel.from_concentration(
        sources=("X",),
        electorate=(1_000,),
        lists=("A", "B"),
        others=("abstention",),
        concentration=[[0.5, 0.25, 0.25]],
        fixed=("X",),
    )
    for how in ("none", "moments", "multinomial"):
        votes = next(simulate_draws(only_x, rules, seats=29, draws=300, voter_draw=how)).votes
        spread = votes.std(axis=0)
        if how == "none":
            assert (votes == [500, 250]).all()
        else:  # the voters' own noise: binomial, sd sqrt(1000 × 0.5 × 0.5) ≈ 15.8
            assert 12 < spread[0] < 20


def test_fixed_names_a_source() -> None:
    with pytest.raises(InvalidInput, match="fixed"):
        TransferModel.from_concentration(
            sources=("X",),
            electorate=(10,),
            lists=("A",),
            others=("abstention",),
            concentration=[[1.0, 1.0]],
            fixed=("Z",),
        )


def _plain(
    sources: tuple[str, ...],
    electorate: list[int] | list[float],
    lists: tuple[str, ...],
    others: tuple[str, ...],
    concentration: list[list[float]] | list[list[int]],
    abstention: str | None = None,
) -> TransferModel:
    return TransferModel.from_concentration(
        sources=sources,
        electorate=electorate,
        lists=lists,
        others=others,
        concentration=concentration,
        abstention=abstention,
    )


def test_same_seed_same_summary_whatever_the_chunk() -> None:
    model = _model()
    first = simulate(model, REGIONAL, seats=83, draws=5_000, seed=42, chunk=1_000)
    again = simulate(model, REGIONAL, seats=83, draws=5_000, seed=42, chunk=777)
    other = simulate(model, REGIONAL, seats=83, draws=5_000, seed=43, chunk=1_000)
    assert first == again
    assert first != other
    assert (first.draws, first.seed, first.seats, first.rules) == (5_000, 42, 83, REGIONAL.name)


@pytest.mark.parametrize("voter_draw", ["moments", "multinomial", "none"])
def test_summary_is_coherent(voter_draw: str) -> None:
    summary = simulate(
        _model(strength=15),
        REGIONAL,
        seats=83,
        draws=4_000,
        seed=7,
        voter_draw=voter_draw,  # type: ignore[arg-type]
        turnout=Turnout(1.0, 0.1),
    )
    assert math.isclose(sum(item.p_first for item in summary.lists), 1.0)
    assert math.isclose(sum(item.mean for item in summary.lists), 83)
    for item in summary.lists:
        assert 0 <= item.p_first <= 1 and 0 <= item.p_majority <= 1
        assert 0 <= item.q05 <= item.q50 <= item.q95 <= 83
        assert sum(item.histogram) == 4_000 and len(item.histogram) == 84
        at_most = np.cumsum(item.histogram)
        assert at_most[item.q50] >= 2_000 and (item.q50 == 0 or at_most[item.q50 - 1] < 2_000)
    # A regional bonus of 21 seats: the leader nearly always has the majority here.
    assert summary.outlook("Right").p_first > 0.5
    assert 0 < summary.outlook("Left").p_first < 0.5


def test_seats_of_every_draw_fill_the_council() -> None:
    rules = rule_set("municipales")
    batches = list(simulate_draws(_model(strength=5), rules, seats=49, draws=3_000, chunk=1_000))
    assert [len(b.votes) for b in batches] == [1_000, 1_000, 1_000]
    for batch in batches:
        assert (batch.seats.sum(axis=1) == 49).all()
        assert (batch.seats >= 0).all()
        leaders_seats = batch.seats[np.arange(len(batch.votes)), batch.leader]
        assert (leaders_seats >= rules.bonus_for(49)).all()
        assert (batch.votes[np.arange(len(batch.votes)), batch.leader] == batch.votes.max(1)).all()


@pytest.mark.parametrize("turnout", [None, Turnout(1.15)])
def test_certain_transfers_give_the_projection(turnout: Turnout | None) -> None:
    model = _certain_model()
    projection = project(model, turnout=turnout)
    exact = allocate_council(projection.votes, REGIONAL, seats=83)
    summary = simulate(
        model, REGIONAL, seats=83, draws=500, seed=3, voter_draw="none", turnout=turnout
    )
    for item in summary.lists:
        assert item.q05 == item.q50 == item.q95 == exact.seats[item.name]
        assert item.p_first == (1.0 if item.name == exact.leader else 0.0)
    batch = next(
        simulate_draws(model, REGIONAL, seats=83, draws=200, voter_draw="none", turnout=turnout)
    )
    expected = np.array(list(projection.votes.values()))
    assert np.abs(batch.votes - expected).max() <= 2


def test_voter_noise_alone_stays_near_the_projection() -> None:
    # Certain transfers, but 2.5 million voters choosing: seats move by a seat at most.
    model = _certain_model()
    exact = allocate_council(project(model).votes, REGIONAL, seats=83).seats
    summary = simulate(model, REGIONAL, seats=83, draws=2_000, seed=5)
    for item in summary.lists:
        assert abs(item.q50 - exact[item.name]) <= 1 and item.q95 - item.q05 <= 2


def test_moments_match_the_exact_multinomial() -> None:
    # Small electorate: the voters' noise matters as much as the transfers' uncertainty.
    model = _model(strength=40, electorate=(52, 48, 30, 9, 110))
    rules = rule_set("municipales")
    votes = {
        how: next(
            simulate_draws(
                model, rules, seats=29, draws=40_000, seed=11, voter_draw=how, chunk=40_000
            )
        ).votes.astype(float)
        for how in ("moments", "multinomial", "none")
    }
    expected = (model.electorate @ model.mean_shares())[:3]
    for how in ("moments", "multinomial"):
        assert np.allclose(votes[how].mean(axis=0), expected, rtol=0.01)
    sd_moments, sd_exact = votes["moments"].std(axis=0), votes["multinomial"].std(axis=0)
    assert np.allclose(sd_moments, sd_exact, rtol=0.04)
    assert (votes["none"].std(axis=0) < 0.9 * sd_exact).all()  # the voters' noise is missing


def test_exact_ties_are_settled_by_lot_and_counted() -> None:
    # Two camps of exactly the same size that never move: every round 2 is a tie.
    model = _plain(("A", "B"), [5_000, 5_000], ("A", "B"), ("abstention",), [[1, 0, 0], [0, 1, 0]])
    summary = simulate(model, rule_set("municipales"), seats=29, draws=2_000, seed=9)
    assert summary.undecidable_share == 1.0
    a, b = summary.lists
    assert a.p_first + b.p_first == 1.0 and 0.45 < a.p_first < 0.55
    assert a.p_majority == a.p_first  # the bonus winner has 22 seats of 29, the other 7
    assert a.histogram[7] > 0 and a.histogram[22] > 0
    assert a.histogram[7] + a.histogram[22] == 2_000


def test_progress_is_reported_after_each_chunk() -> None:
    seen: list[tuple[int, int]] = []
    simulate(
        _model(),
        REGIONAL,
        seats=83,
        draws=2_500,
        chunk=1_000,
        on_progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(1_000, 2_500), (2_000, 2_500), (2_500, 2_500)]


def test_projection_keeps_every_voter() -> None:
    model = _plain(
        ("X", "Y", "Z"),
        [10, 5, 7],
        ("A", "B"),
        ("abstention", "blank"),
        [[1, 1, 1, 0], [0, 2, 1, 0], [1, 1, 1, 1]],
        abstention="abstention",
    )
    plain = project(model)
    # Expected A 3.33 + 1.75, B 3.33 + 3.33 + 1.75, abstention 3.33 + 1.67 + 1.75, blank 1.75.
    assert dict(plain.votes) == {"A": 5, "B": 8}
    assert dict(plain.others) == {"abstention": 7, "blank": 2}
    assert plain.exprimes == 13
    more = project(model, turnout=Turnout(factor=10.0))  # capped: everybody votes
    assert dict(more.others)["abstention"] == 0
    assert sum(more.votes.values()) + sum(more.others.values()) == 22


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"draws": 0}, "draws"),
        ({"seed": -1}, "seed"),
        ({"voter_draw": "poisson"}, "voter_draw"),
        ({"chunk": 0}, "chunk"),
    ],
)
def test_bad_options_are_refused(options: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        simulate(_model(), REGIONAL, seats=83, **options)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_bad_models_are_refused() -> None:
    with pytest.raises(InvalidInput, match="concentration"):
        _plain(("X",), [10], ("A",), ("abstention",), [[1.0, -1.0]])
    with pytest.raises(InvalidInput, match="concentration"):
        _plain(("X",), [10], ("A",), ("abstention",), [[1.0, 1.0, 1.0]])
    with pytest.raises(InvalidInput, match="abstention"):
        _plain(("X",), [10], ("A",), ("blank",), [[1.0, 1.0]], abstention="abstention")
    with pytest.raises(InvalidInput, match="electorate"):
        _plain(("X",), [10.5], ("A",), ("blank",), [[1.0, 1.0]])
    with pytest.raises(InvalidInput, match="distinct"):
        _plain(("X",), [10], ("A",), ("A",), [[1.0, 1.0]])
    with pytest.raises(InvalidInput, match="rows sum to 1"):
        TransferModel.from_shares(
            sources=("X",),
            electorate=[3],
            lists=("A",),
            others=("B",),
            shares=[[0.5, 0.6]],
            strength=10,
        )
    no_abstention = _plain(("X",), [10], ("A",), ("blank",), [[1.0, 1.0]])
    with pytest.raises(InvalidInput, match="abstention"):
        simulate(no_abstention, REGIONAL, seats=20, turnout=Turnout(1.1))
    nobody = _plain(("X",), [10], ("A",), ("blank",), [[0.0, 1.0]])
    with pytest.raises(InvalidInput, match="no voter"):
        simulate(nobody, REGIONAL, seats=20)
