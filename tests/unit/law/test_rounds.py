"""Round 1 and round 2: outright win, who may stand or merge, line-up checks (L338, L346...)."""

from __future__ import annotations

import pytest

from ballottage.errors import IllegalLineup, InvalidInput, UndecidableTie
from ballottage.law import (
    Lineup,
    Outcome,
    Status,
    check_lineup,
    decide_round1,
    lineup_from,
    outright_winner,
    round2_eligibility,
    rule_set,
)

REGIONALES = rule_set("regionales-2015")
MUNICIPALES = rule_set("municipales")
CORSE = rule_set("corse-2017")

# exactly 10 % (C), just under 10 % (D), over 5 % (E), exactly 5 % (F), under 5 % (G).
ROUND1 = {"A": 4000, "B": 2999, "C": 1000, "D": 999, "E": 501, "F": 500, "G": 1}


# Round 1 --------------------------------------------------------------------------------------


def test_exactly_half_of_exprimes_is_not_an_absolute_majority() -> None:
    result = decide_round1({"A": 500, "B": 300, "C": 200}, REGIONALES, seats=20)
    assert result.outcome == "round2"
    assert result.allocation is None
    assert result.eligibility.stand == ("A", "B", "C")


def test_one_vote_over_half_wins_outright_with_the_bonus() -> None:
    result = decide_round1({"A": 501, "B": 299, "C": 200}, REGIONALES, seats=20)
    assert result.outcome == "seats"
    assert result.allocation is not None
    assert result.allocation.leader == "A" and result.allocation.bonus == 5
    # 15 over 501, 299, 200: 8, 4, 3.
    assert dict(result.allocation.seats) == {"A": 13, "B": 4, "C": 3}


def test_absolute_majority_is_of_exprimes_not_of_the_listed_votes() -> None:
    # A has 55 % of the listed votes but exactly half of exprimés.
    result = decide_round1({"A": 500, "B": 400}, MUNICIPALES, seats=15, exprimes=1000)
    assert result.outcome == "round2"
    assert result.eligibility.exprimes == 1000
    won = decide_round1({"A": 501, "B": 399}, MUNICIPALES, seats=15, exprimes=1000)
    assert won.outcome == "seats"
    assert won.allocation is not None and won.allocation.exprimes == 1000


def test_outright_winner_is_the_list_over_half_of_exprimes() -> None:
    assert outright_winner({"A": 501, "B": 499}) == "A"
    assert outright_winner({"A": 500, "B": 500}) is None
    # Over half of the listed votes, exactly half of exprimés: no winner.
    assert outright_winner({"A": 500, "B": 400}, exprimes=1000) is None
    won = decide_round1({"A": 501, "B": 399}, MUNICIPALES, seats=15, exprimes=1000)
    assert won.winner == "A" and won.outcome is Outcome.SEATS
    with pytest.raises(InvalidInput):
        outright_winner({"A": 501, "B": 499}, exprimes=900)


def test_outcome_and_status_are_the_strings_of_the_json() -> None:
    assert Outcome.ROUND2 == "round2" and f"{Outcome.SEATS}" == "seats"
    e = round2_eligibility(ROUND1, REGIONALES)
    assert e.status("A") is Status.STAND and e.status("G") == "out"


def test_round1_needs_the_council_size_and_valid_votes() -> None:
    with pytest.raises(InvalidInput) as caught:
        decide_round1({"A": 501, "B": 499}, MUNICIPALES)
    assert caught.value.field == "seats"
    with pytest.raises(InvalidInput) as caught:
        decide_round1({"A": 501, "B": -1}, MUNICIPALES, seats=15)
    assert caught.value.field == "votes[B]"


# Who may stand, who may merge ------------------------------------------------------------------


def test_ten_percent_to_stand_five_percent_to_merge() -> None:
    assert sum(ROUND1.values()) == 10_000
    e = round2_eligibility(ROUND1, REGIONALES)
    assert e.stand == ("A", "B", "C")  # C has exactly 10 %
    assert e.merge == ("D", "E", "F")  # F has exactly 5 %
    assert e.out == ("G",)
    assert e.fallback is None
    assert [e.status(n) for n in ("A", "D", "G")] == ["stand", "merge", "out"]
    assert all(step.article == "art. L346" for step in e.trace)
    assert [step.list for step in e.trace] == ["A", "B", "C", "D", "E", "F", "G"]


def test_thresholds_are_shares_of_exprimes() -> None:
    e = round2_eligibility({"A": 5000, "B": 1000, "C": 500}, REGIONALES, exprimes=10_001)
    assert e.stand == ("A", "B")  # B (9.999 %) stands only by the runner-up fallback
    assert e.fallback == "runner-up"
    assert e.merge == ()  # C: 4.9995 % of exprimés
    assert e.out == ("C",)


