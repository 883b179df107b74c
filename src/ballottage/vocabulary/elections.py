"""Stored elections through the law as documents: seats, verification, comparison."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from ballottage.vocabulary.common import Document, Model, RegionRef, word
from ballottage.vocabulary.law import Allocation

if TYPE_CHECKING:
    from ballottage.elections.comparison import ElectionComparison
    from ballottage.elections.outcomes import RegionCheck, RegionSeats, Unavailable
    from ballottage.elections.story import RegionStory


class RegisterSection(Model):
    """One section as the register of elected officials counts it, beside the computed split."""

    code: str
    name: str
    least: int
    most: int
    computed: int | None = None
    within: bool | None = None


class Register(Model):
    """Section seats as the register of elected officials counts them (2015)."""

    note: str
    sections: tuple[RegisterSection, ...]


def register_of(outcome: RegionSeats) -> Register | None:
    """The register's section counts for the region, with the computed split where known."""
    from ballottage.register import NOTE, register_sections

    found = register_sections(outcome.results.election, outcome.region.code)
    if not found:
        return None
    computed: dict[str, int] = {}
    if outcome.sections is not None:
        for per_section in outcome.sections.seats.values():
            for section, n in per_section.items():
                computed[section] = computed.get(section, 0) + n
    return Register(
        note=NOTE,
        sections=tuple(
            RegisterSection(
                code=s.code,
                name=s.name,
                least=s.least,
                most=s.most,
                computed=computed.get(s.code),
                within=s.holds(computed[s.code]) if s.code in computed else None,
            )
            for s in found
        ),
    )


class RegionSeatsDoc(Model):
    """One region's seats from its stored round-2 votes."""

    region: RegionRef
    allocation: Allocation
    register_sections: Register | None
    notes: tuple[str, ...]

    @classmethod
    def of(cls, outcome: RegionSeats) -> RegionSeatsDoc:
        """Seats of a region; each list with its head, nuance and family."""
        stored = {lv.list.head: lv.list for lv in outcome.results.lists}
        allocation = Allocation.of(outcome.allocation, sections=outcome.sections)
        lists = tuple(
            item.model_copy(
                update={
                    "head": item.list,
                    "nuance": stored[item.list].nuance,
                    "family": stored[item.list].family,
                }
            )
            for item in allocation.lists
        )
        return cls(
            region=RegionRef(code=outcome.region.code, name=outcome.region.name),
            allocation=allocation.model_copy(update={"lists": lists}),
            register_sections=register_of(outcome),
            notes=tuple(outcome.notes),
        )


class Skipped(Model):
    """A region whose seats cannot be computed from the store, and why."""

    region: RegionRef
    reason: str

    @classmethod
    def of(cls, unavailable: Unavailable) -> Skipped:
        """Why a region has no seats."""
        r = unavailable.region
        return cls(region=RegionRef(code=r.code, name=r.name), reason=unavailable.reason)


class SeatsDoc(Document):
    """``ballottage seats --json``. Without ``--region``, ``regions`` holds the metropolitan
    regional councils; Corsica's assembly and the overseas councils are ``other_councils``."""

    election: str
    regions: tuple[RegionSeatsDoc, ...]
    seats_total: int = Field(description="Seats of the councils in ``regions``.")
    other_councils: tuple[RegionSeatsDoc, ...]
    skipped: tuple[Skipped, ...]


class ListCheckDoc(Model):
    """Computed against published seats for one list."""

    list: str
    computed: int
    published: int | None


class RegionCheckDoc(Model):
    """One region: ``match`` null when it cannot be verified, ``reason`` says why."""

    region: RegionRef
    match: bool | None
    lists: tuple[ListCheckDoc, ...]
    reason: str | None

    @classmethod
    def of(cls, check: RegionCheck) -> RegionCheckDoc:
        """A region's verification as data."""
        return cls(
            region=RegionRef(code=check.region.code, name=check.region.name),
            match=check.match,
            lists=tuple(
                ListCheckDoc(list=c.head, computed=c.computed, published=c.published)
                for c in check.lists
            ),
            reason=check.reason,
        )


