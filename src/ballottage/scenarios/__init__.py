"""Between the rounds: scenario files, vote transfers, projections and Monte Carlo.

A scenario starts from a region's stored round-1 results, says which lists stand, withdraw
or merge (checked against the law), and where every round-1 voter goes in round 2. Rows it
leaves out come from ``reference/transfer_defaults.toml``. As written (a TOML file, see
``docs/scenarios.md``, or a web request) it is one :class:`ScenarioSpec`;
:func:`scenario_from_spec` applies the figures and the law to it.
"""

from ballottage.scenarios.defaults import (
    ABSTENTION,
    BLANK_NULL,
    TransferDefaults,
    parse_defaults,
    transfer_defaults,
)
from ballottage.scenarios.figures import Round1Figures, Round1List, match_name
from ballottage.scenarios.loader import (
    FiguresFor,
    load_scenario,
    parse_scenario,
    scenario_from_spec,
)
from ballottage.scenarios.model import Scenario, TransferRow, TurnoutTarget
from ballottage.scenarios.places import Places
from ballottage.scenarios.run import (
    ScenarioProjection,
    project_scenario,
    simulate_scenario,
    transfer_model,
)
from ballottage.scenarios.spec import CellSpec, ScenarioSpec, TransferRowSpec
from ballottage.scenarios.toml_file import scenario_text, spec_from_toml
from ballottage.scenarios.uncertainty import concentration_for_spread, spread_for_concentration

__all__ = [
    "ABSTENTION",
    "BLANK_NULL",
    "CellSpec",
    "FiguresFor",
    "Places",
    "Round1Figures",
    "Round1List",
    "Scenario",
    "ScenarioProjection",
    "ScenarioSpec",
    "TransferDefaults",
    "TransferRow",
    "TransferRowSpec",
    "TurnoutTarget",
    "concentration_for_spread",
    "load_scenario",
    "match_name",
    "parse_defaults",
    "parse_scenario",
    "project_scenario",
    "scenario_from_spec",
    "scenario_text",
    "simulate_scenario",
    "spec_from_toml",
    "spread_for_concentration",
    "transfer_defaults",
    "transfer_model",
]
