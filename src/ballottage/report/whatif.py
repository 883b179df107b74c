"""What if the lists that could stand in round 2, and did not, had stayed? A simulation per region.

For each region where a list that qualified is absent from round 2 (the Socialists in
Hauts-de-France and Provence-Alpes-Côte d'Azur in 2015), the report runs the scenario where every
list that may stand does, with the shipped default transfers and round 1's turnout, through the
same code as ``ballottage simulate`` and the round-2 page (same draws and seed as the page, so the
two show the same numbers), and draws each list's seat distribution
(:mod:`ballottage.report.seatchart`).

>>> from ballottage.data import Store
>>> from ballottage.report.data import report_data
>>> with Store(":memory:") as store:
...     _ = store.load_bundled()
...     data = report_data(store, "2015")
...     add_whatifs(store, data)
>>> hdf = next(r for r in data["elections"][0]["regions"] if r["code"] == "32")
>>> hdf["whatif"]["kept"], len(hdf["whatif"]["charts"])
(['DE SAINTIGNON Pierre'], 3)
>>> hdf["whatif"]["outcomes"][0]["list"]
'LE PEN Marine'
"""

from __future__ import annotations

from ballottage.data.store import Store
from ballottage.errors import BallottageError
from ballottage.plain import Plain
from ballottage.report.seatchart import distribution_data
from ballottage.scenarios import Places, ScenarioSpec, scenario_from_spec, simulate_scenario
from ballottage.scenarios.store import round1_figures

WHATIF_DRAWS = 20_000
"""Draws of each what-if simulation: the round-2 page's number."""
WHATIF_SEED = 0
"""Its seed: the round-2 page's, so both show the same figures for the same line-up."""


def kept_lists(region: Plain) -> list[str]:
    """Lists that could stand in round 2 and are absent from it (empty: nothing to ask)."""
    round1, round2 = region.get("round1"), region.get("round2")
    if not round1 or not round2 or "stand" not in round1:
        return []
    present = {item["name"] for item in round2["lists"]}
    if not present <= set(round1["stand"]):
        return []  # a round-2 list that did not qualify: the data needs checking first
    return [name for name in round1["stand"] if name not in present]


def whatif_data(store: Store, election: str, region: Plain) -> Plain | None:
    """The simulation of the region's round 2 with every list that may stand, or None."""
    kept = kept_lists(region)
    if not kept:
        return None
    try:
        spec = ScenarioSpec(
            election=election, region=region["code"], stand=region["round1"]["stand"]
        )
        scenario = scenario_from_spec(
            spec,
            lambda e, r: round1_figures(store, e, r),
            places=Places(f"{region['name']}, every qualified list standing"),
        )
        summary = simulate_scenario(scenario, draws=WHATIF_DRAWS, seed=WHATIF_SEED)
    except BallottageError as exc:
        return {"kept": kept, "error": str(exc)}
    colours = {item["name"]: item["colour"] for item in region["round1"]["lists"]}
    rows = [
        {"name": item.name, "p_first": item.p_first, "p_majority": item.p_majority}
        for item in summary.lists
    ]
    charts = distribution_data(
        rows,
        {item.name: item.histogram for item in summary.lists},
        seats_total=summary.seats,
        draws=summary.draws,
        colours=colours,
    )
    return {
        "kept": kept,
        "stand": list(scenario.standing),
        "seed": summary.seed,
        "undecidable_share": summary.undecidable_share,
        "error": None,
        **charts,
    }


def add_whatifs(store: Store, data: Plain) -> None:
    """Put each region's what-if simulation (or None) under its ``whatif`` key."""
    for election in data["elections"]:
        for region in election["regions"]:
            region["whatif"] = whatif_data(store, election["id"], region)
