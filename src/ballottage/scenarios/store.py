"""The one place where scenarios touch the store: round-1 figures of a region.

>>> from ballottage.data import Store
>>> with Store(":memory:") as store:
...     _ = store.load_bundled()
...     figures = round1_figures(store, "2015", "HDF")
>>> figures.region, figures.seats, figures.lists[0].head
('Hauts-de-France', 170, 'LE PEN Marine')
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ballottage.data import Store
from ballottage.elections.names import resolve_election
from ballottage.errors import MissingData
from ballottage.lineups import observed_mergers
from ballottage.scenarios.figures import ObservedRound2, Round1Figures, Round1List
from ballottage.scenarios.loader import FiguresFor


def election_id(store: Store, election: str) -> str:
    """The store's id of ``election``: an id (``regionales-2015``) or a year (``2015``)."""
    return resolve_election(store, election).id


def _department_spoilt(
    store: Store, election: str, region: str, exprimes: int | None
) -> dict[str, int | None]:
    """Blancs and nuls summed over the departments, when the region's own file lacks them
    (2021) and the departments add up to the region's exprimés; else nothing."""
    try:
        parts = store.round_results(election, region, 1, level="department").areas
    except MissingData:
        return {}
    figures = [a.turnout for a in parts]
    if any(t.blancs is None or t.nuls is None or t.exprimes is None for t in figures):
        return {}
    if exprimes is not None and sum(int(t.exprimes or 0) for t in figures) != exprimes:
        return {}
    return {
        "blancs": sum(int(t.blancs or 0) for t in figures),
        "nuls": sum(int(t.nuls or 0) for t in figures),
    }


def round1_figures(store: Store, election: str, region: str) -> Round1Figures:
    """Turnout and lists of round 1 in ``region``, with the council's size and rule set."""
    eid = election_id(store, election)
    results = store.round_results(eid, region, 1)
    council = store.council(eid, results.region.code)
    turnout = results.turnout
    counts = {
        "inscrits": turnout.inscrits,
        "votants": turnout.votants,
        "blancs": turnout.blancs,
        "nuls": turnout.nuls,
    }
    if counts["blancs"] is None or counts["nuls"] is None:
        counts.update(_department_spoilt(store, eid, results.region.code, turnout.exprimes))
    missing = [k for k, v in counts.items() if v is None]
    if missing:
        raise MissingData(
            f"{eid}, {results.region.name}, round 1: the store has no {', '.join(missing)}; "
            "a scenario needs them to follow every registered voter"
        )
    return Round1Figures(
        observed=_observed(store, eid, results.region.code),
        election=eid,
        region=results.region.name,
        region_code=results.region.code,
        rules=council.rule_set,
        seats=council.seats,
        inscrits=int(turnout.inscrits or 0),
        votants=int(turnout.votants or 0),
        blancs=int(counts["blancs"] or 0),
        nuls=int(counts["nuls"] or 0),
        lists=tuple(
            Round1List(lv.list.head, lv.votes, lv.list.nuance, lv.list.family)
            for lv in results.lists
        ),
    )


def _observed(store: Store, election: str, region: str) -> ObservedRound2 | None:
    """The round 2 that happened: its lists, votants (when known) and, from the mergers
    table, its mergers; None when round 2 is not stored."""
    try:
        results = store.round_results(election, region, 2)
    except MissingData:
        return None
    votants = results.turnout.votants
    votes = tuple((lv.list.head, lv.votes) for lv in results.lists)
    if votants is not None and votants < sum(v for _, v in votes):
        votants = None  # inconsistent with the list votes: not used
    mergers = observed_mergers(election, region, [h for h, _ in votes])
    return ObservedRound2(
        votants=None if votants is None else int(votants),
        votes=votes,
        mergers=tuple((h, tuple(p)) for h, p in mergers.items()),
    )


@contextmanager
def stored_figures(db: str | Path | None = None) -> Iterator[FiguresFor]:
    """Open the store (filled from the bundled figures if empty) and look figures up in it."""
    with Store(db) as store:
        store.load_bundled()
        yield lambda election, region: round1_figures(store, election, region)
