"""Everything the report shows of an election, region by region, as typed values.

Round 1 through the law, round 2 and the seats it gives, the line-up (who withdrew, who merged),
the council checked against the published seats, the sections, the transfer estimate and the
what-if simulation; each part is ``None`` (and ``missing`` says why) where the data lacks it.

>>> from ballottage.data import Store
>>> with Store(":memory:") as store:
...     _ = store.load_bundled()
...     (election,) = election_overviews(store, "2015")
>>> election.id, election.summary.families["far-right"].leads
('regionales-2015', 6)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from ballottage.data.model import Council, Election, Region, RoundResults
from ballottage.data.store import Store
from ballottage.elections.council import (
    council_seats,
    lineup_of,
    sections_of,
)
from ballottage.elections.names import find_elections
from ballottage.elections.outcomes import qualification, region_seats
from ballottage.elections.region import RegionOverview, Round1, Round2, WhatIf
from ballottage.elections.rows import (
    Bonus,
    Lists,
    RoundTurnout,
    allocation_rows,
    eligibility_rows,
    lists_of,
    vote_rows,
)
from ballottage.elections.summary import Summary, summary_of
from ballottage.elections.transfers import region_transfers
from ballottage.elections.whatif import what_if
from ballottage.errors import MissingData
from ballottage.law import (
    CouncilAllocation,
    decide_round1,
    rule_set,
)
from ballottage.register import register_sections

__all__ = [
    "ElectionOverview",
    "RegionOverview",
    "Round1",
    "Round2",
    "WhatIf",
    "election_overview",
    "election_overviews",
    "region_overview",
]


@dataclass(frozen=True)
class ElectionOverview:
    """One election: its regions, then the national summary drawn from them."""

    election: Election
    regions: tuple[RegionOverview, ...]
    summary: Summary

    @property
    def id(self) -> str:
        """The election's id."""
        return self.election.id

    @property
    def label(self) -> str:
        """The election's label."""
        return self.election.label

    @property
    def year(self) -> int:
        """The election's year."""
        return self.election.year

    @property
    def rounds(self) -> tuple[date, ...]:
        """The dates of its rounds."""
        return self.election.round_dates


def election_overviews(
    store: Store, which: str = "all", *, whatifs: bool = False
) -> tuple[ElectionOverview, ...]:
    """Every election ``which`` selects (``all``, an id or a year), with a what-if simulation
    where a list that could stand did not (``whatifs``)."""
    return tuple(election_overview(store, e, whatifs=whatifs) for e in find_elections(store, which))


def election_overview(
    store: Store, election: Election, *, whatifs: bool = False
) -> ElectionOverview:
    """One election, region by region, and its summary."""
    regions = tuple(
        region_overview(store, election.id, r, whatif=whatifs) for r in store.regions(election.id)
    )
    return ElectionOverview(election, regions, summary_of(regions))


def region_overview(
    store: Store, election: str, region: Region, *, whatif: bool = False
) -> RegionOverview:
    """One region: round 1, round 2, line-up, council, sections, transfers, what is missing."""
    missing: list[str] = []
    base = RegionOverview(
        region,
        election,
        None,
        None,
        register=register_sections(election, region.code),
        transfers=region_transfers(store, election, region),
    )
    try:
        council: Council | None = store.council(election, region.code)
    except MissingData as exc:
        council = None
        missing.append(str(exc))
    if council is not None:
        base = replace(base, rules=rule_set(council.rule_set), seats_total=council.seats)
    try:
        results1 = store.round_results(election, region.code, 1)
    except MissingData as exc:
        return replace(base, missing=(*missing, str(exc)))
    if council is None:
        return replace(base, round1=_round1_votes(results1), missing=tuple(missing))
    found = _decided(store, base, council, results1, missing)
    if whatif:
        found = replace(found, whatif=what_if(store, found))
    return found


def _round_text(results: RoundResults) -> tuple[RoundTurnout, tuple[str, ...], tuple[str, ...]]:
    return RoundTurnout(results.turnout), results.sources, results.notes


def _round1_votes(results: RoundResults) -> Round1:
    """Round 1 of a region ballottage has no rule set for: votes only, no statuses."""
    exprimes = results.turnout.exprimes or results.total_votes
    return Round1(*_round_text(results), vote_rows(results.lists, exprimes), None)


def _decided(
    store: Store, base: RegionOverview, council: Council, results1: RoundResults, missing: list[str]
) -> RegionOverview:
    """Round 1 through the law, then the seats: of round 1 if a list won it outright, else of
    the stored round 2."""
    election, region = base.election, base.region
    lists = lists_of(results1)
    round1, allocation = _round1(store, election, region, council, lists)
    found = replace(base, round1=round1)
    unsplit: str | None = None
    if allocation is None:
        try:
            seats = region_seats(store, election, region.code)
        except MissingData as exc:
            return replace(found, missing=(*missing, str(exc)))
        allocation, unsplit = seats.allocation, seats.unsplit
        rows = allocation_rows(allocation, {**lists, **lists_of(seats.results)})
        round2 = Round2(
            *_round_text(seats.results)[:2],
            tuple(n for n in seats.notes if n != unsplit),
            rows,
            Bonus(allocation.leader, allocation.bonus),
        )
        present = {row.name for row in rows}
        lineup = lineup_of(round1.stand, round1.merge, present, election, region.code)
        found = replace(found, round2=round2, lineup=lineup)
        sections = sections_of(store, election, council, seats.sections, unsplit)
        council_rows = rows
    else:
        sections = sections_of(store, election, council, None, None)
        council_rows = round1.lists
    number = 1 if found.round2 is None else 2
    elected = council_seats(store, election, region.code, allocation, number, council_rows)
    return replace(found, council=elected, sections=sections, missing=tuple(missing))


def _round1(
    store: Store, election: str, region: Region, council: Council, lists: Lists
) -> tuple[Round1, CouncilAllocation | None]:
    """Round 1 through the law; the seats too (second value) if a list won it outright."""
    q = qualification(store, election, region.code)
    result = decide_round1(
        q.results.votes_by_head(), q.rules, seats=council.seats, exprimes=q.eligibility.exprimes
    )
    text = _round_text(q.results)
    if result.allocation is not None:
        rows = allocation_rows(result.allocation, lists)
        return Round1(*text, rows, result.outcome, result.allocation.exprimes), result.allocation
    assert result.eligibility is not None
    e = result.eligibility
    rows = eligibility_rows(e, lists)
    return Round1(*text, rows, result.outcome, e.exprimes, e.stand, e.merge), None
