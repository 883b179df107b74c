"""Round-2 line-ups as they happened: who merged into whom, who withdrew, from sources.

The store says which lists were on the round-2 ballot, not why the others were not. The
table ``reference/round2_lineups.csv`` says it, one row per round-1 list that could stand
or merge (art. L346, L373) and was absent from round 2, each with the address of the page
it comes from. A list absent from round 2 and from the table is *unknown*: the output says
"not on the round-2 ballot (withdrew or merged; unknown)", never a guess.

>>> fate("regionales-2015", "76", "ONESTA Gérard").text()
"merged into DELGA Carole's list"
>>> str(fate("regionales-2015", "32", "DE SAINTIGNON Pierre").status)
'withdrew'
>>> fate("regionales-2015", "32", "ROUSSEL Fabien").text()
'not on the round-2 ballot (withdrew or merged; unknown)'
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Final


class FateStatus(StrEnum):
    """What became of a round-1 list absent from round 2."""

    MERGED = "merged"
    """Merged into a round-2 list."""
    WITHDREW = "withdrew"
    """Withdrew although it could stand."""
    NO_MERGER = "no merger"
    """It could only merge, and merged into no list."""
    UNKNOWN = "unknown"
    """The sources at hand do not say."""


STATUSES: Final = tuple(FateStatus)

UNKNOWN_TEXT: Final = "not on the round-2 ballot (withdrew or merged; unknown)"


@dataclass(frozen=True)
class Fate:
    """What became of one round-1 list absent from round 2."""

    head: str
    status: FateStatus
    into: str | None = None
    """The round-2 list it merged into (``merged`` only)."""
    source: str | None = None
    """The address of the page that says so."""
    evidence: str | None = None

    def text(self) -> str:
        """One line for readers.

        >>> Fate("A", FateStatus.NO_MERGER).text()
        'not on the round-2 ballot: it could only merge and merged into no list'
        """
        if self.status == "merged":
            return f"merged into {self.into}'s list"
        if self.status == "withdrew":
            return "withdrew"
        if self.status == "no merger":
            return "not on the round-2 ballot: it could only merge and merged into no list"
        return UNKNOWN_TEXT


@cache
def _table() -> MappingProxyType[tuple[str, str, str], Fate]:
    text = files("ballottage.reference").joinpath("round2_lineups.csv").read_text("utf-8")
    rows: dict[tuple[str, str, str], Fate] = {}
    for r in csv.DictReader(text.splitlines(), delimiter=";"):
        if r["status"] not in STATUSES[:-1]:
            raise ValueError(f"round2_lineups.csv: unknown status {r['status']!r}")
        status = FateStatus(r["status"])
        if (r["status"] == "merged") != bool(r["into"]):
            raise ValueError(f"round2_lineups.csv: {r['head']}: 'into' goes with 'merged' only")
        rows[(r["election"], r["region"], r["head"])] = Fate(
            r["head"], status, r["into"] or None, r["source_url"], r["evidence"]
        )
    return MappingProxyType(rows)


def fate(election: str, region: str, head: str) -> Fate:
    """What the table says of ``head`` (absent from round 2), or an unknown fate."""
    return _table().get((election, region, head), Fate(head, FateStatus.UNKNOWN))


def fates(election: str, region: str, absent: Iterable[str]) -> tuple[Fate, ...]:
    """The fate of each absent list, in the order given."""
    return tuple(fate(election, region, h) for h in absent)


def observed_mergers(
    election: str, region: str, standing: Iterable[str]
) -> Mapping[str, tuple[str, ...]]:
    """``{round-2 list: lists merged into it}`` as the table gives them, for these lists.

    >>> observed_mergers("regionales-2015", "94", ["SIMEONI Gilles", "ROSSI José"])["ROSSI José"]
    ('DE ROCCA SERRA Camille',)
    """
    stand = set(standing)
    out: dict[str, list[str]] = {}
    for (e, r, head), f in _table().items():
        if e == election and r == region and f.status == "merged" and f.into in stand:
            out.setdefault(str(f.into), []).append(head)
    return MappingProxyType({h: tuple(p) for h, p in out.items()})


def table_rows() -> tuple[tuple[str, str, Fate], ...]:
    """Every row: (election, region, fate), for checks against the store."""
    return tuple((e, r, f) for (e, r, _), f in _table().items())