def test_runner_up_may_stand_when_only_one_list_reached_ten_percent() -> None:
    e = round2_eligibility({"A": 8000, "B": 900, "C": 700, "D": 400}, REGIONALES)
    assert (e.stand, e.merge, e.out, e.fallback) == (("A", "B"), ("C",), ("D",), "runner-up")
    assert "runner-up fallback" in e.trace[1].text


def test_two_leading_lists_may_stand_when_none_reached_ten_percent() -> None:
    votes = {f"L{i}": 950 - 10 * i for i in range(11)}  # 9.5 % down to 8.5 %
    votes["Z"] = 10_000 - sum(votes.values())
    e = round2_eligibility(votes, REGIONALES)
    assert all(10 * v < sum(votes.values()) for v in votes.values())
    assert e.stand == ("L0", "L1")
    assert e.fallback == "top-two"
    assert "L2" in e.merge


def test_municipales_have_no_fallback() -> None:
    one = round2_eligibility({"A": 8000, "B": 900, "C": 700, "D": 400}, MUNICIPALES)
    assert (one.stand, one.fallback) == (("A",), None)
    assert one.merge == ("B", "C")
    votes = {f"L{i}": 950 - 10 * i for i in range(11)}
    votes["Z"] = 10_000 - sum(votes.values())
    none = round2_eligibility(votes, MUNICIPALES)
    assert (none.stand, none.fallback) == ((), None)
    assert none.merge[:2] == ("L0", "L1")


def test_corsica_stands_at_seven_percent() -> None:
    votes = {"A": 5000, "B": 3000, "C": 700, "D": 699, "E": 601}
    e = round2_eligibility(votes, CORSE)
    assert e.stand == ("A", "B", "C")
    assert e.merge == ("D", "E")
    regional = round2_eligibility(votes, REGIONALES)
    assert regional.stand == ("A", "B")


# One list over the threshold, then nine lists between 6 % and 6.5 % and one at 3.5 %.
_ONE_OVER = {"A": 4800, "B": 650, "C": 600, "D": 600, "E": 600, "F": 600, "G": 600, "H": 600,
             "I": 600, "J": 350}  # fmt: skip
# No list at 7 %: twenty lists between 4.5 % and 5.5 %.
_NONE_OVER = {f"L{i}": 520 - 5 * i for i in range(20)}


@pytest.mark.parametrize(
    ("name", "one_over", "none_over", "fallbacks"),
    [
        ("regionales-2015", ("A", "B"), ("L0", "L1"), ("runner-up", "top-two")),
        ("martinique-2015", ("A", "B"), ("L0", "L1"), ("runner-up", "top-two")),
        ("corse-2015", ("A",), (), (None, None)),
        ("corse-2017", ("A",), (), (None, None)),
        ("municipales", ("A",), (), (None, None)),
    ],
)
def test_round2_fallbacks_per_rule_set(
    name: str,
    one_over: tuple[str, ...],
    none_over: tuple[str, ...],
    fallbacks: tuple[str | None, str | None],
) -> None:
    rules = rule_set(name)
    assert all(100 * v < 7 * sum(_NONE_OVER.values()) for v in _NONE_OVER.values())
    one = round2_eligibility(_ONE_OVER, rules)
    none = round2_eligibility(_NONE_OVER, rules)
    assert (one.stand, none.stand) == (one_over, none_over)
    assert (one.fallback, none.fallback) == fallbacks
    assert {s.article for s in one.trace} == {rules.article("stand")}
    if not fallbacks[0]:
        # B has 6.5 %: over the merge threshold, so it may merge but not stand.
        assert "B" in one.merge
        with pytest.raises(IllegalLineup, match="cannot stand") as caught:
            check_lineup(one, lineup_from(["A", "B"], {}))
        assert caught.value.rule == rules.article("stand")


def test_fallbacks_never_let_a_list_without_votes_stand() -> None:
    e = round2_eligibility({"A": 100, "B": 0}, REGIONALES)
    assert e.stand == ("A",) and e.out == ("B",)


def test_runner_up_tie_does_not_depend_on_the_order_of_the_lists() -> None:
    # Art. L346 names "the" list that came second; with two, the code does not say: refuse.
    for votes in ({"A": 900, "B": 50, "C": 50}, {"A": 900, "C": 50, "B": 50}):
        with pytest.raises(UndecidableTie) as caught:
            round2_eligibility(votes, REGIONALES)
        assert set(caught.value.lists) == {"B", "C"} and caught.value.seats == 1


def test_top_two_tie_does_not_depend_on_the_order_of_the_lists() -> None:
    small = {f"S{i}": 750 for i in range(10)}
    for votes in (
        {"A": 900, "B": 800, "C": 800, **small},
        {"A": 900, "C": 800, "B": 800, **small},
    ):
        with pytest.raises(UndecidableTie) as caught:
            round2_eligibility(votes, REGIONALES)
        assert set(caught.value.lists) == {"B", "C"} and caught.value.seats == 1


