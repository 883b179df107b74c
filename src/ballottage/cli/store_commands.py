"""Commands over stored elections: ``elections``, ``import``, ``results``, ``qualify YEAR``,
``seats``, ``verify``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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
from ballottage.cli.render import pct, plain_table, print_allocation
from ballottage.errors import BallottageError, InvalidInput, MissingData
from ballottage.plain import allocation_data, eligibility_data

if TYPE_CHECKING:  # the store and its queries load DuckDB and pandas: imported when used
    from ballottage.data.model import Election, RoundResults
    from ballottage.data.store import Store
    from ballottage.elections.outcomes import RegionCheck, RegionSeats, Unavailable

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


def results_data(results: RoundResults) -> dict[str, Any]:
    """Plain data of one round in one region."""
    t = results.turnout

    def lists(entries: Any, exprimes: int | None) -> list[dict[str, Any]]:
        return [
            {
                "number": lv.list.number,
                "head": lv.list.head,
                "nuance": lv.list.nuance,
                "family": lv.list.family,
                "votes": lv.votes,
                "share": round(lv.votes / exprimes, 6) if exprimes else None,
            }
            for lv in entries
        ]

    return {
        "election": results.election,
        "region": {"code": results.region.code, "name": results.region.name},
        "round": results.round,
        "level": results.level,
        "turnout": {
            "inscrits": t.inscrits,
            "votants": t.votants,
            "blancs": t.blancs,
            "nuls": t.nuls,
            "exprimes": t.exprimes,
        },
        "lists": lists(results.lists, t.exprimes or results.total_votes),
        "areas": (
            []
            if results.level == "region"
            else [
                {
                    "level": a.area.level,
                    "code": a.area.code,
                    "name": a.area.name,
                    "turnout": vars(a.turnout),
                    "lists": lists(a.lists, a.turnout.exprimes or a.total_votes),
                }
                for a in results.areas
            ]
        ),
        "sources": list(results.sources),
        "notes": list(results.notes),
    }


def seats_data(outcome: RegionSeats) -> dict[str, Any]:
    """Plain data of one region's seats (the ``seats --json`` shape)."""
    by_head = {lv.list.head: lv.list for lv in outcome.results.lists}
    data = allocation_data(outcome.allocation, sections=outcome.sections)
    return {
        "code": outcome.region.code,
        "name": outcome.region.name,
        "rules": outcome.rules.name,
        "seats_total": outcome.allocation.seats_total,
        "lists": [
            {
                "head": item["name"],
                "nuance": by_head[item["name"]].nuance,
                "family": by_head[item["name"]].family,
                "votes": item["votes"],
                "share": item["share"],
                "seats": item["seats"],
                "bonus": item["bonus"] > 0,
                "bonus_seats": item["bonus"],
            }
            for item in data["lists"]
        ],
        "sections": data["sections"],
        "register_sections": register_data(outcome),
        "notes": list(outcome.notes),
        "trace": data["trace"],
    }


def register_data(outcome: RegionSeats) -> dict[str, Any] | None:
    """Section seats as the register of elected officials counts them (2015), beside the
    computed split of each section when round-2 department votes let it be computed."""
    from ballottage.register import NOTE as REGISTER_NOTE
    from ballottage.register import register_sections

    found = register_sections(outcome.results.election, outcome.region.code)
    if not found:
        return None
    computed: dict[str, int] = {}
    if outcome.sections is not None:
        for per_section in outcome.sections.seats.values():
            for section, n in per_section.items():
                computed[section] = computed.get(section, 0) + n
    return {
        "note": REGISTER_NOTE,
        "sections": [
            {
                "code": s.code,
                "name": s.name,
                "least": s.least,
                "most": s.most,
                **(
                    {"computed": computed[s.code], "within": s.holds(computed[s.code])}
                    if s.code in computed
                    else {}
                ),
            }
            for s in found
        ],
    }


