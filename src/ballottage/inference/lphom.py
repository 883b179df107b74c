"""lphom (Romero, Pavía, Martín & Romero 2020): the reference linear program, for comparison.

One matrix ``P`` for every unit, row-stochastic, chosen to minimise the sum over units and
round-2 categories of the absolute gaps ``|y_ic − Σ_r x_ir P[r, c]|`` (counts): least absolute
deviations instead of Goodman's least squares. Solved exactly with HiGHS
(``scipy.optimize.linprog``). Point estimate only: lphom has no intervals (the R package gives
none either), so ``lower``/``upper`` are NaN.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike
from scipy import sparse
from scipy.optimize import linprog

from ballottage.errors import InvalidInput
from ballottage.inference.estimate import Array, TransferEstimate
from ballottage.inference.goodman import checked_counts, fitted_estimate, round2_on_round1_totals

METHOD = "lphom (least absolute deviations, one matrix for all units; LP by HiGHS)"


def fit_lphom(x: Array, y: Array) -> Array:
    """The row-stochastic ``P`` [R, C] minimising Σ_ic |y_ic − (x P)_ic|.

    >>> x = np.array([[80.0, 20.0], [30.0, 70.0], [50.0, 50.0]])
    >>> fit_lphom(x, x @ np.array([[0.9, 0.1], [0.2, 0.8]])).round(3).tolist()
    [[0.9, 0.1], [0.2, 0.8]]
    """
    units, r = x.shape
    c = y.shape[1]
    cells, gaps = r * c, units * c
    # variables: P (r-major), then e+ and e- of every (unit, column)
    eq_row = (np.arange(units)[:, None, None] * c + np.arange(c)[None, None, :]).repeat(r, 1)
    eq_col = np.broadcast_to(np.arange(cells).reshape(1, r, c), (units, r, c))
    coef = np.broadcast_to(x[:, :, None], (units, r, c))
    gap = np.arange(gaps)
    fit = sparse.csr_matrix(
        (
            np.concatenate([coef.ravel(), np.ones(gaps), -np.ones(gaps)]),
            (
                np.concatenate([eq_row.ravel(), gap, gap]),
                np.concatenate([eq_col.ravel(), cells + gap, cells + gaps + gap]),
            ),
        ),
        shape=(gaps, cells + 2 * gaps),
    )
    sums = sparse.csr_matrix(
        (np.ones(cells), (np.repeat(np.arange(r), c), np.arange(cells))),
        shape=(r, cells + 2 * gaps),
    )
    result = linprog(
        np.concatenate([np.zeros(cells), np.ones(2 * gaps)]),
        A_eq=sparse.vstack([fit, sums]),
        b_eq=np.concatenate([y.ravel(), np.ones(r)]),
        bounds=(0, None),
        method="highs",
    )
    if result.x is None:  # pragma: no cover - the problem is always feasible and bounded
        raise InvalidInput("round1", "lphom", f"the linear program failed: {result.message}")
    p = np.clip(np.asarray(result.x[:cells], dtype=float).reshape(r, c), 0.0, None)
    return np.asarray(p / p.sum(axis=1, keepdims=True), dtype=float)


def estimate_transfers_lphom(
    round1: ArrayLike,
    round2: ArrayLike,
    *,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    seed: int = 0,
    level: float = 0.90,
    tolerance: float = 0.01,
) -> TransferEstimate:
    """Estimate transfers by lphom (module doc); ``seed`` unused, no intervals."""
    x_counts, y_counts, rows, cols = checked_counts(
        round1,
        round2,
        row_labels=row_labels,
        col_labels=col_labels,
        level=level,
        tolerance=tolerance,
    )
    shares = fit_lphom(x_counts, round2_on_round1_totals(x_counts, y_counts))
    return fitted_estimate(
        x_counts, y_counts, (rows, cols), shares, None, level=level, method=METHOD
    )
