"""What the page asks of the core: stored round 1, the default line-up, projections, simulations.

A thin adapter over :mod:`ballottage.scenarios` and :mod:`ballottage.elections.round2`: a
request body is a :class:`~ballottage.scenarios.ScenarioSpec`, the model a scenario file is read
into, so every check and message is the one ``ballottage project`` gives; the law is applied in
:mod:`ballottage.elections.round2`, never here. Answers are documents of
:mod:`ballottage.vocabulary.web`, the vocabulary of ``--json``. The store is read under a
lock: one DuckDB connection is not shared between threads.
"""

from __future__ import annotations

import threading

from ballottage.data.store import Store
from ballottage.elections.round2 import no_round2, region_round2
from ballottage.errors import BallottageError, MissingData, UnknownName
from ballottage.report.hemicycle import HemicycleGroup, hemicycle_svg
from ballottage.report.names import election_title
from ballottage.report.palette import spectrum_rank
from ballottage.scenarios import (
    Round1Figures,
    Scenario,
    project_scenario,
    scenario_from_spec,
    simulate_scenario,
)
from ballottage.scenarios.store import election_id, round1_figures
from ballottage.vocabulary.web import (
    ActualDoc,
    ElectionsPage,
    PlayableElection,
    ProjectPage,
    RegionPage,
    SimulatePage,
    StartingLineup,
    colours,
)
from ballottage.web.models import ScenarioRequest, SimulateRequest


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

    def elections(self) -> ElectionsPage:
        """Every stored election and its regions, each marked playable or not (and why)."""
        with self._lock:
            known = [(e, self.store.regions(e.id)) for e in self.store.elections()]
        return ElectionsPage(
            elections=tuple(
                PlayableElection.of(
                    election,
                    election_title(election.id, election.year),
                    [(region, self._unplayable(election.id, region.code)) for region in regions],
                )
                for election, regions in known
            )
        )

    def _unplayable(self, election: str, region: str) -> str | None:
        try:
            figures = self.figures(election, region)
        except BallottageError as exc:
            return str(exc)
        return no_round2(figures)

    def region(self, code: str, election: str | None = None) -> RegionPage:
        """Round 1 of a region, who may stand or merge, and the line-up to start from."""
        eid = self._election_of(code, election)
        found = region_round2(self.store, self.figures(eid, code))
        start = found.start
        return RegionPage.of(
            eid,
            found.figures,
            rules=found.rules,
            eligibility=found.eligibility,
            winner=found.winner,
            actual=self._actual(eid, found.figures.region_code),
            default=StartingLineup(stand=start.stand, merge=dict(start.merge), origin=start.origin),
        )

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

    def _actual(self, election: str, region: str) -> ActualDoc | None:
        """The round 2 that happened, if the store has it."""
        with self._lock:
            try:
                results = self.store.round_results(election, region, 2)
            except MissingData:
                return None
            seats = {
                p.list.head: p.seats
                for p in self.store.published_seats(election, region)
                if p.list is not None
            }
        return ActualDoc.of(results, seats)

    def _parse(self, body: ScenarioRequest) -> Scenario:
        return scenario_from_spec(body, self.figures)

    def project(self, body: ScenarioRequest) -> ProjectPage:
        """The expected round 2 and its exact seats, with a hemicycle of them."""
        result = project_scenario(self._parse(body))
        drawn = colours(result.scenario)
        groups = sorted(
            (item for item in result.allocation.lists if item.seats > 0),
            key=lambda item: (spectrum_rank(drawn[item.name].family), -item.votes),
        )
        hemicycle = hemicycle_svg(
            [
                HemicycleGroup(item.name, item.seats, drawn[item.name].colour, item.bonus)
                for item in groups
            ],
            title=f"{result.scenario.figures.region}: projected council of "
            f"{result.allocation.seats_total} seats",
            lang="en",
        )
        return ProjectPage.of(result, hemicycle=hemicycle)

    def simulate(self, body: SimulateRequest) -> SimulatePage:
        """Chances of the bonus and of a majority, and seat ranges, over ``draws`` round 2s."""
        scenario = self._parse(body)
        summary = simulate_scenario(scenario, draws=body.draws, seed=body.seed)
        return SimulatePage.of(scenario, summary)
