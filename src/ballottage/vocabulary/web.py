"""The web API's answers (``ballottage serve``): the same vocabulary as ``--json``, with what
the page adds to it (colours, the hemicycle, the seat charts)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Self

from pydantic import Field

from ballottage.vocabulary.common import Document, Model, RegionRef, Turnout, share
from ballottage.vocabulary.law import Qualification, RuleSetDoc, Status
from ballottage.vocabulary.scenarios import Projection, Simulation, round1_turnout

if TYPE_CHECKING:
    from ballottage.data.model import Election, Region, RoundResults
    from ballottage.law import Eligibility, RuleSet
    from ballottage.scenarios.figures import Round1Figures
    from ballottage.scenarios.model import Scenario
    from ballottage.scenarios.run import ScenarioProjection
    from ballottage.simulation import SimulationSummary


class PlayableRegion(Model):
    """A region of an election, and whether its round 2 can be played (``reason``: why not)."""

    code: str
    name: str
    abbreviation: str
    playable: bool
    reason: str | None


class PlayableElection(Model):
    """A stored election and its regions."""

    id: str
    title: str
    label: str
    year: int
    rounds: tuple[str, ...]
    regions: tuple[PlayableRegion, ...]

    @classmethod
    def of(
        cls, election: Election, title: str, regions: Sequence[tuple[Region, str | None]]
    ) -> Self:
        """An election with each region and why it cannot be played (None: it can)."""
        return cls(
            id=election.id,
            title=title,
            label=election.label,
            year=election.year,
            rounds=tuple(d.isoformat() for d in election.round_dates),
            regions=tuple(
                PlayableRegion(
                    code=r.code,
                    name=r.name,
                    abbreviation=r.abbreviation,
                    playable=reason is None,
                    reason=reason,
                )
                for r, reason in regions
            ),
        )


class ElectionsPage(Document):
    """``GET /api/elections``."""

    elections: tuple[PlayableElection, ...]


class Colour(Model):
    """How the page draws a list: its political family and colour."""

    list: str
    family: str = Field(description="The family's key (``other`` when unknown).")
    family_label: str
    colour: str = Field(description="CSS colour, #rrggbb.")


def colour(name: str, family: str | None) -> Colour:
    """The family and colour of the list ``name``."""
    from ballottage.report.palette import family_colour, family_key, family_label

    return Colour(
        list=name,
        family=family_key(family),
        family_label=family_label(family),
        colour=family_colour(family),
    )


class Round1List(Model):
    """A round-1 list as the page shows it."""

    list: str
    nuance: str | None
    family: str
    family_label: str
    colour: str
    votes: int
    share: float | None
    status: Status


class Round1Doc(Model):
    """Round 1 of the region: turnout and lists."""

    turnout: Turnout
    lists: tuple[Round1List, ...]


class ActualList(Model):
    """A list of the round 2 that happened, with its published seats where known."""

    list: str
    votes: int
    share: float | None
    seats: int | None


class ActualDoc(Model):
    """The round 2 that happened."""

    turnout: Turnout
    lists: tuple[ActualList, ...]

    @classmethod
    def of(cls, results: RoundResults, seats: Mapping[str, int]) -> Self:
        """Stored round-2 results and the seats published for them."""
        from ballottage.vocabulary.store import turnout_of

        exprimes = results.total_votes
        return cls(
            turnout=turnout_of(results.turnout),
            lists=tuple(
                ActualList(
                    list=lv.list.head,
                    votes=lv.votes,
                    share=share(lv.votes, exprimes),
                    seats=seats.get(lv.list.head),
                )
                for lv in results.lists
            ),
        )


class StartingLineup(Model):
    """The line-up the page opens on, and where it comes from."""

    stand: tuple[str, ...]
    merge: dict[str, tuple[str, ...]]
    origin: str


class RegionPage(Document):
    """``GET /api/regions/{code}``: round 1, the law's statuses, and the line-up to start
    from."""

    election: str
    region: RegionRef
    rules: RuleSetDoc
    seats_total: int
    round1: Round1Doc
    eligibility: Qualification
    round1_winner: str | None
    actual: ActualDoc | None
    default: StartingLineup

    @classmethod
    def of(
        cls,
        election: str,
        figures: Round1Figures,
        *,
        rules: RuleSet,
        eligibility: Eligibility,
        winner: str | None,
        actual: ActualDoc | None,
        default: StartingLineup,
    ) -> Self:
        """A region's page data."""
        qualification = Qualification.of(eligibility)
        status = {item.list: item.status for item in qualification.lists}
        lists = []
        for item in figures.lists:
            drawn = colour(item.head, item.family)
            lists.append(
                Round1List(
                    list=item.head,
                    nuance=item.nuance,
                    family=drawn.family,
                    family_label=drawn.family_label,
                    colour=drawn.colour,
                    votes=item.votes,
                    share=share(item.votes, figures.exprimes),
                    status=status[item.head],
                )
            )
        return cls(
            election=election,
            region=RegionRef(code=figures.region_code, name=figures.region),
            rules=RuleSetDoc.of(rules),
            seats_total=figures.seats,
            round1=Round1Doc(turnout=round1_turnout(figures), lists=tuple(lists)),
            eligibility=qualification,
            round1_winner=winner,
            actual=actual,
            default=default,
        )


