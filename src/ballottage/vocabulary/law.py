"""The law's results as documents: rule sets, a council's seats, who may stand in round 2."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Literal, Self

from pydantic import Field

from ballottage.vocabulary.common import Document, Model, RegionRef, TraceStep, number, word

if TYPE_CHECKING:
    from ballottage.law import CouncilAllocation, Eligibility, Round1Result, RuleSet, SectionSeats

_ROUNDING = {"up": "rounded up", "municipal": "rounded up above 4 seats, down below"}

Status = Literal["stand", "merge", "out", "majority", "none"]
"""A list's fate after round 1: may stand, may only merge, out; or, when a list has the
absolute majority, ``majority`` for it and ``none`` for the others (no round 2)."""


class SectionMinimum(Model):
    """Minimum seats per section (department) by population (loi n° 2015-29)."""

    small: int
    large: int
    population_limit: int


class RuleSetDoc(Model):
    """A rule set's parameters and the articles they come from."""

    name: str
    title: str
    seats: int | None = Field(description="Council size, when the rules fix it.")
    bonus_seats: int | None = Field(description="A fixed majority bonus, in seats.")
    bonus_fraction: str | None = Field(description="The bonus as a fraction of the seats.")
    bonus_rule: str = Field(description="The bonus in words.")
    stand_threshold: float
    merge_threshold: float
    seat_threshold: float
    runner_up_fallback: bool
    top_two_fallback: bool
    sections: int | None = Field(description="Number of sections (departments), if any.")
    section_minimum: SectionMinimum | None
    articles: dict[str, str]
    notes: str

    @classmethod
    def of(cls, rules: RuleSet) -> RuleSetDoc:
        """A rule set as data."""
        fraction = None if rules.bonus_fixed is not None else str(rules.bonus_fraction)
        rule = (
            f"{rules.bonus_fixed} seats"
            if rules.bonus_fixed is not None
            else f"{rules.bonus_fraction} of the seats, " + _ROUNDING[rules.bonus_rounding.value]
        )
        minimum = rules.section_minimum
        return cls(
            name=rules.name,
            title=rules.title,
            seats=rules.seats,
            bonus_seats=rules.bonus_fixed,
            bonus_fraction=fraction,
            bonus_rule=rule,
            stand_threshold=round(float(rules.stand_threshold), 6),
            merge_threshold=round(float(rules.merge_threshold), 6),
            seat_threshold=round(float(rules.seat_threshold), 6),
            runner_up_fallback=rules.runner_up_fallback,
            top_two_fallback=rules.top_two_fallback,
            sections=rules.sections,
            section_minimum=(
                None
                if minimum is None
                else SectionMinimum(
                    small=minimum.small,
                    large=minimum.large,
                    population_limit=minimum.population_limit,
                )
            ),
            articles=dict(rules.articles),
            notes=rules.notes,
        )


class RuleSets(Document):
    """``ballottage rules --json``."""

    rule_sets: tuple[RuleSetDoc, ...]


class Bonus(Model):
    """The majority bonus: the list that leads and its seats."""

    list: str
    seats: int


class ListSeats(Model):
    """One list's votes and seats (``bonus`` and ``proportional`` add up to ``seats``).

    ``head``, ``nuance`` and ``family`` are given where the store knows them; ``status`` and
    ``seats`` are null in a round 1 that decides nothing."""

    list: str
    head: str | None = None
    nuance: str | None = None
    family: str | None = None
    votes: int
    share: float | None
    eligible: bool = Field(description="Over the threshold for seats (or, in round 1, not out).")
    status: Status | None = None
    bonus: int | None
    proportional: int | None
    seats: int | None


class SectionRow(Model):
    """Seats of one list in one section (art. L338-1)."""

    list: str
    section: str
    seats: int


class SectionMove(Model):
    """A seat moved between two sections of a list to honour the department minimum."""

    list: str
    from_section: str = Field(alias="from")
    to_section: str = Field(alias="to")
    average: float | None


def _list_seats(allocation: CouncilAllocation) -> tuple[ListSeats, ...]:
    return tuple(
        ListSeats(
            list=item.name,
            votes=item.votes,
            share=number(item.share),
            eligible=item.eligible,
            bonus=item.bonus,
            proportional=item.proportional,
            seats=item.seats,
        )
        for item in allocation.lists
    )


