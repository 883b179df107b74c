"""The careful estimate: PyEI's hierarchical R×C model, its convergence verdict, its absence."""

from __future__ import annotations

import sys
import tomllib
from dataclasses import replace

import numpy as np
import pytest

from ballottage.errors import MissingExtra
from ballottage.inference import estimate_transfers
from ballottage.inference.hierarchical import (
    convergence,
    estimate_transfers_hierarchical,
    regional_draws,
)
from ballottage.inference.synthetic import synthesize_round2

TRUTH = np.array([[0.9, 0.05, 0.05], [0.6, 0.1, 0.3], [0.1, 0.1, 0.8]])


def small_problem() -> tuple[np.ndarray, np.ndarray]:
    """60 units of 400 inscrits, 3 round-1 categories, round 2 drawn from TRUTH."""
    rng = np.random.default_rng(3)
    r1 = rng.multinomial(400, rng.dirichlet([6, 4, 10], size=60))
    return r1, synthesize_round2(r1, TRUTH, rng=rng)


def test_without_pyei_the_method_names_the_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pyei", None)
    monkeypatch.setitem(sys.modules, "pyei.r_by_c", None)
    r1, r2 = small_problem()
    with pytest.raises(MissingExtra, match=r"pip install 'ballottage\[ei\]'"):
        estimate_transfers_hierarchical(r1, r2, row_labels="abc", col_labels="ABC", seed=1)


def test_regional_transfer_weighs_each_unit_by_its_voters_of_the_row() -> None:
    # 2 units, 2 rows: unit 0 has 100 voters of row a, unit 1 has 300.
    b = np.zeros((1, 1, 2, 2, 2))
    b[0, 0, 0] = [[1.0, 0.0], [0.5, 0.5]]
    b[0, 0, 1] = [[0.0, 1.0], [0.5, 0.5]]
    out = regional_draws(b, np.array([[100.0, 50.0], [300.0, 50.0]]))
    assert out[0, 0].tolist() == [[0.25, 0.75], [0.5, 0.5]]


@pytest.mark.ei
def test_convergence_verdict_needs_agreeing_chains_and_enough_draws() -> None:
    arviz = pytest.importorskip("arviz")
    rng = np.random.default_rng(0)
    good = rng.normal(size=(4, 1000, 2, 2))
    verdict = convergence(good, 0, arviz)
    assert verdict["converged"] is True and float(verdict["rhat_max"]) < 1.01
    shifted = good.copy()
    shifted[0] += 1.0  # one chain elsewhere
    verdict = convergence(shifted, 0, arviz)
    assert verdict["converged"] is False and float(verdict["rhat_max"]) > 1.1
    assert convergence(good, 3, arviz)["converged"] is False  # divergent transitions
    assert convergence(good[:, :40], 0, arviz)["converged"] is False  # too few draws
    assert convergence(good[:1], 0, arviz)["converged"] is False  # one chain: no R̂
    still = good.copy()
    still[..., 0, 0] = 0.25  # a cell that never moves has no R̂: no verdict of convergence
    verdict = convergence(still, 0, arviz)
    assert verdict["rhat_max"] is None and verdict["converged"] is False


@pytest.mark.ei
@pytest.mark.slow
def test_small_problem_is_recovered_with_credible_intervals_and_diagnostics(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pytest.importorskip("pyei")
    r1, r2 = small_problem()
    est = estimate_transfers_hierarchical(
        r1, r2, row_labels="abc", col_labels="ABC", seed=1, draws=6000, tune=6000
    )
    assert capsys.readouterr().out == ""  # nothing of PyEI's on stdout (--json stays clean)
    assert np.allclose(est.shares.sum(axis=1), 1.0)
    assert (est.lower <= est.shares).all() and (est.shares <= est.upper).all()
    assert np.abs(est.shares - TRUTH).max() < 0.06
    inside = (est.lower <= TRUTH) & (TRUTH <= est.upper)
    assert inside.sum() >= 7
    d = est.diagnostics
    assert d["chains"] == 4 and d["draws"] == 6000 and d["divergences"] == 0
    # Long enough, the chains agree (about R̂ 1.007, ESS 730 here) and the verdict follows them.
    assert float(d["rhat_max"]) < 1.02 and float(d["ess_bulk_min"]) > 400
    expected = float(d["rhat_max"]) <= 1.01 and float(d["ess_bulk_min"]) >= 400
    assert d["converged"] is expected


@pytest.mark.ei
@pytest.mark.slow
def test_same_seed_same_draws() -> None:
    pytest.importorskip("pyei")
    r1, r2 = small_problem()
    runs = [
        estimate_transfers_hierarchical(
            r1, r2, row_labels="abc", col_labels="ABC", seed=5, draws=100, tune=100, chains=2
        )
        for _ in range(2)
    ]
    assert np.array_equal(runs[0].shares, runs[1].shares)
    assert np.array_equal(runs[0].upper, runs[1].upper)


def test_an_unconverged_estimate_says_so_in_its_scenario_file() -> None:
    from ballottage.inference.scenario_file import scenario_file_text
    from ballottage.inference.units import TransferUnits

    r1, r2 = small_problem()
    est = estimate_transfers(r1, r2, row_labels="abc", col_labels="ABC", bootstrap=20, seed=1)
    units = TransferUnits(
        election="regionales-2015",
        region_code="32",
        region="Hauts-de-France",
        level="commune",
        areas=tuple(f"u{i}" for i in range(len(r1))),
        rows=("a", "b", "c"),
        cols=("A", "B", "C"),
        round1=r1,
        round2=r2,
        members=(("a", ("a",)), ("b", ("b",)), ("c", ("c",))),
        dropped=(),
        merge_below=0.03,
    )
    assert "did NOT converge" not in scenario_file_text(est, units)
    stuck = replace(est, diagnostics={"converged": False, "rhat_max": 1.3, "ess_bulk_min": 7.0})
    text = scenario_file_text(stuck, units)
    assert "# WARNING: the sampler did NOT converge (R̂ max 1.300" in text
    assert tomllib.loads(text)["transfers"]["a"]["A"] == pytest.approx(est.shares[0, 0], abs=1e-4)
