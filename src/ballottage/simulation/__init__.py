"""Many possible round 2s at once: vectorised seats and a Monte Carlo of vote transfers.

Floats live here (drawn transfer matrices, probabilities); the seats of every draw follow the
law exactly (:mod:`ballottage.simulation.batch`).
"""

from ballottage.simulation.batch import BatchSeats, allocate_batch
from ballottage.simulation.montecarlo import (
    DrawBatch,
    ListOutlook,
    Projection,
    SimulationSummary,
    project,
    simulate,
    simulate_draws,
)
from ballottage.simulation.transfers import TransferModel, Turnout

__all__ = [
    "BatchSeats",
    "DrawBatch",
    "ListOutlook",
    "Projection",
    "SimulationSummary",
    "TransferModel",
    "Turnout",
    "allocate_batch",
    "project",
    "simulate",
    "simulate_draws",
]
