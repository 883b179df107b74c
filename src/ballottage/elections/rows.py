"""The rows an election is shown with: a list in a round, a round's turnout, a council's bonus.

Typed values for the report and the round-2 page; shares are floats rounded for display (the
law compared them exactly).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from fractions import Fraction

from ballottage.data.model import CandidateList, ListVotes, RoundResults, Turnout
from ballottage.law import CouncilAllocation, Eligibility, Status

OTHER = "other"
"""The family of a list whose nuance ``reference/nuances.csv`` does not know."""


def share(value: Fraction | float) -> float:
    """A share for display: a float rounded to six places.

    >>> share(Fraction(1, 3))
    0.333333
    """
    return round(float(value), 6)


@dataclass(frozen=True)
class ListRow:
    """One list in one round: its votes and, where the law decided, what it decided."""

    name: str
    votes: int
    share: float
    number: int | None = None
    """The round-1 panel number."""
    nuance: str | None = None
    family: str = OTHER
    status: Status | None = None
    """Round 1 with a round 2: may it stand, merge, or is it out (art. L346...)."""
    eligible: bool | None = None
    """Whether it takes part: in round 1 whether it is not out; with seats, whether it reached
    the seat threshold; ``None`` where no rule set applies."""
    bonus: int | None = None
    proportional: int | None = None
    seats: int | None = None
    published: int | None = None
    """Seats published for it, when the data has them (council rows only)."""


Lists = dict[str, CandidateList]
"""Lists by head, to add number, nuance and family to a row."""


def lists_of(results: RoundResults) -> Lists:
    """The round's lists by head."""
    return {lv.list.head: lv.list for lv in results.lists}


def _described(name: str, votes: int, value: float, lists: Lists) -> ListRow:
    known = lists.get(name)
    if known is None:
        return ListRow(name, votes, value)
    return ListRow(name, votes, value, known.number, known.nuance, known.family or OTHER)


def vote_rows(lines: Iterable[ListVotes], exprimes: int) -> tuple[ListRow, ...]:
    """Votes only (no rule set applies)."""
    return tuple(
        ListRow(
            lv.list.head,
            lv.votes,
            share(lv.votes / exprimes),
            lv.list.number,
            lv.list.nuance,
            lv.list.family or OTHER,
        )
        for lv in lines
    )


def eligibility_rows(eligibility: Eligibility, lists: Lists) -> tuple[ListRow, ...]:
    """Round 1 before a round 2: each list's status, by decreasing votes."""
    ex = eligibility.exprimes
    rows = []
    for name, votes in sorted(eligibility.votes.items(), key=lambda kv: -kv[1]):
        row = _described(name, votes, share(Fraction(votes, ex)), lists)
        status = eligibility.status(name)
        rows.append(replace(row, status=status, eligible=status is not Status.OUT))
    return tuple(rows)


def allocation_rows(allocation: CouncilAllocation, lists: Lists) -> tuple[ListRow, ...]:
    """Seats of each list: bonus, proportional share, total."""
    return tuple(
        replace(
            _described(item.name, item.votes, share(item.share), lists),
            eligible=item.eligible,
            bonus=item.bonus,
            proportional=item.proportional,
            seats=item.seats,
        )
        for item in allocation.lists
    )


@dataclass(frozen=True)
class RoundTurnout:
    """A round's turnout figures (``None`` where unknown) and its rate."""

    figures: Turnout

    @property
    def inscrits(self) -> int | None:
        """Registered voters."""
        return self.figures.inscrits

    @property
    def votants(self) -> int | None:
        """Voters."""
        return self.figures.votants

    @property
    def rate(self) -> float | None:
        """Votants over inscrits, when both are known."""
        t = self.figures
        if not t.inscrits or t.votants is None:
            return None
        return share(t.votants / t.inscrits)


@dataclass(frozen=True)
class Bonus:
    """The majority bonus: the list that took it and its seats (art. L338, L262, L366)."""

    list: str | None
    seats: int
