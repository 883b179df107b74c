"""``ballottage demo``: a stored election (by default the December 2015 regional elections),
replayed from the bundled figures."""

from __future__ import annotations

import time
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer
from rich.rule import Rule

from ballottage.cli.app import app, console, reporting_errors, working
from ballottage.cli.render import plain_table
from ballottage.cli.store_commands import DbOpt, opened_store

if TYPE_CHECKING:  # the store's queries load DuckDB and pandas: imported when used
    from ballottage.elections.comparison import ElectionComparison
    from ballottage.elections.story import ElectionStory

if TYPE_CHECKING:
    from ballottage.lineups import Fate

FAMILY_STYLE = {
    "extreme-left": "dark_red",
    "left": "red",
    "ecologist": "green",
    "centre": "orange3",
    "right": "blue",
    "far-right": "bold dark_blue",
    "regionalist": "dark_orange",
    "other": "grey50",
}


def _family(family: str | None) -> str:
    name = family or "unknown"
    return f"[{FAMILY_STYLE.get(name, 'grey50')}]{name}[/]"


def _fate_clause(fate: Fate) -> str:
    """How a list that could stand left round 2, as the mergers table says (with its source)."""
    from ballottage.lineups import UNKNOWN_TEXT

    if fate.status == "merged":
        return f"merged into {fate.into}'s list ({fate.source})"
    if fate.status == "withdrew":
        return f"withdrew ({fate.source})"
    return f"was {UNKNOWN_TEXT}"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
_FAR_RIGHT = {"LFN": "the Front National", "LRN": "the Rassemblement national"}


def _day(dates: tuple[date, ...], n: int) -> str:
    """``6 December 2015``: the date of round ``n`` (1 or 2), or ``round n`` if unknown."""
    if len(dates) < n:
        return f"round {n}"
    d = dates[n - 1]
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _round1_chapter(story: ElectionStory, dates: tuple[date, ...]) -> None:
    mainland = story.mainland()
    rows = []
    for r in mainland:
        e = r.qualification.eligibility
        rows.append(
            [
                r.region.name,
                f"{r.leader} ({_family(r.leader_family)})",
                f"{100 * r.leader_share:.2f} %",
                ", ".join(e.stand),
                ", ".join(f"{f.head} ({f.text()})" for f in r.absent) or "—",
            ]
        )
    console.print(
        plain_table(
            f"Round 1, {_day(dates, 1)}: who came first, who could stand (10 %, art. L346)",
            ["Region", "First in round 1", "Share", "Could stand", "Not on the round-2 ballot"],
            rows,
        )
    )
    far_right = [r for r in mainland if r.leader_family == "far-right"]
    party = next(
        (
            (nuance, name)
            for nuance, name in _FAR_RIGHT.items()
            if any(
                lv.list.nuance == nuance
                for r in story.regions
                for lv in r.qualification.results.lists
            )
        ),
        None,
    )
    if party is not None:
        votes = sum(
            lv.votes
            for r in story.regions
            for lv in r.qualification.results.lists
            if lv.list.nuance == party[0]
        )
        leads = ", ".join(r.region.abbreviation for r in far_right)
        console.print(
            f"Lists of the far right came first in [bold]{len(far_right)} of the "
            f"{len(mainland)}[/] mainland regions{f' ({leads})' if leads else ''}; "
            f"{party[1]} ({party[0]}) had {votes / 1e6:.2f} million votes in all regions."
        )
    for r in (r for r in mainland if r.absent):
        shares = {lv.list.head: lv.votes for lv in r.qualification.results.lists}
        ex = r.qualification.eligibility.exprimes
        for f in r.absent:
            console.print(
                f"  {r.region.name}: {f.head} ({100 * shares[f.head] / ex:.2f} %) could stand "
                f"and {_fate_clause(f)}."
            )


def _round2_chapter(
    story: ElectionStory, dates: tuple[date, ...], checks: dict[str, bool | None]
) -> None:
    rows = []
    for r in story.mainland():
        if r.seats is None:
            continue
        seats = r.seats.allocation.seats
        families = {lv.list.head: lv.list.family for lv in r.seats.results.lists}
        detail = ", ".join(f"{h} {n}" for h, n in seats.items())
        mark = {True: "[green]✔[/]", False: "[red]✘[/]", None: "[yellow]–[/]"}[
            checks.get(r.region.code)
        ]
        rows.append(
            [
                r.region.name,
                f"{r.winner} ({_family(families.get(r.winner or ''))})",
                f"{r.seats.allocation.bonus}",
                detail,
                mark,
            ]
        )
    console.print(
        plain_table(
            f"Round 2, {_day(dates, 2)}: seats computed by ballottage (bonus ¼ + highest averages)",
            ["Region", "Winner", "Bonus", "Seats", "= published"],
            rows,
        )
    )
    won_fr = sum(1 for r in story.mainland() if r.winner_family == "far-right")
    verified = [v for v in checks.values() if v is not None]
    console.print(
        f"Lists of the far right won [bold]{won_fr}[/] regions. "
        f"{sum(1 for v in verified if v)} of {len(verified)} regions reproduce the published "
        "seats exactly."
    )


