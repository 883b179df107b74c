"""Values returned by the store: frozen dataclasses of plain figures, free of the law.

Counts the sources do not give are ``None``; nothing is filled in or estimated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

LEVELS = ("region", "section", "department", "constituency", "canton", "commune")
"""Area levels, coarsest first. ``section`` is a departmental section of a regional list."""

FAMILIES = (
    "extreme-left",
    "left",
    "ecologist",
    "centre",
    "right",
    "far-right",
    "regionalist",
    "other",
)
"""Political families of ``reference/nuances.csv``."""


@dataclass(frozen=True)
class Election:
    """An election event, e.g. ``regionales-2015`` (regional councils and Corsica's assembly)."""

    id: str
    kind: str
    year: int
    round_dates: tuple[date, ...]
    label: str


@dataclass(frozen=True)
class Region:
    """A region (INSEE 2016 code) and the departments it is made of."""

    code: str
    name: str
    abbreviation: str
    departments: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


@dataclass(frozen=True)
class Area:
    """A place results are given for; ``id`` is ``level:code`` (``department:59``)."""

    id: str
    level: str
    code: str
    name: str
    parent: str | None

    def __str__(self) -> str:
        return f"{self.level} {self.code} {self.name}"


@dataclass(frozen=True)
class Turnout:
    """Inscrits, votants, blancs, nuls, exprimés of one area and round (``None`` if unknown)."""

    inscrits: int | None
    votants: int | None
    blancs: int | None
    nuls: int | None
    exprimes: int | None


@dataclass(frozen=True)
class CandidateList:
    """A list of one election in one region. ``number`` is its round-1 panel number.

    ``head`` is the head of list as the data spells it (``LE PEN Marine``); ``family`` is
    ``None`` when the nuance is not in ``reference/nuances.csv``.
    """

    election: str
    region: str
    number: int
    head: str
    nuance: str | None
    label_short: str | None
    label: str | None
    family: str | None

    def __str__(self) -> str:
        return self.head


@dataclass(frozen=True)
class ListVotes:
    """A list and its votes in one area and round."""

    list: CandidateList
    votes: int


@dataclass(frozen=True)
class AreaResults:
    """Turnout and list votes of one area in one round, lists by decreasing votes."""

    area: Area
    turnout: Turnout
    lists: tuple[ListVotes, ...]

    @property
    def total_votes(self) -> int:
        """Sum of the list votes (equals exprimés when the data is complete)."""
        return sum(lv.votes for lv in self.lists)

    def votes_by_head(self) -> dict[str, int]:
        """``{head of list: votes}``, the shape the law functions take."""
        return {lv.list.head: lv.votes for lv in self.lists}


@dataclass(frozen=True)
class RoundResults:
    """One round in one region: regional totals, plus the areas of the level asked for.

    ``notes`` tells what the figures cannot say (secondary sources, missing splits...).
    """

    election: str
    region: Region
    round: int
    level: str
    turnout: Turnout
    lists: tuple[ListVotes, ...]
    areas: tuple[AreaResults, ...]
    sources: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def total_votes(self) -> int:
        """Sum of the regional list votes."""
        return sum(lv.votes for lv in self.lists)

    def votes_by_head(self) -> dict[str, int]:
        """``{head of list: regional votes}``."""
        return {lv.list.head: lv.votes for lv in self.lists}


@dataclass(frozen=True)
class PublishedSeats:
    """Seats a list won as published (``area`` is the region or one of its sections).

    ``list`` is ``None`` for a section total over all lists.
    """

    area: Area
    list: CandidateList | None
    seats: int
    source: str
    note: str | None


@dataclass(frozen=True)
class Council:
    """Size of a council and the name of the rule set (``ballottage.law``) that elects it."""

    election: str
    region: Region
    seats: int
    rule_set: str
    sections: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class ImportReport:
    """What one import did; ``skipped`` when the same file was already imported.

    ``warnings`` name the figures of the file the store did not keep as given (a ``votants``
    below exprimés, say), each with its place and what was stored instead.
    """

    source: str
    sha256: str
    election: str
    round: int | None
    level: str
    areas: int
    rows: int
    skipped: bool
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Coverage:
    """Which regions of an election the store has figures for (INSEE codes)."""

    election: str
    round1: tuple[str, ...]
    round2: tuple[str, ...]
    published_seats: tuple[str, ...]
    councils: tuple[str, ...]
    """Regions with a council size and rule set (their seats can be computed)."""
