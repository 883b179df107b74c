"""The council a round gave, checked against the published seats; its sections (art. L338-1);
and the round-2 line-up as it happened (who withdrew, who merged)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from types import MappingProxyType
from urllib.parse import urlsplit

from ballottage.data.model import Council, PublishedSeats
from ballottage.data.store import Store
from ballottage.elections.rows import Bonus, ListRow
from ballottage.law import CouncilAllocation, SeatMove, SectionSeats
from ballottage.lineups import fates


@dataclass(frozen=True)
class Lineup:
    """Who stood, and what became of the lists that could stand or merge and were absent from
    round 2, as the mergers table (``reference/round2_lineups.csv``) says."""

    stood: tuple[str, ...]
    withdrew: tuple[str, ...]
    merged: Mapping[str, str]
    """List → the round-2 list it merged into."""
    no_merger: tuple[str, ...]
    unknown: tuple[str, ...]
    happened: Mapping[str, str]
    """List → what became of it, in words."""
    sources: tuple[str, ...]
    """The sites the table's rows come from (the full addresses are in the table)."""
    irregular: tuple[str, ...]
    """Round-2 lists that did not qualify (the data needs checking)."""


class CouncilCheck(StrEnum):
    """Computed seats against the published ones."""

    VERIFIED = "verified"
    MISMATCH = "mismatch"
    UNCHECKED = "unchecked"
    """The data has no published seats."""


@dataclass(frozen=True)
class PublishedSeat:
    """Seats a list won, as published."""

    name: str
    seats: int


@dataclass(frozen=True)
class CouncilSeats:
    """The council: each list with seats, checked against the published seats."""

    status: CouncilCheck
    regional: bool
    """A regional council (art. L338), drawn as a hemicycle."""
    seats_total: int
    round: int
    bonus: Bonus
    lists: tuple[ListRow, ...]
    published: tuple[PublishedSeat, ...]


@dataclass(frozen=True)
class SectionSeat:
    """Seats of one list in one section, computed (art. L338-1)."""

    list: str
    section: str
    seats: int


@dataclass(frozen=True)
class Sections:
    """Seats per section: computed when possible, published ones the data has, or why not."""

    count: int
    computed: tuple[SectionSeat, ...]
    moves: tuple[SeatMove, ...]
    published: tuple[PublishedSeats, ...]
    missing: str | None


def lineup_of(
    stand: Sequence[str], merge: Sequence[str], present: Collection[str], election: str, region: str
) -> Lineup:
    """Who stood, and what became of the lists that could stand (``stand``) or merge
    (``merge``) and are not among the round-2 lists (``present``): merged (into which list),
    withdrew, merged into none, or unknown."""
    absent = [n for n in (*stand, *merge) if n not in present]
    found = {f.head: f for f in fates(election, region, absent)}

    def having(status: str) -> tuple[str, ...]:
        return tuple(n for n in absent if found[n].status == status)

    return Lineup(
        stood=tuple(n for n in stand if n in present),
        withdrew=having("withdrew"),
        merged=MappingProxyType({n: str(found[n].into) for n in having("merged")}),
        no_merger=having("no merger"),
        unknown=having("unknown"),
        happened=MappingProxyType({n: found[n].text() for n in absent}),
        sources=tuple(sorted({urlsplit(f.source).netloc for f in found.values() if f.source})),
        irregular=tuple(sorted(n for n in present if n not in stand)),
    )


def council_seats(
    store: Store,
    election: str,
    region: str,
    allocation: CouncilAllocation,
    round_number: int,
    rows: Sequence[ListRow],
) -> CouncilSeats:
    """The council's seats (``rows``: every list of the deciding round), checked against the
    published ones when the data has them."""
    published = {p.list.head: p.seats for p in store.published_seats(election, region) if p.list}
    computed = {name: n for name, n in allocation.seats.items() if n > 0}
    if not published:
        status = CouncilCheck.UNCHECKED
    elif published == computed:
        status = CouncilCheck.VERIFIED
    else:
        status = CouncilCheck.MISMATCH
    return CouncilSeats(
        status,
        allocation.rules.regional_council,
        allocation.seats_total,
        round_number,
        Bonus(allocation.leader, allocation.bonus),
        tuple(replace(r, published=published.get(r.name)) for r in rows if r.seats),
        tuple(PublishedSeat(n, s) for n, s in published.items()),
    )


NOT_SPLIT = (
    "the round-2 votes per section are not in the data: the split of each list's "
    "seats among its sections (art. L338-1) cannot be computed"
)
SINGLE = "this council is elected in a single constituency: it has no sections"


def sections_of(
    store: Store,
    election: str,
    council: Council,
    split: SectionSeats | None,
    unsplit: str | None,
) -> Sections:
    """The L338-1 split when computed (``split``), the published per-section seats, or why
    not (``unsplit``)."""
    computed: tuple[SectionSeat, ...] = ()
    moves: tuple[SeatMove, ...] = ()
    if split is not None:
        computed = tuple(
            SectionSeat(name, section, n)
            for name, per_section in split.seats.items()
            for section, n in per_section.items()
        )
        moves = tuple(split.moves)
    reason = SINGLE if not council.sections else None if computed else unsplit or NOT_SPLIT
    published = store.published_section_seats(election, council.region.code)
    return Sections(len(council.sections), computed, moves, published, reason)