def _families_chapter(story: ElectionStory) -> None:
    totals = story.seats_by_family()
    total = sum(totals.values())
    rows = [[_family(f), n, f"{100 * n / total:.1f} %"] for f, n in totals.most_common()]
    console.print(
        plain_table(
            f"Seats per political family, every council with round-2 data ({total} seats)",
            ["Family", "Seats", "Share"],
            rows,
        )
    )


def _later_chapter(before: ElectionStory, comparison: ElectionComparison, label: str) -> None:
    """A short chapter on a later election and the change since the first."""
    after = comparison.after
    rows = []
    for r in comparison.regions:
        if r.after is None or int(r.region.code) < 10:
            continue
        a = r.after
        change = r.seat_change or {}
        rows.append(
            [
                r.region.name,
                f"{a.leader} ({_family(a.leader_family)})",
                ", ".join(f"{f.head} ({f.text()})" for f in a.absent) or "—",
                f"{a.winner} ({_family(a.winner_family)})" if a.winner else "[dim]no round 2[/]",
                ", ".join(f"{f} {n:+d}" for f, n in change.items() if n) or "—",
            ]
        )
    console.print(Rule(f"[bold]{label}[/]"))
    console.print(
        plain_table(
            f"{after}: round-1 leader, lists not on the round-2 ballot, winner, seats since "
            f"{comparison.before}",
            ["Region", "First in round 1", "Not on the round-2 ballot", "Winner", "Seat change"],
            rows,
        )
    )
    led = [r for r in comparison.regions if r.after and r.after.leader_family == "far-right"]
    won = [r for r in comparison.regions if r.after and r.after.winner_family == "far-right"]
    changed = [r for r in comparison.regions if r.winner_family_changed]
    console.print(
        f"The far right came first in round 1 in {len(led)} region(s) "
        f"({', '.join(r.region.abbreviation for r in led)}) and won {len(won)}; "
        f"{len(changed)} region(s) changed political family since {comparison.before}. "
        "Published seats for this election are not in the data: seats here are computed only."
    )
    totals_before, totals_after = comparison.total_seats("before"), comparison.total_seats("after")
    families = list(dict.fromkeys([*totals_before, *totals_after]))
    console.print(
        plain_table(
            f"Seats per family in the {len(comparison.compared())} councils with both rounds",
            ["Family", comparison.before, after, "Change"],
            [
                [
                    _family(f),
                    totals_before.get(f, 0),
                    totals_after.get(f, 0),
                    f"{totals_after.get(f, 0) - totals_before.get(f, 0):+d}",
                ]
                for f in families
            ],
        )
    )
    _ = before


@app.command("demo", rich_help_panel="Elections in the store")
def demo_command(
    election: Annotated[str, typer.Argument(help="Election to replay.")] = "2015",
    db: DbOpt = None,
) -> None:
    """Replay an election from the bundled figures and tell its story (default: 2015)."""
    started = time.perf_counter()
    with (
        reporting_errors(),
        working("Opening the store and replaying the election…"),
        opened_store(db) as store,
    ):
        from ballottage.elections.comparison import compare_elections
        from ballottage.elections.names import resolve_election
        from ballottage.elections.outcomes import verification
        from ballottage.elections.story import election_story

        e = resolve_election(store, election)
        story = election_story(store, e.id)
        checks = {c.region.code: c.match for c in verification(store, e.id)}
        elections = [x.id for x in store.elections()]
        later = [x for x in store.elections() if x.year > e.year and x.kind == e.kind]
        comparison = compare_elections(store, e.id, later[0].id) if later else None
    console.print(Rule(f"[bold]{e.label}[/]"))
    console.print(
        "Figures: the Ministry of the Interior's round-1 workbook; round 2 compiled from results "
        "pages citing the Ministry (see `ballottage results` and the bundled PROVENANCE.md)."
    )
    _round1_chapter(story, e.round_dates)
    _round2_chapter(story, e.round_dates, checks)
    _families_chapter(story)
    if comparison is not None:
        _later_chapter(story, comparison, f"And then: {comparison.after}")
    console.print(Rule("What next"))
    console.print(
        "  ballottage qualify 2015 --region HDF          who could stand in Hauts-de-France\n"
        "  ballottage seats 2015 --region PACA --explain why each seat went where it did\n"
        "  ballottage verify 2015                        computed against published seats\n"
        "  ballottage compare 2015 2021                  region by region, six years later\n"
        "  ballottage transfers validate --region HDF --truth examples/transfers-truth-hdf.toml\n"
        "                                                where did the voters go? (known truth)\n"
        "  ballottage simulate examples/hdf-2015-ps-maintained.toml --draws 200000 --seed 1\n"
        "                                                what if the Socialists had stayed in?\n"
        "  ballottage report all -o report.html          the HTML report with hemicycles\n"
        f"  Elections in the store: {', '.join(elections)}."
    )
    console.print(f"[dim]Done in {time.perf_counter() - started:.1f} s.[/]")
