"""Follow a night: poll the source, import each batch into the journal, re-project regions.

:class:`Follower` is the loop behind ``ballottage live`` (and a feed for the live page): each
:class:`NightUpdate` carries every region's night and projection after a batch. Regions a
batch did not touch keep their projection. Restarted on the same store, it resumes from the
journal: batches already imported are not imported again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from ballottage.data.store import Store
from ballottage.errors import InconsistentData
from ballottage.live.feed import BadBatch, Batch
from ballottage.live.journal import BatchReport, Journal, utc_now
from ballottage.live.night import NightPlan, plan_night
from ballottage.live.projection import RegionNight, RegionProjection, project_region
from ballottage.live.sources import FeedUnavailable, Source

Project = Callable[[RegionNight], RegionProjection]


@dataclass(frozen=True)
class NightUpdate:
    """The night after one batch: what became of it, every region's night and projection."""

    report: BatchReport | None
    regions: tuple[tuple[RegionNight, RegionProjection], ...]
    complete: bool
    """Every unit of the night counted."""
    warning: str | None = None
    updated: Mapping[str, datetime] = field(default_factory=dict)
    """When each region's figures last changed (arrival of the batch, UTC)."""

    @property
    def arrived(self) -> datetime:
        """When the batch arrived (UTC; now, for the state shown on start)."""
        return self.report.arrived_at if self.report is not None else utc_now()

    @property
    def batch(self) -> str:
        """The batch, for people: its source, and what became of it."""
        if self.report is None:
            return "the journal's state"
        r = self.report
        if r.refused:
            return f"{r.source}: refused ({r.refused})"
        said = "already imported" if r.already else f"{r.changed} of {r.units} units new"
        return f"{r.source}: {said}"


class Follower:
    """One election's round followed from ``source`` into ``store``."""

    def __init__(
        self,
        store: Store,
        source: Source,
        election: str,
        round_: int,
        *,
        level: str | None = None,
        baseline: str | None = None,
        project: Project | None = None,
        draws: int = 10_000,
        seed: int = 0,
    ) -> None:
        self.store, self.source = store, source
        self.election, self.round = election, round_
        self.level, self.baseline = level, baseline
        self.journal = Journal(store, election, round_)
        self.project = project or (lambda n: project_region(n, draws=draws, seed=seed))
        self.plan: NightPlan | None = None
        self._warning: str | None = None
        self._projections: dict[str, tuple[RegionNight, RegionProjection]] = {}
        self._updated: dict[str, datetime] = self.journal.last_changes()
        state = self.journal.state()
        if level is None and state:
            self.level = next(iter(state.values())).level
        if self.level is not None:
            self.plan = plan_night(store, election, round_, self.level, baseline)

    def _plan_for(self, batch: Batch) -> NightPlan:
        if self.plan is None:
            levels = {u.level for u in batch.units}
            if len(levels) != 1:
                raise BadBatch(
                    batch.source,
                    batch.tag,
                    InconsistentData("batch", f"units of several levels ({', '.join(levels)})"),
                )
            self.level = levels.pop()
            self.plan = plan_night(self.store, self.election, self.round, self.level, self.baseline)
        return self.plan

    def current(self) -> NightUpdate | None:
        """The night as the journal holds it (on start or resume), or ``None`` before any unit."""
        if self.plan is None:
            return None
        return self._update(None, {r.region for r in self.plan.regions})

    def step(self) -> NightUpdate | None:
        """Poll once; import and re-project if a batch came (``None``: nothing new)."""
        try:
            batch = self.source.poll()
        except BadBatch as exc:
            report = self.journal.refuse(Batch(exc.source, exc.tag, ()), str(exc.cause))
            return self._update(report, set())
        except FeedUnavailable as exc:
            if self.plan is None:
                raise
            if str(exc) == self._warning:  # said once, until the source answers again
                return None
            self._warning = str(exc)
            return NightUpdate(
                None, self._regions(), self._complete(), str(exc), dict(self._updated)
            )
        self._warning = None
        if batch is None:
            return None
        try:
            plan = self._plan_for(batch)
        except BadBatch as exc:
            return self._update(self.journal.refuse(batch, str(exc.cause)), set())
        report = self.journal.import_batch(batch, plan.expected())
        touched = set() if report.refused or report.already else {u.region for u in batch.units}
        if report.changed:
            self._updated.update(dict.fromkeys(touched, report.arrived_at))
        return self._update(report, touched)

    def _update(self, report: BatchReport | None, touched: set[str]) -> NightUpdate:
        if self.plan is not None and (touched or not self._projections):
            nights = self.plan.nights(self.journal.state())
            for night in nights:
                if night.region in touched or night.region not in self._projections:
                    self._projections[night.region] = (night, self.project(night))
        return NightUpdate(report, self._regions(), self._complete(), updated=dict(self._updated))

    def _regions(self) -> tuple[tuple[RegionNight, RegionProjection], ...]:
        if self.plan is None:
            return ()
        return tuple(self._projections[r.region] for r in self.plan.regions)

    def _complete(self) -> bool:
        if self.plan is None:
            return False
        counted = sum(len(night.counted) for night, _ in self._regions())
        return counted == self.plan.units()

    def updates(
        self, stop: threading.Event, *, interval: float = 1.0, once: bool = False
    ) -> Iterator[NightUpdate]:
        """Each update as its batch is imported; returns when every unit is counted, when
        ``stop`` is set, or (``once``) when the source has nothing new."""
        first = self.current()
        if first is not None:
            yield first
            if first.complete:
                return
        started = time.monotonic()
        while not stop.is_set():
            update = self.step()
            if update is not None:
                yield update
                if update.complete:
                    return
                continue
            if once:
                return
            stop.wait(max(0.0, interval - (time.monotonic() - started) % interval))


def arrived_text(report: BatchReport | None) -> str:
    """When the batch arrived, for people (UTC)."""
    when = report.arrived_at if report is not None else utc_now()
    return when.strftime("%H:%M:%S UTC")
