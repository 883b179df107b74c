"""The typed values of one region of one election, as the report shows it (built by
:mod:`ballottage.elections.overview`): round 1 through the law, round 2, the council, the
transfers and the what-if simulation."""

from __future__ import annotations

from dataclasses import dataclass

from ballottage.data.model import Region
from ballottage.elections.council import CouncilSeats, Lineup, Sections
from ballottage.elections.rows import Bonus, ListRow, RoundTurnout
from ballottage.elections.transfers import RegionTransfers, TransfersMissing
from ballottage.law import Outcome, RuleSet
from ballottage.register import RegisterSection
from ballottage.simulation.montecarlo import SimulationSummary


@dataclass(frozen=True)
class WhatIf:
    """The simulated round 2 with the qualified lists that stood and those that did not."""

    kept: tuple[str, ...]
    """The lists that could stand and did not, kept in the simulation."""
    stand: tuple[str, ...]
    summary: SimulationSummary | None
    error: str | None = None
    """Why the simulation could not run (then ``summary`` is ``None``)."""


@dataclass(frozen=True)
class Round1:
    """Round 1 of a region: turnout, lists and, with a rule set, what the law made of it."""

    turnout: RoundTurnout
    sources: tuple[str, ...]
    notes: tuple[str, ...]
    lists: tuple[ListRow, ...]
    outcome: Outcome | None
    """``None`` when ballottage has no rule set for the council."""
    exprimes: int | None = None
    stand: tuple[str, ...] = ()
    """Who may stand in round 2 (empty when a list won outright)."""
    merge: tuple[str, ...] = ()

    @property
    def leader(self) -> ListRow | None:
        """The list with the most votes."""
        return max(self.lists, key=lambda row: row.votes, default=None)


@dataclass(frozen=True)
class Round2:
    """Round 2 of a region and the seats the law gives from it."""

    turnout: RoundTurnout
    sources: tuple[str, ...]
    notes: tuple[str, ...]
    lists: tuple[ListRow, ...]
    bonus: Bonus


@dataclass(frozen=True)
class RegionOverview:
    """One region of one election; a part is ``None`` where the data lacks it."""

    region: Region
    election: str
    rules: RuleSet | None
    seats_total: int | None
    round1: Round1 | None = None
    round2: Round2 | None = None
    lineup: Lineup | None = None
    council: CouncilSeats | None = None
    sections: Sections | None = None
    register: tuple[RegisterSection, ...] = ()
    """Section seats as the register of elected officials counts them (2015 councils)."""
    transfers: RegionTransfers | TransfersMissing | None = None
    whatif: WhatIf | None = None
    missing: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        """The region's INSEE code."""
        return self.region.code

    @property
    def name(self) -> str:
        """The region's name."""
        return self.region.name

    @property
    def abbreviation(self) -> str:
        """The region's abbreviation (HDF)."""
        return self.region.abbreviation

    @property
    def anchor(self) -> str:
        """A key unique over the report: ``regionales-2015-32``."""
        return f"{self.election}-{self.region.code}"

    @property
    def transfers_missing(self) -> TransfersMissing | None:
        """Why the transfers are not estimated, if they are not."""
        return self.transfers if isinstance(self.transfers, TransfersMissing) else None

    @property
    def estimate(self) -> RegionTransfers | None:
        """The transfer estimate, if there is one."""
        return self.transfers if isinstance(self.transfers, RegionTransfers) else None
