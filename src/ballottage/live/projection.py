"""Projection of a region's final result from the units counted so far (the contract).

A *unit* is whatever the feed reports (commune, canton, department). For each region the night
knows every unit expected, with its figures in a *baseline*: on a round-2 night, the same
election's round 1 in that unit; on a round-1 night, an earlier election in the same units, its
lists matched to this election's by political family (or, with no earlier election, a baseline
of inscrits alone). :func:`project_region` combines the units counted so far with the baseline
of those not yet counted into the region's final result, with its uncertainty, and applies the
exact law to every draw.

The model (``docs/live-model.md``; :mod:`~ballottage.live.model_draws`). Each uncounted unit's
vote is forecast in shares of its inscrits:

* *structural* part: round 2, the transfers of the counted units (em-ipf, the project's
  estimator, :mod:`ballottage.inference.em_ipf`) applied to the unit's round 1; round 1, the
  unit's baseline share of each list's family times the list's swing ratio on the counted units;
* *correction* for what is counted first not looking like what is counted last: the counted
  units' residuals against the structural forecast are regressed (Bayesian ridge, one
  multivariate regression for all lists) on covariates every unit has before it reports — its
  size (log inscrits), its baseline turnout and the baseline shares of its four largest
  categories, and its department (post-stratification, when a department holds several units);
  the correction is applied to the uncounted units' own covariates;
* *uncertainty*: the posterior of the correction (model uncertainty: a department not yet seen
  keeps its prior), the units' residuals (between-unit variance, smaller for larger units), and
  a factor learnt from the counted units themselves — each size fold forecast from the smaller
  ones — by which the model understates its error when it extrapolates in size.

The region's totals are then Gaussian draws (heavy-tailed while few units are counted); every
draw goes through the exact law (:func:`~ballottage.simulation.batch.allocate_batch`: bonus,
5 % threshold, D'Hondt; on round 1 the stand and merge thresholds with the fallbacks of
art. L346, and an outright majority, art. L338). A draw whose result needs the candidates' ages
(a tie) is counted in ``undecidable`` and left out of seats and wins. When every unit is counted
the figures are the official result: the law applied once with the exact engine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from ballottage.errors import InvalidInput, UndecidableTie
from ballottage.law.allocation import allocate_council
from ballottage.law.rounds import decide_round1
from ballottage.law.rules import RuleSet
from ballottage.law.votes import shares_at_least
from ballottage.live.model_draws import draw_totals, forecast, swing_ratios, transfer_shares
from ballottage.live.model_units import NightArrays, baseline_category, night_arrays
from ballottage.simulation.batch import allocate_batch

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


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
    undecidable: float = 0.0
    """Share of the draws (1.0 when final) where the law needs the candidates' ages to settle
    a tie (bonus, last seat, runner-up): their seats and wins are left out of the figures."""


def project_region(night: RegionNight, *, draws: int = 10_000, seed: int = 0) -> RegionProjection:
    """Project the region's final result from the units counted so far (module doc).

    Nothing counted: no list is projected (``lists`` is empty), never a guess. Every unit
    counted: the official result, the law applied once (``final``). Otherwise ``draws`` Monte
    Carlo draws of the uncounted vote, the exact law applied to each (``seed`` fixes them).
    """
    return project_with(night, draws=draws, seed=seed)


def project_with(
    night: RegionNight, *, draws: int = 10_000, seed: int = 0, correction: bool = True
) -> RegionProjection:
    """:func:`project_region`, or without the covariate correction (``correction=False``: the
    naive model, which assumes the uncounted units look like the counted ones)."""
    if draws < 100:
        raise InvalidInput("draws", draws, "must be at least 100")
    if night.round not in (1, 2):
        raise InvalidInput("round", night.round, "must be 1 or 2")
    arrays = night_arrays(night.baseline, night.counted, night.families, by_family=night.round == 1)
    if not arrays.lists:
        return _projection(night, arrays.counted_share, (), final=False, draws=0)
    if not len(arrays.x_counted):
        some = ", ".join(sorted(night.counted)[:3])
        raise InvalidInput(
            "counted", some, f"no counted unit of {night.region} is in the baseline (codes differ)"
        )
    if arrays.complete:
        return exact_projection(night, arrays)
    votes = draw_votes(night, arrays, draws, seed, correction=correction)
    if night.round == 2:
        lists, undecidable = round2_lists(night, arrays.lists, votes)
    else:
        lists, undecidable = round1_lists(night, arrays.lists, votes)
    return _projection(
        night, arrays.counted_share, lists, final=False, draws=draws, undecidable=undecidable
    )


def draw_votes(
    night: RegionNight, arrays: NightArrays, draws: int, seed: int, *, correction: bool = True
) -> IntArray:
    """``draws`` rows of the region's final votes per list (whole numbers)."""
    if night.round == 2:
        structural = transfer_shares(arrays.x_counted, arrays.y_counted, arrays.inscrits_counted)
        structural = structural[:, : len(arrays.lists)]
    else:
        index = {c: k for k, c in enumerate(arrays.categories)}
        category = [
            index.get(baseline_category(n, night.families, True)) if n in night.families else None
            for n in arrays.lists
        ]
        structural = swing_ratios(arrays.x_counted, arrays.y_counted, category)
    if not correction:
        arrays = replace(
            arrays,
            z_counted=arrays.z_counted[:, :1],
            z_uncounted=arrays.z_uncounted[:, :1],
            kinds=arrays.kinds[:1],
        )
    fc = forecast(arrays, structural, arrays.kinds)
    totals = draw_totals(fc, draws, np.random.default_rng(seed))
    votes = np.rint(totals).astype(np.int64)
    empty = votes.sum(axis=1) == 0
    votes[empty, 0] = 1  # a draw with no vote at all (never seen in practice) is not a result
    return votes


