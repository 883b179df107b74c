"""Stored elections as documents: the elections, the results of a round, imports."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from pydantic import Field

from ballottage.vocabulary.common import Document, Model, RegionRef, Turnout, share

if TYPE_CHECKING:
    from ballottage.data.model import Election, ImportReport, ListVotes, RoundResults
    from ballottage.data.model import Turnout as StoredTurnout


def turnout_of(t: StoredTurnout) -> Turnout:
    """A stored turnout (the figures the data has) as the one turnout shape."""
    return Turnout.of(
        inscrits=t.inscrits, votants=t.votants, blancs=t.blancs, nuls=t.nuls, exprimes=t.exprimes
    )


class ListVotesDoc(Model):
    """A stored list and its votes in one place."""

    list: str = Field(description="The list as shown: its head as the data spells it.")
    number: int = Field(description="Its round-1 panel number.")
    head: str
    nuance: str | None
    family: str | None
    votes: int
    share: float | None


def list_votes(entries: Iterable[ListVotes], exprimes: int | None) -> tuple[ListVotesDoc, ...]:
    """Stored lists with their share of ``exprimes``."""
    return tuple(
        ListVotesDoc(
            list=lv.list.head,
            number=lv.list.number,
            head=lv.list.head,
            nuance=lv.list.nuance,
            family=lv.list.family,
            votes=lv.votes,
            share=share(lv.votes, exprimes),
        )
        for lv in entries
    )


class AreaResultsDoc(Model):
    """One department, section, constituency or canton of a region."""

    level: str
    code: str
    name: str
    turnout: Turnout
    lists: tuple[ListVotesDoc, ...]


class RegionResults(Model):
    """One round in one region; ``missing`` says why when the store cannot give it."""

    region: RegionRef
    turnout: Turnout | None = None
    lists: tuple[ListVotesDoc, ...] = ()
    areas: tuple[AreaResultsDoc, ...] = ()
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    missing: str | None = None

    @classmethod
    def of(cls, results: RoundResults) -> RegionResults:
        """Stored results as data."""
        t = results.turnout
        return cls(
            region=RegionRef(code=results.region.code, name=results.region.name),
            turnout=turnout_of(t),
            lists=list_votes(results.lists, t.exprimes or results.total_votes),
            areas=tuple(
                AreaResultsDoc(
                    level=a.area.level,
                    code=a.area.code,
                    name=a.area.name,
                    turnout=turnout_of(a.turnout),
                    lists=list_votes(a.lists, a.turnout.exprimes or a.total_votes),
                )
                for a in (() if results.level == "region" else results.areas)
            ),
            sources=tuple(results.sources),
            notes=tuple(results.notes),
        )


class ResultsDoc(Document):
    """``ballottage results --json``: one round of one election, region by region."""

    election: str
    round: int
    level: str = Field(description="region, section, department, constituency or canton.")
    regions: tuple[RegionResults, ...]


class ElectionDoc(Model):
    """One stored election: its dates and the regions each kind of figure covers."""

    id: str
    kind: str
    year: int
    rounds: tuple[str, ...] = Field(description="Dates of the rounds (ISO 8601).")
    label: str
    regions: tuple[str, ...]
    round1: tuple[str, ...]
    round2: tuple[str, ...]
    published_seats: tuple[str, ...]
    rules: dict[str, str] = Field(description="Rule set of each council, by region code.")

    @classmethod
    def of(
        cls,
        election: Election,
        *,
        regions: Iterable[str],
        round1: Iterable[str],
        round2: Iterable[str],
        published_seats: Iterable[str],
        rules: dict[str, str],
    ) -> ElectionDoc:
        """An election and what the store has of it."""
        return cls(
            id=election.id,
            kind=election.kind,
            year=election.year,
            rounds=tuple(d.isoformat() for d in election.round_dates),
            label=election.label,
            regions=tuple(regions),
            round1=tuple(round1),
            round2=tuple(round2),
            published_seats=tuple(published_seats),
            rules=rules,
        )


class ElectionsDoc(Document):
    """``ballottage elections --json``."""

    elections: tuple[ElectionDoc, ...]


class ImportDoc(Model):
    """What one import did; ``skipped`` when the same file was already imported."""

    source: str
    sha256: str
    election: str
    round: int | None
    level: str
    areas: int
    rows: int
    skipped: bool
    warnings: tuple[str, ...]

    @classmethod
    def of(cls, report: ImportReport) -> ImportDoc:
        """An import report as data."""
        return cls(
            source=report.source,
            sha256=report.sha256,
            election=report.election,
            round=report.round,
            level=report.level,
            areas=report.areas,
            rows=report.rows,
            skipped=report.skipped,
            warnings=tuple(report.warnings),
        )


class ImportsDoc(Document):
    """``ballottage import --json``: one entry per file imported."""

    imports: tuple[ImportDoc, ...]
