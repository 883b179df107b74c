"""Stored figures through the law: qualification, seats, and checks against published seats.

This is where the store (figures) meets ``ballottage.law`` (rules): the functions read a
:class:`~ballottage.data.store.Store` and return plain result values. Nothing is invented:
a figure the data lacks raises :class:`~ballottage.errors.MissingData`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ballottage.data.model import Council, Region, RoundResults
from ballottage.data.store import Store
from ballottage.errors import BallottageError, MissingData
from ballottage.law import (
    CouncilAllocation,
    Eligibility,
    RuleSet,
    SectionSeats,
    allocate_council,
    allocate_sections,
    check_section_votes,
    round2_eligibility,
    rule_set,
)


@dataclass(frozen=True)
class Qualification:
    """Round 1 of one region, and who could stand, merge, or was out."""

    region: Region
    council: Council
    rules: RuleSet
    results: RoundResults
    eligibility: Eligibility


@dataclass(frozen=True)
class RegionSeats:
    """Round 2 of one region and the seats the law gives from it."""

    region: Region
    council: Council
    rules: RuleSet
    results: RoundResults
    allocation: CouncilAllocation
    sections: SectionSeats | None
    notes: tuple[str, ...]
    unsplit: str | None = None
    """Why each list's seats are not split among the sections (art. L338-1), when they are not
    and the council has sections; this reason is the last of ``notes`` too."""


@dataclass(frozen=True)
class ListCheck:
    """Computed against published seats for one list."""

    head: str
    computed: int
    published: int | None

    @property
    def match(self) -> bool:
        """Whether the published figure exists and equals the computed one."""
        return self.published == self.computed


@dataclass(frozen=True)
class RegionCheck:
    """One region's computed seats against the published ones (``match`` None: not checkable)."""

    region: Region
    match: bool | None
    lists: tuple[ListCheck, ...]
    reason: str | None


@dataclass(frozen=True)
class Unavailable:
    """A region whose seats cannot be computed from the store, and why."""

    region: Region
    reason: str


def qualification(store: Store, election: str, region: str) -> Qualification:
    """Who could stand in round 2, merge, or was out, from stored round-1 figures."""
    results = store.round_results(election, region, 1)
    council = store.council(election, results.region.code)
    rules = rule_set(council.rule_set)
    exprimes = results.turnout.exprimes or None
    votes = results.votes_by_head()
    if exprimes is not None and exprimes < sum(votes.values()):
        exprimes = None
    eligibility = round2_eligibility(votes, rules, exprimes=exprimes)
    return Qualification(results.region, council, rules, results, eligibility)


def region_seats(store: Store, election: str, region: str) -> RegionSeats:
    """Seats from stored round-2 votes; sections where department votes exist (L338-1)."""
    try:
        results = store.round_results(election, region, 2)
    except MissingData:
        reg = store.region(election, region)
        raise MissingData(
            f"{reg}: the round-2 results of {election} are not in the data, so its seats "
            "cannot be computed"
        ) from None
    council = store.council(election, results.region.code)
    rules = rule_set(council.rule_set)
    votes = results.votes_by_head()
    notes = list(results.notes)
    exprimes = results.turnout.exprimes
    if exprimes is not None and exprimes != sum(votes.values()):
        notes.append(
            f"round-2 exprimés {exprimes} differ from the sum of the list votes "
            f"{sum(votes.values())}; every round-2 list is in the data, so the sum is used"
        )
    allocation = allocate_council(votes, rules, seats=council.seats)
    sections, unsplit = _sections(store, election, results, allocation, notes)
    if unsplit is not None:
        notes.append(unsplit)
    return RegionSeats(
        results.region, council, rules, results, allocation, sections, tuple(notes), unsplit
    )


def _sections(
    store: Store,
    election: str,
    results: RoundResults,
    allocation: CouncilAllocation,
    notes: list[str],
) -> tuple[SectionSeats | None, str | None]:
    """The L338-1 split, only when the store has every list's round-2 votes per section;
    else why not (second value)."""
    if not results.region.departments or allocation.rules.section_minimum is None:
        return None, None
    if len(results.region.departments) == 1:
        return None, (
            "one department, so one section: each list's seats are all in it "
            "(art. L338-1 has nothing to split)"
        )
    try:
        by_section = store.round_results(election, results.region.code, 2, level="section")
    except MissingData:
        return None, (
            "round-2 votes per department are not in the data: the split of each list's "
            "seats among its sections (art. L338-1) cannot be computed"
        )
    per_list: dict[str, dict[str, int]] = {}
    for area in by_section.areas:
        for lv in area.lists:
            per_list.setdefault(lv.list.head, {})[area.area.code] = lv.votes
    notes.append(
        "department populations are not in the data: the minimum seats per department "
        "(loi n° 2015-29) is not applied"
    )
    check_section_votes({lv.list.head: lv.votes for lv in results.lists}, per_list)
    return allocate_sections(allocation.seats, per_list, leader=allocation.leader), None


def election_seats(
    store: Store, election: str
) -> tuple[tuple[RegionSeats, ...], tuple[Unavailable, ...]]:
    """Seats of every region of ``election`` whose round-2 votes and council are in the
    store, and the other regions with the reason (no round 2, no rule set...)."""
    computed: list[RegionSeats] = []
    unavailable: list[Unavailable] = []
    for reg in store.regions(election):
        try:
            computed.append(region_seats(store, election, reg.code))
        except BallottageError as exc:  # missing figures, or a tie the data cannot settle
            unavailable.append(Unavailable(reg, str(exc)))
    return tuple(computed), tuple(unavailable)


def verification(store: Store, election: str) -> tuple[RegionCheck, ...]:
    """Computed seats against published ones, region by region.

    A region without published seats, or whose seats cannot be computed, is not verified
    (``match`` is None, ``reason`` says why); it never passes.
    """
    checks = []
    for reg in store.regions(election):
        published = {
            p.list.head: p.seats
            for p in store.published_seats(election, reg.code)
            if p.list is not None
        }
        try:
            seats = region_seats(store, election, reg.code)
        except BallottageError as exc:
            checks.append(RegionCheck(reg, False if published else None, (), str(exc)))
            continue
        if not published:
            checks.append(
                RegionCheck(
                    reg,
                    None,
                    tuple(ListCheck(h, n, None) for h, n in seats.allocation.seats.items()),
                    "published seats are not in the data",
                )
            )
            continue
        lists = tuple(
            ListCheck(head, n, published.get(head)) for head, n in seats.allocation.seats.items()
        )
        extra = set(published) - set(seats.allocation.seats)
        match = all(c.match for c in lists) and not extra
        checks.append(RegionCheck(reg, match, lists, None))
    return tuple(checks)
