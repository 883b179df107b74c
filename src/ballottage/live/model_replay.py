"""Replaying a finished night to measure the projection: how wrong, how sure, how calibrated.

A night is replayed by revealing its units in a reporting order and projecting at checkpoints
(the first moment the counted units hold 10 %, 25 %... of the inscrits). Each checkpoint is
scored against the final result: the error of every list's projected share, whether its 90 %
interval holds the final share, whether the projected winner is the final one, and every
list's stated win probability beside whether it won.

Orders: ``realistic`` (small units first: units sorted by log inscrits plus a Gaussian jitter
of ``JITTER``, so the order is biased but not strictly by size, as on a real night where rural
communes report first and cities last), ``size`` (strictly smallest first), ``random``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from ballottage.live.projection import RegionNight, UnitCount, project_with

JITTER = 1.0
"""Standard deviation of the jitter on log inscrits in the realistic order."""
CHECKPOINTS = (0.10, 0.25, 0.50, 0.75)


@dataclass(frozen=True)
class Score:
    """One projection scored against the final result (shares in points of exprimés)."""

    target: float
    counted: float
    errors: tuple[float, ...]
    covered: tuple[bool, ...]
    winner_right: bool
    margin: float
    """The final margin between the first two lists, in points."""
    calls: tuple[tuple[float, bool], ...]
    """Every list's stated win probability and whether it came first."""


def reporting_order(
    units: Mapping[str, UnitCount], order: str, rng: np.random.Generator
) -> list[str]:
    """The units' codes in the order they report (module doc)."""
    codes = sorted(units)
    size = np.log(np.array([max(units[c].inscrits, 1) for c in codes], dtype=float))
    if order == "random":
        key = rng.permutation(len(codes)).astype(float)
    elif order == "size":
        key = size
    elif order == "realistic":
        key = size + rng.normal(0.0, JITTER, len(codes))
    else:
        raise ValueError(f"order must be realistic, size or random, not {order!r}")
    return [codes[k] for k in np.argsort(key, kind="stable")]


def final_shares(units: Mapping[str, UnitCount]) -> dict[str, float]:
    """Each list's final share of exprimés."""
    votes: dict[str, int] = {}
    for unit in units.values():
        for name, v in unit.votes.items():
            votes[name] = votes.get(name, 0) + v
    total = sum(unit.exprimes for unit in units.values()) or sum(votes.values())
    return {n: v / total for n, v in votes.items()}


def replay(
    night: RegionNight,
    final: Mapping[str, UnitCount],
    order: Sequence[str],
    *,
    checkpoints: Sequence[float] = CHECKPOINTS,
    draws: int = 2000,
    seed: int = 0,
    correction: bool = True,
) -> list[Score]:
    """Project ``night`` (its ``counted`` replaced) at each checkpoint of ``order``, scored."""
    truth = final_shares(final)
    ranked = sorted(truth, key=lambda n: -truth[n])
    margin = 100 * (truth[ranked[0]] - truth[ranked[1]]) if len(ranked) > 1 else 100.0
    inscrits = np.array([night.baseline[c].inscrits for c in order], dtype=float)
    cumulative = np.cumsum(inscrits) / inscrits.sum()
    scores = []
    for target in checkpoints:
        k = int(np.searchsorted(cumulative, target)) + 1
        if k >= len(order):
            continue
        counted = {c: final[c] for c in order[:k]}
        projection = project_with(
            replace(night, counted=counted), draws=draws, seed=seed, correction=correction
        )
        lists = {item.list: item for item in projection.lists}
        names = [n for n in truth if n in lists]
        leader = max(lists.values(), key=lambda item: item.win).list
        scores.append(
            Score(
                target=target,
                counted=projection.counted_inscrits,
                errors=tuple(100 * abs(lists[n].share.mean - truth[n]) for n in names),
                covered=tuple(lists[n].share.low <= truth[n] <= lists[n].share.high for n in names),
                winner_right=leader == ranked[0],
                margin=margin,
                calls=tuple((lists[n].win, n == ranked[0]) for n in names),
            )
        )
    return scores
