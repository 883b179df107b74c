"""The uncounted vote, drawn: a structural forecast, a covariate correction, and their errors.

For each uncounted unit the forecast share of its inscrits for each list is the *structural*
share (round 2: the transfers estimated on the counted units applied to the unit's round 1;
round 1: the unit's baseline share of the list's family times the list's swing ratio on the
counted units) plus a *correction* ``z_i Γ`` learnt from the counted units' residuals against
that same structural forecast, ``z_i`` the unit's covariates (size, baseline turnout, baseline
shares of the largest categories, department). Γ has a Gaussian (ridge) prior centred on 0, so
with few counted units the forecast is the structural one and the correction grows as the data
support it. The residuals are multivariate normal across lists, with variance ``Σ / w_i``
(``w_i = sqrt(inscrits_i / REFERENCE_INSCRITS)``: a large unit strays less from the model), Σ
with an inverse-Wishart-like prior (``PRIOR_DF`` units of ``PRIOR_SD`` per list).

Given the counted units, the region's total for every list is Gaussian around the forecast,
with covariance ``(u' V u + Σ n_i² / w_i) Σ`` where ``u = Σ n_i z_i`` over uncounted units and
``V`` is the posterior covariance of Γ: the first term is the model's uncertainty (the
correction itself, the department effects of departments not yet seen), the second the units'
own residuals. Heavy tails for few counted units: Σ is scaled per draw by ``ν / χ²_ν``.
Everything is vectorised; a draw costs a few multiplications per list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ballottage.inference.em_ipf import fit_em_ipf
from ballottage.live.model_units import Array, NightArrays

PRIOR_SD = 0.02
"""Prior residual standard deviation of a list's share of inscrits, in a unit of
``REFERENCE_INSCRITS`` inscrits (it falls as the fourth root of a unit's size: ~4 points in a
commune of 1 000 inscrits, ~1 point in a department of 300 000)."""
REFERENCE_INSCRITS = 20_000.0
"""The unit size at which the residuals have the variance Σ (a canton)."""
PRIOR_DF = 4.0
"""Weight of that prior, in units."""
PRIOR_SCALE = {
    "intercept": 0.01,
    "size": 0.02,
    "turnout": 0.3,
    "share": 0.3,
    "department": 0.02,
}
"""Prior standard deviation of each kind of correction coefficient (share of inscrits per unit
of the covariate: per log-unit of size, per unit of share, per department)."""
EM_PRECISION = 1e-3
"""Stopping rule of the transfer fit on election night (no cell moves by more in a step).
Measured on the round-2 replays of ``bench/live.py``: the same share errors and coverage as
1e-4 (within 0.02 point) in well under half the time (a single projection's shares can move
by up to 0.3 point against the estimator's own 1e-6, which the correction then absorbs)."""
FOLDS = 3
"""Size folds of the counted units in :func:`extrapolation_factor`."""
MIN_UNITS = 12
EM_UNITS = 400
"""The transfers are fitted on at most this many counted units (a systematic sample across
sizes): the fit's cost grows with the units, its regional matrix hardly changes beyond a few
hundred, and every counted unit still enters the correction and the residuals."""


@dataclass(frozen=True, eq=False)
class Forecast:
    """The region's totals per list: ``mean`` [lists] and the Gaussian's pieces."""

    mean: Array
    chol: Array
    """Cholesky factor of Σ (lists × lists)."""
    spread: float
    """``u' V u + Σ n_i² / w_i``: Σ times this is the covariance of the totals."""
    df: float


def transfer_shares(x: Array, y: Array, inscrits: Array) -> Array:
    """Round 2: the transfer matrix of the counted units (em-ipf), rows = baseline categories.

    ``y`` [units, lists] is completed by a last column (inscrits without an exprimé) and scaled
    to the round-1 totals; the matrix is the sum of the units' fitted tables over the voters of
    each round-1 category (a category with no voter gets the region's round-2 split).
    """
    if len(x) > EM_UNITS:
        by_size = np.argsort(x.sum(axis=1), kind="stable")
        pick = by_size[np.linspace(0, len(x) - 1, EM_UNITS).round().astype(int)]
        x, y, inscrits = x[pick], y[pick], inscrits[pick]
    rest = np.maximum(inscrits - y.sum(axis=1), 0.0)
    full = np.column_stack([y, rest])
    totals = full.sum(axis=1)
    scaled = full * (x.sum(axis=1) / np.where(totals > 0, totals, 1.0))[:, None]
    _, tables, _, _ = fit_em_ipf(x, scaled, precision=EM_PRECISION, max_iterations=2000)
    voters = x.sum(axis=0)
    average = scaled.sum(axis=0) / max(scaled.sum(), 1.0)
    shares = tables.sum(axis=0) / np.where(voters > 0, voters, 1.0)[:, None]
    return np.asarray(np.where((voters > 0)[:, None], shares, average[None, :]), dtype=float)


def swing_ratios(x: Array, y: Array, category: Sequence[int | None]) -> Array:
    """Round 1: each list's votes over its family's baseline votes in the counted units.

    A row of the returned [categories, lists] matrix says how many current votes of each list
    one baseline vote of the category brings; a list whose family has no baseline vote in the
    counted units (a new family) takes its counted share of the inscrits from every category.
    """
    ratios = np.zeros((x.shape[1], y.shape[1]))
    counted = y.sum(axis=0)
    for j, cat in enumerate(category):
        base = float(x[:, cat].sum()) if cat is not None else 0.0
        if cat is not None and base > 0:
            ratios[cat, j] = counted[j] / base
        else:
            ratios[:, j] = counted[j] / max(float(x.sum()), 1.0)
    return ratios


def forecast(arrays: NightArrays, structural: Array, kinds: Sequence[str]) -> Forecast:
    """The Gaussian of the region's totals, from the structural matrix [categories, lists]."""
    xc, xu = arrays.x_counted, arrays.x_uncounted
    nc = np.maximum(xc.sum(axis=1), 1.0)
    nu = xu.sum(axis=1)
    reference = REFERENCE_INSCRITS
    growth = float(arrays.inscrits_counted.sum() / nc.sum()) if len(nc) else 1.0
    residuals = (
        arrays.y_counted / np.maximum(arrays.inscrits_counted, 1.0)[:, None]
        - (xc @ structural) / nc[:, None]
    )
    w = np.sqrt(nc / reference)
    mean_g, v, sigma, df = _posterior(arrays.z_counted, residuals, w, kinds)
    n_u = nu * growth
    u = n_u @ arrays.z_uncounted
    wu = np.sqrt(np.maximum(nu, 1.0) / reference)
    total = arrays.counted_votes + growth * (xu @ structural).sum(axis=0) + u @ mean_g
    spread = float(u @ v @ u + (n_u**2 / wu).sum())
    spread *= extrapolation_factor(arrays.z_counted, residuals, w, nc, kinds)
    chol = np.asarray(np.linalg.cholesky(sigma), dtype=float)
    return Forecast(np.maximum(total, 0.0), chol, spread, df)


def extrapolation_factor(z: Array, r: Array, w: Array, size: Array, kinds: Sequence[str]) -> float:
    """How much wider the forecast must be, as the counted units themselves show (≥ 1).

    The counted units are cut into ``FOLDS`` by size; each larger fold's total is forecast
    from the smaller ones, as the night forecasts the cities from the villages. The squared
    errors, against the variance the model gave them (a χ² with one degree per list), say by
    how much the model understates its error when it extrapolates in size; their mean, shrunk
    towards 1 by one fold's worth of prior, widens every interval. Under ``MIN_UNITS`` counted
    units there is nothing to learn from and the factor is 1.
    """
    if len(r) < MIN_UNITS:
        return 1.0
    folds = np.array_split(np.argsort(size, kind="stable"), FOLDS)
    lists = r.shape[1]
    stat, degrees = float(lists), float(lists)
    for k in range(1, FOLDS):
        train, test = np.concatenate(folds[:k]), folds[k]
        mean_g, v, sigma, _ = _posterior(z[train], r[train], w[train], kinds)
        u = size[test] @ z[test]
        err = size[test] @ r[test] - u @ mean_g
        spread = float(u @ v @ u + (size[test] ** 2 / w[test]).sum())
        stat += float(err @ np.linalg.solve(sigma, err)) / spread
        degrees += lists
    return max(1.0, stat / degrees)


def _posterior(
    z: Array, r: Array, w: Array, kinds: Sequence[str]
) -> tuple[Array, Array, Array, float]:
    """Γ's posterior mean [k, lists] and row covariance V [k, k], Σ's estimate, its df.

    Matrix-normal prior ``Γ ~ MN(0, Λ⁻¹, Σ)`` with ``Λ = diag(PRIOR_SD² / scale²)``: a
    coefficient's prior standard deviation is its ``PRIOR_SCALE`` when Σ is at its prior.
    """
    lists = r.shape[1]
    precision = np.diag([PRIOR_SD**2 / PRIOR_SCALE[k] ** 2 for k in kinds])
    v = np.asarray(np.linalg.inv(z.T @ (z * w[:, None]) + precision), dtype=float)
    mean_g = v @ (z.T @ (r * w[:, None]))
    e = r - z @ mean_g
    scatter = e.T @ (e * w[:, None]) + mean_g.T @ precision @ mean_g
    df = PRIOR_DF + len(w)
    sigma = (PRIOR_DF * PRIOR_SD**2 * np.eye(lists) + scatter) / df
    return mean_g, v, sigma + 1e-12 * np.eye(lists), df


def draw_totals(fc: Forecast, draws: int, rng: np.random.Generator) -> Array:
    """``draws`` rows of the region's total votes per list (floats, at least 0)."""
    lists = len(fc.mean)
    scale = np.sqrt(fc.spread * fc.df / rng.chisquare(fc.df, size=draws))
    noise = rng.standard_normal((draws, lists)) @ fc.chol.T
    return np.maximum(fc.mean[None, :] + scale[:, None] * noise, 0.0)
