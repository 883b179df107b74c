"""Round 1 and the way to round 2: outright win, who may stand, who may merge.

>>> from ballottage.law.rules import rule_set
>>> e = round2_eligibility({"A": 8000, "B": 900, "C": 700, "D": 400}, rule_set("regionales-2015"))
>>> e.stand, e.merge, e.out, str(e.fallback)
(('A', 'B'), ('C',), ('D',), 'runner-up')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType

from ballottage.errors import IllegalLineup, InvalidInput, UndecidableTie
from ballottage.law.allocation import CouncilAllocation, allocate_council
from ballottage.law.apportionment import Birthdates
from ballottage.law.rules import RuleSet
from ballottage.law.trace import Step, decimal_text
from ballottage.law.votes import (
    absolute_majority,
    checked_exprimes,
    checked_votes,
    shares_at_least,
)


class Status(StrEnum):
    """What round 1 allows a list in round 2 (art. L346, L373, L264)."""

    STAND = "stand"
    """It may stand in round 2."""
    MERGE = "merge"
    """It may only merge into a list that stands."""
    OUT = "out"
    """It may do neither."""


class Fallback(StrEnum):
    """The fallback that let a list stand in round 2 below the threshold (art. L346, L558-19)."""

    RUNNER_UP = "runner-up"
    """Only one list reached the threshold: the runner-up may stand too."""
    TOP_TWO = "top-two"
    """No list reached it: the two leading lists may stand."""


class Outcome(StrEnum):
    """How round 1 ends (art. L338, L366, L262)."""

    SEATS = "seats"
    """A list had the absolute majority: seats are given in round 1."""
    ROUND2 = "round2"
    """Nobody had it: round 2 follows."""


@dataclass(frozen=True)
class Eligibility:
    """Who may stand in round 2, who may only merge, who is out (art. L346, L373, L264)."""

    rules: RuleSet
    votes: Mapping[str, int]
    exprimes: int
    stand: tuple[str, ...]
    merge: tuple[str, ...]
    out: tuple[str, ...]
    fallback: Fallback | None
    """The fallback that let a list stand, if one did."""
    trace: tuple[Step, ...]

    def status(self, name: str) -> Status:
        """:class:`Status` of the list ``name``: stand, merge or out.

        >>> from ballottage.law.rules import rule_set
        >>> str(round2_eligibility({"A": 60, "B": 34, "C": 6}, rule_set("municipales")).status("C"))
        'merge'
        """
        if name in self.stand:
            return Status.STAND
        return Status.MERGE if name in self.merge else Status.OUT


@dataclass(frozen=True)
class Round1Result:
    """Round 1: either a list has the absolute majority and seats are given, or round 2."""

    outcome: Outcome
    """Seats given in round 1, or round 2."""
    eligibility: Eligibility | None
    """Who may stand in round 2; ``None`` when a list won outright."""
    allocation: CouncilAllocation | None
    winner: str | None = None
    """The list with the absolute majority when round 1 decided."""


@dataclass(frozen=True)
class Lineup:
    """A round-2 line-up: the lists that stand and, for each, the lists merged into it."""

    standing: tuple[str, ...]
    mergers: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))

    def partners(self) -> tuple[str, ...]:
        """Every list merged into a standing list.

        >>> Lineup(("A", "B"), {"A": ("C",), "B": ("D", "E")}).partners()
        ('C', 'D', 'E')
        """
        return tuple(p for group in self.mergers.values() for p in group)


def _by_votes(votes: Mapping[str, int]) -> list[str]:
    return sorted(votes, key=lambda n: -votes[n])


def _leading(
    ranked: list[str], votes: Mapping[str, int], count: int, rules: RuleSet, stage: str
) -> list[str]:
    """The ``count`` leading lists; a tie at the cut is not settled by the code, so it raises."""
    if len(ranked) <= count:
        return list(ranked)
    cut = votes[ranked[count - 1]]
    if votes[ranked[count]] == cut:
        level = [n for n in ranked if votes[n] == cut]
        above = sum(1 for n in ranked if votes[n] > cut)
        raise UndecidableTie(stage, level, count - above, rules.article("stand"))
    return list(ranked[:count])


def round2_eligibility(
    votes: Mapping[str, int], rules: RuleSet, *, exprimes: int | None = None
) -> Eligibility:
    """Who may stand in round 2 and who may merge, from round-1 votes.

    A list may stand with at least the stand threshold (10 %, 7 % in Corsica) of exprimés.
    Regional and Martinique rules add two fallbacks (art. L346, L558-19): if only one list
    reached it, the runner-up may stand too; if none did, the two leading lists may. Corsica
    (art. L373) and communes (art. L264) have none: only the lists over the threshold stand.
    A list may merge with at least the merge threshold (5 %).

    >>> from ballottage.law.rules import rule_set
    >>> e = round2_eligibility({"A": 45, "B": 8, "C": 7, "D": 40}, rule_set("corse-2015"))
    >>> e.stand, e.merge
    (('A', 'D', 'B', 'C'), ())
    >>> round2_eligibility({"A": 93, "B": 4, "C": 3}, rule_set("corse-2017")).stand
    ('A',)
    """
    votes = checked_votes(votes)
    exprimes = checked_exprimes(votes, exprimes)
    ranked = _by_votes(votes)
    stand = [n for n in ranked if shares_at_least(rules.stand_threshold, votes[n], exprimes)]
    fallback: Fallback | None = None
    if len(stand) == 1 and rules.runner_up_fallback and len(ranked) > 1 and votes[ranked[1]]:
        stand = _leading(ranked, votes, 2, rules, "runner-up fallback")
        fallback = Fallback.RUNNER_UP
    elif not stand and rules.top_two_fallback:
        stand = _leading([n for n in ranked if votes[n]], votes, 2, rules, "top-two fallback")
        fallback = Fallback.TOP_TWO
    merge = [
        n
        for n in ranked
        if n not in stand and shares_at_least(rules.merge_threshold, votes[n], exprimes)
    ]
    out = [n for n in ranked if n not in stand and n not in merge]
    return Eligibility(
        rules,
        MappingProxyType(votes),
        exprimes,
        tuple(stand),
        tuple(merge),
        tuple(out),
        fallback,
        _eligibility_trace(ranked, stand, merge, fallback, rules.article("stand")),
    )


_STATUS_TEXT = {
    Status.STAND: "may stand in round 2",
    Status.MERGE: "may merge into a list that stands",
    Status.OUT: "out",
}


def _eligibility_trace(
    ranked: Sequence[str],
    stand: Sequence[str],
    merge: Sequence[str],
    fallback: Fallback | None,
    article: str,
) -> tuple[Step, ...]:
    """One step per list: its status, and the fallback that let the last standing list stand."""
    steps = []
    for n in ranked:
        status = Status.STAND if n in stand else Status.MERGE if n in merge else Status.OUT
        note = f" ({fallback} fallback)" if fallback and n in stand and n == stand[-1] else ""
        steps.append(
            Step("eligibility", f"{n}: {_STATUS_TEXT[status]}{note}", list=n, article=article)
        )
    return tuple(steps)


def outright_winner(votes: Mapping[str, int], *, exprimes: int | None = None) -> str | None:
    """The list with the absolute majority of exprimés in round 1, or ``None`` (art. L338,
    L366, L262: it wins at once and there is no round 2).

    ``exprimes`` defaults to the sum of the list votes.

    >>> outright_winner({"A": 51, "B": 49}), outright_winner({"A": 50, "B": 50})
    ('A', None)
    >>> outright_winner({"A": 51, "B": 39}, exprimes=110) is None
    True
    """
    votes = checked_votes(votes)
    exprimes = checked_exprimes(votes, exprimes)
    return next((n for n, v in votes.items() if absolute_majority(v, exprimes)), None)


def decide_round1(
    votes: Mapping[str, int],
    rules: RuleSet,
    *,
    seats: int | None = None,
    exprimes: int | None = None,
    birthdates: Birthdates | None = None,
) -> Round1Result:
    """Round 1: a list with the absolute majority of exprimés wins at once (art. L338).

    Otherwise the result says who may stand or merge in round 2.

    >>> from ballottage.law.rules import rule_set
    >>> r = decide_round1({"A": 51, "B": 49}, rule_set("municipales"), seats=10)
    >>> str(r.outcome), r.winner
    ('seats', 'A')
    """
    votes = checked_votes(votes)
    exprimes = checked_exprimes(votes, exprimes)
    total = rules.council_size(seats)
    winner = outright_winner(votes, exprimes=exprimes)
    if winner is not None:
        # No round 2: who could have stood does not matter (and may not even be decidable).
        allocation = allocate_council(
            votes, rules, seats=total, exprimes=exprimes, birthdates=birthdates
        )
        return Round1Result(Outcome.SEATS, None, allocation, winner)
    eligibility = round2_eligibility(votes, rules, exprimes=exprimes)
    return Round1Result(Outcome.ROUND2, eligibility, None)


def check_lineup(eligibility: Eligibility, lineup: Lineup) -> Lineup:
    """Check a round-2 line-up against the law (art. L346, L373, L264), or raise.

    A list may stand only if round 1 allowed it; a list may be merged into a standing list
    only if it reached the merge threshold and does not stand itself; a candidate (so a list)
    appears on one round-2 list only.

    >>> from ballottage.law.rules import rule_set
    >>> e = round2_eligibility({"A": 40, "B": 35, "C": 15, "D": 6, "E": 4},
    ...                        rule_set("regionales-2015"))
    >>> check_lineup(e, Lineup(("A", "B"), {"B": ("C", "D")})).standing
    ('A', 'B')
    """
    if not lineup.standing:
        raise IllegalLineup(
            "no list stands in round 2",
            kind="no-list-stands",
            article=eligibility.rules.article("stand"),
        )
    seen: set[str] = set()
    for name in lineup.standing:
        _check_standing(eligibility, name, seen)
    for host, partners in lineup.mergers.items():
        _known(eligibility, host)
        if host not in lineup.standing:
            raise IllegalLineup(
                f"list {host!r} takes in candidates but does not stand in round 2",
                kind="host-does-not-stand",
                article=eligibility.rules.article("merge"),
                lists=[host],
            )
        for partner in partners:
            _check_partner(eligibility, lineup, host, partner, seen)
    return Lineup(
        tuple(lineup.standing),
        MappingProxyType({h: tuple(p) for h, p in lineup.mergers.items()}),
    )


def _check_standing(eligibility: Eligibility, name: str, seen: set[str]) -> None:
    """A list that stands: known, once, and allowed by round 1 (art. L346, L373, L264)."""
    rules = eligibility.rules
    _known(eligibility, name)
    if name in seen:
        raise IllegalLineup(
            f"list {name!r} stands twice",
            kind="stands-twice",
            article=rules.article("stand"),
            lists=[name],
        )
    seen.add(name)
    if name not in eligibility.stand:
        raise IllegalLineup(
            f"list {name!r} cannot stand in round 2: it has "
            f"{_pct(eligibility, name)} of round-1 exprimés, below "
            f"{_threshold(rules.stand_threshold)}" + _fallback_note(eligibility),
            kind="cannot-stand",
            article=rules.article("stand"),
            lists=[name],
        )


def _check_partner(
    eligibility: Eligibility, lineup: Lineup, host: str, partner: str, seen: set[str]
) -> None:
    """A list merged into ``host``: known, not standing, on one list, over the merge threshold."""
    rules = eligibility.rules
    art_merge = rules.article("merge")
    _known(eligibility, partner)
    if partner in lineup.standing:
        raise IllegalLineup(
            f"list {partner!r} stands in round 2, so it cannot merge into {host!r}",
            kind="partner-stands",
            article=art_merge,
            lists=[partner, host],
        )
    if partner in seen:
        raise IllegalLineup(
            f"list {partner!r} appears on two round-2 lists",
            kind="partner-twice",
            article=art_merge,
            lists=[partner],
        )
    seen.add(partner)
    if not shares_at_least(rules.merge_threshold, eligibility.votes[partner], eligibility.exprimes):
        raise IllegalLineup(
            f"list {partner!r} cannot merge into {host!r}: it has "
            f"{_pct(eligibility, partner)} of round-1 exprimés, below "
            f"{_threshold(rules.merge_threshold)}",
            kind="cannot-merge",
            article=art_merge,
            lists=[partner, host],
        )


def _known(eligibility: Eligibility, name: str) -> None:
    if name not in eligibility.votes:
        raise InvalidInput("list", name, f"not a round-1 list ({', '.join(eligibility.votes)})")


def _pct(eligibility: Eligibility, name: str) -> str:
    share = Fraction(100 * eligibility.votes[name], eligibility.exprimes)
    return f"{decimal_text(share, 2)} %"


def _threshold(threshold: Fraction) -> str:
    return f"{threshold * 100} %"


def _fallback_note(eligibility: Eligibility) -> str:
    if eligibility.fallback:
        return ""
    stood = eligibility.stand
    return f"; {len(stood)} lists reached it ({', '.join(stood)})" if len(stood) > 1 else ""


def lineup_from(standing: Sequence[str], mergers: Mapping[str, Sequence[str]]) -> Lineup:
    """A :class:`Lineup` from plain sequences (for files and the command line).

    >>> lineup_from(["A", "B"], {"B": ["C"]}).mergers["B"]
    ('C',)
    """
    return Lineup(tuple(standing), MappingProxyType({h: tuple(p) for h, p in mergers.items()}))
