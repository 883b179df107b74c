"""The transfer estimators by name, and the one entry point every caller uses.

``em-ipf`` is the default (unit tables by IPF around a regional matrix, iterated; intervals
calibrated on the units' bounds); ``goodman`` (constrained regression, pairs bootstrap),
``lphom`` (the linear-programming reference, no intervals) and ``hierarchical`` (PyEI, an
optional extra) are kept for comparison. Measured on real elections with known answers in
``docs/transfers.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Protocol

from numpy.typing import ArrayLike

from ballottage.errors import InvalidInput
from ballottage.inference.em_ipf import estimate_transfers_em_ipf
from ballottage.inference.estimate import TransferEstimate
from ballottage.inference.goodman import estimate_transfers_goodman
from ballottage.inference.hierarchical import estimate_transfers_hierarchical
from ballottage.inference.lphom import estimate_transfers_lphom
from ballottage.inference.settings import DEFAULT_METHOD, FAST_METHODS, METHODS

__all__ = [
    "DEFAULT_METHOD",
    "FAST_METHODS",
    "METHODS",
    "UnitRounds",
    "estimate_transfers",
    "estimate_units",
    "estimator",
]


class UnitRounds(Protocol):
    """Both rounds' counts of the same units, with their categories' labels."""

    @property
    def rows(self) -> tuple[str, ...]: ...
    @property
    def cols(self) -> tuple[str, ...]: ...
    @property
    def round1(self) -> ArrayLike: ...
    @property
    def round2(self) -> ArrayLike: ...


def estimator(
    method: str = DEFAULT_METHOD,
    *,
    bootstrap: int = 500,
    draws: int = 1000,
    tune: int = 1000,
    chains: int = 4,
) -> Callable[..., TransferEstimate]:
    """The estimating function of ``method``, its own settings bound (seed, level left free).

    >>> estimator("goodman", bootstrap=50).keywords
    {'bootstrap': 50}
    >>> estimator().__name__
    'estimate_transfers_em_ipf'
    """
    if method == "em-ipf":
        return estimate_transfers_em_ipf
    if method == "goodman":
        return partial(estimate_transfers_goodman, bootstrap=bootstrap)
    if method == "lphom":
        return estimate_transfers_lphom
    if method == "hierarchical":
        return partial(estimate_transfers_hierarchical, draws=draws, tune=tune, chains=chains)
    raise InvalidInput("method", method, f"must be one of {', '.join(METHODS)}")


def estimate_transfers(
    round1: ArrayLike,
    round2: ArrayLike,
    *,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    method: str = DEFAULT_METHOD,
    seed: int = 0,
    level: float = 0.90,
    tolerance: float = 0.01,
    bootstrap: int = 500,
) -> TransferEstimate:
    """Estimate round-1 → round-2 transfer shares from local counts, by ``method``.

    ``round1`` is [units, R] and ``round2`` [units, C]; each row of each is an exhaustive split
    of the unit's voters (lists, abstention, blank/null), so the two totals of a unit agree
    within ``tolerance`` (relative). ``bootstrap`` replicates are used by ``goodman`` only;
    ``seed`` fixes whatever is random (nothing in ``em-ipf`` and ``lphom``).

    >>> import numpy as np
    >>> truth = np.array([[0.9, 0.1], [0.2, 0.8]])
    >>> r1 = np.array([[600, 400], [300, 700], [500, 500], [800, 200]])
    >>> est = estimate_transfers(r1, r1 @ truth, row_labels=["A", "abst"],
    ...                          col_labels=["A", "abst"])
    >>> est.shares.round(2).tolist(), round(est.share("abst", "A"), 2)
    ([[0.9, 0.1], [0.2, 0.8]], 0.2)
    """
    fit = estimator(method, bootstrap=bootstrap)
    return fit(
        round1,
        round2,
        row_labels=row_labels,
        col_labels=col_labels,
        seed=seed,
        level=level,
        tolerance=tolerance,
    )


def estimate_units(
    fit: Callable[..., TransferEstimate], units: UnitRounds, *, seed: int, level: float = 0.90
) -> TransferEstimate:
    """The transfers of ``units`` estimated by ``fit`` (an :func:`estimator`)."""
    return fit(
        units.round1,
        units.round2,
        row_labels=units.rows,
        col_labels=units.cols,
        seed=seed,
        level=level,
    )
