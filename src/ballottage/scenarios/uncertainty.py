"""Uncertainty of a transfer row: a Dirichlet concentration, or a share ± spread.

A row ``p`` is drawn as ``Dirichlet(concentration × mean)``. Each share then has the mean
given and the variance ``m (1 - m) / (concentration + 1)``. A spread ``s`` written on a share
``m`` is read as one standard deviation, so the equivalent concentration is
``m (1 - m) / s² - 1``. A Dirichlet has one concentration per row: when a row gives several
spreads, the smallest concentration (the widest row) is kept.

>>> round(concentration_for_spread(0.75, 0.05), 6)
74.0
>>> round(spread_for_concentration(0.75, 74.0), 6)
0.05
>>> concentration_for_spread(0.6, 0)
inf
"""

from __future__ import annotations

import math

from ballottage.errors import InvalidInput


def concentration_for_spread(share: float, spread: float) -> float:
    """The Dirichlet concentration whose standard deviation on ``share`` is ``spread``.

    A spread of 0 means no uncertainty (``inf``). The spread must stay below
    ``sqrt(share (1 - share))``, the widest a share can vary.
    """
    if not 0.0 <= share <= 1.0:
        raise InvalidInput("share", share, "must be between 0 and 1")
    if spread < 0:
        raise InvalidInput("spread", spread, "must be at least 0")
    if spread == 0:
        return math.inf
    widest = math.sqrt(share * (1.0 - share))
    if spread >= widest:
        raise InvalidInput(
            "spread",
            spread,
            f"too wide for a share of {share:g}: a standard deviation must stay below "
            f"sqrt(share × (1 - share)) = {widest:.4f}",
        )
    return share * (1.0 - share) / spread**2 - 1.0


def spread_for_concentration(share: float, concentration: float) -> float:
    """The standard deviation of ``share`` in a row of this concentration."""
    if math.isinf(concentration):
        return 0.0
    return math.sqrt(share * (1.0 - share) / (concentration + 1.0))
