"""The council's seats: majority bonus, then highest averages among lists over the threshold.

>>> from ballottage.law.rules import rule_set
>>> result = allocate_council(
...     {"A": 4000, "B": 3000, "C": 2000, "D": 600, "E": 400},
...     rule_set("regionales-2015"), seats=20)
>>> dict(result.seats), result.leader, result.bonus
({'A': 11, 'B': 5, 'C': 3, 'D': 1, 'E': 0}, 'A', 5)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType

from ballottage.errors import InvalidInput, UndecidableTie
from ballottage.law.apportionment import Apportionment, Birthdates, highest_averages
from ballottage.law.rules import RuleSet
from ballottage.law.trace import Step, decimal_text
from ballottage.law.votes import checked_exprimes, checked_votes, shares_at_least


@dataclass(frozen=True)
class ListSeats:
    """One list's figures and seats: bonus plus proportional share."""

    name: str
    votes: int
    share: Fraction
    """Share of exprimés."""
    eligible: bool
    """Reached the seat threshold and takes part in the proportional share."""
    bonus: int
    proportional: int

    @property
    def seats(self) -> int:
        """Bonus plus proportional seats."""
        return self.bonus + self.proportional


@dataclass(frozen=True)
class CouncilAllocation:
    """The seats of a council after the decisive round, with the steps that gave them."""

    rules: RuleSet
    seats_total: int
    exprimes: int
    leader: str
    bonus: int
    lists: tuple[ListSeats, ...]
    proportional: Apportionment
    leader_tie_rule: str | None = None

    @property
    def seats(self) -> Mapping[str, int]:
        """Seats per list, in the order the votes were given."""
        return MappingProxyType({item.name: item.seats for item in self.lists})

    @cached_property
    def trace(self) -> tuple[Step, ...]:
        """Every step of the law applied, built when first asked for."""
        return tuple(_trace(self))


def average_birth_ordinal(dates: Birthdates, name: str) -> Fraction | None:
    """The mean birth date of a list's candidates as an exact day number, or None.

    >>> from datetime import date
    >>> average_birth_ordinal({"A": [date(1960, 1, 1), date(1960, 1, 3)]}, "A") - 715510
    Fraction(1, 1)
    >>> average_birth_ordinal({}, "A") is None
    True
    """
    listed = dates.get(name, ())
    if not listed:
        return None
    return Fraction(sum(d.toordinal() for d in listed), len(listed))


def leading_list(
    votes: Mapping[str, int], rules: RuleSet, birthdates: Birthdates | None = None
) -> tuple[str, str | None]:
    """The list with the most votes, and the tie rule used if several lead (art. L338).

    When lists lead with equal votes, the bonus goes to the list whose candidates have the
    higher average age; without birth dates that tie raises :class:`UndecidableTie`.

    >>> from ballottage.law.rules import rule_set
    >>> leading_list({"A": 10, "B": 12}, rule_set("regionales-2015"))
    ('B', None)
    """
    top = max(votes.values())
    leaders = [name for name, v in votes.items() if v == top]
    if len(leaders) == 1:
        return leaders[0], None
    averages = {n: average_birth_ordinal(birthdates or {}, n) for n in leaders}
    known = {n: a for n, a in averages.items() if a is not None}
    if len(known) < len(leaders):
        raise UndecidableTie("majority bonus", leaders, 1, rules.article("bonus"))
    oldest = min(known.values())
    winners = [n for n, a in known.items() if a == oldest]
    if len(winners) > 1:
        raise UndecidableTie("majority bonus", winners, 1, rules.article("bonus"))
    return winners[0], "higher average age"


def _seat_eligible(votes: Mapping[str, int], rules: RuleSet, exprimes: int) -> dict[str, int]:
    """The lists with at least the seat threshold of exprimés (art. L338, L262, L366);
    refused when none has it, a case the code does not settle."""
    eligible = {
        n: v for n, v in votes.items() if shares_at_least(rules.seat_threshold, v, exprimes)
    }
    if not eligible:
        raise InvalidInput(
            "exprimes",
            exprimes,
            f"no list reaches {_pct_of(rules.seat_threshold)} of exprimés; the code does not "
            "say how the seats would then be shared",
            rule=rules.article("proportional"),
        )
    return eligible


