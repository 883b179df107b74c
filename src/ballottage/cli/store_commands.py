"""Commands over stored elections: ``elections``, ``import``, ``results``, ``qualify YEAR``,
``seats``, ``verify``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ballottage.cli.app import (
    JSON_HELP,
    app,
    console,
    emit_json,
    errors,
    reporting_errors,
    working,
)
from ballottage.cli.render import pct, plain_table, print_allocation, votes_text
from ballottage.errors import BallottageError, InvalidInput, MissingData

if TYPE_CHECKING:  # the store and its queries load DuckDB and pandas: imported when used
    from ballottage.data.model import Election
    from ballottage.data.store import Store
    from ballottage.elections.outcomes import RegionSeats, Unavailable
    from ballottage.vocabulary.elections import RegionSeatsDoc
    from ballottage.vocabulary.law import QualifyDoc
    from ballottage.vocabulary.store import ElectionDoc, RegionResults, ResultsDoc

DbOpt = Annotated[Path | None, typer.Option("--db", help="DuckDB store (default: user cache).")]
RegionOpt = Annotated[
    str | None, typer.Option("--region", help="Region: INSEE code, name or abbreviation (HDF).")
]
ElectionArg = Annotated[str, typer.Argument(help="Election: year (2015) or id (regionales-2015).")]
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]


@contextmanager
def opened_store(db: Path | None) -> Iterator[Store]:
    """The store, filled from the bundled figures on first use (elections imported from
    other files with ``ballottage import`` are kept as they are)."""
    from ballottage.data.store import Store

    with Store(db) as store:
        store.load_bundled(keep_own=True)
        yield store


def stored_round1(
    election: str | None, region: str | None, db: Path | None
) -> tuple[str, QualifyDoc]:
    """``qualify YEAR --region R``: eligibility from stored round-1 figures."""
    from ballottage.elections.names import resolve_election
    from ballottage.elections.outcomes import qualification
    from ballottage.lineups import fate
    from ballottage.vocabulary.common import RegionRef
    from ballottage.vocabulary.law import QualifyDoc

    if election is None or region is None:
        raise InvalidInput("qualify", election or region, "give an election and --region")
    with opened_store(db) as store:
        e = resolve_election(store, election)
        q = qualification(store, e.id, region)
        present = round2_heads(store, e.id, q.region.code)
    data = QualifyDoc.of(q.eligibility)
    stored = {lv.list.head: lv.list for lv in q.results.lists}
    lists = []
    for item in data.lists:
        happened = None
        if present is not None and item.status in ("stand", "merge"):
            # What happened: stood, or the mergers table's word (never a guess).
            name = item.list
            happened = "stood" if name in present else fate(e.id, q.region.code, name).text()
        known = stored[item.list]
        lists.append(
            item.model_copy(
                update={
                    "head": known.head,
                    "nuance": known.nuance,
                    "family": known.family,
                    "happened": happened,
                }
            )
        )
    data = data.model_copy(
        update={
            "election": e.id,
            "region": RegionRef(code=q.region.code, name=q.region.name),
            "seats_total": q.council.seats,
            "lists": tuple(lists),
        }
    )
    return f"{q.region.name}, {e.id}: round 1 ({q.rules.name})", data


def round2_heads(store: Store, election: str, region: str) -> frozenset[str] | None:
    """The heads of the lists on the round-2 ballot, or None when round 2 is not stored."""
    try:
        return frozenset(lv.list.head for lv in store.round_results(election, region, 2).lists)
    except MissingData:
        return None


@app.command("elections", rich_help_panel="Elections in the store")
def elections_command(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """List the elections the store holds, with their regions."""
    from ballottage.vocabulary.store import ElectionsDoc

    with reporting_errors(), opened_store(db) as store:
        data = ElectionsDoc(elections=tuple(election_data(store, e) for e in store.elections()))
    if as_json:
        emit_json(data)
        return
    console.print(
        plain_table(
            "Elections in the store",
            ["Election", "Rounds", "Regions: round 1", "round 2", "seats published", "Rule sets"],
            [
                [
                    d.id,
                    "\n".join(d.rounds),
                    len(d.round1),
                    len(d.round2),
                    len(d.published_seats),
                    "\n".join(sorted(set(d.rules.values()))),
                ]
                for d in data.elections
            ],
        )
    )


def election_data(store: Store, e: Election) -> ElectionDoc:
    """One election: dates, and the regions each kind of figure covers."""
    from ballottage.vocabulary.store import ElectionDoc

    cover = store.coverage(e.id)
    return ElectionDoc.of(
        e,
        regions=[r.code for r in store.regions(e.id)],
        round1=cover.round1,
        round2=cover.round2,
        published_seats=cover.published_seats,
        rules={c: store.council(e.id, c).rule_set for c in cover.councils},
    )


@app.command("import", rich_help_panel="Data")
def import_command(
    election: ElectionArg,
    data_dir: Annotated[
        Path, typer.Argument(help="The shared/data directory (regionales_2015/, corse/...).")
    ],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Import an election's source files into the store, every identity checked.

    All or nothing per file; figures not stored as given (wrong votants...) are reported.

    Example: ballottage import 2021 ../shared/data --db my.duckdb
    """
    from ballottage.data.bundle import import_sources
    from ballottage.data.store import Store
    from ballottage.elections.names import resolve_election
    from ballottage.vocabulary.store import ImportDoc, ImportsDoc

    with reporting_errors(), Store(db) as store:
        e = resolve_election(store, election)
        with working(f"Importing {e.id} from {data_dir}…", quiet=as_json):
            reports = import_sources(store, data_dir, [e.id])
    if as_json:
        emit_json(ImportsDoc(imports=tuple(ImportDoc.of(r) for r in reports)))
        return
    for r in reports:
        what = "already in the store" if r.skipped else f"{r.areas} areas, {r.rows} rows"
        rnd = f"round {r.round}" if r.round else "no round"
        console.print(f"{r.source}: {e.id}, {rnd}, {r.level}: {what}")
    for r in reports:
        for warning in r.warnings:
            errors.print(f"[yellow]warning:[/] {warning}", soft_wrap=True)


