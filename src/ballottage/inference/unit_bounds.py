"""What the units' own margins allow: the bounds of every cell, and intervals calibrated on them.

Method of bounds (Duncan & Davis 1953). In unit *i*, the voters of round-1 category *r* who went
to round-2 category *c* are at least ``max(0, x_ir + y_ic − n_i)`` and at most
``min(x_ir, y_ic)``, whatever happened inside the unit. Summed over units and divided by the
category's voters, this bounds every cell of the regional matrix with certainty: the truth is
always inside. The bounds are narrow where units are homogeneous (a unit where a list took
95 % of the vote says much), wide where every unit is mixed.

The intervals of the default method (``em-ipf``) are *calibrated* on these bounds: the estimate
± ``k(level)`` times the width of the cell's bounds, intersected with the bounds. ``k`` is not
derived from a model: it was measured on real elections with known answers (the New Zealand
districts of Pavía's ei.Datasets, 2002 and 2005, 138 districts), as the vote-weighted
``level``-quantile of |estimate − truth| / bound width, and checked on 2008 and 2011 (140
districts), see ``docs/transfers.md`` and ``bench/transfers.py --calibrate``. What this assumes:
that the estimate misses the truth by a share of the bound width that is spread as it was there.
"""

from __future__ import annotations

import numpy as np

from ballottage.errors import InvalidInput
from ballottage.inference.estimate import Array

CALIBRATION: tuple[tuple[float, float], ...] = (
    (0.0, 0.0),
    (0.5, 0.0368),
    (0.6, 0.0486),
    (0.7, 0.0686),
    (0.8, 0.0961),
    (0.85, 0.1151),
    (0.9, 0.1487),
    (0.95, 0.2097),
    (0.975, 0.2633),
    (0.99, 0.3290),
)
"""(level, k) measured on NZ 2002 + 2005 (138 districts) by ``bench/transfers.py --calibrate``:
k is the vote-weighted ``level``-quantile of |estimate − truth| / (bound width) over every cell.
On the held-out 2008 + 2011 (140 districts) the 90 % constant covers 0.918 of the votes (their
own 90 % quantile is 0.133). Between two levels k is interpolated linearly; above the last level
the interval is the whole bounds (which always hold the truth)."""


def cell_bounds(x_counts: Array, y_counts: Array) -> tuple[Array, Array]:
    """Lowest and highest share of every cell that the units' margins allow (Duncan–Davis).

    ``x_counts`` [units, R] and ``y_counts`` [units, C] split the same voters in each unit.

    >>> low, high = cell_bounds(np.array([[90.0, 10.0], [20.0, 80.0]]),
    ...                         np.array([[95.0, 5.0], [30.0, 70.0]]))
    >>> low.round(3).tolist(), high.round(3).tolist()
    ([[0.773, 0.0], [0.167, 0.556]], [[1.0, 0.227], [0.444, 0.833]])
    """
    n = x_counts.sum(axis=1)
    x, y = x_counts[:, :, None], y_counts[:, None, :]
    voters = x_counts.sum(axis=0)[:, None]
    low = np.maximum(0.0, x + y - n[:, None, None]).sum(axis=0) / voters
    high = np.minimum(x, y).sum(axis=0) / voters
    return np.clip(low, 0.0, 1.0), np.clip(high, 0.0, 1.0)


def calibrated_width(level: float) -> float:
    """k(level): the interval is the estimate ± k times the cell's bound width (``inf``: bounds).

    >>> calibrated_width(0.9) == dict(CALIBRATION)[0.9]
    True
    """
    if not 0.0 < level < 1.0:
        raise InvalidInput("level", level, "must be strictly between 0 and 1")
    levels = [lv for lv, _ in CALIBRATION]
    if level > levels[-1]:
        return float("inf")
    return float(np.interp(level, levels, [k for _, k in CALIBRATION]))


def calibrated_intervals(
    shares: Array, low: Array, high: Array, level: float
) -> tuple[Array, Array]:
    """The estimate ± k(level)·(high − low), within the bounds ``low``/``high``."""
    k = calibrated_width(level)
    if k == float("inf"):
        return low.copy(), high.copy()
    half = k * (high - low)
    lower = np.clip(np.maximum(shares - half, low), 0.0, 1.0)
    upper = np.clip(np.minimum(shares + half, high), 0.0, 1.0)
    return np.minimum(lower, shares), np.maximum(upper, shares)
