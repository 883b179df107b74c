"""Departmental sections: each list's seats split among its sections (art. L338-1).

Each list's seats, bonus included, go to its sections by highest averages over the list's
votes in each department. Since the law n° 2015-29 of 16 January 2015 a separate step then
makes sure every department has at least 2 councillors (under 100 000 inhabitants) or 4,
all lists together: the list that came first gets the missing seats there, taken back from
the last seats it won in its other sections.

>>> dict(split_among_sections("X", 11, {"D1": 50_000, "D2": 30_000, "D3": 7_000}).seats)
{'D1': 7, 'D2': 4, 'D3': 0}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType

from ballottage.errors import InvalidInput, UndecidableTie
from ballottage.law.apportionment import Apportionment, Birthdates, SeatAward, highest_averages
from ballottage.law.trace import Step, decimal_text

ARTICLE = "art. L338-1"


@dataclass(frozen=True)
class SectionSplit:
    """One list's seats per section, with the order in which the sections won them."""

    list: str
    apportionment: Apportionment

    @property
    def seats(self) -> Mapping[str, int]:
        """Seats per section."""
        return self.apportionment.seats


@dataclass(frozen=True)
class SeatMove:
    """A seat the minimum-per-department step moved from one section to another."""

    list: str
    from_section: str
    to_section: str
    average: Fraction
    """The average of the seat taken back (the last the list won in that section)."""


@dataclass(frozen=True)
class SectionSeats:
    """Seats per list and section, after the split and the optional correction."""

    seats: Mapping[str, Mapping[str, int]]
    splits: Mapping[str, SectionSplit]
    moves: tuple[SeatMove, ...]
    trace: tuple[Step, ...]

    def section_totals(self) -> dict[str, int]:
        """Seats per section, all lists together.

        >>> votes = {"X": {"D1": 60, "D2": 40}, "Y": {"D1": 10, "D2": 90}}
        >>> allocate_sections({"X": 3, "Y": 2}, votes, leader="X").section_totals()
        {'D1': 2, 'D2': 3}
        """
        totals: dict[str, int] = {}
        for per_section in self.seats.values():
            for section, n in per_section.items():
                totals[section] = totals.get(section, 0) + n
        return totals


def split_among_sections(
    name: str,
    seats: int,
    section_votes: Mapping[str, int],
    *,
    birthdates: Birthdates | None = None,
) -> SectionSplit:
    """Split one list's ``seats`` among its sections by highest averages (art. L338-1).

    Ties go to the section with more votes, then to the oldest candidate who would be
    elected (``birthdates`` keyed by section, in list order).

    >>> dict(split_among_sections("X", 4, {"D1": 300, "D2": 300}).seats)
    {'D1': 2, 'D2': 2}
    """
    share = highest_averages(
        section_votes,
        seats,
        birthdates=birthdates,
        stage=f"sections of list {name}",
        article=ARTICLE,
    )
    return SectionSplit(name, share)


def check_section_votes(
    list_votes: Mapping[str, int], section_votes: Mapping[str, Mapping[str, int]]
) -> None:
    """Each list's section votes must add up to its votes, and name a known list.

    >>> try:
    ...     check_section_votes({"X": 100}, {"X": {"D1": 60, "D2": 30}})
    ... except InvalidInput as error:
    ...     print(error.problem)
    section votes add up to 90, not to the list's 100 votes
    """
    for name, per_section in section_votes.items():
        if name not in list_votes:
            raise InvalidInput("sections list", name, "is not one of the lists voted on")
        total = sum(per_section.values())
        if total != list_votes[name]:
            raise InvalidInput(
                f"sections[{name}]",
                total,
                f"section votes add up to {total}, not to the list's {list_votes[name]} votes",
                rule=ARTICLE,
            )


def allocate_sections(
    list_seats: Mapping[str, int],
    section_votes: Mapping[str, Mapping[str, int]],
    *,
    leader: str,
    minima: Mapping[str, int] | None = None,
    birthdates: Mapping[str, Birthdates] | None = None,
) -> SectionSeats:
    """Split every list's seats among sections, then apply the minimum per department.

    ``minima`` (seats per section, all lists together) switches the correction on; each seat
    it moves is reported. Lists missing from ``section_votes`` must have no seat.

    >>> votes = {"X": {"D1": 900, "D2": 50}, "Y": {"D1": 500, "D2": 40}}
    >>> result = allocate_sections({"X": 6, "Y": 3}, votes, leader="X", minima={"D2": 2})
    >>> dict(result.seats["X"]), [(m.from_section, m.to_section) for m in result.moves]
    ({'D1': 4, 'D2': 2}, [('D1', 'D2'), ('D1', 'D2')])
    """
    splits = _split_lists(list_seats, section_votes, birthdates or {})
    trace = _section_steps(splits)
    seats = {name: dict(split.seats) for name, split in splits.items()}
    moves: list[SeatMove] = []
    if minima:
        _check_minima(minima, section_votes)
        moves = _minimum_per_department(seats, splits, leader, minima)
        trace.extend(_correction_steps(moves))
    frozen = MappingProxyType({n: MappingProxyType(s) for n, s in seats.items()})
    return SectionSeats(frozen, MappingProxyType(splits), tuple(moves), tuple(trace))


