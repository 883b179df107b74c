"""The careful estimate: a hierarchical R×C model, PyEI's multinomial-Dirichlet, sampled by NUTS.

Model (Rosen, Jiang, King & Tanner 2001; PyEI's ``multinomial-dirichlet``): each unit *i* has its
own transfer matrix ``β_i``; row *r* of it is drawn from a Dirichlet with parameters ``α_r``
shared by all units (each ``α_rc`` Gamma(4, 2) a priori); the unit's round-2 counts are
multinomial with probabilities ``x_i β_i`` (``x_i`` its round-1 shares of the inscrits). The
``-modified`` variant (Pareto prior on the concentration) diverged and stuck at 0 on small test
problems, so it is not used. So every unit's matrix
respects that unit's own bounds (no share outside [0, 1] anywhere, the method of bounds
built in), and the spread between units is estimated, not assumed away. The quantity reported
is the region's transfer: each unit's matrix weighted by its round-1 voters of each category,
summed over units — one posterior draw at a time, so the interval is a credible interval of
that regional figure.

What it still assumes: the units' matrices are exchangeable draws around one regional mean,
independent of the round-1 shares. A contextual effect (PS voters move to the FN more where
the FN is strong) biases it as it biases the regression (aggregation bias); it narrows the
bounds, it does not remove that bias.

Sampling. PyEI builds the model in PyMC and samples it with NumPyro's NUTS (JAX). With large
units (cantons of 30 000 inscrits) the multinomial pins each unit's matrix to a thin slice and
NUTS needs small steps: the chains can fail to converge within the default draws. The estimate
always reports R̂ (rank-normalised, split) and the bulk effective sample size of every regional
cell, and the divergent transitions; ``converged`` is False unless R̂ ≤ 1.01, ESS ≥ 100 per
chain and no divergence. An unconverged estimate is shown with that warning, never silently.

PyEI is an optional extra (``pip install 'ballottage[ei]'``, ~1 GB with JAX): imported only
when this method runs; its chatter (prints, warnings, progress bars) is kept off the terminal
and its convergence warnings become ``diagnostics``.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ballottage.errors import InvalidInput, MissingExtra
from ballottage.inference.estimate import Array, TransferEstimate
from ballottage.inference.goodman import checked_counts, fitted_estimate

METHOD = "hierarchical R×C multinomial-Dirichlet (Rosen et al. 2001; PyEI, NUTS)"
RHAT_MAX = 1.01  # Vehtari et al. (2021): R̂ above 1.01 means the chains disagree
ESS_PER_CHAIN = 100  # ... and at least 100 effective draws per chain for R̂ to be trusted
MAX_CHAINS = 16
_NOISY_LOGGERS = ("pymc", "pytensor", "jax", "numpyro", "arviz", "pyei")


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Keep PyEI/PyMC/JAX's prints, logs and warnings off the terminal (our own diagnostics
    replace their convergence warnings)."""
    levels = {name: logging.getLogger(name).level for name in _NOISY_LOGGERS}
    for name in levels:
        logging.getLogger(name).setLevel(logging.ERROR)
    sink = io.StringIO()
    try:
        with (
            warnings.catch_warnings(),
            contextlib.redirect_stdout(sink),
            contextlib.redirect_stderr(sink),
        ):
            warnings.simplefilter("ignore")
            yield
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def _pyei() -> tuple[Any, Any]:
    """PyEI's R×C class and ArviZ, imported on first use (they bring PyMC and JAX)."""
    # NumPyro runs chains in parallel only on as many (virtual) devices: give it one per chain
    # up to MAX_CHAINS, if JAX is not loaded yet (the threads share the machine's cores).
    if "jax" not in sys.modules:
        flags = os.environ.get("XLA_FLAGS", "")
        if "xla_force_host_platform_device_count" not in flags:
            os.environ["XLA_FLAGS"] = (
                f"{flags} --xla_force_host_platform_device_count={MAX_CHAINS}".strip()
            )
    try:
        import arviz
        from pyei.r_by_c import RowByColumnEI
    except ImportError as exc:
        raise MissingExtra("the hierarchical method", "ei", "PyEI (pyei)") from exc
    return RowByColumnEI, arviz


def regional_draws(unit_draws: Array, round1: Array) -> Array:
    """Regional transfer of each draw: units' matrices weighted by their round-1 voters.

    ``unit_draws`` is [chain, draw, unit, R, C], ``round1`` the counts [unit, R].

    >>> b = np.array([[[[[1.0, 0.0]], [[0.0, 1.0]]]]])  # 1 chain, 1 draw, 2 units, R=1, C=2
    >>> regional_draws(b, np.array([[300.0], [100.0]])).tolist()
    [[[[0.75, 0.25]]]]
    """
    voters = round1.sum(axis=0)
    return np.asarray(np.einsum("kdirc,ir->kdrc", unit_draws, round1) / voters[:, None])


