"""Differential test: the law's highest averages against votelib 0.4.0's D'Hondt.

Thousands of seeded random elections. The two agree everywhere except in the two places
RULES.md names, which this test expects rather than copies:

* votelib returns an unresolved ``Tie`` for the last seat(s); the law gives them to the lists
  with more votes (or raises ``UndecidableTie`` when the votes tie too and no birth dates are
  given);
* votelib's ``RelativeThreshold`` (even with ``accept_equal=True``) drops a list with exactly
  5 % of the votes; the law says "at least 5 %", so that list takes part.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from collections.abc import Mapping
from fractions import Fraction

import pytest

from ballottage.errors import UndecidableTie
from ballottage.law import allocate_council, highest_averages, rule_set

votelib_core = pytest.importorskip("votelib.evaluate.core")
votelib_proportional = pytest.importorskip("votelib.evaluate.proportional")
votelib_threshold = pytest.importorskip("votelib.evaluate.threshold")

Tie = votelib_core.Tie
DHONDT = votelib_proportional.HighestAverages("d_hondt")
FIVE_PERCENT = votelib_threshold.RelativeThreshold(Fraction(1, 20), accept_equal=True)
VOTELIB_WITH_THRESHOLD = votelib_core.Conditioned(FIVE_PERCENT, DHONDT)

NO_BONUS = dataclasses.replace(
    rule_set("regionales-2015"), name="test-no-bonus", bonus_fraction=None, bonus_fixed=0
)
"""The regional rules without the bonus: the 5 % threshold around highest averages."""

Outcome = dict[str, int] | UndecidableTie


def random_votes(rng: random.Random, *, small: bool) -> dict[str, int]:
    """2 to 9 lists; small counts make equal averages and equal votes common."""
    top = 40 if small else 10 ** rng.randint(2, 7)
    return {f"L{i}": rng.randint(0, top) for i in range(rng.randint(2, 9))}


def random_seats(rng: random.Random) -> int:
    return rng.randint(1, 250) if rng.random() < 0.1 else rng.randint(1, 60)


def with_one_list_at_five_percent(rng: random.Random, votes: dict[str, int]) -> dict[str, int]:
    """``votes`` plus a list holding exactly 5 % of the new total (19 x = the others' sum).

    The others' sum is made a multiple of 19 by adding votes to the leader, so a single
    leader stays single.
    """
    names = list(votes)
    rest = sum(votes.values())
    bump = max(names, key=lambda name: votes[name])
    votes = votes | {bump: votes[bump] + (-rest) % 19 + (19 if rest == 0 else 0)}
    at_five = {"AT5": sum(votes.values()) // 19}
    position = rng.randint(0, len(names))
    out = dict(list(votes.items())[:position]) | at_five | dict(list(votes.items())[position:])
    assert 20 * out["AT5"] == sum(out.values())
    return out


def with_a_single_leader(votes: dict[str, int]) -> dict[str, int]:
    """The same votes with one more vote for the first leader, so the bonus stage never ties."""
    top = max(votes.values())
    first = next(n for n, v in votes.items() if v == top)
    return votes | {first: top + 1}


def law_share(votes: Mapping[str, int], seats: int) -> Outcome:
    try:
        return dict(highest_averages(votes, seats).seats)
    except UndecidableTie as tie:
        return tie


def law_with_threshold(votes: Mapping[str, int], seats: int) -> Outcome:
    try:
        result = allocate_council(votes, NO_BONUS, seats=seats)
    except UndecidableTie as tie:
        assert tie.stage == "proportional share", tie
        return tie
    assert result.bonus == 0
    return dict(result.seats)


def expect_same_or_settled(
    votes: Mapping[str, int], ours: Outcome, theirs: Mapping[object, int]
) -> str:
    """Check the law's outcome against votelib's; return what kind of case it was."""
    ties = {key: n for key, n in theirs.items() if isinstance(key, Tie)}
    definite = {key: n for key, n in theirs.items() if not isinstance(key, Tie)}
    if not ties:
        assert ours == {name: definite.get(name, 0) for name in votes}, (votes, theirs)
        return "same"
    ((tie, tied_seats),) = ties.items()
    tied = sorted(tie, key=lambda name: -votes[name])
    assert tied_seats < len(tied)
    cut = votes[tied[tied_seats - 1]]
    if votes[tied[tied_seats]] == cut:
        # Equal votes at the cut: only the candidates' ages could settle it.
        assert isinstance(ours, UndecidableTie), (votes, theirs, ours)
        assert set(ours.lists) == {name for name in tied if votes[name] == cut}
        return "votelib tie, law undecidable"
    winners = set(tied[:tied_seats])
    expected = {name: definite.get(name, 0) + (name in winners) for name in votes}
    assert ours == expected, (votes, theirs)
    return "votelib tie, law by more votes"


def test_plain_dhondt_agrees_with_votelib() -> None:
    rng = random.Random(20151213)
    kinds: Counter[str] = Counter()
    for i in range(3000):
        votes = random_votes(rng, small=i % 3 == 0)
        if not any(votes.values()):
            continue
        seats = random_seats(rng)
        kinds[
            expect_same_or_settled(votes, law_share(votes, seats), DHONDT.evaluate(votes, seats))
        ] += 1
    assert kinds["same"] >= 2000
    assert kinds["votelib tie, law by more votes"] >= 50
    assert kinds["votelib tie, law undecidable"] >= 20


def test_threshold_agrees_with_votelib_except_at_exactly_five_percent() -> None:
    rng = random.Random(20151206)
    kinds: Counter[str] = Counter()
    for i in range(2500):
        votes = with_a_single_leader(random_votes(rng, small=i % 4 == 0))
        if rng.random() < 0.4:
            votes = with_one_list_at_five_percent(rng, votes)
        seats = random_seats(rng)
        total = sum(votes.values())
        at_five = [name for name, v in votes.items() if 20 * v == total]
        ours = law_with_threshold(votes, seats)
        theirs = VOTELIB_WITH_THRESHOLD.evaluate(votes, seats)
        # The law: every list with at least 5 % takes part, then D'Hondt (votelib's own).
        admitted = {name: v for name, v in votes.items() if 20 * v >= total}
        kinds[expect_same_or_settled(votes, ours, DHONDT.evaluate(admitted, seats))] += 1
        if not at_five:
            expect_same_or_settled(votes, ours, theirs)
            continue
        # The documented difference: votelib drops the list at exactly 5 %, the law keeps it.
        passed = FIVE_PERCENT.evaluate(votes)
        assert not set(at_five) & set(passed)
        kinds["exactly 5 %"] += 1
        if isinstance(ours, dict) and any(ours[name] for name in at_five):
            kinds["exactly 5 %, seat that votelib denies"] += 1
            assert all(theirs.get(name, 0) == 0 for name in at_five)
    assert kinds["same"] >= 1500
    assert kinds["exactly 5 %"] >= 800
    assert kinds["exactly 5 %, seat that votelib denies"] >= 500
    assert kinds["votelib tie, law by more votes"] >= 30