def colours(scenario: Scenario) -> dict[str, Colour]:
    """The family and colour of each standing list of a scenario."""
    return {head: colour(head, scenario.figures.named(head).family) for head in scenario.standing}


class ProjectPage(Projection, Document):
    """``POST /api/project``: the projection (as ``project --json``), each list's colour and
    the hemicycle of the seats (SVG)."""

    colours: dict[str, Colour]
    hemicycle: str

    @classmethod
    def of(cls, result: ScenarioProjection, *, hemicycle: str) -> Self:
        """A projection for the page."""
        return cls.model_validate(
            {
                **Projection.fields_of(result),
                "colours": colours(result.scenario),
                "hemicycle": hemicycle,
            }
        )


class Chart(Model):
    """One list's seat distribution over the draws."""

    list: str
    colour: str
    histogram: tuple[int, ...] = Field(description="Draws with 0, 1, 2… seats.")
    peaks: tuple[int, ...]
    svg: str


class Chance(Model):
    """A list's chance of leading, with and without an absolute majority of the seats."""

    list: str
    colour: str
    first: float
    majority: float
    no_majority: float


class Distribution(Model):
    """The seat charts and the chances of each outcome."""

    seats_total: int
    majority: int = Field(description="Seats of an absolute majority.")
    draws: int
    charts: tuple[Chart, ...]
    outcomes: tuple[Chance, ...]


class SimulatePage(Simulation, Document):
    """``POST /api/simulate``: the simulation (as ``simulate --json``), each list's colour
    and the seat charts."""

    colours: dict[str, Colour]
    distribution: Distribution

    @classmethod
    def of(cls, scenario: Scenario, summary: SimulationSummary) -> Self:
        """A simulation for the page."""
        from ballottage.report.seatchart import seat_distribution

        drawn = colours(scenario)
        chart = seat_distribution(
            summary.lists,
            seats_total=summary.seats,
            draws=summary.draws,
            colours={head: c.colour for head, c in drawn.items()},
        )
        distribution = Distribution(
            seats_total=chart.seats_total,
            majority=chart.majority,
            draws=chart.draws,
            charts=tuple(
                Chart(list=c.name, colour=c.colour, histogram=c.histogram, peaks=c.peaks, svg=c.svg)
                for c in chart.charts
            ),
            outcomes=tuple(
                Chance(
                    list=o.list,
                    colour=o.colour,
                    first=o.first,
                    majority=o.majority,
                    no_majority=o.no_majority,
                )
                for o in chart.outcomes
            ),
        )
        return cls.model_validate(
            {
                **Simulation.fields_of(scenario, summary),
                "colours": drawn,
                "distribution": distribution,
            }
        )
