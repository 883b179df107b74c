"""A transfer estimate: the matrix of round-1 → round-2 shares, its intervals and its fit, as
every method (``em-ipf``, ``goodman``, ``lphom``, ``hierarchical``) returns it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from ballottage.errors import InvalidInput

Array = NDArray[np.float64]


def frozen_array(a: Array) -> Array:
    a = np.array(a, dtype=float)
    a.setflags(write=False)
    return a


def _plain(a: Array | None, shape: tuple[int, ...]) -> list[list[float | None]]:
    """A matrix as lists; every cell ``None`` when there is no matrix (no interval)."""
    if a is None:
        return [[None] * shape[1] for _ in range(shape[0])]
    return [[float(v) for v in row] for row in a.tolist()]


@dataclass(frozen=True, eq=False)
class TransferEstimate:
    """Estimated transfers: ``shares[r, c]`` of round-1 category ``rows[r]`` went to ``cols[c]``.

    ``lower``/``upper`` bound the ``level`` interval of each cell, both ``None`` when the
    method gives no interval (the regression without bootstrap, lphom); ``row_voters`` are the
    round-1 voters of each category summed over units, ``rmse`` is the weighted
    root-mean-square gap between fitted and observed round-2 shares of the inscrits and ``r2``
    the weighted R² of each round-2 column (``None`` for a column that does not vary).
    ``diagnostics`` holds what a sampling method reports on its own convergence (empty for
    the regression).
    """

    rows: tuple[str, ...]
    cols: tuple[str, ...]
    shares: Array
    lower: Array | None
    upper: Array | None
    row_voters: Array
    units: int
    level: float
    bootstrap: int
    method: str
    rmse: float
    r2: tuple[float | None, ...]
    diagnostics: Mapping[str, float | int | bool | str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if (self.lower is None) != (self.upper is None):
            raise InvalidInput("interval", self.method, "needs both lower and upper, or neither")

    @property
    def interval(self) -> tuple[Array, Array] | None:
        """``(lower, upper)`` of each cell at ``level``, or ``None`` without an interval."""
        if self.lower is None or self.upper is None:
            return None
        return self.lower, self.upper

    def share(self, row: str, col: str) -> float:
        """The estimated share of ``row`` voters who went to ``col``."""
        return float(self.shares[self.rows.index(row), self.cols.index(col)])

    def flows(self) -> Array:
        """Estimated voters moved from each round-1 category to each round-2 category."""
        return self.shares * self.row_voters[:, None]

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-able data (``None`` where a figure is unknown)."""
        return {
            "method": self.method,
            "units": self.units,
            "level": self.level,
            "bootstrap": self.bootstrap,
            "rows": list(self.rows),
            "cols": list(self.cols),
            "shares": _plain(self.shares, self.shares.shape),
            "lower": _plain(self.lower, self.shares.shape),
            "upper": _plain(self.upper, self.shares.shape),
            "row_voters": [float(v) for v in self.row_voters],
            "fit": {
                "rmse": self.rmse,
                "r2": dict(zip(self.cols, self.r2, strict=True)),
            },
            "diagnostics": dict(self.diagnostics),
        }
