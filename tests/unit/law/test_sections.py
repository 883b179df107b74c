"""Departmental sections (art. L338-1): the split and the minimum per department."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from ballottage.errors import InvalidInput, UndecidableTie
from ballottage.law import (
    SeatMove,
    allocate_sections,
    check_section_votes,
    split_among_sections,
)

OLD, YOUNG = date(1950, 1, 1), date(1992, 1, 1)

# Leader A: 10 seats over D1 6000, D2 3000, D3 600 -> 7, 3, 0.
# Its awards in order: 6000 D1, 3000 D1, 3000 D2, 2000 D1, 1500 D1, 1500 D2, 1200 D1,
# 1000 D1, 1000 D2, 857.1 D1 (ties between sections go to more votes).
# B: 4 seats over D1 2000, D2 1000, D3 900 -> 2, 1, 1 (D3 wins the remainder, 900 > 666.7).
LIST_SEATS = {"A": 10, "B": 4, "C": 0}
SECTION_VOTES = {
    "A": {"D1": 6000, "D2": 3000, "D3": 600},
    "B": {"D1": 2000, "D2": 1000, "D3": 900},
    "C": {"D1": 100, "D2": 50, "D3": 20},
}


def test_worked_example_eleven_seats_over_three_departments() -> None:
    split = split_among_sections("X", 11, {"D1": 50_000, "D2": 30_000, "D3": 7_000})
    assert split.list == "X"
    assert dict(split.seats) == {"D1": 7, "D2": 4, "D3": 0}


def test_split_puts_every_seat_of_the_list_somewhere() -> None:
    result = allocate_sections(LIST_SEATS, SECTION_VOTES, leader="A")
    assert {n: dict(s) for n, s in result.seats.items()} == {
        "A": {"D1": 7, "D2": 3, "D3": 0},
        "B": {"D1": 2, "D2": 1, "D3": 1},
        "C": {"D1": 0, "D2": 0, "D3": 0},
    }
    assert result.section_totals() == {"D1": 9, "D2": 4, "D3": 1}
    assert result.moves == ()
    order = [s.section for s in result.trace if s.list == "A"]
    assert order == "D1 D1 D2 D1 D1 D2 D1 D1 D2 D1".split()


def test_section_tie_goes_to_more_votes_then_to_the_oldest_candidate() -> None:
    # 3 seats: D1 200, then D1/2 = D2 = D3 = 100 for two seats: D1 by more votes, then D2/D3.
    votes = {"D1": 200, "D2": 100, "D3": 100}
    with pytest.raises(UndecidableTie) as caught:
        split_among_sections("X", 3, votes)
    assert set(caught.value.lists) == {"D2", "D3"}
    assert caught.value.rule == "art. L338-1"
    assert "sections of list X" in str(caught.value)
    split = split_among_sections("X", 3, votes, birthdates={"D2": [YOUNG], "D3": [OLD]})
    assert dict(split.seats) == {"D1": 2, "D2": 0, "D3": 1}
    assert split.apportionment.ties[-1].rule == "oldest candidate"


def test_section_birthdates_are_passed_per_list() -> None:
    votes = {"X": {"D1": 200, "D2": 100, "D3": 100}}
    birthdates = {"X": {"D2": [OLD], "D3": [YOUNG]}}
    result = allocate_sections({"X": 3}, votes, leader="X", birthdates=birthdates)
    assert dict(result.seats["X"]) == {"D1": 2, "D2": 1, "D3": 0}


def test_section_votes_must_add_up_to_the_list_votes() -> None:
    check_section_votes({"A": 9600, "B": 3900, "C": 170}, SECTION_VOTES)  # adds up: no error
    with pytest.raises(InvalidInput) as caught:
        check_section_votes({"A": 9601, "B": 3900}, SECTION_VOTES)
    assert caught.value.field == "sections[A]"
    assert "9600" in str(caught.value) and "9601" in str(caught.value)
    assert caught.value.rule == "art. L338-1"


def test_section_votes_for_an_unknown_list_are_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        check_section_votes({"A": 9600}, {"Z": {"D1": 1}})
    assert caught.value.field == "sections list"


def test_a_list_with_seats_needs_section_votes() -> None:
    with pytest.raises(InvalidInput) as caught:
        allocate_sections({"A": 10, "Z": 1}, {"A": SECTION_VOTES["A"]}, leader="A")
    assert caught.value.field == "sections[Z]"
    # A list without seats may have no section votes.
    result = allocate_sections({"A": 10, "Z": 0}, {"A": SECTION_VOTES["A"]}, leader="A")
    assert set(result.seats) == {"A"}


def test_bad_section_votes_are_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        allocate_sections({"A": 3}, {"A": {"D1": 10, "D2": -1}}, leader="A")
    assert "D2" in caught.value.field


# The minimum per department (loi n° 2015-29) -----------------------------------------------

MINIMA = {"D1": 4, "D2": 4, "D3": 2}


def test_small_department_with_one_seat_takes_the_leaders_last_seat() -> None:
    result = allocate_sections(LIST_SEATS, SECTION_VOTES, leader="A", minima=MINIMA)
    # D3 had 1 seat (B's); A's last seat, its 7th in D1 (6000/7), moves to D3.
    assert result.moves == (SeatMove("A", "D1", "D3", Fraction(6000, 7)),)
    assert dict(result.seats["A"]) == {"D1": 6, "D2": 3, "D3": 1}
    assert dict(result.seats["B"]) == {"D1": 2, "D2": 1, "D3": 1}  # others untouched
    totals = result.section_totals()
    assert totals == {"D1": 8, "D2": 4, "D3": 2}
    assert all(totals[s] >= m for s, m in MINIMA.items())
    assert {n: sum(s.values()) for n, s in result.seats.items()} == LIST_SEATS
    (step,) = [s for s in result.trace if s.kind == "correction"]
    assert (step.list, step.section, step.seats) == ("A", "D3", 1)
    assert "D1" in step.text and "loi n° 2015-29" in (step.article or "")


def test_without_minima_nothing_moves() -> None:
    no_minima: tuple[dict[str, int] | None, ...] = (None, {})
    for minima in no_minima:
        result = allocate_sections(LIST_SEATS, SECTION_VOTES, leader="A", minima=minima)
        assert result.moves == ()
        assert result.section_totals()["D3"] == 1
        assert not [s for s in result.trace if s.kind == "correction"]


def test_moves_skip_a_section_that_would_fall_below_its_own_minimum() -> None:
    # D3 needs 4: three seats move. A's 10th (D1, 857) goes first; its 9th is in D2, which has
    # exactly its minimum of 4, so it stays; the 8th (D1, 1000) and 7th (D1, 1200) go.
    minima = {"D1": 4, "D2": 4, "D3": 4}
    result = allocate_sections(LIST_SEATS, SECTION_VOTES, leader="A", minima=minima)
    assert result.moves == (
        SeatMove("A", "D1", "D3", Fraction(6000, 7)),
        SeatMove("A", "D1", "D3", Fraction(1000)),
        SeatMove("A", "D1", "D3", Fraction(1200)),
    )
    assert dict(result.seats["A"]) == {"D1": 4, "D2": 3, "D3": 3}
    assert result.section_totals() == {"D1": 6, "D2": 4, "D3": 4}
    assert sum(result.seats["A"].values()) == 10


def test_the_leaders_last_seat_may_come_from_any_other_section() -> None:
    # D1 at its minimum of 9: the leader's last seat there stays; its 9th (D2, 1000) moves.
    minima = {"D1": 9, "D2": 2, "D3": 2}
    result = allocate_sections(LIST_SEATS, SECTION_VOTES, leader="A", minima=minima)
    assert result.moves == (SeatMove("A", "D2", "D3", Fraction(1000)),)
    assert result.section_totals() == {"D1": 9, "D2": 3, "D3": 2}


def test_minimum_that_cannot_be_reached_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        allocate_sections(LIST_SEATS, SECTION_VOTES, leader="A", minima={"D1": 9, "D2": 4, "D3": 4})
    assert caught.value.field == "sections"
    assert caught.value.value == "D3"
    assert caught.value.rule == "art. L338-1"


def test_the_leader_needs_section_votes_for_the_correction() -> None:
    with pytest.raises(InvalidInput) as caught:
        allocate_sections(LIST_SEATS, SECTION_VOTES, leader="Q", minima=MINIMA)
    assert caught.value.field == "leader"


def test_minimum_for_an_unknown_section_is_refused() -> None:
    try:
        result = allocate_sections(LIST_SEATS, SECTION_VOTES, leader="A", minima={"D4": 2})
    except InvalidInput:
        return
    raise AssertionError(f"moved {result.moves}")


def test_correction_does_not_depend_on_the_order_of_the_sections() -> None:
    results = []
    for first, second in (("D1", "D2"), ("D2", "D1")):
        votes = {
            "A": {first: 1000, second: 1000, "D3": 10},
            "B": {"D1": 10, "D2": 10, "D3": 10},
        }
        with pytest.raises(UndecidableTie) as caught:
            allocate_sections({"A": 4, "B": 0}, votes, leader="A", minima={"D3": 1})
        results.append(set(caught.value.lists))
    assert results[0] == results[1] == {"D1", "D2"}


def test_the_correction_takes_back_the_seat_of_the_section_with_fewer_votes_at_equal_average() -> (
    None
):
    # D1 (100 votes) and D2 (200 votes) both won a seat at the average 100: D2, with more votes,
    # won it first (the code's tie rule), so D1's is the last seat and moves to D3.
    votes = {"X": {"D1": 100, "D2": 200, "D3": 1}, "Y": {"D3": 0}}
    result = allocate_sections({"X": 3, "Y": 0}, votes, leader="X", minima={"D3": 1})
    assert [(m.from_section, m.to_section) for m in result.moves] == [("D1", "D3")]
    assert dict(result.seats["X"]) == {"D1": 0, "D2": 2, "D3": 1}
