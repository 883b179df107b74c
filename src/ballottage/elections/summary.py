"""An election's national summary: seats per political family, round-1 leaders against
round-2 winners, and turnout summed over the regions whose figures are known."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from ballottage.data.model import FAMILIES
from ballottage.elections.rows import ListRow, RoundTurnout, share

if TYPE_CHECKING:
    from ballottage.elections.region import RegionOverview


@dataclass(frozen=True)
class FamilyTally:
    """One political family over the councils of an election."""

    family: str
    leads: int = 0
    """Regions where its list led round 1."""
    wins: int = 0
    """Regions where its list took the bonus."""
    seats: int = 0
    bonus: int = 0
    lists: int = 0
    """Its lists with seats."""


@dataclass(frozen=True)
class Duel:
    """One region: the list that led round 1 and the one that won the council."""

    code: str
    name: str
    anchor: str
    leader: ListRow
    winner: ListRow
    decided_in: int
    """The round that gave the seats."""

    @property
    def changed(self) -> bool:
        """Whether the winner's family is not the leader's."""
        return self.leader.family != self.winner.family


@dataclass(frozen=True)
class TurnoutTotal:
    """Inscrits and votants summed over ``regions`` regions."""

    regions: int
    inscrits: int
    votants: int

    @property
    def rate(self) -> float | None:
        """Votants over inscrits (``None`` without inscrits)."""
        return share(self.votants / self.inscrits) if self.inscrits else None


@dataclass(frozen=True)
class NationalTurnout:
    """Turnout per round over the regions whose figures are known."""

    round1: TurnoutTotal
    round2: TurnoutTotal
    round1_same_regions: TurnoutTotal
    """Round 1 over the regions counted in ``round2``."""
    round2_regions: tuple[str, ...]
    round2_lacking: tuple[str, ...]
    """Regions with a round 2 whose turnout is not complete in the data."""


@dataclass(frozen=True)
class Summary:
    """Seats per family, leaders against winners, and turnout."""

    families: Mapping[str, FamilyTally]
    councils: int
    verified: int
    duels: tuple[Duel, ...]
    undecided: tuple[str, ...]
    """Regions with no round-2 result in the data."""
    turnout: NationalTurnout

    @property
    def seats_total(self) -> int:
        """Seats over every council counted."""
        return sum(f.seats for f in self.families.values())


def summary_of(regions: Sequence[RegionOverview]) -> Summary:
    """The summary of an election from its regions."""
    counts = {f: dict.fromkeys(("leads", "wins", "seats", "bonus", "lists"), 0) for f in FAMILIES}
    duels = []
    verified = 0
    for region in regions:
        council, round1 = region.council, region.round1
        leader = round1.leader if round1 else None
        if council is None or leader is None:
            continue
        winner = next(row for row in council.lists if row.name == council.bonus.list)
        counts[leader.family]["leads"] += 1
        counts[winner.family]["wins"] += 1
        verified += council.status == "verified"
        for row in council.lists:
            tally = counts[row.family]
            tally["seats"] += row.seats or 0
            tally["bonus"] += row.bonus or 0
            tally["lists"] += 1
        duels.append(Duel(region.code, region.name, region.anchor, leader, winner, council.round))
    families = {f: FamilyTally(f, **c) for f, c in counts.items()}
    return Summary(
        MappingProxyType(families),
        len(duels),
        verified,
        tuple(duels),
        tuple(r.name for r in regions if r.council is None),
        national_turnout(regions),
    )


def _total(rows: Sequence[RoundTurnout]) -> TurnoutTotal:
    return TurnoutTotal(
        len(rows), sum(t.inscrits or 0 for t in rows), sum(t.votants or 0 for t in rows)
    )


def _complete(t: RoundTurnout | None) -> bool:
    return t is not None and t.inscrits is not None and t.votants is not None


def national_turnout(regions: Sequence[RegionOverview]) -> NationalTurnout:
    """Turnout summed over the regions whose figures are known, per round."""
    first = [r.round1.turnout for r in regions if r.round1]
    second = [r for r in regions if r.round2]
    complete = [r for r in second if r.round2 and _complete(r.round2.turnout)]
    lacking = [r for r in second if not (r.round2 and _complete(r.round2.turnout))]
    return NationalTurnout(
        _total([t for t in first if _complete(t)]),
        _total([r.round2.turnout for r in complete if r.round2]),
        _total([r.round1.turnout for r in complete if r.round1]),
        tuple(r.name for r in complete),
        tuple(r.name for r in lacking),
    )
