"""A scripted election night for the live page's tests (a stand-in for the feed and the model).

Two regions of the 2015 round 2, three units each; each step counts one more unit and moves the
chances, the last counts everything (``final``). The figures are made up: these tests check the
page, not the model.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ballottage.law import rule_set
from ballottage.live.projection import (
    Interval,
    ListProjection,
    RegionNight,
    RegionProjection,
    UnitCount,
)
from ballottage.web.live_view import NightUpdate

ELECTION = "regionales-2015"
LISTS = {
    "32": (170, {"BERTRAND Xavier": "right", "LE PEN Marine": "far-right"}),
    "53": (
        83,
        {"LE DRIAN Jean-Yves": "left", "LE FUR Marc": "right", "PENNELLE Gilles": "far-right"},
    ),
}
UNITS = ("a", "b", "c")
WINS = {
    "32": [(0.40, 0.60), (0.70, 0.30), (0.90, 0.10), (1.0, 0.0)],
    "53": [(0.50, 0.30, 0.20), (0.65, 0.25, 0.10), (0.80, 0.15, 0.05), (1.0, 0.0, 0.0)],
}
"""Win probability of each list (in ``LISTS`` order) after 0, 1, 2 and 3 units counted."""
SEATS = {"32": (116, 54), "53": (53, 18, 12)}
"""The final seats (the lists' order of ``LISTS``)."""


def _unit(code: str, heads: list[str]) -> UnitCount:
    votes = {head: 1000 * (len(heads) - i) for i, head in enumerate(heads)}
    total = sum(votes.values())
    return UnitCount(code, inscrits=2 * total, votants=total, exprimes=total, votes=votes)


def region_step(region: str, counted: int, round_: int = 2) -> tuple[RegionNight, RegionProjection]:
    """The region's night and projection once ``counted`` of its three units are in (on a
    round-1 night: no seats, the chance of reaching 10 % instead)."""
    seats, families = LISTS[region]
    heads = list(families)
    baseline = {code: _unit(code, heads) for code in UNITS}
    night = RegionNight(
        election=ELECTION,
        region=region,
        round=round_,
        rules=rule_set("regionales-2015"),
        seats=seats,
        baseline=baseline,
        counted={code: baseline[code] for code in UNITS[:counted]},
        families=families,
    )
    final = counted == len(UNITS)
    lists = []
    for head, win, final_seats in zip(heads, WINS[region][counted], SEATS[region], strict=True):
        spread = 0 if final else 3 - counted
        share = final_seats / seats
        lists.append(
            ListProjection(
                list=head,
                share=Interval(share, share - 0.01 * spread, share + 0.01 * spread),
                seats=Interval(final_seats, final_seats - spread, final_seats + spread)
                if round_ == 2
                else None,
                win=win,
                majority=win if round_ == 2 else None,
                stand=None if round_ == 2 else min(1.0, 2 * share),
                merge=None if round_ == 2 else 1.0,
            )
        )
    projection = RegionProjection(
        election=ELECTION,
        region=region,
        round=round_,
        counted_inscrits=counted / len(UNITS),
        final=final,
        lists=tuple(lists),
        draws=1 if final else 10_000,
    )
    return night, projection


def night_updates(round_: int = 2) -> list[NightUpdate]:
    """The night: after 0 (a first batch from elsewhere), 1, 2 and 3 units in each region."""
    start = datetime(2015, 12, 13, 20, 0, tzinfo=UTC)
    return [
        NightUpdate(
            arrived=start + timedelta(minutes=15 * step),
            batch=str(step + 1),
            regions=tuple(region_step(region, step, round_) for region in LISTS),
            region_updated={"32": start + timedelta(minutes=15 * step)} if step else {},
        )
        for step in range(len(UNITS) + 1)
    ]


@dataclass
class ScriptedFeed:
    """Yields :func:`night_updates`, ``pause`` seconds apart, or each once ``gate`` is released."""

    pause: float = 0.0
    gate: threading.Semaphore | None = None
    election: str = ELECTION
    round: int = 2

    def updates(self, stop: threading.Event) -> Iterator[NightUpdate]:
        for update in night_updates():
            if self.gate is not None:
                while not self.gate.acquire(timeout=0.05):
                    if stop.is_set():
                        return
            elif self.pause:
                time.sleep(self.pause)
            if stop.is_set():
                return
            yield update


class BrokenFeed:
    """A feed that fails after its first update."""

    election = ELECTION
    round = 2

    def updates(self, stop: threading.Event) -> Iterator[NightUpdate]:
        yield night_updates()[0]
        raise RuntimeError("the source went away")
