"""Where did the voters go? Round-1 → round-2 transfers estimated from local results.

Each local unit (canton, commune, polling place) has the same voters in both rounds; both rounds
are given as an exhaustive split of those voters (every list, abstention, blank/null). The
estimate is the matrix ``B[r, c]``: the share of round-1 category *r* that went to round-2
category *c*, with an interval for every cell.

Methods, by name (:mod:`ballottage.inference.methods`; :func:`estimate_transfers` takes
``method=``): ``em-ipf``, the default (:mod:`~ballottage.inference.em_ipf`: every unit's table
fitted to its margins by IPF around one regional matrix, iterated; intervals calibrated on the
units' bounds, :mod:`~ballottage.inference.unit_bounds`); ``goodman``
(:mod:`~ballottage.inference.goodman`: constrained regression, pairs bootstrap); ``lphom``
(:mod:`~ballottage.inference.lphom`, the linear-programming reference, no intervals);
``hierarchical`` (:mod:`~ballottage.inference.hierarchical`, PyEI, an optional extra). They are
measured on real elections with known answers by :mod:`~ballottage.inference.benchmark` (New
Zealand 2002–2011: ``em-ipf`` misplaces ~8 % of the votes, the others ~14 %), and on a synthetic
round 2 by :mod:`~ballottage.inference.synthetic`.

Wiring (kept out of this namespace, as they need the store or files): ``units`` pairs both
rounds of a region by commune or canton and merges round-1 categories under 3 % of the inscrits
into ``others``; ``units_file`` reads any R×C problem given as unit margins in a CSV file;
``known_truth`` validates on a truth given as a scenario; ``scenario_file`` writes an estimate
as a scenario file. See ``docs/transfers.md``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ballottage.inference.settings import DEFAULT_METHOD, METHODS

if TYPE_CHECKING:
    from ballottage.inference.estimate import TransferEstimate
    from ballottage.inference.goodman import METHOD, estimate_transfers_goodman
    from ballottage.inference.methods import estimate_transfers, estimator
    from ballottage.inference.synthetic import ValidationReport, synthesize_round2, validate

_HOME = {
    "METHOD": "goodman",
    "TransferEstimate": "estimate",
    "estimate_transfers_goodman": "goodman",
    "estimate_transfers": "methods",
    "estimator": "methods",
    "ValidationReport": "synthetic",
    "synthesize_round2": "synthetic",
    "validate": "synthetic",
}


def __getattr__(name: str) -> Any:
    """Load the estimators (numpy, scipy) on first use, not when a submodule is imported."""
    if name in _HOME:
        return getattr(import_module(f"ballottage.inference.{_HOME[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
