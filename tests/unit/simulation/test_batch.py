"""The batch allocator against the exact engine, draw by draw, and on the law's own ties."""

from __future__ import annotations

import numpy as np
import pytest

from ballottage.errors import InvalidInput, UndecidableTie
from ballottage.law import allocate_council, rule_set
from ballottage.law.rules import RuleSet
from ballottage.simulation.batch import allocate_batch

RULE_NAMES = ("regionales-2015", "corse-2015", "corse-2017", "municipales")


def _exact(
    row: list[int], rules: RuleSet, seats: int, exprimes: int | None
) -> tuple[list[int], int, bool]:
    """Seats, leader column and "a tie went to more votes" from ``allocate_council``."""
    votes = {f"L{j}": v for j, v in enumerate(row)}
    result = allocate_council(votes, rules, seats=seats, exprimes=exprimes)
    by_votes = any(t.rule == "more votes" for t in result.proportional.ties)
    return [result.seats[name] for name in votes], list(votes).index(result.leader), by_votes


def _random_batch(rng: np.random.Generator, kind: int, draws: int, lists: int) -> np.ndarray:
    """Votes of several shapes: large uniform, tiny (ties everywhere), skewed around 5 %."""
    if kind == 0:
        votes = rng.integers(0, 10**7, size=(draws, lists))
    elif kind == 1:
        votes = rng.integers(0, 40, size=(draws, lists))
    elif kind == 2:
        shares = rng.dirichlet(np.full(lists, 0.8), size=draws)
        votes = np.floor(shares * rng.integers(50, 10**8)).astype(np.int64)
    else:  # round numbers: exact ties of averages are frequent
        votes = rng.integers(0, 30, size=(draws, lists)) * 500
    votes[votes.sum(axis=1) == 0, 0] = 1
    return votes