def convergence(
    draws: Array, diverging: int, arviz: Any
) -> dict[str, float | int | bool | str | None]:
    """R̂ and bulk ESS of every regional cell (draws [chain, draw, R, C]), and the verdict."""
    chains = draws.shape[0]
    data = arviz.convert_to_dataset(draws)  # one variable "x": chain, draw, R, C
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")  # a constant cell: NaN, handled below
        rhat = np.asarray(arviz.rhat(data, method="rank")["x"].values, dtype=float)
        ess = np.asarray(arviz.ess(data, method="bulk")["x"].values, dtype=float)
    # A cell that never moves has no R̂ or ESS (NaN): it cannot vouch for convergence.
    measured = chains > 1 and bool(np.isfinite(rhat).all() and np.isfinite(ess).all())
    rhat_max = float(np.max(rhat)) if measured else None
    ess_min = float(np.min(ess)) if measured else None
    ok = (
        rhat_max is not None
        and ess_min is not None
        and rhat_max <= RHAT_MAX
        and ess_min >= ESS_PER_CHAIN * chains
    )
    return {
        "rhat_max": rhat_max,
        "ess_bulk_min": ess_min,
        "divergences": int(diverging),
        "converged": bool(ok and diverging == 0),
        "criteria": (
            f"R̂ ≤ {RHAT_MAX} and bulk ESS ≥ {ESS_PER_CHAIN} per chain on every regional "
            "cell, no divergent transition (needs 2+ chains)"
        ),
    }


def estimate_transfers_hierarchical(
    round1: ArrayLike,
    round2: ArrayLike,
    *,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    seed: int,
    level: float = 0.90,
    draws: int = 1000,
    tune: int = 1000,
    chains: int = 4,
    target_accept: float = 0.9,
    tolerance: float = 0.01,
) -> TransferEstimate:
    """Estimate round-1 → round-2 transfers with the hierarchical R×C model (module doc).

    Same input as :func:`ballottage.inference.estimate_transfers`; ``draws`` and ``tune``
    (warm-up) are per chain, ``seed`` fixes the sampler. Shares are posterior means of the
    regional transfer, intervals equal-tailed credible intervals at ``level``; ``diagnostics``
    says whether the chains converged.
    """
    x_counts, y_counts, rows, cols = checked_counts(
        round1,
        round2,
        row_labels=row_labels,
        col_labels=col_labels,
        level=level,
        tolerance=tolerance,
    )
    sampler = _Sampler(draws=draws, tune=tune, chains=chains, target_accept=target_accept)
    regional, diagnostics = _sample(x_counts, y_counts, (rows, cols), sampler, seed)
    shares, lower, upper = _posterior_summary(regional, level)
    diagnostics.update(chains=chains, draws=draws, tune=tune)
    return fitted_estimate(
        x_counts,
        y_counts,
        (rows, cols),
        shares,
        (lower, upper),
        level=level,
        method=METHOD,
        diagnostics=diagnostics,
    )


@dataclass(frozen=True)
class _Sampler:
    """NUTS settings, checked: ``draws`` and ``tune`` (warm-up) per chain, 2 chains at least
    (R̂ needs them)."""

    draws: int
    tune: int
    chains: int
    target_accept: float

    def __post_init__(self) -> None:
        draws, tune, chains = self.draws, self.tune, self.chains
        for name, value, least in (("draws", draws, 10), ("tune", tune, 0), ("chains", chains, 2)):
            if value < least:
                raise InvalidInput(name, value, f"must be >= {least}")
        if chains > MAX_CHAINS:
            raise InvalidInput("chains", chains, f"must be <= {MAX_CHAINS}")
        if not 0.5 <= self.target_accept < 1.0:
            raise InvalidInput("target_accept", self.target_accept, "must be in [0.5, 1)")


def _posterior_summary(regional: Array, level: float) -> tuple[Array, Array, Array]:
    """Posterior means of the regional matrix and their equal-tailed ``level`` intervals."""
    flat = regional.reshape(-1, *regional.shape[-2:])
    tail = (1.0 - level) / 2.0
    lower, upper = np.quantile(flat, [tail, 1.0 - tail], axis=0)
    return flat.mean(axis=0), lower, upper


def _sample(
    x_counts: Array,
    y_counts: Array,
    labels: tuple[tuple[str, ...], tuple[str, ...]],
    sampler: _Sampler,
    seed: int,
) -> tuple[Array, dict[str, float | int | bool | str | None]]:
    """Fit PyEI's multinomial-Dirichlet R×C model: the draws of the regional matrix and the
    convergence diagnostics of the chains."""
    rows, cols = labels
    pops = np.rint(y_counts.sum(axis=1)).astype(np.int64)
    group_fractions = (x_counts / x_counts.sum(axis=1)[:, None]).T
    vote_fractions = (y_counts / y_counts.sum(axis=1)[:, None]).T
    with _quiet():
        row_by_column, arviz = _pyei()
        model = row_by_column("multinomial-dirichlet")
        model.fit(
            group_fractions,
            vote_fractions,
            [int(p) for p in pops],
            demographic_group_names=list(rows),
            candidate_names=list(cols),
            target_accept=sampler.target_accept,
            tune=sampler.tune,
            draws=sampler.draws,
            chains=sampler.chains,
            random_seed=seed,
            progressbar=False,
        )
        posterior = model.sim_trace["posterior"]["b"].transpose("chain", "draw", ...).values
        diverging = int(model.sim_trace["sample_stats"]["diverging"].values.sum())
        regional = regional_draws(np.asarray(posterior, dtype=float), x_counts)
        diagnostics = convergence(regional, diverging, arviz)
    return regional, diagnostics
