"""Highest averages (D'Hondt) with the code's tie rules: more votes, then the oldest candidate."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from ballottage.errors import InvalidInput, UndecidableTie
from ballottage.law import TieDecision, highest_averages

EXAMPLE = {"A": 4000, "B": 3000, "C": 2000, "D": 600}
"""RULES.md worked example: the four lists over 5 % (E, 4 %, is left out)."""

OLD, MIDDLE, YOUNG = date(1950, 3, 1), date(1970, 6, 15), date(1995, 12, 31)


def test_fifteen_seats_include_the_two_exact_ties_without_a_tie_decision() -> None:
    result = highest_averages(EXAMPLE, 15)
    assert dict(result.seats) == {"A": 6, "B": 5, "C": 3, "D": 1}
    assert result.total == 15
    # 4000/6 = 2000/3 and 3000/5 = 600/1 both lie inside the 15 seats: nothing to settle.
    assert result.ties == ()
    averages = [(a.list, a.average) for a in result.awards]
    assert ("A", Fraction(2000, 3)) in averages and ("C", Fraction(2000, 3)) in averages
    assert averages[-2:] == [("B", Fraction(600)), ("D", Fraction(600))]
    assert [a.number for a in result.awards] == list(range(1, 16))


def test_fourteen_seats_the_last_tie_b_against_d_goes_to_more_votes() -> None:
    result = highest_averages(EXAMPLE, 14)
    assert dict(result.seats) == {"A": 6, "B": 5, "C": 3, "D": 0}
    assert result.ties == (
        TieDecision(lists=("B", "D"), seats=1, winners=("B",), rule="more votes"),
    )
    last = result.awards[-1]
    assert (last.number, last.list, last.average) == (14, "B", Fraction(600))


def test_award_order_is_by_decreasing_average() -> None:
    awards = highest_averages(EXAMPLE, 15).awards
    # 4000, 3000, then 4000/2 = 2000/1: the list with more votes comes first.
    assert [a.list for a in awards[:4]] == ["A", "B", "A", "C"]
    assert all(x.average >= y.average for x, y in zip(awards, awards[1:], strict=False))


def test_eleven_seats_over_three_departments() -> None:
    result = highest_averages({"X": 50_000, "Y": 30_000, "Z": 7_000}, 11)
    assert dict(result.seats) == {"X": 7, "Y": 4, "Z": 0}


def test_zero_seats_and_zero_vote_lists() -> None:
    assert dict(highest_averages({"A": 10, "B": 0}, 0).seats) == {"A": 0, "B": 0}
    assert dict(highest_averages({"A": 0, "B": 0}, 0).seats) == {"A": 0, "B": 0}
    assert dict(highest_averages({"A": 10, "B": 0}, 5).seats) == {"A": 5, "B": 0}


def test_more_votes_settle_a_three_way_tie_for_two_seats() -> None:
    # 600/3 = 400/2 = 200/1 for the 4th and 5th seats: A and B have more votes than C.
    result = highest_averages({"A": 600, "B": 400, "C": 200}, 5)
    assert dict(result.seats) == {"A": 3, "B": 2, "C": 0}
    assert result.ties == (
        TieDecision(lists=("A", "B", "C"), seats=2, winners=("A", "B"), rule="more votes"),
    )


def test_equal_votes_tie_without_birthdates_is_undecidable_and_names_the_lists() -> None:
    with pytest.raises(UndecidableTie) as caught:
        highest_averages({"A": 300, "B": 150, "C": 150, "D": 10}, 3)
    assert set(caught.value.lists) == {"B", "C"}
    assert caught.value.seats == 1
    assert caught.value.rule == "art. L338"
    assert "B" in str(caught.value) and "C" in str(caught.value)
    assert "art. L338" in str(caught.value)


def test_oldest_next_candidate_takes_the_last_seat() -> None:
    # 5 seats: 300 (A), 200 (B), 200 (C), 150 (A), then A/3 = B/2 = C/2 = 100: A, more votes.
    assert dict(highest_averages({"A": 300, "B": 200, "C": 200}, 5).seats) == {
        "A": 3,
        "B": 1,
        "C": 1,
    }
    # 6 seats: B and C, equal votes, share the average 100 for the last seat.
    birthdates = {"B": [YOUNG, MIDDLE], "C": [YOUNG, OLD]}
    result = highest_averages({"A": 300, "B": 200, "C": 200}, 6, birthdates=birthdates)
    assert dict(result.seats) == {"A": 3, "B": 1, "C": 2}
    # A/3 = B/2 = C/2 = 100 for the 5th and 6th seats: A by more votes, C by age.
    assert result.ties == (
        TieDecision(lists=("A", "B", "C"), seats=2, winners=("A", "C"), rule="oldest candidate"),
    )
    # The same next candidates the other way round give the seat to B.
    swapped = {"B": [YOUNG, OLD], "C": [YOUNG, MIDDLE]}
    assert highest_averages({"A": 300, "B": 200, "C": 200}, 6, birthdates=swapped).seats["B"] == 2


def test_candidates_already_elected_are_not_the_next_candidate() -> None:
    # B's *first* candidate is the oldest of all but already holds B's seat.
    birthdates = {"B": [OLD, YOUNG], "C": [YOUNG, MIDDLE]}
    result = highest_averages({"A": 300, "B": 200, "C": 200}, 6, birthdates=birthdates)
    assert result.seats["C"] == 2 and result.seats["B"] == 1


@pytest.mark.parametrize(
    "birthdates",
    [
        {"B": [YOUNG, MIDDLE]},  # C has no dates
        {"B": [YOUNG, MIDDLE], "C": [YOUNG]},  # C has no next candidate
        {"B": [YOUNG, MIDDLE], "C": [YOUNG, MIDDLE]},  # same birth date
    ],
)
def test_age_tie_that_the_dates_cannot_settle_is_undecidable(
    birthdates: dict[str, list[date]],
) -> None:
    with pytest.raises(UndecidableTie) as caught:
        highest_averages(
            {"A": 300, "B": 200, "C": 200}, 6, birthdates=birthdates, article="art. L262"
        )
    assert set(caught.value.lists) == {"B", "C"}
    assert caught.value.rule == "art. L262"


def test_more_votes_decide_before_age_even_against_older_candidates() -> None:
    # 14 seats of the worked example with D's next candidate much older: B still wins.
    birthdates = {"B": [YOUNG] * 6, "D": [OLD]}
    result = highest_averages(EXAMPLE, 14, birthdates=birthdates)
    assert result.seats["B"] == 5 and result.seats["D"] == 0
    assert result.ties[0].rule == "more votes"


def test_two_equal_lists_for_two_seats_need_no_tie_rule() -> None:
    result = highest_averages({"A": 100, "B": 100}, 2)
    assert dict(result.seats) == {"A": 1, "B": 1}
    assert result.ties == ()


def test_result_keeps_the_input_order_and_is_read_only() -> None:
    result = highest_averages({"Z": 10, "A": 30}, 4)
    assert list(result.seats) == ["Z", "A"]
    assert list(result.votes) == ["Z", "A"]
    with pytest.raises(TypeError):
        result.seats["Z"] = 3  # type: ignore[index]


@pytest.mark.parametrize(
    ("votes", "field"),
    [
        ({"A": -1, "B": 5}, "votes[A]"),
        ({"A": 1.5, "B": 5}, "votes[A]"),
        ({"A": 10, "B": True}, "votes[B]"),
        ({"A": 10, "B": "7"}, "votes[B]"),
        ({"": 10}, "votes list name"),
        ({"   ": 10}, "votes list name"),
        ({}, "votes"),
    ],
)
def test_bad_votes_are_refused_with_the_field_named(votes: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        highest_averages(votes, 3)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}=")


@pytest.mark.parametrize("seats", [-1, True, 2.0])
def test_bad_seat_count_is_refused(seats: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        highest_averages({"A": 1}, seats)  # type: ignore[arg-type]
    assert caught.value.field == "seats"


def test_seats_without_any_vote_are_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        highest_averages({"A": 0, "B": 0}, 3)
    assert caught.value.field == "votes"
    assert "no list has a vote" in str(caught.value)
