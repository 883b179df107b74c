"""The default transfer estimator (``em-ipf``), its bounds and calibrated intervals, the lphom
reference and the method registry (ballottage.inference.em_ipf, unit_bounds, lphom, methods)."""

from __future__ import annotations

import numpy as np
import pytest

from ballottage.errors import InvalidInput
from ballottage.inference import DEFAULT_METHOD, METHODS, estimate_transfers, estimator
from ballottage.inference.em_ipf import estimate_transfers_em_ipf, fit_em_ipf
from ballottage.inference.lphom import estimate_transfers_lphom
from ballottage.inference.unit_bounds import (
    CALIBRATION,
    calibrated_intervals,
    calibrated_width,
    cell_bounds,
)


def unit_tables(seed: int, units: int = 80, rows: int = 4, cols: int = 3) -> np.ndarray:
    """Known unit tables [units, R, C]: each unit its own matrix around a regional one."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(200, 3_000, size=units)
    x = rng.multinomial(sizes, rng.dirichlet(np.full(rows, 2.0), size=units))
    mean = rng.dirichlet(np.ones(cols), size=rows)
    draws = rng.standard_gamma(30 * np.broadcast_to(mean, (units, rows, cols)))
    local = draws / draws.sum(axis=2, keepdims=True)  # each unit's own matrix
    return np.asarray(rng.multinomial(x, local), dtype=float)


def margins(tables: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Round 1, round 2 and the true regional shares of unit tables."""
    total = tables.sum(axis=0)
    return tables.sum(axis=2), tables.sum(axis=1), total / total.sum(axis=1, keepdims=True)


def labels(n: int, prefix: str) -> list[str]:
    return [f"{prefix}{i}" for i in range(n)]


def test_default_method_is_em_ipf_and_every_method_is_named() -> None:
    assert DEFAULT_METHOD == "em-ipf" and METHODS[0] == "em-ipf"
    assert {"goodman", "lphom", "hierarchical"} <= set(METHODS)
    with pytest.raises(InvalidInput, match="method='nslphom': must be one of em-ipf"):
        estimator("nslphom")


def test_noise_free_units_give_back_the_matrix() -> None:
    rng = np.random.default_rng(1)
    x = rng.multinomial(10_000, rng.dirichlet(np.full(5, 4.0), size=60))
    truth = rng.dirichlet(np.ones(3), size=5)
    for method in ("em-ipf", "lphom", "goodman"):
        est = estimate_transfers(
            x, x @ truth, row_labels=labels(5, "r"), col_labels=labels(3, "c"), method=method
        )
        assert np.abs(est.shares - truth).max() < 1e-3, method


def test_estimate_is_row_stochastic_inside_its_intervals_inside_the_bounds() -> None:
    x, y, truth = margins(unit_tables(2))
    est = estimate_transfers_em_ipf(x, y, row_labels=labels(4, "r"), col_labels=labels(3, "c"))
    low, high = cell_bounds(x, y)
    np.testing.assert_allclose(est.shares.sum(axis=1), 1.0)
    assert (est.lower <= est.shares).all() and (est.shares <= est.upper).all()
    assert (low - 1e-9 <= est.lower).all() and (est.upper <= high + 1e-9).all()
    # the bounds hold the truth whatever happened inside the units
    assert (low - 1e-9 <= truth).all() and (truth <= high + 1e-9).all()
    assert est.diagnostics["converged"] is True and est.bootstrap == 0
    assert np.abs(est.shares - truth).max() < 0.1


def test_intervals_widen_with_the_level_and_end_at_the_bounds() -> None:
    x, y, _ = margins(unit_tables(3))
    fit = {
        level: estimate_transfers_em_ipf(
            x, y, row_labels=labels(4, "r"), col_labels=labels(3, "c"), level=level
        )
        for level in (0.5, 0.9, 0.995)
    }
    width = {level: (e.upper - e.lower).mean() for level, e in fit.items()}
    assert width[0.5] < width[0.9] < width[0.995]
    low, high = cell_bounds(x, y)
    np.testing.assert_allclose(fit[0.995].lower, low)
    np.testing.assert_allclose(fit[0.995].upper, high)
    np.testing.assert_array_equal(fit[0.5].shares, fit[0.9].shares)


