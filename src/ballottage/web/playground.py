"""What the page asks of the core: stored round 1, the default line-up, projections, simulations.

A thin adapter over :mod:`ballottage.scenarios`: a request body is a
:class:`~ballottage.scenarios.ScenarioSpec`, the model a scenario file is read into, so every
check and message is the one ``ballottage project`` gives. Results go through
:mod:`ballottage.scenarios.plain` (which uses :mod:`ballottage.plain`). The store is read under
a lock: one DuckDB connection is not shared between threads.
"""

from __future__ import annotations

import threading
from dataclasses import asdict

from ballottage.data.store import Store
from ballottage.elections.round2 import (
    ActualRound2,
    RegionRound2,
    actual_round2,
    no_round2,
    region_round2,
)
from ballottage.errors import BallottageError, UnknownName
from ballottage.plain import Plain, eligibility_data, rules_data
from ballottage.report.hemicycle import HemicycleGroup, hemicycle_svg
from ballottage.report.names import election_title
from ballottage.report.palette import family_colour, family_key, family_label, spectrum_rank
from ballottage.report.seatchart import seat_distribution
from ballottage.scenarios import (
    Round1Figures,
    Scenario,
    project_scenario,
    scenario_from_spec,
    simulate_scenario,
)
from ballottage.scenarios.plain import projection_data, round1_turnout, simulation_data
from ballottage.scenarios.store import election_id, round1_figures
from ballottage.web.models import ScenarioRequest, SimulateRequest


def _family(family: str | None) -> Plain:
    return {
        "family": family_key(family),
        "family_label": family_label(family),
        "colour": family_colour(family),
    }


class Playground:
    """The page's questions, answered from one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._figures: dict[tuple[str, str], Round1Figures] = {}

    def election_id(self, election: str) -> str:
        """The store's id of an election given by id or year."""
        with self._lock:
            return election_id(self.store, election)

    def figures(self, election: str, region: str) -> Round1Figures:
        """Round-1 figures of a region (read once, then kept)."""
        with self._lock:
            eid = election_id(self.store, election)
            code = self.store.region(eid, region).code
            key = (eid, code)
            if key not in self._figures:
                self._figures[key] = round1_figures(self.store, eid, code)
            return self._figures[key]

    def elections(self) -> list[Plain]:
        """Every stored election and its regions, each marked playable or not (and why)."""
        with self._lock:
            known = [(e, self.store.regions(e.id)) for e in self.store.elections()]
        out = []
        for election, regions in known:
            rows = []
            for region in regions:
                reason = self._unplayable(election.id, region.code)
                rows.append(
                    {
                        "code": region.code,
                        "name": region.name,
                        "abbreviation": region.abbreviation,
                        "playable": reason is None,
                        "reason": reason,
                    }
                )
            out.append(
                {
                    "id": election.id,
                    "title": election_title(election.id, election.year),
                    "label": election.label,
                    "year": election.year,
                    "rounds": [d.isoformat() for d in election.round_dates],
                    "regions": rows,
                }
            )
        return out

    def _unplayable(self, election: str, region: str) -> str | None:
        try:
            figures = self.figures(election, region)
        except BallottageError as exc:
            return str(exc)
        return no_round2(figures)

    def region(self, code: str, election: str | None = None) -> Plain:
        """Round 1 of a region, who may stand or merge, and the line-up to start from."""
        eid = self._election_of(code, election)
        found = region_round2(self.store, self.figures(eid, code))
        with self._lock:
            actual = actual_round2(self.store, eid, found.figures.region_code)
        return _region_data(eid, found, actual)

    def _election_of(self, region: str, election: str | None) -> str:
        if election is not None:
            return self.election_id(election)
        found = []
        with self._lock:
            for e in self.store.elections():
                try:
                    code = self.store.region(e.id, region).code
                except UnknownName:
                    continue
                found.append((e.id, code))
        if not found:
            raise UnknownName("region", region)
        playable = [eid for eid, code in found if self._unplayable(eid, code) is None]
        return (playable or [eid for eid, _ in found])[-1]

    def _parse(self, body: ScenarioRequest) -> Scenario:
        return scenario_from_spec(body, self.figures)

    def project(self, body: ScenarioRequest) -> Plain:
        """The expected round 2 and its exact seats, with a hemicycle of them."""
        result = project_scenario(self._parse(body))
        data = projection_data(result)
        colours = _colours(result.scenario)
        groups = sorted(
            (item for item in data["allocation"]["lists"] if item["seats"] > 0),
            key=lambda item: (spectrum_rank(colours[item["name"]]["family"]), -item["votes"]),
        )
        data["lists"] = colours
        data["hemicycle"] = hemicycle_svg(
            [
                HemicycleGroup(
                    item["name"], item["seats"], colours[item["name"]]["colour"], item["bonus"]
                )
                for item in groups
            ],
            title=f"{result.scenario.figures.region}: projected council of "
            f"{data['allocation']['seats_total']} seats",
            lang="en",
        )
        return data

    def simulate(self, body: SimulateRequest) -> Plain:
        """Chances of the bonus and of a majority, and seat ranges, over ``draws`` round 2s."""
        scenario = self._parse(body)
        summary = simulate_scenario(scenario, draws=body.draws, seed=body.seed)
        data = simulation_data(scenario, summary)
        data["lists_info"] = _colours(scenario)
        data["distribution"] = asdict(
            seat_distribution(
                summary.lists,
                seats_total=summary.seats,
                draws=summary.draws,
                colours={head: info["colour"] for head, info in data["lists_info"].items()},
            )
        )
        return data


def _colours(scenario: Scenario) -> dict[str, Plain]:
    return {
        head: {"head": head, **_family(scenario.figures.named(head).family)}
        for head in scenario.standing
    }


def _region_data(election: str, found: RegionRound2, actual: ActualRound2 | None) -> Plain:
    """The ``/api/region`` answer."""
    figures, eligibility = found.figures, found.eligibility
    start = found.start
    return {
        "election": election,
        "region": {"code": figures.region_code, "name": figures.region},
        "rules": rules_data(found.rules),
        "seats_total": figures.seats,
        "round1": {
            **round1_turnout(figures),
            "lists": [
                {
                    "head": item.head,
                    "nuance": item.nuance,
                    **_family(item.family),
                    "votes": item.votes,
                    "share": round(item.votes / figures.exprimes, 6),
                    "status": eligibility.status(item.head),
                }
                for item in figures.lists
            ],
        },
        "eligibility": eligibility_data(eligibility),
        "round1_winner": found.winner,
        "actual": None if actual is None else asdict(actual),
        "default": {
            "stand": list(start.stand),
            "merge": {h: list(p) for h, p in start.merge.items()},
            "origin": start.origin,
        },
    }
