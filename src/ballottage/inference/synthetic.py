"""Synthetic round 2 from a known transfer matrix, and how well the estimator recovers it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ballottage.errors import InvalidInput
from ballottage.inference.estimate import Array, TransferEstimate
from ballottage.inference.methods import estimate_transfers
from ballottage.inference.settings import DEFAULT_LOCAL_VARIATION, DEFAULT_METHOD


def _truth(value: ArrayLike, rows: int) -> Array:
    p = np.asarray(value, dtype=float)
    if p.ndim != 2 or p.shape[0] != rows or p.shape[1] < 2:
        raise InvalidInput("truth", np.shape(p), f"must be [R={rows}, C>=2] (one row per category)")
    if not np.isfinite(p).all() or (p < 0).any():
        raise InvalidInput("truth", "negative or NaN", "shares must be finite and >= 0")
    bad = np.flatnonzero(np.abs(p.sum(axis=1) - 1.0) > 1e-9)
    if bad.size:
        i = int(bad[0])
        raise InvalidInput(f"truth[{i}]", float(p[i].sum()), "each row must sum to 1")
    return p


def synthesize_round2(
    round1: ArrayLike,
    truth: ArrayLike,
    *,
    rng: np.random.Generator,
    local_variation: float = DEFAULT_LOCAL_VARIATION,
) -> NDArray[np.int64]:
    """Draw round-2 counts [units, C] from round-1 counts [units, R] and a transfer matrix.

    Each unit gets its own transfer matrix: each row is Dirichlet around the row of ``truth``
    with concentration ``1/local_variation² − 1``, so a cell of share *p* varies between units
    with standard deviation ``local_variation·√(p(1−p))`` (0: every unit uses ``truth``). Then
    each round-1 category's voters are split among round-2 categories by a multinomial draw.
    Cells of ``truth`` equal to 0 stay 0.

    >>> r1 = np.array([[500, 300, 200], [100, 100, 800]])
    >>> truth = np.array([[0.9, 0.1], [0.5, 0.5], [0.0, 1.0]])
    >>> r2 = synthesize_round2(r1, truth, rng=np.random.default_rng(0))
    >>> r2.sum(axis=1).tolist()
    [1000, 1000]
    """
    x = np.asarray(round1)
    if x.ndim != 2 or x.shape[0] == 0:
        raise InvalidInput("round1", np.shape(x), "must be a [units, categories] array")
    if not np.issubdtype(x.dtype, np.integer):
        whole = np.isfinite(x).all() and bool((np.asarray(x, dtype=float) % 1 == 0).all())
        if not whole:
            raise InvalidInput("round1", x.dtype, "counts must be whole numbers")
    counts = x.astype(np.int64)
    if (counts < 0).any():
        raise InvalidInput("round1", int(counts.min()), "counts must be >= 0")
    p = _truth(truth, counts.shape[1])
    if not 0.0 <= local_variation < 1.0:
        raise InvalidInput("local_variation", local_variation, "must be in [0, 1)")
    units = counts.shape[0]
    if local_variation > 0:
        concentration = 1.0 / local_variation**2 - 1.0
        draws = rng.standard_gamma(concentration * np.broadcast_to(p, (units, *p.shape)))
        totals = draws.sum(axis=2, keepdims=True)
        local = np.where(totals > 0, draws / np.where(totals > 0, totals, 1.0), p)
    else:
        local = np.broadcast_to(p, (units, *p.shape))
    return np.asarray(rng.multinomial(counts, local).sum(axis=1), dtype=np.int64)


@dataclass(frozen=True, eq=False)
class ValidationReport:
    """How well an estimate recovers a known ``truth`` on a synthetic round 2.

    ``mae`` is the mean absolute error over all cells, ``weighted_mae`` weighs each row by its
    round-1 voters (the error per voter), ``coverage`` the share of true cells inside the
    ``level`` intervals.
    """

    units: int
    level: float
    local_variation: float
    mae: float
    weighted_mae: float
    max_abs_error: float
    worst_row: str
    worst_col: str
    coverage: float
    truth: Array
    estimate: TransferEstimate

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-able data."""
        return {
            "units": self.units,
            "level": self.level,
            "local_variation": self.local_variation,
            "mae": self.mae,
            "weighted_mae": self.weighted_mae,
            "max_abs_error": self.max_abs_error,
            "worst_cell": [self.worst_row, self.worst_col],
            "coverage": self.coverage,
            "truth": self.truth.tolist(),
            "estimate": self.estimate.to_dict(),
        }


def validate(
    round1: ArrayLike,
    truth: ArrayLike,
    *,
    seed: int,
    bootstrap: int = 500,
    level: float = 0.90,
    local_variation: float = DEFAULT_LOCAL_VARIATION,
    row_labels: Sequence[str] | None = None,
    col_labels: Sequence[str] | None = None,
    method: str = DEFAULT_METHOD,
) -> ValidationReport:
    """Synthesize a round 2 from ``truth`` (see ``synthesize_round2``), estimate by
    ``method``, compare (``bootstrap``: replicates of ``goodman``).

    >>> rng = np.random.default_rng(3)
    >>> r1 = rng.multinomial(20_000, rng.dirichlet([6, 4, 10], size=150))
    >>> truth = np.array([[0.9, 0.05, 0.05], [0.6, 0.1, 0.3], [0.1, 0.1, 0.8]])
    >>> report = validate(r1, truth, seed=1)
    >>> report.mae < 0.03, report.coverage > 0.6
    (True, True)
    """
    if method == "goodman" and bootstrap < 1:
        raise InvalidInput("bootstrap", bootstrap, "validation needs intervals: must be >= 1")
    x = np.asarray(round1)
    p = _truth(truth, x.shape[1] if x.ndim == 2 else -1)
    rows = tuple(f"r{i}" for i in range(p.shape[0])) if row_labels is None else tuple(row_labels)
    cols = tuple(f"c{j}" for j in range(p.shape[1])) if col_labels is None else tuple(col_labels)
    synth, boot = np.random.SeedSequence(seed).spawn(2)
    round2 = synthesize_round2(
        x, p, rng=np.random.default_rng(synth), local_variation=local_variation
    )
    est = estimate_transfers(
        x,
        round2,
        row_labels=rows,
        col_labels=cols,
        method=method,
        bootstrap=bootstrap,
        seed=int(boot.generate_state(1)[0]),
        level=level,
    )
    return validation_report(est, p, level=level, local_variation=local_variation)


def validation_report(
    est: TransferEstimate, truth: Array, *, level: float, local_variation: float
) -> ValidationReport:
    """How far an estimate is from the known ``truth``: errors per cell and per voter,
    the worst cell, and the share of true cells inside the intervals."""
    err = np.abs(est.shares - truth)
    worst_r, worst_c = np.unravel_index(int(np.argmax(err)), err.shape)
    share = est.row_voters / est.row_voters.sum()
    if est.interval is None:
        raise InvalidInput("method", est.method, "validation needs intervals; this one gives none")
    lower, upper = est.interval
    inside = (truth >= lower) & (truth <= upper)
    return ValidationReport(
        units=est.units,
        level=level,
        local_variation=local_variation,
        mae=float(err.mean()),
        weighted_mae=float(share @ err.mean(axis=1)),
        max_abs_error=float(err.max()),
        worst_row=est.rows[int(worst_r)],
        worst_col=est.cols[int(worst_c)],
        coverage=float(inside.mean()),
        truth=truth,
        estimate=est,
    )
