"""The live page's view of the night: each region's counted share, status, bars and hemicycle.

Pure: a :class:`NightUpdate` (what the feed says after a batch) in, a document of the JSON
vocabulary out (:class:`~ballottage.vocabulary.live.LivePageDoc`), the same for the page's first
rendering and for every event of its stream (:mod:`ballottage.web.live`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Literal

from ballottage.live.projection import ListProjection, RegionNight, RegionProjection
from ballottage.report.build import pct
from ballottage.report.hemicycle import HemicycleGroup, hemicycle_svg
from ballottage.report.names import election_title
from ballottage.report.palette import family_colour, family_label, spectrum_rank
from ballottage.report.regions_map import NO_DATA_FILL, region_names
from ballottage.vocabulary.live import LivePageDoc, LiveUpdateDoc, PageList, PageRegion

FIRM = 0.95
"""A region is *firm* once its leader comes first in at least this share of the draws."""

LEANING_ALPHA = "66"
"""Opacity (hex) of a region's fill while its leader is not yet firm."""


@dataclass(frozen=True)
class NightUpdate:
    """The night after one batch: when it arrived, its name, every region's night and projection,
    and what the page should say beside them (a refused batch, a source out of reach)."""

    arrived: datetime | None
    """None before any batch (the feed only says which election it follows)."""
    batch: str
    regions: tuple[tuple[RegionNight, RegionProjection], ...]
    warning: str | None = None
    election: str | None = None
    """The election's id in the store, when the feed resolved the name it was given."""
    region_updated: Mapping[str, datetime] = field(default_factory=lambda: MappingProxyType({}))
    """When each region's figures last changed, where the feed says it."""
    document: LiveUpdateDoc | None = None
    """The update as the JSON vocabulary's ``live.json`` document (docs/json.md), if the feed
    gives it: each event of the page carries it under ``document``."""


def council_seats(lists: Sequence[ListProjection], seats: int) -> dict[str, int]:
    """Whole seats from the mean seats of the draws, largest remainders first, ``seats`` in all.

    >>> from ballottage.live.projection import Interval
    >>> def one(name, mean):
    ...     seats = Interval(mean, 0, 0)
    ...     return ListProjection(name, Interval(0, 0, 0), seats, 0, None, None, None)
    >>> council_seats([one("A", 10.6), one("B", 5.2), one("C", 1.2)], 17)
    {'A': 11, 'B': 5, 'C': 1}
    """
    means = {item.list: max(item.seats.mean, 0.0) for item in lists if item.seats is not None}
    whole = {name: int(mean) for name, mean in means.items()}
    left = seats - sum(whole.values())
    for name in sorted(means, key=lambda n: (whole[n] - means[n], n))[: max(left, 0)]:
        whole[name] += 1
    return whole


def _interval(value: float, low: float, high: float, fmt: str, unit: str = "") -> str:
    """``31.2 % (29.8–32.5)``: the mean, then the 90 % interval unless it is one value."""
    if abs(high - low) < 1e-9:
        return fmt.format(value) + unit
    return f"{fmt.format(value)}{unit} ({fmt.format(low)}–{fmt.format(high)})"


def _list_view(item: ListProjection, family: str | None) -> PageList:
    share, seats = item.share, item.seats
    seats_text = "—" if seats is None else _interval(seats.mean, seats.low, seats.high, "{:.0f}")
    return PageList(
        list=item.list,
        colour=family_colour(family),
        family_label=family_label(family),
        win=round(item.win, 4),
        win_text=pct(item.win, 0),
        share_text=_interval(
            100 * share.mean, 100 * share.low, 100 * share.high, "{:.1f}", "\u00a0%"
        ),
        seats_text=seats_text,
        stand_text="—" if item.stand is None else pct(item.stand, 0),
    )


def _hemicycle(night: RegionNight, projection: RegionProjection, name: str) -> str | None:
    if not any(item.seats is not None for item in projection.lists):
        return None
    seats = council_seats(projection.lists, night.seats)
    groups = sorted(
        (
            HemicycleGroup(head, n, family_colour(night.families.get(head)))
            for head, n in seats.items()
            if n > 0
        ),
        key=lambda g: (spectrum_rank(night.families.get(g.label)), -g.seats),
    )
    if not groups:
        return None
    word = "council" if projection.final else "projected council"
    return hemicycle_svg(groups, title=f"{name}: {word} of {night.seats} seats", lang="en")


