"""What if the lists that could stand in round 2, and did not, had stayed? A simulation per region.

For each region where a list that qualified is absent from round 2 (the Socialists in
Hauts-de-France and Provence-Alpes-Côte d'Azur in 2015), the scenario where every list that may
stand does, with the shipped default transfers and round 1's turnout, through the same code as
``ballottage simulate`` and the round-2 page (same draws and seed as the page, so the two show
the same numbers).
"""

from __future__ import annotations

from ballottage.data.store import Store
from ballottage.elections.region import RegionOverview, Round1, Round2, WhatIf
from ballottage.errors import BallottageError
from ballottage.scenarios import Places, ScenarioSpec, scenario_from_spec, simulate_scenario
from ballottage.scenarios.store import round1_figures

WHATIF_DRAWS = 20_000
"""Draws of each what-if simulation: the round-2 page's number."""
WHATIF_SEED = 0
"""Its seed: the round-2 page's, so both show the same figures for the same line-up."""


def kept_lists(round1: Round1 | None, round2: Round2 | None) -> tuple[str, ...]:
    """Lists that could stand in round 2 and are absent from it (empty: nothing to ask)."""
    if round1 is None or round2 is None or not round1.stand:
        return ()
    present = {row.name for row in round2.lists}
    if not present <= set(round1.stand):
        return ()  # a round-2 list that did not qualify: the data needs checking first
    return tuple(name for name in round1.stand if name not in present)


def what_if(store: Store, region: RegionOverview) -> WhatIf | None:
    """The simulation of the region's round 2 with every list that may stand, or None."""
    kept = kept_lists(region.round1, region.round2)
    if not kept or region.round1 is None:
        return None
    spec = ScenarioSpec(election=region.election, region=region.code, stand=region.round1.stand)
    try:
        scenario = scenario_from_spec(
            spec,
            lambda e, r: round1_figures(store, e, r),
            places=Places(f"{region.name}, every qualified list standing"),
        )
        summary = simulate_scenario(scenario, draws=WHATIF_DRAWS, seed=WHATIF_SEED)
    except BallottageError as exc:
        return WhatIf(kept, region.round1.stand, None, str(exc))
    return WhatIf(kept, tuple(scenario.standing), summary)
