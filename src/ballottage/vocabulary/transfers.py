"""Estimated transfers as documents: ``transfers estimate``, ``validate``, ``benchmark``."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import Field

from ballottage.vocabulary.common import Document, Model, RegionRef

if TYPE_CHECKING:
    from ballottage.inference import TransferEstimate, ValidationReport
    from ballottage.inference.benchmark import DistrictResult

Matrix = tuple[tuple[float | None, ...], ...]
"""Rows by columns; ``null`` where a figure cannot be estimated."""


def _matrix(a: Any) -> Matrix:
    return tuple(tuple(float(v) for v in row) for row in a.tolist())


def _unknown(like: Any) -> Matrix:
    """A matrix of the shape of ``like`` with every figure unknown (a method without intervals)."""
    rows, cols = (int(n) for n in like.shape)
    return tuple((None,) * cols for _ in range(rows))


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


class Fit(Model):
    """How well the estimate reproduces the round-2 shares of the units."""

    rmse: float | None
    r2: dict[str, float | None]


class TransferEstimateDoc(Model):
    """A transfer matrix: ``shares[r][c]`` of category ``rows[r]`` went to ``cols[c]``, with
    its interval ``lower``–``upper`` at ``interval_level``."""

    method: str
    units: int
    interval_level: float = Field(description="Level of the intervals (0.9: 90 %).")
    bootstrap: int
    rows: tuple[str, ...]
    cols: tuple[str, ...]
    shares: Matrix
    lower: Matrix
    upper: Matrix
    row_voters: tuple[float, ...]
    fit: Fit
    diagnostics: dict[str, float | int | bool | str | None]

    @classmethod
    def fields_of(cls, est: TransferEstimate) -> dict[str, object]:
        """The fields of an estimate (for the documents that add to it)."""
        return {
            "method": est.method,
            "units": est.units,
            "interval_level": est.level,
            "bootstrap": est.bootstrap,
            "rows": tuple(est.rows),
            "cols": tuple(est.cols),
            "shares": _matrix(est.shares),
            "lower": _unknown(est.shares) if est.lower is None else _matrix(est.lower),
            "upper": _unknown(est.shares) if est.upper is None else _matrix(est.upper),
            "row_voters": tuple(float(v) for v in est.row_voters),
            "fit": Fit(
                rmse=_finite(est.rmse),
                r2={c: _finite(v) for c, v in zip(est.cols, est.r2, strict=True)},
            ),
            "diagnostics": dict(est.diagnostics),
        }

    @classmethod
    def of(cls, est: TransferEstimate) -> TransferEstimateDoc:
        """An estimate as data."""
        return cls.model_validate(cls.fields_of(est))


class EstimateDoc(TransferEstimateDoc, Document):
    """``ballottage transfers estimate --json`` over a stored region."""

    election: str
    region: RegionRef
    unit_level: str = Field(description="commune or canton: the units the estimate rests on.")
    merge_below: float
    categories: dict[str, tuple[str, ...]] = Field(description="Merged categories and members.")
    dropped: tuple[str, ...]


class UnitsEstimateDoc(TransferEstimateDoc, Document):
    """``ballottage transfers estimate --units FILE --json``."""

    units_file: str
    dropped_rows: tuple[str, ...]
    empty_units: int


def categories(members: Iterable[tuple[str, Sequence[str]]]) -> dict[str, tuple[str, ...]]:
    """Each category and the lists it merges."""
    return {label: tuple(names) for label, names in members}


class WorstCell(Model):
    """The cell the estimate misses most."""

    from_row: str = Field(alias="from")
    to_col: str = Field(alias="to")
    error: float


class ValidateDoc(Document):
    """``ballottage transfers validate --json``: an estimate against a known matrix.

    ``mae`` is per cell, ``weighted_mae`` per round-1 voter."""

    election: str
    region: RegionRef
    truth_file: str
    seed: int
    unit_level: str
    units: int
    interval_level: float
    local_variation: float
    mae: float
    weighted_mae: float
    max_abs_error: float
    worst_cell: WorstCell
    coverage: float = Field(description="Share of true cells inside their intervals.")
    truth: tuple[tuple[float, ...], ...]
    estimate: TransferEstimateDoc
    categories: dict[str, tuple[str, ...]]
    dropped: tuple[str, ...]
    definitions: dict[str, str]

    @classmethod
    def fields_of(cls, report: ValidationReport) -> dict[str, object]:
        """The fields that come from the validation itself."""
        return {
            "units": report.units,
            "interval_level": report.level,
            "local_variation": report.local_variation,
            "mae": report.mae,
            "weighted_mae": report.weighted_mae,
            "max_abs_error": report.max_abs_error,
            "worst_cell": WorstCell.model_validate(
                {"from": report.worst_row, "to": report.worst_col, "error": report.max_abs_error}
            ),
            "coverage": report.coverage,
            "truth": tuple(tuple(float(v) for v in row) for row in report.truth.tolist()),
            "estimate": TransferEstimateDoc.of(report.estimate),
        }


class DistrictDoc(Model):
    """One method on one district with a known answer."""

    method: str
    dataset: str
    district: str
    units: int
    rows: int
    cols: int
    seconds: float
    converged: bool | None
    ei: float
    coverage_votes: float | None
    coverage_rows: float | None
    coverage_cells: float | None
    width: float | None

    @classmethod
    def of(cls, r: DistrictResult) -> DistrictDoc:
        """A district's result as data."""
        s = r.score
        return cls(
            method=r.method,
            dataset=r.dataset,
            district=r.district,
            units=r.units,
            rows=r.rows,
            cols=r.cols,
            seconds=r.seconds,
            converged=r.converged,
            ei=s.ei,
            coverage_votes=s.coverage_votes,
            coverage_rows=s.coverage_rows,
            coverage_cells=s.coverage_cells,
            width=s.width,
        )


class SummaryDoc(Model):
    """Means over the districts of one method (and one dataset, or ``all``)."""

    districts: int
    ei: float | None
    median_ei: float | None
    coverage_votes: float | None
    coverage_rows: float | None
    coverage_cells: float | None
    width: float | None
    seconds: float | None
    not_converged: int


class BenchmarkDoc(Document):
    """``ballottage transfers benchmark --json``: per district and on average."""

    folder: str
    interval_level: float
    methods: tuple[str, ...]
    summary: dict[str, dict[str, SummaryDoc]] = Field(description="method → group → means.")
    districts: tuple[DistrictDoc, ...]
    definitions: dict[str, str]