@app.command("results", rich_help_panel="Elections in the store")
def results_command(
    election: ElectionArg,
    region: RegionOpt = None,
    round_number: Annotated[int, typer.Option("--round", min=1, max=2)] = 1,
    level: Annotated[
        str, typer.Option(help="region, section, department, constituency or canton.")
    ] = "region",
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Stored results of one round: turnout and votes per list, by region or finer."""
    from ballottage.data.store.queries import LEVELS
    from ballottage.elections.names import resolve_election
    from ballottage.vocabulary.common import RegionRef
    from ballottage.vocabulary.store import RegionResults, ResultsDoc

    with reporting_errors():
        if level not in LEVELS:
            raise InvalidInput("--level", level, f"must be one of {', '.join(LEVELS)}")
    with reporting_errors(), opened_store(db) as store:
        e = resolve_election(store, election)
        places = [store.region(e.id, region)] if region else list(store.regions(e.id))
        entries = []
        for place in places:
            try:
                entries.append(
                    RegionResults.of(store.round_results(e.id, place.code, round_number, level))
                )
            except BallottageError as exc:  # reported per region below
                if region:
                    raise
                where = RegionRef(code=place.code, name=place.name)
                entries.append(RegionResults(region=where, missing=str(exc)))
    data = ResultsDoc(election=e.id, round=round_number, level=level, regions=tuple(entries))
    if as_json:
        emit_json(data)
        return
    for entry in data.regions:
        if entry.missing is not None:
            console.print(f"[dim]{entry.region.code}: {entry.missing}[/]")
            continue
        _print_results(data, entry)


def _print_results(data: ResultsDoc, entry: RegionResults) -> None:
    t = entry.turnout
    rows = [
        [lst.list, lst.nuance or "", lst.family or "?", votes_text(lst.votes), pct(lst.share)]
        for lst in entry.lists
    ]

    def figure(n: int | None) -> str:
        return "?" if not n else str(n)

    title = (
        f"{entry.region.name} — {data.election}, round {data.round}: "
        f"exprimés {figure(t.exprimes if t else None)}, votants "
        f"{figure(t.votants if t else None)}, inscrits {figure(t.inscrits if t else None)}"
    )
    console.print(plain_table(title, ["List", "Nuance", "Family", "Votes", "Share"], rows))
    for area in entry.areas[:200]:
        leader = area.lists[0] if area.lists else None
        if leader:
            console.print(
                f"  {area.level} {area.code} {area.name}: {leader.list} {pct(leader.share)}"
            )
    for note in entry.notes:
        console.print(f"[dim]note: {note}[/]")


@app.command("seats", rich_help_panel="Elections in the store")
def seats_command(
    election: ElectionArg,
    region: RegionOpt = None,
    explain: Annotated[bool, typer.Option(help="Show every step of the law.")] = False,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Seats computed from stored round-2 votes (art. L338, L338-1, L366)."""
    from ballottage.elections.names import resolve_election
    from ballottage.elections.outcomes import election_seats, region_seats
    from ballottage.vocabulary.elections import RegionSeatsDoc, SeatsDoc, Skipped

    with reporting_errors(), opened_store(db) as store:
        e = resolve_election(store, election)
        skipped: tuple[Unavailable, ...] = ()
        if region:
            outcomes: tuple[RegionSeats, ...] = (region_seats(store, e.id, region),)
        else:
            outcomes, skipped = election_seats(store, e.id)
    docs = {o.region.code: RegionSeatsDoc.of(o) for o in outcomes}
    if as_json:
        # Without --region, "regions" holds the metropolitan regional councils (the 1 671
        # seats of 2015 and 2021); Corsica's assembly and the overseas councils come apart.
        headline = [o for o in outcomes if region or is_mainland_council(o)]
        emit_json(
            SeatsDoc(
                election=e.id,
                regions=tuple(docs[o.region.code] for o in headline),
                seats_total=sum(o.allocation.seats_total for o in headline),
                other_councils=tuple(docs[o.region.code] for o in outcomes if o not in headline),
                skipped=tuple(Skipped.of(u) for u in skipped),
            )
        )
        return
    for o in outcomes:
        _print_seats(
            docs[o.region.code],
            title=f"{o.region.name} — {e.id}, round 2 ({o.rules.name})",
            explain=explain,
        )
    for u in skipped:
        console.print(f"[dim]{u.region.name}: no seats ({u.reason})[/]")


def _print_seats(doc: RegionSeatsDoc, *, title: str, explain: bool) -> None:
    """One region's seats, the register's section counts and the notes."""
    print_allocation(doc.allocation, title=title, explain=explain)
    register = doc.register_sections
    if register is not None:
        parts = ", ".join(
            f"{x.name} {x.least}"
            + (f"–{x.most}" if x.most != x.least else "")
            + (f" (computed {x.computed})" if x.computed is not None else "")
            for x in register.sections
        )
        console.print(f"Section seats, {register.note}: {parts}.")
    for note in doc.notes:
        console.print(f"[dim]note: {note}[/]")


def is_mainland_council(outcome: RegionSeats) -> bool:
    """A metropolitan regional council (INSEE region code above 10, regional rules)."""
    return outcome.rules.regional_council and int(outcome.region.code) > 10


@app.command("verify", rich_help_panel="Elections in the store")
def verify_command(election: ElectionArg, db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Computed seats against the published ones, region by region; exit 0 only if all match.

    Regions whose published seats are not in the data are listed as not verified.
    """
    from ballottage.elections.names import resolve_election
    from ballottage.elections.outcomes import verification
    from ballottage.vocabulary.elections import RegionCheckDoc, VerifyDoc

    with reporting_errors(), opened_store(db) as store:
        e = resolve_election(store, election)
        checks = verification(store, e.id)
    verified = [c for c in checks if c.match is not None]
    unverified = [c for c in checks if c.match is None]
    all_match = bool(verified) and all(c.match for c in verified)
    if as_json:
        emit_json(
            VerifyDoc(
                election=e.id,
                regions=tuple(RegionCheckDoc.of(c) for c in verified),
                unverified=tuple(RegionCheckDoc.of(c) for c in unverified),
                all_match=all_match,
            )
        )
    else:
        rows = []
        for c in verified:
            mark = "[green]✔[/]" if c.match else "[red]✘[/]"
            detail = ", ".join(f"{x.head} {x.computed}/{x.published}" for x in c.lists)
            rows.append([mark, c.region.code, c.region.name, detail or (c.reason or "")])
        for c in unverified:
            rows.append(["[yellow]–[/]", c.region.code, c.region.name, c.reason or ""])
        console.print(
            plain_table(
                f"{e.id}: computed / published seats",
                ["", "Code", "Region", "Lists (computed/published)"],
                rows,
            )
        )
        if not verified:
            console.print("No published seats in the data for this election: nothing verified.")
        else:
            n = sum(1 for c in verified if c.match)
            console.print(f"{n} of {len(verified)} regions match the published seats exactly.")
        if unverified:
            console.print(
                f"{len(unverified)} regions not verified: their published seats, or "
                "the figures to compute them, are not in the data."
            )
    if not all_match:
        raise typer.Exit(1)


__all__ = ["stored_round1"]