class VerifyDoc(Document):
    """``ballottage verify --json``: computed against published seats."""

    election: str
    regions: tuple[RegionCheckDoc, ...]
    unverified: tuple[RegionCheckDoc, ...]
    all_match: bool


class LeaderDoc(Model):
    """The list first in round 1."""

    list: str
    nuance: str | None
    family: str | None
    share: float


class WinnerDoc(Model):
    """The list that took the bonus in round 2."""

    list: str
    family: str | None


class AbsentDoc(Model):
    """A list that could stand and is not in round 2, and what became of it."""

    list: str
    status: str = Field(description="merged, withdrew, no merger or unknown.")
    into: str | None
    text: str


class SideDoc(Model):
    """One region in one election: round-1 leader, round-2 winner, seats per family."""

    rules: str
    round1_leader: LeaderDoc
    withdrew: tuple[str, ...]
    not_in_round2: tuple[AbsentDoc, ...]
    round2_winner: WinnerDoc | None
    seats_total: int | None
    seats_by_family: dict[str, int] | None = Field(description="Seats per political family.")
    missing: str | None

    @classmethod
    def of(cls, story: RegionStory | None) -> SideDoc | None:
        """A region's story as data (None when the election does not have it)."""
        from ballottage.elections.comparison import family_seats

        if story is None:
            return None
        first = story.qualification.results.lists[0].list
        winner = None
        if story.winner is not None:
            winner = WinnerDoc(list=story.winner, family=story.winner_family)
        return cls(
            rules=story.qualification.rules.name,
            round1_leader=LeaderDoc(
                list=first.head,
                nuance=first.nuance,
                family=first.family,
                share=round(story.leader_share, 6),
            ),
            withdrew=tuple(story.withdrew),
            not_in_round2=tuple(
                AbsentDoc(list=f.head, status=word(f.status), into=f.into, text=f.text())
                for f in story.absent
            ),
            round2_winner=winner,
            seats_total=story.seats.allocation.seats_total if story.seats else None,
            seats_by_family=family_seats(story),
            missing=story.missing,
        )


class RegionComparisonDoc(Model):
    """One region in both elections."""

    region: RegionRef
    before: SideDoc | None
    after: SideDoc | None
    seat_change: dict[str, int] | None
    winner_family_changed: bool | None


class TotalsDoc(Model):
    """Seats per family over the regions with seats in both elections."""

    regions: tuple[str, ...]
    before: dict[str, int]
    after: dict[str, int]
    change: dict[str, int]


class CompareDoc(Document):
    """``ballottage compare --json``: two elections side by side, region by region."""

    before: str
    after: str
    regions: tuple[RegionComparisonDoc, ...]
    totals: TotalsDoc

    @classmethod
    def of(cls, comparison: ElectionComparison) -> CompareDoc:
        """A comparison as data."""
        from ballottage.data.model import FAMILIES

        before, after = comparison.total_seats("before"), comparison.total_seats("after")
        present = set(before) | set(after)
        families = [f for f in (*FAMILIES, *sorted(present - set(FAMILIES))) if f in present]
        return cls(
            before=comparison.before,
            after=comparison.after,
            regions=tuple(
                RegionComparisonDoc(
                    region=RegionRef(code=r.region.code, name=r.region.name),
                    before=SideDoc.of(r.before),
                    after=SideDoc.of(r.after),
                    seat_change=r.seat_change,
                    winner_family_changed=r.winner_family_changed,
                )
                for r in comparison.regions
            ),
            totals=TotalsDoc(
                regions=tuple(r.region.code for r in comparison.compared()),
                before=before,
                after=after,
                change={f: after.get(f, 0) - before.get(f, 0) for f in families},
            ),
        )
