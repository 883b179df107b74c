"""An election told region by region: round-1 leader, who could stand, who withdrew or merged,
who won.

Typed result values built from the store and the law, for the demo and the comparison.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ballottage.data.model import Region
from ballottage.data.store import Store
from ballottage.elections.outcomes import Qualification, RegionSeats, qualification, region_seats
from ballottage.errors import MissingData
from ballottage.lineups import Fate, fates


@dataclass(frozen=True)
class RegionStory:
    """One region: round 1, the way to round 2, and the seats when round 2 is in the data."""

    region: Region
    qualification: Qualification
    leader: str
    leader_family: str | None
    leader_share: float
    stood: tuple[str, ...]
    withdrew: tuple[str, ...]
    """Lists that could stand and withdrew, merging into no list (the mergers table says so)."""
    absent: tuple[Fate, ...]
    """Every list that could stand and is not in round 2, with what became of it: merged into
    a round-2 list, withdrew, or unknown (``reference/round2_lineups.csv``)."""
    seats: RegionSeats | None
    winner: str | None
    winner_family: str | None
    missing: str | None


@dataclass(frozen=True)
class ElectionStory:
    """Every region of one election, and seats per political family."""

    election: str
    regions: tuple[RegionStory, ...]

    def mainland(self) -> tuple[RegionStory, ...]:
        """Metropolitan regions (INSEE codes above 10)."""
        return tuple(r for r in self.regions if int(r.region.code) > 10)

    def seats_by_family(self) -> Counter[str]:
        """Seats per political family over every region with seats."""
        total: Counter[str] = Counter()
        for r in self.regions:
            if r.seats is None:
                continue
            families = {lv.list.head: lv.list.family for lv in r.seats.results.lists}
            for head, n in r.seats.allocation.seats.items():
                total[families.get(head) or "other"] += n
        return total


def region_story(store: Store, election: str, region: Region) -> RegionStory:
    """The story of one region."""
    q = qualification(store, election, region.code)
    first = q.results.lists[0]
    exprimes = q.eligibility.exprimes
    try:
        seats: RegionSeats | None = region_seats(store, election, region.code)
        missing = None
    except MissingData as exc:
        seats, missing = None, str(exc)
    stood: tuple[str, ...] = ()
    absent: tuple[Fate, ...] = ()
    winner = winner_family = None
    if seats is not None:
        in_round2 = set(seats.allocation.seats)
        stood = tuple(h for h in q.eligibility.stand if h in in_round2)
        absent = fates(
            election, region.code, (h for h in q.eligibility.stand if h not in in_round2)
        )
        winner = seats.allocation.leader
        winner_family = next(
            (lv.list.family for lv in seats.results.lists if lv.list.head == winner), None
        )
    return RegionStory(
        region=region,
        qualification=q,
        leader=first.list.head,
        leader_family=first.list.family,
        leader_share=first.votes / exprimes,
        stood=stood,
        withdrew=tuple(f.head for f in absent if f.status == "withdrew"),
        absent=absent,
        seats=seats,
        winner=winner,
        winner_family=winner_family,
        missing=missing,
    )


def election_story(store: Store, election: str) -> ElectionStory:
    """The story of every region of ``election`` that has round-1 results."""
    stories = []
    for region in store.regions(election):
        try:
            stories.append(region_story(store, election, region))
        except MissingData:
            continue
    return ElectionStory(election, tuple(stories))
