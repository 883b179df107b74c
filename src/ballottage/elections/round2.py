"""A region on the way to round 2, as the round-2 page opens it: round 1 through the law, the
line-up to start from, and the round 2 that happened.

>>> from ballottage.data import Store
>>> from ballottage.scenarios.store import round1_figures
>>> with Store(":memory:") as store:
...     _ = store.load_bundled()
...     hdf = region_round2(store, round1_figures(store, "2015", "32"))
>>> hdf.eligibility.stand, hdf.winner
(('LE PEN Marine', 'BERTRAND Xavier', 'DE SAINTIGNON Pierre'), None)
>>> hdf.start.stand, hdf.start.observed
(('BERTRAND Xavier', 'LE PEN Marine'), True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ballottage.data.store import Store
from ballottage.errors import BallottageError, MissingData
from ballottage.law import Eligibility, RuleSet, outright_winner, round2_eligibility, rule_set
from ballottage.scenarios import Round1Figures
from ballottage.scenarios.figures import ObservedRound2
from ballottage.scenarios.lineup import observed_lineup

OBSERVED_ORIGIN = (
    "what happened: the round 2 of the data, its mergers as sourced in "
    "reference/round2_lineups.csv, its turnout and results (transfer rows "
    "calibrated to reproduce them); change anything to move away from it"
)
EVERY_LIST_ORIGIN = "every list that may stand"


@dataclass(frozen=True)
class StartingLineup:
    """The line-up the page opens on, and where it comes from."""

    stand: tuple[str, ...]
    merge: Mapping[str, tuple[str, ...]]
    origin: str
    observed: bool
    """Whether it is the round 2 that happened (else every list that may stand)."""


@dataclass(frozen=True)
class ActualList:
    """One list of the round 2 that happened; ``seats`` as published (``None`` if unknown)."""

    head: str
    votes: int
    share: float | None
    seats: int | None


@dataclass(frozen=True)
class ActualRound2:
    """The round 2 that happened: its turnout (``None`` if unknown) and its lists."""

    turnout: float | None
    lists: tuple[ActualList, ...]


@dataclass(frozen=True)
class RegionRound2:
    """Round 1 of a region through the law, and where a round 2 would start from."""

    figures: Round1Figures
    rules: RuleSet
    eligibility: Eligibility
    winner: str | None
    """The list with the absolute majority in round 1: then there is no round 2."""
    start: StartingLineup


def region_round2(store: Store, figures: Round1Figures) -> RegionRound2:
    """Who may stand or merge after round 1, and the line-up to start from."""
    rules = rule_set(figures.rules)
    votes = figures.votes()
    eligibility = round2_eligibility(votes, rules, exprimes=figures.exprimes)
    winner = outright_winner(votes, exprimes=figures.exprimes)
    return RegionRound2(figures, rules, eligibility, winner, starting_lineup(figures, eligibility))


def no_round2(figures: Round1Figures) -> str | None:
    """Why the region has no round 2 to play (a list won round 1 outright), or ``None``."""
    winner = outright_winner(figures.votes(), exprimes=figures.exprimes)
    return None if winner is None else f"no round 2: {winner} won round 1"


def starting_lineup(figures: Round1Figures, eligibility: Eligibility) -> StartingLineup:
    """The line-up of the round 2 that happened (mergers from the mergers table), else every
    list that may stand: for a past election, with no row or turnout sent, the projection
    reproduces that round 2."""
    observed: ObservedRound2 | None = figures.observed
    if observed is not None:
        try:
            lineup = observed_lineup(observed, eligibility)
        except BallottageError:
            lineup = None
        if lineup is not None:
            merge = MappingProxyType({h: tuple(p) for h, p in lineup.mergers.items()})
            return StartingLineup(tuple(lineup.standing), merge, OBSERVED_ORIGIN, True)
    return StartingLineup(eligibility.stand, MappingProxyType({}), EVERY_LIST_ORIGIN, False)


def actual_round2(store: Store, election: str, region: str) -> ActualRound2 | None:
    """The round 2 that happened, if the store has it, with the published seats."""
    try:
        results = store.round_results(election, region, 2)
    except MissingData:
        return None
    seats = {
        p.list.head: p.seats for p in store.published_seats(election, region) if p.list is not None
    }
    exprimes = results.total_votes
    t = results.turnout
    return ActualRound2(
        round(t.votants / t.inscrits, 6) if t.votants and t.inscrits else None,
        tuple(
            ActualList(
                lv.list.head,
                lv.votes,
                round(lv.votes / exprimes, 6) if exprimes else None,
                seats.get(lv.list.head),
            )
            for lv in results.lists
        ),
    )
