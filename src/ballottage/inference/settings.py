"""The transfer estimators' defaults, in a module that imports nothing heavy, so that the
command line can show them in ``--help`` without loading numpy and scipy."""

from __future__ import annotations

METHODS = ("em-ipf", "goodman", "lphom", "hierarchical")
"""The estimators ``ballottage transfers --method`` accepts (``ballottage.inference.methods``)."""

DEFAULT_METHOD = "em-ipf"
"""The estimator used wherever transfers are estimated, unless told otherwise."""

FAST_METHODS = ("em-ipf", "goodman", "lphom")
"""The methods that take about a second per district (the benchmark's default)."""

LEVELS = ("commune", "canton")
"""The local units a region's transfers are estimated from, finest first."""

DEFAULT_MERGE_BELOW = 0.03
"""Round-1 categories under this share of the inscrits are merged into ``others``."""

DEFAULT_LOCAL_VARIATION = 0.1
"""Spread of the local matrices around the truth in a synthetic round 2 (Dirichlet
concentration 1/0.1² − 1 = 99 per row)."""
