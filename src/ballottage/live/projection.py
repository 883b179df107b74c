"""Projection of a region's final result from the units counted so far (the contract).

A *unit* is whatever the feed reports (commune, canton, department). For each region the night
knows every unit expected, with its figures in a *baseline*: on a round-2 night, the same
election's round 1 in that unit; on a round-1 night, an earlier election in the same units, its
lists matched to this election's by political family. :func:`project_region` combines the units
counted so far with the baseline of those not yet counted into the region's final result, with
its uncertainty, and applies the exact law to every draw.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ballottage.law.rules import RuleSet


@dataclass(frozen=True)
class UnitCount:
    """One unit's figures: the turnout and each list's votes (keyed by the list's head)."""

    code: str
    inscrits: int
    votants: int
    exprimes: int
    votes: Mapping[str, int]


@dataclass(frozen=True)
class RegionNight:
    """What is known about one region at one moment of the night.

    ``baseline`` holds every unit of the region (counted or not); ``counted`` the units reported
    so far. ``families`` maps each list of this election, and on a round-1 night each list of the
    baseline, to its political family (reference/nuances.csv).
    """

    election: str
    region: str
    round: int
    rules: RuleSet
    seats: int
    baseline: Mapping[str, UnitCount]
    counted: Mapping[str, UnitCount]
    families: Mapping[str, str]


@dataclass(frozen=True)
class Interval:
    """A central estimate with its 90 % interval."""

    mean: float
    low: float
    high: float


@dataclass(frozen=True)
class ListProjection:
    """One list's projected final figures."""

    list: str
    share: Interval
    """Share of exprimés, in [0, 1]."""
    seats: Interval | None
    """Round 2 (or an outright round-1 win): seats, with the 5 %–95 % quantiles of the draws."""
    win: float
    """Probability that the list comes first (takes the majority bonus on round 2)."""
    majority: float | None
    """Probability of an absolute majority of the council's seats (round 2)."""
    stand: float | None
    """Round 1: probability of at least the stand threshold (10 % of exprimés, art. L346)."""
    merge: float | None
    """Round 1: probability of at least the merge threshold (5 %, art. L346)."""


@dataclass(frozen=True)
class RegionProjection:
    """The region's projection at one moment."""

    election: str
    region: str
    round: int
    counted_inscrits: float
    """Share of the region's inscrits in the units counted so far, in [0, 1]."""
    final: bool
    """Every unit counted: the figures are the official result, the law applied once, exactly."""
    lists: tuple[ListProjection, ...]
    draws: int


def project_region(night: RegionNight, *, draws: int = 10_000, seed: int = 0) -> RegionProjection:
    """Project the region's final result (implemented in the election-night model work, #17)."""
    raise NotImplementedError("ballottage.live.projection.project_region: see issue 17")