class Allocation(Model):
    """A council's seats (``allocate --json``; ``allocation`` in ``seats`` and ``project``).

    ``outcome`` ``seats``: the seats are given (round 2, or a round-1 absolute majority);
    ``round2``: round 1 decided nothing and ``stand``/``merge``/``out`` say who may go on."""

    rules: str
    seats_total: int
    round: int
    outcome: Literal["seats", "round2"]
    exprimes: int
    bonus: Bonus | None
    lists: tuple[ListSeats, ...]
    stand: tuple[str, ...] = ()
    merge: tuple[str, ...] = ()
    out: tuple[str, ...] = ()
    sections: tuple[SectionRow, ...] = ()
    section_moves: tuple[SectionMove, ...] = ()
    trace: tuple[TraceStep, ...]

    @classmethod
    def of(
        cls,
        allocation: CouncilAllocation,
        *,
        round_number: int = 2,
        sections: SectionSeats | None = None,
    ) -> Self:
        """The seats of a council, with the split among sections when there is one."""
        trace = [TraceStep.of(s) for s in allocation.trace]
        rows: tuple[SectionRow, ...] = ()
        moves: tuple[SectionMove, ...] = ()
        if sections is not None:
            trace.extend(TraceStep.of(s) for s in sections.trace)
            rows = tuple(
                SectionRow(list=name, section=section, seats=n)
                for name, per_section in sections.seats.items()
                for section, n in per_section.items()
            )
            moves = tuple(
                SectionMove.model_validate(
                    {
                        "list": m.list,
                        "from": m.from_section,
                        "to": m.to_section,
                        "average": number(m.average, 4),
                    }
                )
                for m in sections.moves
            )
        return cls(
            rules=allocation.rules.name,
            seats_total=allocation.seats_total,
            round=round_number,
            outcome="seats",
            exprimes=allocation.exprimes,
            bonus=Bonus(list=allocation.leader, seats=allocation.bonus),
            lists=_list_seats(allocation),
            sections=rows,
            section_moves=moves,
            trace=tuple(trace),
        )

    @classmethod
    def of_round1(cls, result: Round1Result, *, seats_total: int) -> Self:
        """Round 1: the seats at once (absolute majority), or who may stand in round 2."""
        if result.allocation is not None:
            return cls.of(result.allocation, round_number=1)
        assert result.eligibility is not None
        elig = Qualification.of(result.eligibility)
        return cls(
            rules=elig.rules,
            seats_total=seats_total,
            round=1,
            outcome="round2",
            exprimes=elig.exprimes,
            bonus=None,
            lists=tuple(
                ListSeats(
                    list=item.list,
                    votes=item.votes,
                    share=item.share,
                    eligible=item.status != "out",
                    status=item.status,
                    bonus=None,
                    proportional=None,
                    seats=None,
                )
                for item in elig.lists
            ),
            stand=elig.stand,
            merge=elig.merge,
            out=elig.out,
            trace=elig.trace,
        )


class ListStatus(Model):
    """One list after round 1: its votes and whether it may stand, merge, or is out."""

    list: str
    head: str | None = None
    nuance: str | None = None
    family: str | None = None
    votes: int
    share: float | None
    status: Status
    happened: str | None = Field(
        default=None, description="What the list did in round 2 (stored elections only)."
    )


class Qualification(Model):
    """Who may stand in round 2, who may merge, who is out (``qualify --json``)."""

    rules: str
    election: str | None = None
    region: RegionRef | None = None
    seats_total: int | None = None
    exprimes: int
    outcome: Literal["round2", "seats"]
    majority: str | None = Field(
        default=None, description="The list with the absolute majority in round 1, if any."
    )
    stand: tuple[str, ...]
    merge: tuple[str, ...]
    out: tuple[str, ...]
    fallback: str | None
    article: str | None
    lists: tuple[ListStatus, ...]
    trace: tuple[TraceStep, ...]

    @classmethod
    def of(cls, eligibility: Eligibility) -> Self:
        """Round 1 that decides nothing: who may go on to round 2."""
        ex = eligibility.exprimes
        return cls(
            rules=eligibility.rules.name,
            exprimes=ex,
            outcome="round2",
            stand=tuple(eligibility.stand),
            merge=tuple(eligibility.merge),
            out=tuple(eligibility.out),
            fallback=eligibility.fallback,
            article=eligibility.rules.article("stand"),
            lists=tuple(
                ListStatus(
                    list=name,
                    votes=votes,
                    share=number(Fraction(votes, ex)),
                    status=_status(eligibility.status(name)),
                )
                for name, votes in sorted(eligibility.votes.items(), key=lambda kv: -kv[1])
            ),
            trace=tuple(TraceStep.of(s) for s in eligibility.trace),
        )

    @classmethod
    def of_majority(
        cls, votes: dict[str, int], *, rules: RuleSet, exprimes: int, winner: str
    ) -> Self:
        """Round 1 won outright: seats are given at once, nobody stands again (art. L338)."""
        return cls(
            rules=rules.name,
            exprimes=exprimes,
            outcome="seats",
            majority=winner,
            stand=(),
            merge=(),
            out=(),
            fallback=None,
            article=rules.article("round1"),
            lists=tuple(
                ListStatus(
                    list=n,
                    votes=v,
                    share=round(v / exprimes, 6),
                    status="majority" if n == winner else "none",
                )
                for n, v in sorted(votes.items(), key=lambda kv: -kv[1])
            ),
            trace=(),
        )


def _status(value: object) -> Status:
    """A status as its word (an Enum gives its value)."""
    text = word(value)
    assert text in ("stand", "merge", "out", "majority", "none"), text
    return text  # type: ignore[return-value]


class AllocateDoc(Allocation, Document):
    """``ballottage allocate --json``: a council's seats, or round 1's outcome."""


class QualifyDoc(Qualification, Document):
    """``ballottage qualify --json``."""
