"""Ecological inference of round-1 → round-2 transfers: the constrained Goodman regression
(``method="goodman"``), the synthetic round 2 and the validation on it."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from ballottage.errors import InvalidInput
from ballottage.inference import (
    TransferEstimate,
    ValidationReport,
    synthesize_round2,
    validate,
)
from ballottage.inference import estimate_transfers_goodman as estimate_transfers

# A region shaped like the Hauts-de-France 2015 cantons (aggregate figures of the Ministry's
# round-1 canton results: mean share of the inscrits and its coefficient of variation across
# the 145 cantons), with the small lists merged into "other left" / "other right".
ROWS = ("FN", "UD", "UG", "other left", "other right", "abstention", "blank/null")
COLS = ("Bertrand", "Le Pen", "abstention", "blank/null")
MEAN = np.array([0.2197, 0.1331, 0.0940, 0.0614, 0.0232, 0.4476, 0.0209])
CV = np.array([0.20, 0.32, 0.28, 0.35, 0.25, 0.11, 0.28])
# A plausible 2015 duel after the PS withdrawal: UG voters mostly to Bertrand, FN stays FN...
TRUTH = np.array(
    [
        [0.02, 0.93, 0.04, 0.01],
        [0.94, 0.02, 0.03, 0.01],
        [0.72, 0.04, 0.14, 0.10],
        [0.49, 0.05, 0.28, 0.18],
        [0.45, 0.28, 0.20, 0.07],
        [0.16, 0.09, 0.74, 0.01],
        [0.20, 0.08, 0.30, 0.42],
    ]
)
BIG_ROWS = [0, 1, 2, 5]  # each ≥ 9 % of the inscrits


def hdf_like(seed: int, units: int = 170) -> np.ndarray:
    """Round-1 counts [units, 7]: canton sizes and shares spread like HDF 2015."""
    rng = np.random.default_rng(seed)
    inscrits = np.round(29_000 * np.exp(rng.normal(0.0, 0.37, units) - 0.37**2 / 2))
    shares = MEAN * np.exp(CV * rng.normal(size=(units, MEAN.size)) - CV**2 / 2)
    shares /= shares.sum(axis=1, keepdims=True)
    return rng.multinomial(inscrits.astype(np.int64), shares)


def spread_round1(seed: int, units: int, rows: int, size: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.multinomial(size, rng.dirichlet(np.full(rows, 4.0), size=units))


@pytest.fixture(scope="module")
def hdf_reports() -> list[ValidationReport]:
    return [
        validate(
            hdf_like(100 + s), TRUTH, seed=s, row_labels=ROWS, col_labels=COLS, method="goodman"
        )
        for s in range(8)
    ]


# --- recovery -----------------------------------------------------------------------------


def test_exact_recovery_without_noise() -> None:
    r1 = spread_round1(1, 60, 5, 10_000)
    truth = np.random.default_rng(2).dirichlet(np.ones(3), size=5)
    est = estimate_transfers(
        r1, r1 @ truth, row_labels="abcde", col_labels="xyz", bootstrap=0, seed=0
    )
    assert np.abs(est.shares - truth).max() < 1e-6
    assert est.rmse < 1e-9
    assert all(r2 is not None and r2 > 1 - 1e-9 for r2 in est.r2)
    assert est.interval is None and est.lower is None and est.upper is None
    assert est.to_dict()["lower"] == [[None] * 3] * 5


def test_recovery_with_large_counts_and_no_local_variation() -> None:
    r1 = spread_round1(3, 150, len(ROWS), 5_000_000)
    r2 = synthesize_round2(r1, TRUTH, rng=np.random.default_rng(4), local_variation=0.0)
    est = estimate_transfers(r1, r2, row_labels=ROWS, col_labels=COLS, bootstrap=50, seed=5)
    assert np.abs(est.shares - TRUTH).mean() < 1e-3


def test_shares_are_row_stochastic_and_intervals_ordered(
    hdf_reports: list[ValidationReport],
) -> None:
    for report in hdf_reports:
        est = report.estimate
        assert est.shares.shape == (len(ROWS), len(COLS))
        np.testing.assert_allclose(est.shares.sum(axis=1), 1.0, atol=1e-9)
        assert (est.shares >= 0).all() and (est.shares <= 1).all()
        assert (est.lower >= 0).all() and (est.upper <= 1).all()
        assert (est.lower <= est.upper).all()


def test_hdf_like_region_recovers_the_big_rows(hdf_reports: list[ValidationReport]) -> None:
    errors = np.array([np.abs(r.estimate.shares - TRUTH) for r in hdf_reports])
    assert errors[:, BIG_ROWS].mean() < 0.03
    assert np.mean([r.weighted_mae for r in hdf_reports]) < 0.03
    # Small rows (2 % of the inscrits) are barely identified: larger error, honestly wider.
    assert np.mean([r.mae for r in hdf_reports]) < 0.08
    width = np.array([r.estimate.upper - r.estimate.lower for r in hdf_reports]).mean(axis=(0, 2))
    assert width[[4, 6]].min() > 2 * width[BIG_ROWS].max()


def test_hdf_like_intervals_are_calibrated(hdf_reports: list[ValidationReport]) -> None:
    coverage = np.mean([r.coverage for r in hdf_reports])
    assert 0.80 <= coverage <= 0.97


def test_flows_and_report_fields(hdf_reports: list[ValidationReport]) -> None:
    report = hdf_reports[0]
    est = report.estimate
    np.testing.assert_allclose(est.flows().sum(axis=1), est.row_voters)
    assert est.units == report.units == 170
    assert est.rows == ROWS and est.cols == COLS and est.level == 0.90
    assert est.share("FN", "Le Pen") == est.shares[0, 1]
    err = np.abs(est.shares - TRUTH)
    assert report.max_abs_error == err.max()
    assert (ROWS.index(report.worst_row), COLS.index(report.worst_col)) == np.unravel_index(
        err.argmax(), err.shape
    )
    with pytest.raises(ValueError):
        est.shares[0, 0] = 0.5


def test_to_dict_is_plain_json(hdf_reports: list[ValidationReport]) -> None:
    data = hdf_reports[0].to_dict()
    text = json.dumps(data, allow_nan=False)
    back = json.loads(text)
    assert back["estimate"]["rows"] == list(ROWS)
    assert back["estimate"]["fit"]["r2"].keys() == set(COLS)
    assert back["worst_cell"] == [hdf_reports[0].worst_row, hdf_reports[0].worst_col]


def test_constant_column_has_no_r2() -> None:
    r1 = spread_round1(6, 40, 3, 1_000)
    r2 = np.column_stack([r1[:, 0] + r1[:, 1], r1[:, 2], np.zeros(40)])
    est = estimate_transfers(r1, r2, row_labels="abc", col_labels="xyz", bootstrap=20, seed=1)
    assert est.r2[2] is None
    assert est.to_dict()["fit"] == {
        "rmse": est.rmse,
        "r2": {"x": est.r2[0], "y": est.r2[1], "z": None},
    }


# --- determinism --------------------------------------------------------------------------


def test_same_seed_same_result() -> None:
    r1 = hdf_like(7)
    r2 = synthesize_round2(r1, TRUTH, rng=np.random.default_rng(8))
    again = synthesize_round2(r1, TRUTH, rng=np.random.default_rng(8))
    np.testing.assert_array_equal(r2, again)
    one, two, other = (
        estimate_transfers(r1, r2, row_labels=ROWS, col_labels=COLS, bootstrap=100, seed=s)
        for s in (9, 9, 10)
    )
    for field in ("shares", "lower", "upper"):
        np.testing.assert_array_equal(getattr(one, field), getattr(two, field))
    np.testing.assert_array_equal(one.shares, other.shares)
    assert not np.array_equal(one.lower, other.lower)
    a, b = (validate(r1, TRUTH, seed=3, bootstrap=50, method="goodman").to_dict() for _ in range(2))
    assert a == b


# --- synthetic round 2 --------------------------------------------------------------------


def test_synthesize_keeps_inscrits_and_zero_cells() -> None:
    r1 = hdf_like(11, units=50)
    truth = TRUTH.copy()
    truth[:, 2] += truth[:, 3]
    truth[:, 3] = 0.0
    r2 = synthesize_round2(r1, truth, rng=np.random.default_rng(12))
    assert r2.dtype == np.int64 and r2.shape == (50, 4)
    np.testing.assert_array_equal(r2.sum(axis=1), r1.sum(axis=1))
    assert (r2[:, 3] == 0).all()


def test_local_variation_makes_units_differ() -> None:
    r1 = np.tile([[20_000, 80_000]], (300, 1))
    truth = np.array([[0.7, 0.3], [0.2, 0.8]])
    spread = {
        lv: (
            synthesize_round2(r1, truth, rng=np.random.default_rng(1), local_variation=lv)[:, 0]
            / 100_000
        ).std()
        for lv in (0.0, 0.1)
    }
    assert spread[0.0] < 0.003  # multinomial noise only
    # Dirichlet sd 0.1·√(p(1−p)) per row cell, rows weighted 0.2 and 0.8: ≈ 0.034
    assert 0.025 < spread[0.1] < 0.045


# --- input validation ---------------------------------------------------------------------

R1 = np.array([[50, 30, 20], [40, 40, 20], [30, 50, 20], [60, 20, 20], [45, 35, 20]])
R2 = np.array([[60, 40], [55, 45], [50, 50], [65, 35], [58, 42]])


def _estimate(**change: object) -> TransferEstimate:
    args: dict[str, object] = {
        "row_labels": ("A", "B", "abst"),
        "col_labels": ("A", "abst"),
        "bootstrap": 10,
        "seed": 0,
    }
    r1 = change.pop("round1", R1)
    r2 = change.pop("round2", R2)
    args.update(change)
    return estimate_transfers(r1, r2, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"round2": R2[:4]}, "round2=4: needs one row per unit (5)"),
        ({"round1": R1 * np.array([1, -1, 1])}, "round1[0, 1]=-30.0: counts must be >= 0"),
        ({"round2": R2 + np.array([[5, 0]] + [[0, 0]] * 4)}, "exceeds the unit's inscrits 100"),
        ({"round2": R2 - np.array([[5, 0]] + [[0, 0]] * 4)}, "falls short of the unit's inscrits"),
        ({"round1": R1 * np.nan}, "counts must be finite"),
        ({"round1": R1[:, :1]}, "must be a [units, categories] array"),
        (
            {"round1": R1 * np.array([1, 1, 0]), "round2": R2 * 0.8},
            "round1='abst': this category has no voters in any unit; drop it",
        ),
        ({"round1": R1[:3], "round2": R2[:3]}, "needs more units than round-1 categories (3)"),
        ({"round1": R1 * np.array([[1]] * 4 + [[0]])}, "round1[4]=0: a unit must have inscrits"),
        ({"row_labels": ("A", "B")}, "row_labels=2: needs one label per category (3)"),
        ({"col_labels": ("A", "A")}, "labels must be unique"),
        ({"level": 1.0}, "level=1.0: must be strictly between 0 and 1"),
        ({"bootstrap": -1}, "bootstrap=-1: must be >= 0"),
        ({"tolerance": 1.5}, "tolerance=1.5: must be in [0, 1)"),
    ],
)
def test_invalid_input_is_named(change: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        _estimate(**change)
    assert message in str(caught.value)


def test_round2_within_tolerance_is_accepted() -> None:
    est = _estimate(round2=R2 + np.array([[1, 0]] + [[0, 0]] * 4))  # 101 vs 100 inscrits: 1 %
    np.testing.assert_allclose(est.shares.sum(axis=1), 1.0)
    with pytest.raises(InvalidInput, match="by more than 0.5%"):
        _estimate(round2=R2 + np.array([[1, 0]] + [[0, 0]] * 4), tolerance=0.005)


@pytest.mark.parametrize(
    ("round1", "truth", "kwargs", "message"),
    [
        (R1, np.ones((3, 2)) / 3, {}, "truth[0]=0.666"),
        (R1, np.ones((2, 2)) / 2, {}, "must be [R=3, C>=2]"),
        (R1, -np.eye(3)[:, :2], {}, "shares must be finite and >= 0"),
        (R1 + 0.5, np.ones((3, 2)) / 2, {}, "counts must be whole numbers"),
        (-R1, np.ones((3, 2)) / 2, {}, "counts must be >= 0"),
        (R1, np.ones((3, 2)) / 2, {"local_variation": 1.0}, "local_variation=1.0"),
    ],
)
def test_synthesize_rejects_bad_input(
    round1: np.ndarray, truth: np.ndarray, kwargs: dict[str, float], message: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        synthesize_round2(round1, truth, rng=np.random.default_rng(0), **kwargs)
    assert message in str(caught.value)


def test_validate_needs_intervals() -> None:
    with pytest.raises(InvalidInput, match="validation needs intervals"):
        validate(R1, np.ones((3, 2)) / 2, seed=0, bootstrap=0, method="goodman")


def test_an_interval_needs_both_bounds() -> None:
    est = estimate_transfers(
        spread_round1(1, 20, 3, 1_000),
        spread_round1(2, 20, 3, 1_000),
        row_labels="abc",
        col_labels="xyz",
        bootstrap=0,
        seed=0,
    )
    with pytest.raises(InvalidInput, match="lower and upper"):
        dataclasses.replace(est, lower=est.shares)
