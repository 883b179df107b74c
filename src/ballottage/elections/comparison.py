"""Two elections side by side, region by region: round-1 leader, round-2 winner, seats per
political family and their change.

Built on :mod:`ballottage.elections.story` (one election told region by region); seats are those the
law gives from the stored round-2 votes. :class:`ballottage.vocabulary.elections.CompareDoc` is
its ``--json`` document.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ballottage.data.model import FAMILIES, Region
from ballottage.data.store import Store
from ballottage.elections.story import RegionStory, election_story


def family_seats(story: RegionStory | None) -> dict[str, int] | None:
    """Seats per political family in one region (``None`` without round-2 seats), families
    in the order of :data:`~ballottage.data.model.FAMILIES`; a list without a family counts
    as ``other``."""
    if story is None or story.seats is None:
        return None
    families = {lv.list.head: lv.list.family for lv in story.seats.results.lists}
    counts: Counter[str] = Counter()
    for head, n in story.seats.allocation.seats.items():
        counts[families.get(head) or "other"] += n
    return _ordered(counts)


def _ordered(counts: Counter[str] | dict[str, int]) -> dict[str, int]:
    order = [*FAMILIES, *sorted(set(counts) - set(FAMILIES))]
    return {f: counts[f] for f in order if counts.get(f)}


@dataclass(frozen=True)
class RegionComparison:
    """One region in two elections; a side is ``None`` where the store cannot tell it."""

    region: Region
    before: RegionStory | None
    after: RegionStory | None

    @property
    def seats_before(self) -> dict[str, int] | None:
        """Seats per family in the first election (None without its round 2)."""
        return family_seats(self.before)

    @property
    def seats_after(self) -> dict[str, int] | None:
        """Seats per family in the second election (None without its round 2)."""
        return family_seats(self.after)

    @property
    def seat_change(self) -> dict[str, int] | None:
        """Seats gained (+) or lost (−) per family; None unless both elections have seats."""
        before, after = self.seats_before, self.seats_after
        if before is None or after is None:
            return None
        families = _ordered(Counter(dict.fromkeys((*before, *after), 1)))
        return {f: after.get(f, 0) - before.get(f, 0) for f in families}

    @property
    def winner_family_changed(self) -> bool | None:
        """Whether the family that took the bonus changed; None unless both have winners."""
        if self.before is None or self.after is None:
            return None
        if self.before.winner is None or self.after.winner is None:
            return None
        return self.before.winner_family != self.after.winner_family


@dataclass(frozen=True)
class ElectionComparison:
    """Every region in either election, by INSEE code order of the reference."""

    before: str
    after: str
    regions: tuple[RegionComparison, ...]

    def compared(self) -> tuple[RegionComparison, ...]:
        """Regions with seats in both elections (the like-for-like totals)."""
        return tuple(r for r in self.regions if r.seat_change is not None)

    def total_seats(self, side: str) -> dict[str, int]:
        """Seats per family over :meth:`compared`, for ``side`` ``before`` or ``after``."""
        total: Counter[str] = Counter()
        for r in self.compared():
            seats = r.seats_before if side == "before" else r.seats_after
            total.update(seats or {})
        return _ordered(total)


def compare_elections(store: Store, before: str, after: str) -> ElectionComparison:
    """Compare two stored elections (ids such as ``regionales-2015``), region by region."""
    first, second = election_story(store, before), election_story(store, after)
    a = {r.region.code: r for r in first.regions}
    b = {r.region.code: r for r in second.regions}
    regions = {r.region.code: r.region for r in (*first.regions, *second.regions)}
    order = [r.code for r in store.regions(before)] + [r.code for r in store.regions(after)]
    codes = [c for c in dict.fromkeys(order) if c in regions]
    return ElectionComparison(
        before,
        after,
        tuple(RegionComparison(regions[c], a.get(c), b.get(c)) for c in codes),
    )