def test_batch_equals_exact_engine_on_random_draws() -> None:
    rng = np.random.default_rng(20151213)
    checked = undecidable = ties_settled = 0
    for batch_no in range(240):
        rules = rule_set(RULE_NAMES[batch_no % 4])
        seats = rules.seats or int(rng.integers(20, 210))
        lists = int(rng.integers(2, 11))
        votes = _random_batch(rng, batch_no % 4, 50, lists)
        exprimes = None
        if batch_no % 5 == 0:  # blank-free exprimés above the list total (lists not shown)
            exprimes = votes.sum(axis=1) + rng.integers(0, votes.sum(axis=1) // 4 + 1)
        result = allocate_batch(votes, rules, seats=seats, exprimes=exprimes, chunk=17)
        assert result.seats.shape == votes.shape
        for d, row in enumerate(votes.tolist()):
            given = None if exprimes is None else int(exprimes[d])
            checked += 1
            try:
                expected, leader, by_votes = _exact(row, rules, seats, given)
            except UndecidableTie:
                undecidable += 1
                assert result.undecidable[d], (rules.name, seats, row)
                continue
            assert not result.undecidable[d], (rules.name, seats, row)
            assert result.seats[d].tolist() == expected, (rules.name, seats, row)
            assert result.leader[d] == leader
            ties_settled += by_votes
    assert checked >= 10_000
    assert undecidable > 100 and ties_settled > 100  # ties of both kinds were exercised


@pytest.mark.parametrize(("seats", "expected"), [(20, [11, 5, 3, 1, 0]), (19, [11, 5, 3, 0, 0])])
def test_worked_examples_of_the_rules(seats: int, expected: list[int]) -> None:
    # 19 seats: B (3000/5) and D (600/1) tie for the last seat; B has more votes.
    votes = np.array([[4000, 3000, 2000, 600, 400]] * 3)
    result = allocate_batch(votes, rule_set("regionales-2015"), seats=seats)
    assert result.seats.tolist() == [expected] * 3
    assert result.leader.tolist() == [0, 0, 0]
    assert not result.undecidable.any()


def test_tie_on_the_average_goes_to_more_votes_in_either_column_order() -> None:
    # Municipal council of 4: bonus 2, then A 200 and the tie A 100 = B 100 for the last seat.
    result = allocate_batch(
        np.array([[200, 100, 50], [100, 200, 50]]), rule_set("municipales"), seats=4
    )
    assert result.seats.tolist() == [[4, 0, 0], [0, 4, 0]]
    assert result.leader.tolist() == [0, 1]
    assert not result.undecidable.any()


def test_equal_lists_for_the_last_seat_are_flagged() -> None:
    rules = rule_set("regionales-2015")
    row = [3000, 1500, 1500]
    with pytest.raises(UndecidableTie):
        _exact(row, rules, 20, None)
    result = allocate_batch(np.array([row, [3000, 1500, 1499]]), rules, seats=20)
    assert result.undecidable.tolist() == [True, False]
    # Placeholder: the leftmost of the tied lists wins.
    assert result.seats[0].tolist() == [13, 4, 3]
    assert result.seats[1].tolist() == _exact([3000, 1500, 1499], rules, 20, None)[0]


def test_equal_leaders_are_flagged_and_leftmost_placeholder() -> None:
    rules = rule_set("regionales-2015")
    with pytest.raises(UndecidableTie):
        _exact([5000, 5000, 1000], rules, 20, None)
    result = allocate_batch(np.array([[1000, 5000, 5000], [5000, 4999, 1000]]), rules, seats=20)
    assert result.undecidable.tolist() == [True, False]
    assert result.leader.tolist() == [1, 0]
    assert result.seats[0].sum() == result.seats[1].sum() == 20


def test_list_at_exactly_the_threshold_takes_part() -> None:
    rules = rule_set("corse-2017")
    votes = np.array([[500, 300, 150, 50], [500, 300, 151, 49]])
    result = allocate_batch(votes, rules, exprimes=np.array([1000, 1000]))
    assert result.seats[0, 3] > 0  # 50 of 1000 is 5 %: "at least"
    assert result.seats[1, 3] == 0
    for d in range(2):
        assert result.seats[d].tolist() == _exact(votes[d].tolist(), rules, 63, 1000)[0]


def test_no_list_over_the_threshold_is_flagged_like_the_engine_refuses_it() -> None:
    rules = rule_set("municipales")
    result = allocate_batch(np.array([[30, 20, 10]]), rules, seats=27, exprimes=np.array([10_000]))
    assert result.undecidable.tolist() == [True]
    assert result.seats.sum() == 27  # a placeholder that still fills the council
    with pytest.raises(InvalidInput, match="no list reaches"):
        allocate_council({"A": 30, "B": 20, "C": 10}, rules, seats=27, exprimes=10_000)


def test_chunking_does_not_change_the_result() -> None:
    rng = np.random.default_rng(7)
    votes = rng.integers(0, 5000, size=(1000, 6))
    rules = rule_set("regionales-2015")
    whole = allocate_batch(votes, rules, seats=77)
    pieces = allocate_batch(votes, rules, seats=77, chunk=13)
    assert np.array_equal(whole.seats, pieces.seats)
    assert np.array_equal(whole.leader, pieces.leader)
    assert np.array_equal(whole.undecidable, pieces.undecidable)
    assert (whole.seats.sum(axis=1) == 77).all()


def test_votes_of_other_integer_types_are_accepted() -> None:
    rules = rule_set("corse-2015")
    votes = np.array([[40_000, 30_000, 20_000, 10_000]])
    expected = allocate_batch(votes, rules).seats
    for dtype in (np.int32, np.uint32, np.uint64):
        assert np.array_equal(allocate_batch(votes.astype(dtype), rules).seats, expected)


@pytest.mark.parametrize(
    ("votes", "exprimes", "field"),
    [
        (np.array([[10, -1]]), None, "votes"),
        (np.array([[1.5, 2.0]]), None, "votes"),
        (np.array([1, 2]), None, "votes"),
        (np.array([[0, 0], [1, 2]]), None, "votes[0]"),
        (np.array([[10, 20]]), np.array([29]), "exprimes[0]"),
        (np.array([[10, 20]]), np.array([30, 30]), "exprimes"),
        (np.array([[10**17, 1]]), None, "votes"),
    ],
)
def test_bad_input_is_refused(votes: np.ndarray, exprimes: np.ndarray | None, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        allocate_batch(votes, rule_set("regionales-2015"), seats=20, exprimes=exprimes)
    assert caught.value.field == field
