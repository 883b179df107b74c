"""An estimated transfer matrix written as a scenario file (``docs/scenarios.md``).

Every round-1 source gets its row: a list merged into ``others`` repeats the row of ``others``.
The line-up is the round-2 lists (``stand``); the abstainers' row is written out, so the
round-2 turnout is the one the estimate implies. Each row's uncertainty becomes a Dirichlet
concentration: each cell's ``level`` interval is read as ± z standard deviations (z = 1.645 at
90 %), and the concentration is the one whose variances add up to theirs (at least
:data:`MIN_CONCENTRATION`), see :func:`row_concentration`.
"""

from __future__ import annotations

import math
from statistics import NormalDist

from ballottage.inference.estimate import TransferEstimate
from ballottage.inference.units import TransferUnits
from ballottage.scenarios.spec import ScenarioSpec
from ballottage.scenarios.toml_file import scenario_text

MIN_CONCENTRATION = 1.0
"""Rows the data barely identify get at most this much spread (a flat-ish Dirichlet)."""

PLACES = 4


def rounded_row(shares: list[float]) -> list[float]:
    """Shares rounded to 4 places, the largest absorbing the rounding so the row adds up to 1.

    >>> rounded_row([1 / 3, 1 / 3, 1 / 3])
    [0.3334, 0.3333, 0.3333]
    """
    out = [round(s, PLACES) for s in shares]
    top = max(range(len(out)), key=lambda j: shares[j])
    out[top] = round(1.0 - math.fsum(v for j, v in enumerate(out) if j != top), PLACES)
    return out


def row_concentration(
    shares: list[float], lower: list[float], upper: list[float], level: float
) -> float | None:
    """The Dirichlet concentration whose variances add up to the intervals' (None when they
    are all of zero width).

    A cell's interval is read as ± z standard deviations; a Dirichlet row of concentration κ
    has variances summing to (1 − Σ p²) / (κ + 1), so κ = (1 − Σ p²) / Σ s² − 1. Matching the
    total keeps one lopsided interval (a share near 0) from setting the whole row.

    >>> round(row_concentration([0.75, 0.25], [0.6678, 0.1678], [0.8322, 0.3322], 0.9))
    74
    """
    z = NormalDist().inv_cdf(0.5 + level / 2.0)
    spreads = [(hi - lo) / (2.0 * z) for lo, hi in zip(lower, upper, strict=True)]
    total = math.fsum(s * s for s in spreads)
    if total <= 0:
        return None
    kappa = (1.0 - math.fsum(p * p for p in shares)) / total - 1.0
    return max(kappa, MIN_CONCENTRATION)


def _convergence_warning(estimate: TransferEstimate) -> list[str]:
    d = estimate.diagnostics
    if not d or d.get("converged", True):
        return []
    if "iterations" in d:
        return [
            f"WARNING: the estimate did NOT settle after {d['iterations']} EM steps: these rows "
            "are not a reliable estimate."
        ]
    rhat, ess = d.get("rhat_max"), d.get("ess_bulk_min")
    measured = (
        f" (R̂ max {rhat:.3f}, bulk ESS min {ess:.0f})"
        if isinstance(rhat, float) and isinstance(ess, float)
        else ""
    )
    return [
        f"WARNING: the sampler did NOT converge{measured}: these rows are not a reliable estimate."
    ]


def _header(estimate: TransferEstimate, units: TransferUnits, command: str) -> list[str]:
    pct = f"{estimate.level:.0%}"
    return [
        f"Vote transfers of {units.region}, {units.election}, estimated from "
        f"{estimate.units} {units.level}s",
        f"by {estimate.method}{f' ({command})' if command else ''}.",
        f"Each row: the estimated shares, then its {pct} intervals in a comment; the row's",
        "concentration matches its intervals. Rows of lists merged into 'others' repeat",
        "the estimate of 'others'. Ecological inference: read docs/transfers.md before use.",
        *_convergence_warning(estimate),
    ]


def estimated_scenario(
    estimate: TransferEstimate, units: TransferUnits
) -> tuple[ScenarioSpec, dict[str, list[str]]]:
    """The estimate as a scenario (the round-2 lists standing, every source's row), and the
    notes to write above each row (its intervals, the category it was fitted in)."""
    pct = f"{estimate.level:.0%}"
    rows: dict[str, dict[str, object]] = {}
    notes: dict[str, list[str]] = {}
    for r, (category, members) in enumerate(units.members):
        shares = [float(v) for v in estimate.shares[r]]
        kappa, bounds = None, ""
        if estimate.interval is not None:
            lower = [float(v) for v in estimate.interval[0][r]]
            upper = [float(v) for v in estimate.interval[1][r]]
            kappa = row_concentration(shares, lower, upper, estimate.level)
            bounds = ", ".join(
                f"{c} {lo:.3f}–{hi:.3f}"
                for c, lo, hi in zip(estimate.cols, lower, upper, strict=True)
            )
        cells: dict[str, object] = dict(zip(estimate.cols, rounded_row(shares), strict=True))
        row = cells if kappa is None else {**cells, "concentration": round(kappa, 1)}
        for source in members:
            rows[source] = row
            notes[source] = [
                *([f"merged into {category!r} for the fit"] if category != source else []),
                *([f"{pct} intervals: {bounds}"] if bounds else []),
            ]
    spec = ScenarioSpec.model_validate(
        {
            "title": f"{units.region} {units.election}: estimated transfers",
            "election": units.election,
            "region": units.region,
            "stand": list(units.standing),
            "transfers": rows,
        }
    )
    return spec, notes


def scenario_file_text(
    estimate: TransferEstimate, units: TransferUnits, *, command: str = ""
) -> str:
    """The estimate as a scenario file that ``ballottage project/simulate`` read unchanged."""
    spec, notes = estimated_scenario(estimate, units)
    return scenario_text(spec, header=_header(estimate, units, command), row_notes=notes)
