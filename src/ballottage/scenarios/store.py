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
from ballottage.errors import MissingData, UnknownName
from ballottage.scenarios.figures import Round1Figures, Round1List
from ballottage.scenarios.loader import FiguresFor


def election_id(store: Store, election: str) -> str:
    """The store's id of ``election``: an id (``regionales-2015``) or a year (``2015``)."""
    known = store.elections()
    text = election.strip().lower()
    for e in known:
        if e.id == text:
            return e.id
    by_year = [e.id for e in known if text.isdigit() and e.year == int(text)]
    if len(by_year) == 1:
        return by_year[0]
    raise UnknownName("election", election, [e.id for e in known])


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
    missing = [k for k, v in counts.items() if v is None]
    if missing:
        raise MissingData(
            f"{eid}, {results.region.name}, round 1: the store has no {', '.join(missing)}; "
            "a scenario needs them to follow every registered voter"
        )
    return Round1Figures(
        election=eid,
        region=results.region.name,
        region_code=results.region.code,
        rules=council.rule_set,
        seats=council.seats,
        inscrits=int(turnout.inscrits or 0),
        votants=int(turnout.votants or 0),
        blancs=int(turnout.blancs or 0),
        nuls=int(turnout.nuls or 0),
        lists=tuple(
            Round1List(lv.list.head, lv.votes, lv.list.nuance, lv.list.family)
            for lv in results.lists
        ),
    )


@contextmanager
def stored_figures(db: str | Path | None = None) -> Iterator[FiguresFor]:
    """Open the store (filled from the bundled figures if empty) and look figures up in it."""
    with Store(db) as store:
        store.load_bundled()
        yield lambda election, region: round1_figures(store, election, region)
