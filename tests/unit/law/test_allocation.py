"""Council seats: the majority bonus, the 5 % threshold, highest averages (art. L338, L262)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from ballottage.errors import BallottageError, InvalidInput, UndecidableTie
from ballottage.law import allocate_council, leading_list, rule_set

REGIONALES = rule_set("regionales-2015")
MUNICIPALES = rule_set("municipales")
EXAMPLE = {"A": 4000, "B": 3000, "C": 2000, "D": 600, "E": 400}

OLD, MIDDLE, YOUNG = date(1945, 1, 1), date(1965, 1, 1), date(1990, 1, 1)


def test_worked_example_twenty_seats() -> None:
    result = allocate_council(EXAMPLE, REGIONALES, seats=20)
    assert dict(result.seats) == {"A": 11, "B": 5, "C": 3, "D": 1, "E": 0}
    assert (result.leader, result.bonus) == ("A", 5)
    assert (result.seats_total, result.exprimes) == (20, 10_000)
    assert dict(result.proportional.seats) == {"A": 6, "B": 5, "C": 3, "D": 1}
    assert result.proportional.ties == ()
    by_name = {item.name: item for item in result.lists}
    assert (by_name["A"].bonus, by_name["A"].proportional) == (5, 6)
    assert by_name["D"].eligible and by_name["D"].share == Fraction(6, 100)
    assert not by_name["E"].eligible and by_name["E"].share == Fraction(4, 100)
    assert (by_name["E"].bonus, by_name["E"].proportional) == (0, 0)


def test_worked_example_nineteen_seats_b_beats_d_by_more_votes() -> None:
    result = allocate_council(EXAMPLE, REGIONALES, seats=19)
    assert dict(result.seats) == {"A": 11, "B": 5, "C": 3, "D": 0, "E": 0}
    assert result.bonus == 5
    (tie,) = result.proportional.ties
    assert (set(tie.lists), tie.winners, tie.rule) == ({"B", "D"}, ("B",), "more votes")
    tie_steps = [s for s in result.trace if s.kind == "tie"]
    assert len(tie_steps) == 1 and "more votes" in tie_steps[0].text


def test_trace_tells_threshold_bonus_and_every_seat_in_order() -> None:
    result = allocate_council(EXAMPLE, REGIONALES, seats=20)
    kinds = [s.kind for s in result.trace]
    assert kinds[0] == "exprimes"
    thresholds = {s.list: s.text for s in result.trace if s.kind == "threshold"}
    assert "takes part" in thresholds["D"]
    assert "below the threshold" in thresholds["E"]
    (bonus,) = [s for s in result.trace if s.kind == "bonus"]
    assert (bonus.list, bonus.seats, bonus.article) == ("A", 5, "art. L338")
    seats = [s for s in result.trace if s.kind == "seat"]
    assert [s.text.split(" to ")[0] for s in seats] == [f"n° {n}" for n in range(6, 21)]
    assert [s.list for s in seats][-2:] == ["B", "D"]
    assert seats[-1].average == Fraction(600)


def test_a_list_with_exactly_five_percent_takes_part() -> None:
    # 40 seats: bonus 10, then 30 over 6000, 3500, 500 -> 18, 11, 1.
    result = allocate_council({"A": 6000, "B": 3500, "C": 500}, REGIONALES, seats=40)
    assert result.lists[2].share == Fraction(1, 20)
    assert result.lists[2].eligible
    assert dict(result.seats) == {"A": 28, "B": 11, "C": 1}


def test_a_list_one_vote_under_five_percent_takes_no_part() -> None:
    result = allocate_council({"A": 6001, "B": 3500, "C": 499}, REGIONALES, seats=40)
    assert not result.lists[2].eligible
    assert dict(result.seats) == {"A": 29, "B": 11, "C": 0}


def test_threshold_is_a_share_of_exprimes_not_of_the_listed_votes() -> None:
    votes = {"A": 6000, "B": 3000, "C": 480}  # C: 5.06 % of the listed votes
    alone = allocate_council(votes, REGIONALES, seats=40)
    assert alone.lists[2].eligible and alone.seats["C"] == 1
    counted = allocate_council(votes, REGIONALES, seats=40, exprimes=10_000)  # C: 4.8 %
    assert counted.exprimes == 10_000
    assert not counted.lists[2].eligible and counted.seats["C"] == 0
    assert sum(counted.seats.values()) == 40


def test_corsica_fixed_council_and_bonus() -> None:
    votes = {"Pè a Corsica": 52_000, "Droite": 40_000, "Gauche": 25_000, "FN": 8_000}
    result = allocate_council(votes, rule_set("corse-2015"))
    assert (result.seats_total, result.bonus) == (51, 9)
    assert sum(result.seats.values()) == 51
    assert result.seats["Pè a Corsica"] == 9 + result.proportional.seats["Pè a Corsica"]
    result17 = allocate_council(votes, rule_set("corse-2017"))
    assert (result17.seats_total, result17.bonus) == (63, 11)
    assert sum(result17.seats.values()) == 63


def test_municipal_council_half_the_seats_to_the_leader() -> None:
    # 27 seats: bonus 14, 13 over 520, 380, 100 -> 7, 5, 1.
    result = allocate_council({"A": 520, "B": 380, "C": 100}, MUNICIPALES, seats=27)
    assert result.bonus == 14
    assert dict(result.seats) == {"A": 21, "B": 5, "C": 1}
    assert result.trace[-1].article == "art. L262"


@pytest.mark.parametrize(("seats", "bonus"), [(1, 0), (2, 1), (3, 1), (4, 2), (5, 3)])
def test_small_municipal_councils(seats: int, bonus: int) -> None:
    result = allocate_council({"A": 70, "B": 30}, MUNICIPALES, seats=seats)
    assert result.bonus == bonus
    assert sum(result.seats.values()) == seats
    assert result.seats["A"] >= result.seats["B"]


def test_leader_is_the_list_with_most_votes() -> None:
    assert leading_list({"A": 10, "B": 12, "C": 11}, REGIONALES) == ("B", None)


def test_bonus_tie_without_birthdates_is_undecidable_and_names_the_leaders() -> None:
    with pytest.raises(UndecidableTie) as caught:
        allocate_council({"A": 4000, "B": 4000, "C": 2000}, REGIONALES, seats=20)
    assert caught.value.stage == "majority bonus"
    assert set(caught.value.lists) == {"A", "B"}
    assert caught.value.rule == "art. L338"
    assert "A, B" in str(caught.value)


def test_bonus_tie_goes_to_the_higher_average_age() -> None:
    birthdates = {"A": [YOUNG, MIDDLE, YOUNG], "B": [OLD, YOUNG, MIDDLE], "C": [OLD]}
    assert leading_list({"A": 40, "B": 40, "C": 20}, REGIONALES, birthdates) == (
        "B",
        "higher average age",
    )
    result = allocate_council(
        {"A": 4000, "B": 4000, "C": 2000}, REGIONALES, seats=20, birthdates=birthdates
    )
    assert (result.leader, result.bonus) == ("B", 5)
    (bonus,) = [s for s in result.trace if s.kind == "bonus"]
    assert "higher average age" in bonus.text
    # 15 over 4000, 4000, 2000: 6, 6, 3 (no tie at the boundary).
    assert dict(result.seats) == {"A": 6, "B": 11, "C": 3}


def test_bonus_tie_average_age_counts_every_candidate() -> None:
    # A's first candidate is the oldest, but B's candidates are older on average.
    birthdates = {"A": [date(1930, 1, 1), YOUNG, YOUNG], "B": [MIDDLE, MIDDLE, MIDDLE]}
    assert leading_list({"A": 5, "B": 5}, REGIONALES, birthdates)[0] == "B"


def test_bonus_tie_with_equal_average_age_is_undecidable() -> None:
    birthdates = {"A": [OLD, YOUNG], "B": [YOUNG, OLD], "C": [OLD]}
    with pytest.raises(UndecidableTie) as caught:
        leading_list({"A": 40, "B": 40, "C": 20}, REGIONALES, birthdates)
    assert set(caught.value.lists) == {"A", "B"}


def test_bonus_tie_with_a_leader_lacking_birthdates_is_undecidable() -> None:
    with pytest.raises(UndecidableTie) as caught:
        leading_list({"A": 40, "B": 40, "C": 20}, MUNICIPALES, {"A": [OLD]})
    assert set(caught.value.lists) == {"A", "B"}
    assert caught.value.rule == "art. L262"


def test_proportional_tie_with_equal_votes_goes_to_the_oldest_next_candidate() -> None:
    # Regional, 15 seats: bonus 4 to A; 11 over A 500, B 250, C 250 give A 6, B 2, C 2, and
    # B/3 = C/3 for the 11th seat with equal votes: C's next (third) candidate is the oldest.
    votes = {"A": 500, "B": 250, "C": 250}
    with pytest.raises(UndecidableTie) as caught:
        allocate_council(votes, REGIONALES, seats=15)
    assert set(caught.value.lists) == {"B", "C"}
    birthdates = {"A": [MIDDLE] * 14, "B": [YOUNG] * 14, "C": [YOUNG, YOUNG, OLD] + [YOUNG] * 11}
    result = allocate_council(votes, REGIONALES, seats=15, birthdates=birthdates)
    assert dict(result.seats) == {"A": 10, "B": 2, "C": 3}
    assert result.proportional.ties[-1].rule == "oldest candidate"


def test_age_tie_for_the_last_seat_skips_the_leaders_bonus_candidates() -> None:
    # Municipal, 7 seats: A and B tie on votes; A's candidates are older on average, so A
    # takes the bonus of 4 (candidates 1-4). 3 seats over 100, 100: 1, 1, then a tie for the
    # last seat with equal votes. A's next candidate is its 6th (index 5, born 1990); B's is
    # its 2nd (index 1, born 1965): B's is the older, so B takes the seat: A 5, B 2.
    birthdates = {"A": [OLD, OLD, OLD, OLD, OLD, YOUNG, YOUNG], "B": [MIDDLE] * 7}
    result = allocate_council({"A": 100, "B": 100}, MUNICIPALES, seats=7, birthdates=birthdates)
    assert (result.leader, result.bonus) == ("A", 4)
    assert dict(result.seats) == {"A": 5, "B": 2}


@pytest.mark.parametrize(
    ("votes", "field"),
    [
        ({"A": 100, "B": -5}, "votes[B]"),
        ({"A": 100, "B": 5.0}, "votes[B]"),
        ({"A": 100, "B": False}, "votes[B]"),
        ({"A": 100, "": 5}, "votes list name"),
        ({"A": 0, "B": 0}, "votes"),
        ({}, "votes"),
    ],
)
def test_bad_votes_are_refused_with_the_field_named(votes: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        allocate_council(votes, REGIONALES, seats=20)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}=")


@pytest.mark.parametrize("seats", [0, -20, True])
def test_seats_must_be_at_least_one(seats: int) -> None:
    with pytest.raises(InvalidInput) as caught:
        allocate_council(EXAMPLE, REGIONALES, seats=seats)
    assert caught.value.field == "seats"


def test_exprimes_below_the_sum_of_the_votes_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        allocate_council(EXAMPLE, REGIONALES, seats=20, exprimes=9_999)
    assert caught.value.field == "exprimes"
    assert "10000" in str(caught.value)


@pytest.mark.parametrize("exprimes", [-1, True, 10_000.0])
def test_exprimes_must_be_a_whole_number(exprimes: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        allocate_council(EXAMPLE, REGIONALES, seats=20, exprimes=exprimes)  # type: ignore[arg-type]
    assert caught.value.field == "exprimes"


def test_zero_votes_in_all_is_invalid_even_with_exprimes_given() -> None:
    with pytest.raises(InvalidInput) as caught:
        allocate_council({"A": 0, "B": 0}, REGIONALES, seats=20, exprimes=1000)
    assert caught.value.field == "votes"


def test_no_proportional_seat_for_a_list_marked_below_the_threshold() -> None:
    votes = {f"L{i:02d}": 100 for i in range(25)} | {"L00": 101}  # L00 leads with 4.04 %
    try:
        result = allocate_council(votes, REGIONALES, seats=20)
    except BallottageError:
        return
    for item in result.lists:
        assert item.eligible or item.proportional == 0, item
