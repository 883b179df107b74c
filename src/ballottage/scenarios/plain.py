"""Scenarios, projections and simulations as plain data (for ``--json`` and the tables).

The seats of a projection go through :func:`ballottage.plain.allocation_data`, the one
conversion every other command uses.
"""

from __future__ import annotations

import math

from ballottage.plain import Plain, allocation_data
from ballottage.scenarios.figures import Round1Figures
from ballottage.scenarios.model import Scenario
from ballottage.scenarios.run import ScenarioProjection
from ballottage.scenarios.uncertainty import spread_for_concentration
from ballottage.simulation import SimulationSummary


def _number(value: float, places: int = 6) -> float | None:
    return None if math.isinf(value) else round(value, places)


def round1_turnout(figures: Round1Figures) -> Plain:
    """Round-1 turnout of the region a scenario starts from."""
    return {
        "inscrits": figures.inscrits,
        "votants": figures.votants,
        "blancs": figures.blancs,
        "nuls": figures.nuls,
        "exprimes": figures.exprimes,
        "turnout": round(figures.turnout, 6),
    }


def scenario_data(scenario: Scenario) -> Plain:
    """The scenario as read: region, line-up, turnout and every transfer row."""
    figures = scenario.figures
    return {
        "source": scenario.source,
        "title": scenario.title,
        "election": figures.election,
        "region": {"code": figures.region_code, "name": figures.region},
        "rules": scenario.rules.name,
        "seats_total": figures.seats,
        "round1": round1_turnout(figures),
        "lineup": {
            "stand": list(scenario.standing),
            "merge": {h: list(p) for h, p in scenario.lineup.mergers.items()},
            "withdraw": [
                n
                for n in scenario.eligibility.stand
                if n not in scenario.standing and n not in scenario.lineup.partners()
            ],
        },
        "turnout": (
            None
            if scenario.turnout is None
            else {"round2": round(scenario.turnout.round2, 6), "origin": scenario.turnout.origin}
        ),
        "what_happened": _what_happened(scenario),
        "destinations": list(scenario.destinations),
        "transfers": [
            {
                "source": row.source,
                "voters": row.voters,
                "shares": {
                    d: round(s, 6) for d, s in zip(scenario.destinations, row.shares, strict=True)
                },
                "concentration": _number(row.concentration, 3),
                "spread_of_largest": round(
                    spread_for_concentration(max(row.shares), row.concentration), 4
                ),
                "origin": row.origin,
            }
            for row in scenario.rows
        ],
    }


def _what_happened(scenario: Scenario) -> str | None:
    """For a past election's opening view, how it reproduces the round 2 that happened."""
    if not scenario.observed:
        return None
    turnout = (
        "the observed turnout"
        if scenario.turnout is not None
        else "no observed turnout (round-2 votants are not in the data: abstention and "
        "blank-null together take the rest, split as the defaults say)"
    )
    return (
        "the round 2 that happened: its line-up, "
        + turnout
        + ", and transfer rows calibrated from the defaults (iterative proportional fitting) "
        "so that the expected round 2 gives every list its published regional votes. "
        "Change the line-up, the turnout or a row to move away from it."
    )


def projection_data(result: ScenarioProjection) -> Plain:
    """The expected round 2 and its seats (``allocation_data``), with the scenario."""
    figures = result.scenario.figures
    return {
        "scenario": scenario_data(result.scenario),
        "expected": {
            "inscrits": figures.inscrits,
            "votants": result.votants,
            "abstentions": result.abstentions,
            "blank_null": result.blank_null,
            "exprimes": result.expected.exprimes,
            "turnout": round(result.votants / figures.inscrits, 6),
        },
        "allocation": allocation_data(result.allocation, round_number=2),
    }


def simulation_data(scenario: Scenario, summary: SimulationSummary) -> Plain:
    """Per list: chance of leading (the bonus), of a majority, and the seat distribution."""
    return {
        "source": scenario.source,
        "title": scenario.title,
        "election": scenario.figures.election,
        "region": {"code": scenario.figures.region_code, "name": scenario.figures.region},
        "rules": summary.rules,
        "seats_total": summary.seats,
        "draws": summary.draws,
        "seed": summary.seed,
        "voter_draw": summary.voter_draw,
        "lists": [
            {
                "name": item.name,
                "p_first": item.p_first,
                "p_majority": item.p_majority,
                "mean": item.mean,
                "q05": item.q05,
                "q50": item.q50,
                "q95": item.q95,
            }
            for item in summary.lists
        ],
        "undecidable_share": summary.undecidable_share,
    }
