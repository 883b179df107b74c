"""Methods measured on real elections with known answers (folders in the units-file layout).

Scores, as in the literature (Romero, Pavía, Martín & Romero 2020; Pavía 2022):

* ``ei``, the error index: the share of votes misplaced, 100 · Σ|n̂_rc − n_rc| / (2N), with
  n̂_rc = p̂_rc · (row total r over the units) and N the true table's total;
* ``coverage_votes``: the share of voters whose flow is covered, Σ n_rc·[p_rc ∈ interval] / N
  with p_rc = n_rc / (true row total r) — the figure to judge intervals by;
* ``coverage_rows``: every cell of a row weighted by its row's voters / C (laxer);
* ``coverage_cells``: the share of cells covered (rows with no true voter left out);
* ``width``: the mean width of the intervals over all cells, in shares;
* ``seconds``: the time the estimate took; ``converged``: whether an iterative or sampled
  method says it converged (None for a method with nothing to say).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ballottage.errors import BallottageError, InvalidInput
from ballottage.inference.estimate import Array, TransferEstimate
from ballottage.inference.methods import estimate_units, estimator
from ballottage.inference.units_file import district_folders, read_truth, read_units


@dataclass(frozen=True)
class Score:
    """How one estimate of one district compares with the truth (module doc)."""

    ei: float
    coverage_votes: float | None
    coverage_rows: float | None
    coverage_cells: float | None
    width: float | None


@dataclass(frozen=True)
class DistrictResult:
    """One method on one district."""

    method: str
    dataset: str
    district: str
    units: int
    rows: int
    cols: int
    seconds: float
    score: Score
    converged: bool | None = None

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-able data."""
        data = asdict(self)
        data.update(data.pop("score"))
        return data


def score(estimate: TransferEstimate, truth: Array) -> Score:
    """Compare ``estimate`` with the true counts [R, C] (module doc).

    >>> from ballottage.inference.estimate import TransferEstimate
    >>> est = TransferEstimate(rows=("a", "b"), cols=("x", "y"),
    ...     shares=np.array([[0.8, 0.2], [0.5, 0.5]]), lower=np.array([[0.7, 0.1], [0.0, 0.0]]),
    ...     upper=np.array([[0.9, 0.3], [0.2, 1.0]]), row_voters=np.array([100.0, 100.0]),
    ...     units=3, level=0.9, bootstrap=0, method="m", rmse=0.0, r2=(1.0, 1.0))
    >>> s = score(est, np.array([[90.0, 10.0], [40.0, 60.0]]))
    >>> s.ei, s.coverage_votes, s.coverage_rows, s.coverage_cells, s.width
    (10.0, 0.8, 0.75, 0.75, 0.4)
    """
    total = float(truth.sum())
    flows = estimate.shares * estimate.row_voters[:, None]
    ei = 100.0 * float(np.abs(flows - truth).sum()) / (2.0 * total)
    if estimate.interval is None:
        return Score(ei, None, None, None, None)
    lower, upper = estimate.interval
    row_total = truth.sum(axis=1)
    seen = row_total > 0
    true_share = truth / np.where(seen, row_total, 1.0)[:, None]
    inside = (true_share >= lower - 1e-12) & (true_share <= upper + 1e-12)
    cols = truth.shape[1]
    return Score(
        ei=ei,
        coverage_votes=float((truth * inside).sum() / total),
        coverage_rows=float((row_total[:, None] / cols * inside).sum() / total),
        coverage_cells=float(inside[seen].mean()),
        width=float((upper - lower).mean()),
    )


def run_district(
    folder: Path, method: str, fit: Callable[..., TransferEstimate], *, level: float, seed: int
) -> DistrictResult:
    """Estimate one district's table from its units by ``fit`` and score it."""
    table = read_units(folder / "units.csv")
    truth = read_truth(folder / "truth.csv", table.rows, table.cols)
    units, _, _ = table.usable()  # empty units and rows without voters: nothing to estimate
    keep = [table.rows.index(r) for r in units.rows]
    start = time.perf_counter()
    try:
        est = estimate_units(fit, units, seed=seed, level=level)
    except BallottageError as exc:
        raise InvalidInput(str(folder), None, str(exc)) from exc
    seconds = time.perf_counter() - start
    converged = est.diagnostics.get("converged")
    return DistrictResult(
        method=method,
        dataset=folder.parent.name,
        district=folder.name,
        units=len(units.units),
        rows=len(units.rows),
        cols=len(units.cols),
        seconds=seconds,
        score=score(est, truth[keep]),
        converged=None if converged is None else bool(converged),
    )


def run_benchmark(
    folder: Path,
    methods: Sequence[str],
    *,
    level: float = 0.90,
    seed: int = 0,
    bootstrap: int = 500,
) -> Iterator[DistrictResult]:
    """Every method on every district under ``folder``, district by district."""
    fits = {m: estimator(m, bootstrap=bootstrap) for m in methods}
    for district in district_folders(folder):
        for method, fit in fits.items():
            yield run_district(district, method, fit, level=level, seed=seed)


def _mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return math.fsum(known) / len(known) if known and len(known) == len(values) else None


def summary(results: Sequence[DistrictResult]) -> dict[str, object]:
    """Means over districts (``median_ei`` too) of one method's results."""
    ei = [r.score.ei for r in results]
    return {
        "districts": len(results),
        "ei": _mean(ei),
        "median_ei": float(np.median(ei)) if ei else None,
        "coverage_votes": _mean([r.score.coverage_votes for r in results]),
        "coverage_rows": _mean([r.score.coverage_rows for r in results]),
        "coverage_cells": _mean([r.score.coverage_cells for r in results]),
        "width": _mean([r.score.width for r in results]),
        "seconds": _mean([r.seconds for r in results]),
        "not_converged": sum(r.converged is False for r in results),
    }


def summaries(results: Sequence[DistrictResult]) -> dict[str, dict[str, dict[str, object]]]:
    """method → {"all": summary, dataset: summary, ...}."""
    out: dict[str, dict[str, dict[str, object]]] = {}
    for method in dict.fromkeys(r.method for r in results):
        mine = [r for r in results if r.method == method]
        out[method] = {"all": summary(mine)}
        for dataset in dict.fromkeys(r.dataset for r in mine):
            out[method][dataset] = summary([r for r in mine if r.dataset == dataset])
    return out