def allocate_council(
    votes: Mapping[str, int],
    rules: RuleSet,
    *,
    seats: int | None = None,
    exprimes: int | None = None,
    birthdates: Birthdates | None = None,
) -> CouncilAllocation:
    """Seats after the decisive round: bonus to the leader, the rest by highest averages.

    The leading list takes the bonus (a quarter of the seats rounded up for a regional
    council, art. L338; nine or eleven seats in Corsica, art. L366; half in a commune,
    art. L262); the other seats go by highest averages to every list with at least the seat
    threshold (5 %) of exprimés, the leader included.

    >>> from ballottage.law.rules import rule_set
    >>> result = allocate_council({"BERTRAND": 1_389_340, "LE PEN": 1_015_662},
    ...                           rule_set("regionales-2015"), seats=170)
    >>> dict(result.seats), result.bonus
    ({'BERTRAND': 116, 'LE PEN': 54}, 43)
    """
    votes = checked_votes(votes)
    total = rules.council_size(seats)
    exprimes = checked_exprimes(votes, exprimes)
    if not any(votes.values()):
        raise InvalidInput("votes", 0, "no list has any vote")
    leader, tie_rule = leading_list(votes, rules, birthdates)
    bonus = min(rules.bonus_for(total), total)
    eligible = _seat_eligible(votes, rules, exprimes)
    after_bonus = None
    if birthdates is not None:
        # The leader's first candidates already hold the bonus seats: its "next candidate"
        # in a tie for the last seat comes after them.
        after_bonus = {n: (d[bonus:] if n == leader else d) for n, d in birthdates.items()}
    share = highest_averages(
        eligible,
        total - bonus,
        birthdates=after_bonus,
        stage="proportional share",
        article=rules.article("proportional"),
    )
    lists = _list_seats(votes, exprimes, eligible, leader, bonus, share)
    return CouncilAllocation(rules, total, exprimes, leader, bonus, lists, share, tie_rule)


def _list_seats(
    votes: Mapping[str, int],
    exprimes: int,
    eligible: Mapping[str, int],
    leader: str,
    bonus: int,
    share: Apportionment,
) -> tuple[ListSeats, ...]:
    """Each list's votes, share of exprimés and seats: the bonus (the leader's) and its
    proportional share."""
    return tuple(
        ListSeats(
            name=n,
            votes=v,
            share=Fraction(v, exprimes),
            eligible=n in eligible,
            bonus=bonus if n == leader else 0,
            proportional=share.seats.get(n, 0),
        )
        for n, v in votes.items()
    )


def _trace(result: CouncilAllocation) -> list[Step]:
    rules, bonus, exprimes = result.rules, result.bonus, result.exprimes
    proportional = rules.article("proportional")
    leader_votes = next(i.votes for i in result.lists if i.name == result.leader)
    trace = [
        Step("exprimes", f"{exprimes} votes cast (exprimés); {result.seats_total} seats to fill"),
        *(
            Step(
                "threshold",
                f"{item.name} has {_pct(item.votes, exprimes)} of exprimés: "
                + ("takes part" if item.eligible else "below the threshold, no seat")
                + f" ({_pct_of(rules.seat_threshold)} needed)",
                list=item.name,
                article=proportional,
            )
            for item in result.lists
        ),
        Step(
            "bonus",
            f"{result.leader} leads with {leader_votes} votes and takes the bonus of {bonus} seats"
            + (f" (tie settled by {result.leader_tie_rule})" if result.leader_tie_rule else ""),
            list=result.leader,
            seats=bonus,
            article=rules.article("bonus"),
        ),
    ]
    trace.extend(
        Step(
            "tie",
            f"{', '.join(t.lists)} tie on the average for the last "
            + (f"{t.seats} seats: " if t.seats > 1 else "seat: ")
            + f"{', '.join(t.winners)} "
            + ("take them" if len(t.winners) > 1 else "takes it")
            + f" by {t.rule}",
            article=proportional,
        )
        for t in result.proportional.ties
    )
    trace.extend(
        Step(
            "seat",
            f"n° {bonus + a.number} to {a.list}, average {_average_text(a.average)}",
            list=a.list,
            seats=1,
            average=a.average,
            article=proportional,
        )
        for a in result.proportional.awards
    )
    return trace


def _average_text(average: Fraction) -> str:
    if average.denominator == 1:
        return str(average.numerator)
    return f"{average} ≈ {decimal_text(average, 1)}"


def _pct(votes: int, exprimes: int) -> str:
    return f"{decimal_text(Fraction(100 * votes, exprimes), 2)} %"


def _pct_of(threshold: Fraction) -> str:
    return f"{decimal_text(100 * threshold, 2).rstrip('0').rstrip('.')} %"


__all__ = ["CouncilAllocation", "ListSeats", "allocate_council", "leading_list"]