_WINS = {"final": "won by", "firm": "projected winner:", "counting": "projected leader:"}
_FIRST = {"final": "first in round 1:", "firm": "projected first:", "counting": "projected leader:"}
"""What the leader does, by status: a fact only once every unit is counted; before, what the
projection says (never "will win": the model's chances are not a result)."""


def _leader_word(projection: RegionProjection, status: str) -> str | None:
    """What the leader does: wins the council (round 2, or a round-1 absolute majority, when
    the projection has seats) or comes first in round 1."""
    wins = projection.round == 2 or any(item.seats is not None for item in projection.lists)
    return (_WINS if wins else _FIRST).get(status)


def _clock(when: datetime | None) -> str | None:
    return None if when is None else when.strftime("%H:%M:%S %Z").strip()


def region_view(
    night: RegionNight, projection: RegionProjection, updated: datetime | None = None
) -> PageRegion:
    """One region as the page shows it: counted share, status, a bar per list, the hemicycle,
    and when its figures last changed (``updated``, if known)."""
    name = region_names().get(projection.region, projection.region)
    lists = [_list_view(item, night.families.get(item.list)) for item in projection.lists]
    leader = max(lists, key=lambda item: item.win) if lists else None
    counted = projection.counted_inscrits
    firm = projection.final or (leader is not None and leader.win >= FIRM)
    status: Literal["waiting", "counting", "firm", "final"]
    if projection.final:
        status = "final"
    elif counted <= 0 or leader is None:
        status = "waiting"
    else:
        status = "firm" if firm else "counting"
    fill = NO_DATA_FILL
    if leader is not None and status != "waiting":
        fill = leader.colour if firm else leader.colour + LEANING_ALPHA
    word = _leader_word(projection, status)
    title = f"{name}: {pct(counted, 1)} of inscrits counted"
    if word is not None and leader is not None:
        title += f", {word} {leader.list} ({leader.win_text})"
    return PageRegion(
        code=projection.region,
        name=name,
        counted=round(counted, 4),
        counted_text=pct(counted, 1),
        final=projection.final,
        status=status,
        leader=None if leader is None or status == "waiting" else leader.list,
        leader_word=word,
        updated_text=_clock(updated),
        fill=fill,
        title=title,
        seats_total=night.seats,
        draws=projection.draws,
        lists=tuple(lists),
        hemicycle=_hemicycle(night, projection, name),
    )


def _inscrits(night: RegionNight) -> tuple[int, int]:
    """Inscrits counted, and expected (counted, plus the baseline of the units still to come)."""
    counted = sum(unit.inscrits for unit in night.counted.values())
    rest = sum(u.inscrits for code, u in night.baseline.items() if code not in night.counted)
    return counted, counted + rest


def live_state(election: str, round_: int, update: NightUpdate | None) -> LivePageDoc:
    """The page's state after ``update`` (None: nothing has arrived yet)."""
    if update is not None and update.election is not None:
        election = update.election
    if update is None:
        return LivePageDoc(
            election=election,
            title=election_title(election),
            round=round_,
            batch=None,
            updated=None,
            updated_text="—",
            counted=None,
            counted_text="—",
            final=False,
            error=None,
            warning=None,
            regions=(),
            document=None,
        )
    counted = expected = 0
    for night, _ in update.regions:
        done, total = _inscrits(night)
        counted, expected = counted + done, expected + total
    share = counted / expected if expected else None
    regions = sorted(update.regions, key=lambda pair: pair[1].region)
    return LivePageDoc(
        election=election,
        title=election_title(election),
        round=round_,
        batch=update.batch,
        updated=None if update.arrived is None else update.arrived.isoformat(),
        updated_text=_clock(update.arrived) or "—",
        counted=None if share is None else round(share, 4),
        counted_text=pct(share, 1),
        final=bool(regions) and all(p.final for _, p in regions),
        error=None,
        warning=update.warning,
        regions=tuple(
            region_view(night, projection, update.region_updated.get(projection.region))
            for night, projection in regions
        ),
        document=update.document,
    )
