"""Between the rounds: scenario files, vote transfers, projections and Monte Carlo.

A scenario (TOML, see ``docs/scenarios.md``) starts from a region's stored round-1 results,
says which lists stand, withdraw or merge (checked against the law), and where every round-1
voter goes in round 2. Rows it leaves out come from ``reference/transfer_defaults.toml``.
"""

from ballottage.scenarios.defaults import (
    ABSTENTION,
    BLANK_NULL,
    TransferDefaults,
    parse_defaults,
    transfer_defaults,
)
from ballottage.scenarios.figures import Round1Figures, Round1List, match_name
from ballottage.scenarios.loader import FiguresFor, load_scenario, parse_scenario
from ballottage.scenarios.model import Scenario, TransferRow, TurnoutTarget
from ballottage.scenarios.run import (
    ScenarioProjection,
    project_scenario,
    simulate_scenario,
    transfer_model,
)
from ballottage.scenarios.uncertainty import concentration_for_spread, spread_for_concentration

__all__ = [
    "ABSTENTION",
    "BLANK_NULL",
    "FiguresFor",
    "Round1Figures",
    "Round1List",
    "Scenario",
    "ScenarioProjection",
    "TransferDefaults",
    "TransferRow",
    "TurnoutTarget",
    "concentration_for_spread",
    "load_scenario",
    "match_name",
    "parse_defaults",
    "parse_scenario",
    "project_scenario",
    "simulate_scenario",
    "spread_for_concentration",
    "transfer_defaults",
    "transfer_model",
]