def _projection(
    night: RegionNight,
    counted: float,
    lists: tuple[ListProjection, ...],
    *,
    final: bool,
    draws: int,
    undecidable: float = 0.0,
) -> RegionProjection:
    ordered = tuple(sorted(lists, key=lambda item: -item.share.mean))
    return RegionProjection(
        election=night.election,
        region=night.region,
        round=night.round,
        counted_inscrits=counted,
        final=final,
        lists=ordered,
        draws=draws,
        undecidable=undecidable,
    )


def _interval(values: FloatArray) -> Interval:
    """Mean and 5 %–95 % quantiles of the draws, widened to hold the mean if it falls out."""
    mean = float(values.mean())
    low, high = (float(q) for q in np.quantile(values, [0.05, 0.95]))
    return Interval(mean, min(low, mean), max(high, mean))


def round2_lists(
    night: RegionNight, names: Sequence[str], votes: IntArray
) -> tuple[tuple[ListProjection, ...], float]:
    """Round 2: shares, seats, win and majority per list, the law applied to every draw."""
    result = allocate_batch(votes, night.rules, seats=night.seats)
    decided = ~result.undecidable
    if not decided.any():
        decided = np.ones(len(votes), dtype=bool)  # every draw tied: report the placeholder
    seats = result.seats[decided]
    total = night.rules.council_size(night.seats)
    shares = votes / votes.sum(axis=1, keepdims=True)
    leader = result.leader[decided]
    lists = tuple(
        ListProjection(
            list=name,
            share=_interval(shares[:, j]),
            seats=_interval(seats[:, j].astype(float)),
            win=float((leader == j).mean()),
            majority=float((2 * seats[:, j] > total).mean()),
            stand=None,
            merge=None,
        )
        for j, name in enumerate(names)
    )
    return lists, float(result.undecidable.mean())


def round1_lists(
    night: RegionNight, names: Sequence[str], votes: IntArray
) -> tuple[tuple[ListProjection, ...], float]:
    """Round 1: shares, who may stand (fallbacks included) or merge, and an outright win."""
    rules = night.rules
    exprimes = votes.sum(axis=1)
    stand = standing(votes, rules)
    merge = (
        votes * rules.merge_threshold.denominator
        >= rules.merge_threshold.numerator * (exprimes[:, None])
    )
    outright = (2 * votes > exprimes[:, None]).any(axis=1)
    seats = np.zeros(votes.shape, dtype=np.int32)
    undecidable = np.zeros(len(votes), dtype=bool)
    if outright.any():
        won = allocate_batch(votes[outright], rules, seats=night.seats)
        seats[outright] = won.seats
        undecidable[outright] = won.undecidable
    top = votes.max(axis=1, keepdims=True)
    first = votes == top
    undecidable |= first.sum(axis=1) > 1
    keep = ~undecidable if (~undecidable).any() else np.ones(len(votes), dtype=bool)
    shares = votes / exprimes[:, None]
    total = rules.council_size(night.seats)
    lists = tuple(
        ListProjection(
            list=name,
            share=_interval(shares[:, j]),
            seats=_interval(seats[keep, j].astype(float)) if outright.any() else None,
            win=float(first[keep, j].mean()),
            majority=float((2 * seats[keep, j] > total).mean()),
            stand=float(stand[:, j].mean()),
            merge=float(merge[:, j].mean()),
        )
        for j, name in enumerate(names)
    )
    return lists, float(undecidable.mean())