# Line-ups -----------------------------------------------------------------------------------

ELIGIBLE = round2_eligibility({"A": 40, "B": 35, "C": 15, "D": 6, "E": 4}, REGIONALES)


def test_a_line_up_with_mergers_is_accepted_and_frozen() -> None:
    lineup = check_lineup(ELIGIBLE, lineup_from(["A", "B", "C"], {"B": ["D"]}))
    assert lineup.standing == ("A", "B", "C")
    assert dict(lineup.mergers) == {"B": ("D",)}
    assert lineup.partners() == ("D",)
    with pytest.raises(TypeError):
        lineup.mergers["A"] = ("D",)  # type: ignore[index]


def test_a_list_that_may_stand_may_withdraw() -> None:
    assert check_lineup(ELIGIBLE, Lineup(("A", "B"))).standing == ("A", "B")
    assert check_lineup(ELIGIBLE, Lineup(("A",))).standing == ("A",)


def test_a_list_that_withdraws_may_merge_into_one_that_stands() -> None:
    lineup = check_lineup(ELIGIBLE, Lineup(("A", "B"), {"B": ("C", "D")}))
    assert lineup.partners() == ("C", "D")


def test_a_list_that_may_not_stand_is_refused_with_the_article() -> None:
    with pytest.raises(IllegalLineup) as caught:
        check_lineup(ELIGIBLE, Lineup(("A", "D")))
    text = str(caught.value)
    assert "'D'" in text and "6.00 %" in text and "10 %" in text
    assert caught.value.rule == "art. L346"
    assert "art. L346" in text


def test_municipal_refusal_names_its_own_article() -> None:
    e = round2_eligibility({"A": 60, "B": 32, "C": 8}, MUNICIPALES)
    with pytest.raises(IllegalLineup) as caught:
        check_lineup(e, Lineup(("A", "B", "C")))
    assert caught.value.rule == "art. L264"


def test_merge_partner_needs_five_percent() -> None:
    with pytest.raises(IllegalLineup) as caught:
        check_lineup(ELIGIBLE, Lineup(("A", "B"), {"B": ("E",)}))
    assert "'E'" in str(caught.value) and "5 %" in str(caught.value)
    assert caught.value.rule == "art. L346"


def test_merge_partner_must_not_stand_itself() -> None:
    with pytest.raises(IllegalLineup, match="stands in round 2"):
        check_lineup(ELIGIBLE, Lineup(("A", "B", "C"), {"B": ("C",)}))
    with pytest.raises(IllegalLineup, match="stands in round 2"):
        check_lineup(ELIGIBLE, Lineup(("A", "B"), {"B": ("B",)}))


def test_a_list_appears_in_one_place_only() -> None:
    with pytest.raises(IllegalLineup, match="two round-2 lists"):
        check_lineup(ELIGIBLE, Lineup(("A", "B"), {"A": ("D",), "B": ("D",)}))
    with pytest.raises(IllegalLineup, match="two round-2 lists"):
        check_lineup(ELIGIBLE, Lineup(("A", "B"), {"B": ("D", "D")}))
    with pytest.raises(IllegalLineup, match="stands twice"):
        check_lineup(ELIGIBLE, Lineup(("A", "B", "A")))


def test_only_a_standing_list_takes_in_candidates() -> None:
    with pytest.raises(IllegalLineup, match="does not stand"):
        check_lineup(ELIGIBLE, Lineup(("A",), {"B": ("D",)}))


def test_someone_must_stand() -> None:
    with pytest.raises(IllegalLineup, match="no list stands"):
        check_lineup(ELIGIBLE, Lineup(()))


@pytest.mark.parametrize(
    "lineup",
    [Lineup(("A", "X")), Lineup(("A",), {"X": ("D",)}), Lineup(("A",), {"A": ("X",)})],
)
def test_unknown_list_in_a_line_up_is_named(lineup: Lineup) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_lineup(ELIGIBLE, lineup)
    assert caught.value.field == "list"
    assert caught.value.value == "X"


def test_an_absolute_majority_decides_even_when_the_runner_up_place_is_tied() -> None:
    # Art. L338: no round 2, so the tie for the runner-up fallback never matters.
    result = decide_round1({"A": 96, "B": 2, "C": 2}, REGIONALES, seats=19)
    assert result.outcome == "seats" and result.eligibility is None
    assert result.allocation is not None and result.allocation.seats["A"] == 19


def test_a_runner_up_that_stands_only_by_the_fallback_cannot_merge_under_five_percent() -> None:
    eligibility = round2_eligibility({"A": 96, "B": 4}, REGIONALES, exprimes=200)
    assert eligibility.stand == ("A", "B") and eligibility.fallback == "runner-up"
    with pytest.raises(IllegalLineup, match="below 5 %"):
        check_lineup(eligibility, lineup_from(["A"], {"A": ["B"]}))
