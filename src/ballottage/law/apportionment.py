"""Highest averages (plus forte moyenne), exactly as the Code électoral words it.

The code divides seats by the *quotient électoral* first, then gives the seats left one by one
to the highest average (art. L262, L338, L366). That is the D'Hondt method; it is computed here
with integers only, and every tie for the last seat follows the code: more votes first, then the
oldest candidate who would be elected. A tie the data cannot settle raises
:class:`~ballottage.errors.UndecidableTie`.

>>> result = highest_averages({"A": 4000, "B": 3000, "C": 2000, "D": 600}, 15)
>>> dict(result.seats)
{'A': 6, 'B': 5, 'C': 3, 'D': 1}
>>> dict(highest_averages({"A": 4000, "B": 3000, "C": 2000, "D": 600}, 14).seats)
{'A': 6, 'B': 5, 'C': 3, 'D': 0}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType

from ballottage.errors import InvalidInput, UndecidableTie
from ballottage.law.votes import checked_count, checked_votes

Birthdates = Mapping[str, Sequence[date]]
"""Candidates' birth dates per list (or per section), in the order of the list."""


@dataclass(frozen=True)
class TieDecision:
    """How a tie for the last seat(s) was settled, and by which rule."""

    lists: tuple[str, ...]
    seats: int
    winners: tuple[str, ...]
    rule: str
    """``"more votes"`` or ``"oldest candidate"``."""


@dataclass(frozen=True)
class SeatAward:
    """One seat in the order the highest averages give it, with the average that won it."""

    number: int
    list: str
    average: Fraction


@dataclass(frozen=True)
class Apportionment:
    """The result of a highest-averages share: seats per list, ties settled, and the order."""

    votes: Mapping[str, int]
    seats: Mapping[str, int]
    total: int
    ties: tuple[TieDecision, ...]

    @cached_property
    def awards(self) -> tuple[SeatAward, ...]:
        """Every seat with the average that won it, in the order they are given.

        >>> [(a.list, a.average) for a in highest_averages({"A": 300, "B": 200}, 3).awards]
        [('A', Fraction(300, 1)), ('B', Fraction(200, 1)), ('A', Fraction(150, 1))]
        """
        rank = {name: i for i, name in enumerate(self.votes)}
        tie_order = {name: i for t in self.ties for i, name in enumerate(t.winners)}
        table = [
            (Fraction(self.votes[name], d), name)
            for name, n in self.seats.items()
            for d in range(1, n + 1)
        ]
        table.sort(
            key=lambda qn: (
                -qn[0],
                -self.votes[qn[1]],
                tie_order.get(qn[1], 0),
                rank[qn[1]],
            )
        )
        return tuple(SeatAward(i + 1, name, q) for i, (q, name) in enumerate(table))


def _older_first(
    contenders: Sequence[str], seats: Mapping[str, int], birthdates: Birthdates | None
) -> list[tuple[date, str]] | None:
    """Birth date of each contender's next candidate, or None if the data lacks one."""
    if birthdates is None:
        return None
    found: list[tuple[date, str]] = []
    for name in contenders:
        dates = birthdates.get(name, ())
        if len(dates) <= seats[name]:
            return None
        found.append((dates[seats[name]], name))
    return sorted(found)


def _settle_last_seats(
    contenders: list[str],
    remaining: int,
    votes: Mapping[str, int],
    seats: Mapping[str, int],
    birthdates: Birthdates | None,
    stage: str,
    article: str,
) -> TieDecision:
    """Pick ``remaining`` lists among ``contenders`` tied on the average (more votes, then age)."""
    by_votes = sorted(contenders, key=lambda n: -votes[n])
    cut = votes[by_votes[remaining - 1]]
    sure = [n for n in by_votes if votes[n] > cut]
    level = [n for n in by_votes if votes[n] == cut]
    wanted = remaining - len(sure)
    if len(level) == wanted:
        return TieDecision(tuple(contenders), remaining, tuple(sure + level), "more votes")
    ordered = _older_first(level, seats, birthdates)
    if ordered is None or (ordered[wanted - 1][0] == ordered[wanted][0]):
        raise UndecidableTie(stage, level, wanted, article)
    return TieDecision(
        tuple(contenders),
        remaining,
        tuple(sure + [name for _, name in ordered[:wanted]]),
        "oldest candidate",
    )


def highest_averages(
    votes: Mapping[str, int],
    seats: int,
    *,
    birthdates: Birthdates | None = None,
    stage: str = "proportional share",
    article: str = "art. L338",
) -> Apportionment:
    """Share ``seats`` among ``votes`` by quotient then highest average (D'Hondt).

    Each list first gets ``votes * seats // total`` seats (the quotient électoral), then the
    seats left go one at a time to the highest average ``votes / (seats + 1)``. Lists with no
    votes get no seat. Ties for the last seats go to more votes, then to the list whose next
    candidate is the oldest (``birthdates``); otherwise :class:`UndecidableTie`.

    >>> dict(highest_averages({"X": 50_000, "Y": 30_000, "Z": 7_000}, 11).seats)
    {'X': 7, 'Y': 4, 'Z': 0}
    """
    votes = checked_votes(votes)
    seats = checked_count("seats", seats)
    total = sum(votes.values())
    if seats and not total:
        raise InvalidInput("votes", 0, f"{seats} seat(s) to share but no list has a vote")
    won = {name: (v * seats // total if total else 0) for name, v in votes.items()}
    remaining = seats - sum(won.values())
    ties: list[TieDecision] = []
    alive = [name for name, v in votes.items() if v > 0]
    while remaining > 0:
        best = alive[0]
        contenders = [best]
        for name in alive[1:]:
            lhs = votes[name] * (won[best] + 1)
            rhs = votes[best] * (won[name] + 1)
            if lhs > rhs:
                best, contenders = name, [name]
            elif lhs == rhs:
                contenders.append(name)
        if len(contenders) > remaining:
            decision = _settle_last_seats(
                contenders, remaining, votes, won, birthdates, stage, article
            )
            ties.append(decision)
            contenders = list(decision.winners)
        for name in contenders:
            won[name] += 1
        remaining -= len(contenders)
    return Apportionment(MappingProxyType(votes), MappingProxyType(won), seats, tuple(ties))
