"""Scenarios, their expected round 2 and their simulations as documents (``project``,
``simulate``, and the web API's answers to the same questions)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from ballottage.vocabulary.common import Document, Model, RegionRef, Turnout, number
from ballottage.vocabulary.law import Allocation

if TYPE_CHECKING:
    from ballottage.scenarios.figures import Round1Figures
    from ballottage.scenarios.model import Scenario
    from ballottage.scenarios.run import ScenarioProjection
    from ballottage.simulation import SimulationSummary


def round1_turnout(figures: Round1Figures) -> Turnout:
    """Round-1 turnout of the region a scenario starts from."""
    return Turnout.of(
        inscrits=figures.inscrits,
        votants=figures.votants,
        blancs=figures.blancs,
        nuls=figures.nuls,
        exprimes=figures.exprimes,
    )


class LineupDoc(Model):
    """The round-2 line-up: who stands, who merges into whom, who withdraws."""

    stand: tuple[str, ...]
    merge: dict[str, tuple[str, ...]]
    withdraw: tuple[str, ...] = ()


class TurnoutTargetDoc(Model):
    """The round-2 turnout (votants / inscrits) the scenario asks for, and who asked."""

    rate: float
    origin: str


class TransferRowDoc(Model):
    """Where the round-1 voters of ``source`` go, in shares of them."""

    source: str = Field(description="A round-1 list, ``abstention`` or ``blank-null``.")
    voters: int
    shares: dict[str, float]
    concentration: float | None = Field(description="Dirichlet concentration (null: exact).")
    spread_of_largest: float
    origin: str


class ScenarioDoc(Model):
    """The scenario as read: region, line-up, turnout and every transfer row."""

    source: str
    title: str
    election: str
    region: RegionRef
    rules: str
    seats_total: int
    round1: Turnout
    lineup: LineupDoc
    turnout: TurnoutTargetDoc | None
    what_happened: str | None
    destinations: tuple[str, ...]
    transfers: tuple[TransferRowDoc, ...]

    @classmethod
    def of(cls, scenario: Scenario) -> ScenarioDoc:
        """A scenario as data."""
        from ballottage.scenarios.uncertainty import spread_for_concentration

        figures = scenario.figures
        partners = scenario.lineup.partners()
        return cls(
            source=scenario.source,
            title=scenario.title,
            election=figures.election,
            region=RegionRef(code=figures.region_code, name=figures.region),
            rules=scenario.rules.name,
            seats_total=figures.seats,
            round1=round1_turnout(figures),
            lineup=LineupDoc(
                stand=tuple(scenario.standing),
                merge={h: tuple(p) for h, p in scenario.lineup.mergers.items()},
                withdraw=tuple(
                    n
                    for n in scenario.eligibility.stand
                    if n not in scenario.standing and n not in partners
                ),
            ),
            turnout=(
                None
                if scenario.turnout is None
                else TurnoutTargetDoc(
                    rate=round(scenario.turnout.round2, 6), origin=scenario.turnout.origin
                )
            ),
            what_happened=_what_happened(scenario),
            destinations=tuple(scenario.destinations),
            transfers=tuple(
                TransferRowDoc(
                    source=row.source,
                    voters=row.voters,
                    shares={
                        d: round(s, 6)
                        for d, s in zip(scenario.destinations, row.shares, strict=True)
                    },
                    concentration=number(row.concentration, 3),
                    spread_of_largest=round(
                        spread_for_concentration(max(row.shares), row.concentration), 4
                    ),
                    origin=row.origin,
                )
                for row in scenario.rows
            ),
        )


def _what_happened(scenario: Scenario) -> str | None:
    """For a past election's opening view, how it reproduces the round 2 that happened."""
    if not scenario.observed:
        return None
    turnout = (
        "the observed turnout"
        if scenario.turnout is not None
        else "no observed turnout (round-2 votants are not in the data: abstention and "
        "blank/spoiled ballots together take the rest, split as the defaults say)"
    )
    return (
        "the round 2 that happened: its line-up, "
        + turnout
        + ", and transfer rows calibrated from the defaults (iterative proportional fitting) "
        "so that the expected round 2 gives every list its published regional votes. "
        "Change the line-up, the turnout or a row to move away from it."
    )


class Projection(Model):
    """The expected round 2 of a scenario and its exact seats."""

    scenario: ScenarioDoc
    expected: Turnout = Field(description="Expected round-2 turnout (blancs/nuls: only together).")
    allocation: Allocation

    @classmethod
    def fields_of(cls, result: ScenarioProjection) -> dict[str, object]:
        """The fields of a projection (for the documents that add to it)."""
        figures = result.scenario.figures
        return {
            "scenario": ScenarioDoc.of(result.scenario),
            "expected": Turnout.of(
                inscrits=figures.inscrits,
                votants=result.votants,
                exprimes=result.expected.exprimes,
                blank_spoiled=result.blank_null,
            ),
            "allocation": Allocation.of(result.allocation, round_number=2),
        }


class ProjectDoc(Projection, Document):
    """``ballottage project --json``."""

    @classmethod
    def of(cls, result: ScenarioProjection) -> ProjectDoc:
        """The expected round 2 of a scenario."""
        return cls.model_validate(Projection.fields_of(result))


class ListOutlookDoc(Model):
    """One round-2 list over all draws: chance of leading (the bonus), of a majority of the
    seats, and seat quantiles (5 %, median, 95 %)."""

    list: str
    p_first: float
    p_majority: float
    mean: float
    q05: int
    q50: int
    q95: int


class Simulation(Model):
    """Monte Carlo over a scenario's uncertainty."""

    source: str
    title: str
    election: str
    region: RegionRef
    rules: str
    seats_total: int
    draws: int
    seed: int
    voter_draw: str
    lists: tuple[ListOutlookDoc, ...]
    undecidable_share: float = Field(description="Draws whose tie the law settles by age.")

    @classmethod
    def fields_of(cls, scenario: Scenario, summary: SimulationSummary) -> dict[str, object]:
        """The fields of a simulation (for the documents that add to it)."""
        figures = scenario.figures
        return {
            "source": scenario.source,
            "title": scenario.title,
            "election": figures.election,
            "region": RegionRef(code=figures.region_code, name=figures.region),
            "rules": summary.rules,
            "seats_total": summary.seats,
            "draws": summary.draws,
            "seed": summary.seed,
            "voter_draw": summary.voter_draw,
            "lists": tuple(
                ListOutlookDoc(
                    list=item.name,
                    p_first=item.p_first,
                    p_majority=item.p_majority,
                    mean=item.mean,
                    q05=item.q05,
                    q50=item.q50,
                    q95=item.q95,
                )
                for item in summary.lists
            ),
            "undecidable_share": summary.undecidable_share,
        }


class SimulateDoc(Simulation, Document):
    """``ballottage simulate --json``."""

    @classmethod
    def of(cls, scenario: Scenario, summary: SimulationSummary) -> SimulateDoc:
        """A simulation of a scenario."""
        return cls.model_validate(Simulation.fields_of(scenario, summary))
