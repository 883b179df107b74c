"""From a scenario to seats: the expected round 2 (exact seats), or a Monte Carlo over it.

Both go through one :class:`~ballottage.simulation.TransferModel` built from the scenario's
rows, so the projection is the mean of what the simulation draws around.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ballottage.errors import InvalidInput
from ballottage.law import CouncilAllocation, allocate_council
from ballottage.scenarios.defaults import ABSTENTION, BLANK_NULL
from ballottage.scenarios.model import Scenario
from ballottage.simulation import (
    Projection,
    SimulationSummary,
    TransferModel,
    project,
    simulate,
)
from ballottage.simulation.montecarlo import ProgressHook


@dataclass(frozen=True)
class ScenarioProjection:
    """The expected round 2 of a scenario, in whole votes, and its exact seats."""

    scenario: Scenario
    expected: Projection
    allocation: CouncilAllocation

    @property
    def abstentions(self) -> int:
        """Registered voters expected to stay home in round 2."""
        return self.expected.others[ABSTENTION]

    @property
    def blank_null(self) -> int:
        """Expected blank and spoiled ballots."""
        return self.expected.others[BLANK_NULL]

    @property
    def votants(self) -> int:
        """Expected voters: list votes plus blank-null."""
        return self.expected.exprimes + self.blank_null


def _some_votes(scenario: Scenario, expected: Projection) -> None:
    """A scenario whose expected round 2 gives no list a vote names its file and turnout."""
    if sum(expected.votes.values()) == 0:
        target = scenario.turnout
        asked = f"turnout {target.round2:g} ({target.origin})" if target is not None else "its rows"
        raise InvalidInput(
            f"{scenario.source}: turnout",
            None,
            f"{asked} leaves no list a single expected vote "
            f"({scenario.figures.inscrits} inscrits); give a larger turnout",
        )


def transfer_model(scenario: Scenario) -> TransferModel:
    """The scenario's rows as Dirichlet concentrations (mean share × row concentration).

    A row of infinite concentration (no uncertainty) is a ``fixed`` source: its shares are
    kept as they are and every draw takes them as the transfer.
    """
    return TransferModel(
        sources=tuple(r.source for r in scenario.rows),
        electorate=np.array([r.voters for r in scenario.rows], dtype=np.int64),
        lists=scenario.standing,
        others=(ABSTENTION, BLANK_NULL),
        concentration=np.array(
            [
                [s if math.isinf(r.concentration) else s * r.concentration for s in r.shares]
                for r in scenario.rows
            ],
            dtype=np.float64,
        ),
        abstention=ABSTENTION,
        fixed=frozenset(r.source for r in scenario.rows if math.isinf(r.concentration)),
    )


def project_scenario(scenario: Scenario) -> ScenarioProjection:
    """Expected round-2 votes (largest remainder to whole votes), then the exact seats.

    A tie in the expected votes that the law settles by the candidates' ages raises
    :class:`~ballottage.errors.UndecidableTie`.
    """
    expected = project(transfer_model(scenario))
    _some_votes(scenario, expected)
    allocation = allocate_council(
        dict(expected.votes), scenario.rules, seats=scenario.figures.seats
    )
    return ScenarioProjection(scenario, expected, allocation)


def simulate_scenario(
    scenario: Scenario,
    *,
    draws: int,
    seed: int,
    on_progress: ProgressHook | None = None,
) -> SimulationSummary:
    """``draws`` round 2s drawn around the scenario, each row from its Dirichlet."""
    _some_votes(scenario, project(transfer_model(scenario)))
    return simulate(
        transfer_model(scenario),
        scenario.rules,
        seats=scenario.figures.seats,
        draws=draws,
        seed=seed,
        on_progress=on_progress,
    )