def _split_lists(
    list_seats: Mapping[str, int],
    section_votes: Mapping[str, Mapping[str, int]],
    birthdates: Mapping[str, Birthdates],
) -> dict[str, SectionSplit]:
    """Each list's seats split among its sections (art. L338-1); a list without section
    votes must have no seat."""
    splits: dict[str, SectionSplit] = {}
    for name, n in list_seats.items():
        if name not in section_votes:
            if n:
                raise InvalidInput(f"sections[{name}]", None, "section votes are missing")
            continue
        splits[name] = split_among_sections(
            name, n, section_votes[name], birthdates=birthdates.get(name)
        )
    return splits


def _section_steps(splits: Mapping[str, SectionSplit]) -> list[Step]:
    """One step per seat a section won within its list, in the order the seats were won."""
    return [
        Step(
            "section-seat",
            f"{name}, {a.list}: seat {a.number} of the list, average {decimal_text(a.average, 1)}",
            list=name,
            section=a.list,
            seats=1,
            average=a.average,
            article=ARTICLE,
        )
        for name, split in splits.items()
        for a in split.apportionment.awards
    ]


def _check_minima(
    minima: Mapping[str, int], section_votes: Mapping[str, Mapping[str, int]]
) -> None:
    """Every section given a minimum must be a section of the lists."""
    known = {section for per_list in section_votes.values() for section in per_list}
    unknown = sorted(set(minima) - known)
    if unknown:
        raise InvalidInput(
            "minimum per section", ", ".join(unknown), "not a section of these lists"
        )


def _correction_steps(moves: Sequence[SeatMove]) -> list[Step]:
    """One step per seat moved to reach the minimum per department (loi n° 2015-29)."""
    return [
        Step(
            "correction",
            f"{m.to_section} lacks councillors: {m.list} gives it the seat it won last in "
            f"{m.from_section} (average {decimal_text(m.average, 1)})",
            list=m.list,
            section=m.to_section,
            seats=1,
            average=m.average,
            article=f"{ARTICLE} (loi n° 2015-29)",
        )
        for m in moves
    ]


def _minimum_per_department(
    seats: dict[str, dict[str, int]],
    splits: Mapping[str, SectionSplit],
    leader: str,
    minima: Mapping[str, int],
) -> list[SeatMove]:
    """Move the leader's last-won seats to sections below their minimum (art. L338-1)."""
    if leader not in seats:
        raise InvalidInput("leader", leader, "has no section votes")
    totals: dict[str, int] = {}
    for per_section in seats.values():
        for section, n in per_section.items():
            totals[section] = totals.get(section, 0) + n
    own = seats[leader]
    taken_back = list(splits[leader].apportionment.awards)
    moves: list[SeatMove] = []
    for section in sorted(minima, key=lambda s: (totals.get(s, 0) - minima[s], s)):
        while totals.get(section, 0) < minima[section]:
            source = _last_movable(taken_back, section, totals, minima)
            if source is None:
                raise InvalidInput(
                    "sections",
                    section,
                    f"cannot reach the minimum of {minima[section]} seats: "
                    f"{leader} has no seat left to move",
                    rule=ARTICLE,
                )
            award = taken_back[source]
            _refuse_tie(award, taken_back, section, totals, minima, splits[leader])
            taken_back.pop(source)
            own[award.list] -= 1
            own[section] = own.get(section, 0) + 1
            totals[award.list] -= 1
            totals[section] = totals.get(section, 0) + 1
            moves.append(SeatMove(leader, award.list, section, award.average))
    return moves


def _movable(
    award: SeatAward, section: str, totals: Mapping[str, int], minima: Mapping[str, int]
) -> bool:
    """Whether the seat ``award`` may move to ``section``: it is elsewhere, and its section
    stays above its own minimum."""
    return award.list != section and totals[award.list] > minima.get(award.list, 0)


def _last_movable(
    taken_back: Sequence[SeatAward],
    section: str,
    totals: Mapping[str, int],
    minima: Mapping[str, int],
) -> int | None:
    """The index of the leader's last-won seat that may move to ``section``, if any."""
    return next(
        (
            i
            for i in range(len(taken_back) - 1, -1, -1)
            if _movable(taken_back[i], section, totals, minima)
        ),
        None,
    )


def _refuse_tie(
    award: SeatAward,
    taken_back: Sequence[SeatAward],
    section: str,
    totals: Mapping[str, int],
    minima: Mapping[str, int],
    split: SectionSplit,
) -> None:
    """Refuse when the seat won last is not decided: seats won at the same average in
    sections with the same votes (art. L338-1 does not say which came last)."""
    section_votes = split.apportionment.votes
    tied = {
        a.list
        for a in taken_back
        if a.average == award.average and _movable(a, section, totals, minima)
    }
    # Among seats won at the same average, the section with more votes won first
    # (the code's tie rule), so the last one is the section with the fewest votes.
    fewest = min(section_votes[s] for s in tied)
    rivals = sorted(s for s in tied if section_votes[s] == fewest)
    if len(rivals) > 1:
        # Same average, same votes: the code does not say which seat came last.
        raise UndecidableTie(
            f"minimum per department ({section})", rivals, 1, f"{ARTICLE} (loi n° 2015-29)"
        )
