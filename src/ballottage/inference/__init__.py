"""Where did the voters go? Round-1 → round-2 transfers estimated from local results.

Ecological inference by constrained Goodman regression. Each local unit (canton, commune) has
the same inscrits in both rounds; both rounds are given as an exhaustive split of those inscrits
(every list, abstention, blank/null: the caller chooses whether blank and null are one category
or two, or whether round-2 blank/null is merged into abstention). In unit *i*, with ``x_i`` the
round-1 shares of its inscrits and ``y_i`` the round-2 shares, the model is ``y_i ≈ x_i B``
where ``B[r, c]`` is the share of round-1 category *r* that went to round-2 category *c*:
``B ≥ 0`` and each row sums to 1.

Assumptions, and when the method misleads. The estimate is the regional average transfer,
weighted by voters, *if* the local transfer matrices vary independently of the round-1 shares
(no contextual effect). Where that fails — e.g. PS voters move to the FN more where the FN is
already strong — the fit is biased and its intervals do not show it (aggregation bias, the
ecological fallacy). Rows of small categories (a list or blank/null with 1–2 % of the inscrits
and little spread across units) are barely identified by the data: their estimates can sit
anywhere in the simplex, and their wide intervals say so. Merge small lists before reading
their rows, and prefer many small units (communes) to few large ones (cantons).

Point estimate: weighted least squares (weights = round-1 inscrits), solved exactly as a
non-negative least squares in vec(B) with the row sums as heavy equations.

Uncertainty: nonparametric bootstrap over units (pairs bootstrap: resample units with
replacement, refit the constrained model), percentile intervals. It is robust to the
heteroskedasticity of local variation and needs no variance model. The plain percentile
interval covered ~87 % instead of 90 % in simulations (170 units, 7–11 categories): like the
HC0 sandwich it ignores leverage. So each interval end's distance from the point estimate is
stretched by n/(n − R), the mean-leverage correction 1/(1 − h̄) with h̄ = R/n, and clipped
to [0, 1]; for 2 000 communes the stretch is negligible.

Measured with ``validate`` (50 seeds; local variation 0.07–0.14, i.e. Dirichlet concentration
50–200 per row; default 0.1) on 170 synthetic units shaped like the Hauts-de-France 2015
cantons, and on the 145 real HDF round-1 cantons with a synthetic round 2: the 90 % intervals
cover 0.88–0.91 of the true cells. Rows holding ≥ 9 % of the inscrits (FN, UD, UG, abstention)
are within ~0.01–0.05 per cell, but the mean error over all cells is ~0.05–0.08 with 7
categories and ~0.10–0.15 with 11, because the small rows are unidentified; per voter (rows
weighted by their round-1 voters) it is ~0.02–0.04. With 2 000 commune-like units the all-cell
error falls to ~0.02 (7 categories). With a contextual effect (UG and abstainers going to the FN
more where it is strong, ±6 points per standard deviation of its share) coverage falls to ~0.65.
The careful alternative, a hierarchical R×C model with unit-level bounds, is ``hierarchical``
(PyEI, an optional extra; slow, and it reports its own convergence).

Wiring (kept out of this namespace, as they need the store): ``units`` pairs both rounds of a
region by commune or canton and merges round-1 categories under 3 % of the inscrits into
``others`` (the all-cell error on HDF cantons then falls to ~0.027); ``known_truth`` validates
on a truth given as a scenario; ``scenario_file`` writes an estimate as a scenario file.
See ``docs/transfers.md``.
"""

from ballottage.inference.goodman import METHOD, TransferEstimate, estimate_transfers_goodman
from ballottage.inference.methods import (
    DEFAULT_METHOD,
    METHODS,
    estimate_transfers,
    estimator,
)
from ballottage.inference.synthetic import ValidationReport, synthesize_round2, validate

__all__ = [
    "DEFAULT_METHOD",
    "METHOD",
    "METHODS",
    "TransferEstimate",
    "ValidationReport",
    "estimate_transfers",
    "estimate_transfers_goodman",
    "estimator",
    "synthesize_round2",
    "validate",
]