def standing(votes: IntArray, rules: RuleSet) -> BoolArray:
    """Who may stand in round 2 in each draw: the stand threshold, then the fallbacks (L346).

    If one list alone reaches the threshold the runner-up may stand too; if none does, the
    two leading lists may (where the rule set has these fallbacks). A tie at the fallback's
    cut lets both tied lists through here (the law would need the candidates' ages).
    """
    threshold = rules.stand_threshold
    exprimes = votes.sum(axis=1, keepdims=True)
    stand = votes * threshold.denominator >= threshold.numerator * exprimes
    count = stand.sum(axis=1)
    ordered = -np.sort(-votes, axis=1)
    second = ordered[:, 1:2] if votes.shape[1] > 1 else np.zeros_like(ordered[:, :1])
    top_two = (votes >= second) & (votes > 0)
    if rules.runner_up_fallback:
        stand |= (count == 1)[:, None] & top_two
    if rules.top_two_fallback:
        stand |= (count == 0)[:, None] & top_two
    return np.asarray(stand, dtype=np.bool_)


def exact_projection(night: RegionNight, arrays: NightArrays) -> RegionProjection:
    """Every unit counted: the official result, the law applied once with the exact engine."""
    names = arrays.lists
    votes = {n: int(v) for n, v in zip(names, arrays.counted_votes, strict=True)}
    exprimes = max(arrays.counted_exprimes, sum(votes.values()))
    total = night.rules.council_size(night.seats)
    seats: Mapping[str, int] | None = None
    leaders: tuple[str, ...] = ()
    stand: set[str] = set()
    undecidable = 0.0
    try:
        if night.round == 2:
            allocation = allocate_council(votes, night.rules, seats=total, exprimes=exprimes)
            seats, leaders = allocation.seats, (allocation.leader,)
        else:
            decided = decide_round1(votes, night.rules, seats=total, exprimes=exprimes)
            if decided.allocation is not None:
                seats, leaders = decided.allocation.seats, (decided.allocation.leader,)
            else:
                assert decided.eligibility is not None
                stand = set(decided.eligibility.stand)
    except UndecidableTie as tie:
        leaders, undecidable = tuple(tie.lists), 1.0
    if not leaders:
        top = max(votes.values())
        leaders = tuple(n for n, v in votes.items() if v == top)
    merge = night.rules.merge_threshold
    lists = tuple(
        _exact_list(night.round, name, v, exprimes, total, seats, leaders)
        if night.round == 2
        else replace(
            _exact_list(1, name, v, exprimes, total, seats, leaders),
            stand=float(name in stand or (seats is not None and name in leaders)),
            merge=float(shares_at_least(merge, v, exprimes)),
        )
        for name, v in votes.items()
    )
    return _projection(night, 1.0, lists, final=True, draws=0, undecidable=undecidable)


def _exact_list(
    round_: int,
    name: str,
    votes: int,
    exprimes: int,
    total: int,
    seats: Mapping[str, int] | None,
    leaders: tuple[str, ...],
) -> ListProjection:
    share = votes / exprimes if exprimes else 0.0
    won = None if seats is None else seats.get(name, 0)
    return ListProjection(
        list=name,
        share=Interval(share, share, share),
        seats=None if won is None else Interval(float(won), float(won), float(won)),
        win=1.0 / len(leaders) if name in leaders else 0.0,
        majority=None if round_ == 1 and won is None else float(2 * (won or 0) > total),
        stand=None,
        merge=None,
    )