def stored_round1(
    election: str | None, region: str | None, db: Path | None
) -> tuple[str, dict[str, Any]]:
    """``qualify YEAR --region R``: eligibility from stored round-1 figures."""
    from ballottage.elections.names import resolve_election
    from ballottage.elections.outcomes import qualification
    from ballottage.lineups import fate

    if election is None or region is None:
        raise InvalidInput("qualify", election or region, "give an election and --region")
    with opened_store(db) as store:
        e = resolve_election(store, election)
        q = qualification(store, e.id, region)
        present = round2_heads(store, e.id, q.region.code)
    data = eligibility_data(q.eligibility)
    data.update(
        election=e.id,
        region={"code": q.region.code, "name": q.region.name},
        seats_total=q.council.seats,
    )
    families = {lv.list.head: (lv.list.nuance, lv.list.family) for lv in q.results.lists}
    for item in data["lists"]:
        item["nuance"], item["family"] = families[item["name"]]
        if present is not None and item["status"] in ("stand", "merge"):
            # What happened: stood, or the mergers table's word (never a guess).
            name = item["name"]
            item["happened"] = (
                "stood" if name in present else fate(e.id, q.region.code, name).text()
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
    with reporting_errors(), opened_store(db) as store:
        data = [election_data(store, e) for e in store.elections()]
    if as_json:
        emit_json(data)
        return
    console.print(
        plain_table(
            "Elections in the store",
            ["Election", "Rounds", "Regions: round 1", "round 2", "seats published", "Rule sets"],
            [
                [
                    d["id"],
                    "\n".join(d["rounds"]),
                    len(d["round1"]),
                    len(d["round2"]),
                    len(d["published_seats"]),
                    "\n".join(sorted(set(d["rules"].values()))),
                ]
                for d in data
            ],
        )
    )


def election_data(store: Store, e: Election) -> dict[str, Any]:
    """Plain data of one election: dates, and the regions each kind of figure covers."""
    cover = store.coverage(e.id)
    return {
        "id": e.id,
        "kind": e.kind,
        "year": e.year,
        "rounds": [d.isoformat() for d in e.round_dates],
        "label": e.label,
        "regions": [r.code for r in store.regions(e.id)],
        "round1": list(cover.round1),
        "round2": list(cover.round2),
        "published_seats": list(cover.published_seats),
        "rules": {c: store.council(e.id, c).rule_set for c in cover.councils},
    }


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

    with reporting_errors(), Store(db) as store:
        e = resolve_election(store, election)
        with working(f"Importing {e.id} from {data_dir}…", quiet=as_json):
            reports = import_sources(store, data_dir, [e.id])
    if as_json:
        emit_json([vars(r) | {"warnings": list(r.warnings)} for r in reports])
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
    from ballottage.data.queries import LEVELS
    from ballottage.elections.names import resolve_election

    with reporting_errors():
        if level not in LEVELS:
            raise InvalidInput("--level", level, f"must be one of {', '.join(LEVELS)}")
    with reporting_errors(), opened_store(db) as store:
        e = resolve_election(store, election)
        codes = (
            [store.region(e.id, region).code] if region else [r.code for r in store.regions(e.id)]
        )
        data = []
        for code in codes:
            try:
                data.append(results_data(store.round_results(e.id, code, round_number, level)))
            except BallottageError as exc:  # reported per region below
                if region:
                    raise
                data.append({"region": {"code": code}, "missing": str(exc)})
    if as_json:
        emit_json(data if not region else data[0])
        return
    for entry in data:
        if "missing" in entry:
            console.print(f"[dim]{entry['region']['code']}: {entry['missing']}[/]")
            continue
        _print_results(entry)


def _print_results(entry: dict[str, Any]) -> None:
    t = entry["turnout"]
    rows = [
        [
            lst["head"],
            lst["nuance"] or "",
            lst["family"] or "?",
            f"{lst['votes']:,}".replace(",", " "),
            pct(lst["share"]),
        ]
        for lst in entry["lists"]
    ]
    title = (
        f"{entry['region']['name']} — {entry['election']}, round {entry['round']}: "
        f"exprimés {t['exprimes'] or '?'}, votants {t['votants'] or '?'}, inscrits "
        f"{t['inscrits'] or '?'}"
    )
    console.print(plain_table(title, ["List", "Nuance", "Family", "Votes", "Share"], rows))
    for area in entry["areas"][:200]:
        leader = area["lists"][0] if area["lists"] else None
        if leader:
            console.print(
                f"  {area['level']} {area['code']} {area['name']}: {leader['head']} "
                f"{pct(leader['share'])}"
            )
    for note in entry["notes"]:
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

    with reporting_errors(), opened_store(db) as store:
        e = resolve_election(store, election)
        skipped: tuple[Unavailable, ...] = ()
        if region:
            outcomes: tuple[RegionSeats, ...] = (region_seats(store, e.id, region),)
        else:
            outcomes, skipped = election_seats(store, e.id)
    if as_json:
        # Without --region, "regions" holds the metropolitan regional councils (the 1 671
        # seats of 2015 and 2021); Corsica's assembly and the overseas councils come apart.
        headline = [o for o in outcomes if region or is_mainland_council(o)]
        emit_json(
            {
                "election": e.id,
                "regions": [seats_data(o) for o in headline],
                "seats_total": sum(o.allocation.seats_total for o in headline),
                "other_councils": [seats_data(o) for o in outcomes if o not in headline],
                "skipped": [
                    {"code": u.region.code, "name": u.region.name, "reason": u.reason}
                    for u in skipped
                ],
            }
        )
        return
    for o in outcomes:
        print_allocation(
            allocation_data(o.allocation, sections=o.sections),
            title=f"{o.region.name} — {e.id}, round 2 ({o.rules.name})",
            explain=explain,
        )
        register = register_data(o)
        if register is not None:
            parts = ", ".join(
                f"{x['name']} {x['least']}"
                + (f"–{x['most']}" if x["most"] != x["least"] else "")
                + (f" (computed {x['computed']})" if "computed" in x else "")
                for x in register["sections"]
            )
            console.print(f"Section seats, {register['note']}: {parts}.")
        for note in o.notes:
            console.print(f"[dim]note: {note}[/]")
    for u in skipped:
        console.print(f"[dim]{u.region.name}: no seats ({u.reason})[/]")


def is_mainland_council(outcome: RegionSeats) -> bool:
    """A metropolitan regional council (INSEE region code above 10, regional rules)."""
    return outcome.rules.regional_council and int(outcome.region.code) > 10


def check_data(check: RegionCheck) -> dict[str, Any]:
    """Plain data of one region's verification."""
    return {
        "code": check.region.code,
        "name": check.region.name,
        "match": check.match,
        "lists": [
            {"head": c.head, "computed": c.computed, "published": c.published} for c in check.lists
        ],
        **({"reason": check.reason} if check.reason else {}),
    }


@app.command("verify", rich_help_panel="Elections in the store")
def verify_command(election: ElectionArg, db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Computed seats against the published ones, region by region; exit 0 only if all match.

    Regions whose published seats are not in the data are listed as not verified.
    """
    from ballottage.elections.names import resolve_election
    from ballottage.elections.outcomes import verification

    with reporting_errors(), opened_store(db) as store:
        e = resolve_election(store, election)
        checks = verification(store, e.id)
    verified = [c for c in checks if c.match is not None]
    unverified = [c for c in checks if c.match is None]
    all_match = bool(verified) and all(c.match for c in verified)
    if as_json:
        emit_json(
            {
                "election": e.id,
                "regions": [check_data(c) for c in verified],
                "unverified": [check_data(c) for c in unverified],
                "all_match": all_match,
            }
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
