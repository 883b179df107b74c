"""Election night's documents: ``ballottage live --json`` (one line per update), ``live history``
and the live page's events. Built from the typed values of :mod:`ballottage.live`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal, Self

from pydantic import Field

from ballottage.vocabulary.common import Document, Model, RegionRef

if TYPE_CHECKING:
    from datetime import datetime

    from ballottage.live.follow import NightUpdate
    from ballottage.live.journal import BatchReport
    from ballottage.live.projection import Interval, ListProjection, RegionNight, RegionProjection


def _utc(when: datetime | None) -> str | None:
    return None if when is None else when.isoformat(timespec="seconds") + "Z"


class IntervalDoc(Model):
    """A central estimate and its 90 % interval (the 5 % and 95 % quantiles of the draws)."""

    mean: float
    low: float
    high: float

    @classmethod
    def of(cls, value: Interval, places: int = 4) -> Self:
        """An interval rounded for display."""
        return cls(
            mean=round(value.mean, places),
            low=round(value.low, places),
            high=round(value.high, places),
        )


class LiveList(Model):
    """One list's projected final result."""

    list: str
    family: str | None
    share: IntervalDoc = Field(description="Share of exprimés, in [0, 1].")
    projected_seats: IntervalDoc | None = Field(
        description="Seats (round 2, or an outright round-1 majority)."
    )
    p_first: float = Field(description="Probability of coming first (the bonus on round 2).")
    p_majority: float | None = Field(description="Probability of an absolute majority of seats.")
    p_stand: float | None = Field(description="Round 1: probability of 10 % (art. L346).")
    p_merge: float | None = Field(description="Round 1: probability of 5 % (art. L346).")

    @classmethod
    def of(cls, item: ListProjection, family: str | None) -> Self:
        """A list's projection."""

        def p(value: float | None) -> float | None:
            return None if value is None else round(value, 4)

        return cls(
            list=item.list,
            family=family,
            share=IntervalDoc.of(item.share),
            projected_seats=None if item.seats is None else IntervalDoc.of(item.seats, 2),
            p_first=round(item.win, 4),
            p_majority=p(item.majority),
            p_stand=p(item.stand),
            p_merge=p(item.merge),
        )


class LiveRegion(Model):
    """One region at one moment of the night, its lists most likely winner first."""

    region: RegionRef
    seats_total: int
    units: int
    units_counted: int
    counted_inscrits: float = Field(description="Share of the region's inscrits counted.")
    final: bool = Field(description="Every unit counted: the official result, law applied once.")
    draws: int
    undecidable: float = Field(description="Share of draws a tie by the candidates' ages decides.")
    updated_at: str | None
    lists: tuple[LiveList, ...]

    @classmethod
    def of(
        cls,
        night: RegionNight,
        projection: RegionProjection,
        *,
        name: str | None,
        updated: datetime | None,
    ) -> Self:
        """A region's night and projection."""
        lists = sorted(projection.lists, key=lambda item: (-item.win, -item.share.mean, item.list))
        return cls(
            region=RegionRef(code=night.region, name=name),
            seats_total=night.seats,
            units=len(night.baseline),
            units_counted=len(night.counted),
            counted_inscrits=round(projection.counted_inscrits, 4),
            final=projection.final,
            draws=projection.draws,
            undecidable=round(projection.undecidable, 4),
            updated_at=_utc(updated),
            lists=tuple(LiveList.of(item, night.families.get(item.list)) for item in lists),
        )


class BatchDoc(Model):
    """What became of one batch of results."""

    id: int | None
    source: str
    tag: str
    arrived_at: str
    units: int
    changed: int = Field(description="Units new or corrected by this batch.")
    refused: str | None = Field(description="Why the whole batch was refused, if it was.")
    already_imported: bool

    @classmethod
    def of(cls, report: BatchReport) -> Self:
        """A batch's report."""
        return cls(
            id=report.id,
            source=report.source,
            tag=report.tag,
            arrived_at=_utc(report.arrived_at) or "",
            units=report.units,
            changed=report.changed,
            refused=report.refused,
            already_imported=report.already,
        )


class LiveUpdateDoc(Document):
    """``ballottage live --json``: one line per update (and one event of the live page)."""

    election: str
    round: int
    batch: BatchDoc | None
    complete: bool = Field(description="Every unit of the night counted.")
    warning: str | None
    regions: tuple[LiveRegion, ...]

    @classmethod
    def of(cls, update: NightUpdate, election: str, round_: int, names: Mapping[str, str]) -> Self:
        """The night after one batch."""
        return cls(
            election=election,
            round=round_,
            batch=None if update.report is None else BatchDoc.of(update.report),
            complete=update.complete,
            warning=update.warning,
            regions=tuple(
                LiveRegion.of(
                    night,
                    projection,
                    name=names.get(night.region),
                    updated=update.updated.get(night.region),
                )
                for night, projection in update.regions
            ),
        )

    def json_line(self) -> str:
        """The document on one line (JSON lines)."""
        return self.model_dump_json(by_alias=True)


class LiveHistoryDoc(Document):
    """``ballottage live history --json``: the journal's batches, and the night as of ``--at``."""

    election: str
    round: int
    batches: tuple[BatchDoc, ...]
    as_of: LiveUpdateDoc | None = Field(description="The projection as of --at, if given.")


class PageList(Model):
    """One list on the live page: its chance of coming first (the bar), share and seats, as
    numbers and as the text shown."""

    list: str
    colour: str
    family_label: str
    win: float = Field(description="Probability of coming first (the bar's width).")
    win_text: str
    share_text: str
    seats_text: str
    stand_text: str


class PageRegion(Model):
    """One region's card on the live page."""

    code: str
    name: str
    counted: float = Field(description="Share of the region's inscrits counted.")
    counted_text: str
    final: bool
    status: Literal["waiting", "counting", "firm", "final"]
    leader: str | None
    leader_word: str | None
    updated_text: str | None
    fill: str = Field(description="The region's colour on the map.")
    title: str
    seats_total: int
    draws: int
    lists: tuple[PageList, ...]
    hemicycle: str | None = Field(description="The projected council (SVG), if seats are known.")
    html: str | None = Field(default=None, description="The card as HTML, for the page script.")


class LivePageDoc(Document):
    """``GET /live/state`` and each ``update`` event of ``/live/events``: the page's state."""

    election: str
    title: str
    round: int
    batch: str | None
    updated: str | None
    updated_text: str
    counted: float | None
    counted_text: str
    final: bool
    error: str | None
    warning: str | None
    regions: tuple[PageRegion, ...]
    document: LiveUpdateDoc | None = Field(
        description="The same night as `ballottage live --json` prints it (live.json)."
    )