def test_calibration_is_increasing_and_interpolated() -> None:
    ks = [k for _, k in CALIBRATION]
    assert ks == sorted(ks) and CALIBRATION[0] == (0.0, 0.0)
    assert calibrated_width(0.9) == pytest.approx(0.1487)
    assert calibrated_width(0.875) == pytest.approx((0.1151 + 0.1487) / 2)
    assert calibrated_width(0.999) == float("inf")
    with pytest.raises(InvalidInput, match="level=1.0"):
        calibrated_width(1.0)
    shares = np.array([[0.5, 0.5]])
    low, high = np.array([[0.4, 0.0]]), np.array([[1.0, 0.6]])
    lower, upper = calibrated_intervals(shares, low, high, 0.9)  # ± 0.1487 · 0.6, in bounds
    np.testing.assert_allclose(lower, [[0.5 - 0.1487 * 0.6, 0.5 - 0.1487 * 0.6]])
    np.testing.assert_allclose(upper, [[0.5 + 0.1487 * 0.6, 0.5 + 0.1487 * 0.6]])


def test_same_input_same_estimate_whatever_the_seed() -> None:
    x, y, _ = margins(unit_tables(4))
    one, two = (
        estimate_transfers(x, y, row_labels=labels(4, "r"), col_labels=labels(3, "c"), seed=s)
        for s in (1, 2)
    )
    for field in ("shares", "lower", "upper"):
        np.testing.assert_array_equal(getattr(one, field), getattr(two, field))


def test_round2_totals_within_tolerance_are_scaled_to_round1() -> None:
    x, y, _ = margins(unit_tables(5))
    est = estimate_transfers_em_ipf(
        x, y * 1.005, row_labels=labels(4, "r"), col_labels=labels(3, "c")
    )
    exact = estimate_transfers_em_ipf(x, y, row_labels=labels(4, "r"), col_labels=labels(3, "c"))
    np.testing.assert_allclose(est.shares, exact.shares, atol=1e-6)
    with pytest.raises(InvalidInput, match="exceeds the unit's inscrits"):
        estimate_transfers_em_ipf(x, y * 1.05, row_labels=labels(4, "r"), col_labels=labels(3, "c"))


def test_an_unsettled_estimate_says_so() -> None:
    x, y, _ = margins(unit_tables(6))
    est = estimate_transfers_em_ipf(
        x, y, row_labels=labels(4, "r"), col_labels=labels(3, "c"), max_iterations=2
    )
    assert est.diagnostics["iterations"] == 2 and est.diagnostics["converged"] is False
    with pytest.raises(InvalidInput, match="precision=0.5"):
        estimate_transfers_em_ipf(x, y, row_labels="abcd", col_labels="xyz", precision=0.5)


def test_lphom_has_no_intervals() -> None:
    x, y, truth = margins(unit_tables(7))
    est = estimate_transfers_lphom(x, y, row_labels=labels(4, "r"), col_labels=labels(3, "c"))
    assert est.interval is None
    np.testing.assert_allclose(est.shares.sum(axis=1), 1.0)
    assert est.to_dict()["lower"] == [[None] * 3] * 4


def test_swapping_the_rounds_gives_the_same_cross_table() -> None:
    x, y, _ = margins(unit_tables(8))
    forward = fit_em_ipf(x, y, precision=1e-10, max_iterations=100_000)[1].sum(axis=0)
    backward = fit_em_ipf(y, x, precision=1e-10, max_iterations=100_000)[1].sum(axis=0)
    np.testing.assert_allclose(forward, backward.T, atol=1e-3)


def test_an_unsettled_estimate_written_as_a_scenario_starts_with_a_warning() -> None:
    from ballottage.inference.scenario_file import scenario_file_text
    from ballottage.inference.units import TransferUnits

    x, y, _ = margins(unit_tables(9))
    est = estimate_transfers_em_ipf(
        x,
        y,
        row_labels=["A", "B", "C", "abstention"],
        col_labels=["A", "B", "abstention"],
        max_iterations=3,
    )
    units = TransferUnits(
        election="regionales-2015",
        region="Hauts-de-France",
        region_code="32",
        level="commune",
        areas=tuple(str(i) for i in range(len(x))),
        rows=est.rows,
        cols=est.cols,
        round1=x.astype(np.int64),
        round2=y.astype(np.int64),
        members=tuple((r, (r,)) for r in est.rows),
        dropped=(),
        merge_below=0.0,
    )
    text = scenario_file_text(est, units)
    assert "# WARNING: the estimate did NOT settle after 3 EM steps" in text
    settled = estimate_transfers_em_ipf(x, y, row_labels=est.rows, col_labels=est.cols)
    assert "WARNING" not in scenario_file_text(settled, units)
