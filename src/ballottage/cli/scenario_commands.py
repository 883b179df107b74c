"""Commands on scenario files: ``project`` (expected round 2) and ``simulate`` (Monte Carlo)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ballottage import limits
from ballottage.cli.app import JSON_HELP, app, console, emit_json, errors, reporting_errors
from ballottage.cli.render import pct, print_allocation, print_trace, votes_text
from ballottage.cli.transfers_render import short_name
from ballottage.limits import at_most

if TYPE_CHECKING:
    from ballottage.vocabulary.scenarios import ScenarioDoc, Simulation

ScenarioArg = Annotated[
    Path,
    typer.Argument(help="Scenario file (TOML), e.g. examples/hdf-2015.toml.", show_default=False),
]
DbOpt = Annotated[Path | None, typer.Option("--db", help="DuckDB store (default: user cache).")]
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]

PROGRESS_FROM = 50_000
"""Draws from which a progress bar is shown (on a terminal, never with --json)."""


@app.command("project", rich_help_panel="Between the rounds")
def project_command(
    scenario: ScenarioArg,
    db: DbOpt = None,
    explain: Annotated[
        bool, typer.Option(help="Show the transfer matrix and every step of the law.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Expected round 2 of a scenario: votes from the mean transfers, then the exact seats.

    Example: ballottage project examples/hdf-2015.toml --explain
    """
    from ballottage.scenarios import load_scenario, project_scenario
    from ballottage.scenarios.store import stored_figures
    from ballottage.vocabulary.scenarios import ProjectDoc

    with reporting_errors(), stored_figures(db) as figures_for:
        data = ProjectDoc.of(project_scenario(load_scenario(scenario, figures_for)))
    if as_json:
        emit_json(data)
        return
    setting = data.scenario
    expected = data.expected
    if explain:
        print_transfers(setting)
    if setting.what_happened:
        console.print(f"[bold]What happened:[/] {escape(setting.what_happened)}")
    console.print(
        f"Round 2 expected: turnout {pct(expected.rate)} "
        f"(round 1: {pct(setting.round1.rate)}), "
        f"{votes_text(expected.exprimes)} votes cast, {votes_text(expected.blank_spoiled)} "
        "blank/spoiled."
    )
    print_allocation(data.allocation, title=setting.title, explain=False)
    if explain:
        print_trace(data.allocation.trace)


@app.command("simulate", rich_help_panel="Between the rounds")
def simulate_command(
    scenario: ScenarioArg,
    draws: Annotated[int, typer.Option(min=1, help="Number of simulated round 2s.")] = 100_000,
    seed: Annotated[
        int, typer.Option(min=0, help="Seed: the same seed gives the same output.")
    ] = 0,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Monte Carlo over a scenario's uncertainty: chances of the bonus and of a majority.

    Each draw takes every transfer row from its Dirichlet, counts the round-2 votes and gives
    the seats exactly. Example: ballottage simulate examples/hdf-2015.toml --draws 200000 --seed 1
    """
    from ballottage.scenarios import load_scenario, simulate_scenario
    from ballottage.scenarios.store import stored_figures
    from ballottage.vocabulary.scenarios import SimulateDoc

    with reporting_errors():
        at_most("--draws", draws, MAX_DRAWS, "draws per run", "DRAWS")
    with reporting_errors(), stored_figures(db) as figures_for:
        setting = load_scenario(scenario, figures_for)
        show = not as_json and errors.is_terminal and draws >= PROGRESS_FROM
        with _progress(show, draws) as advance:
            summary = simulate_scenario(setting, draws=draws, seed=seed, on_progress=advance)
        data = SimulateDoc.of(setting, summary)
    if as_json:
        emit_json(data)
        return
    print_simulation(data)


MAX_DRAWS = limits.DRAWS
"""About a minute and a half here; more adds nothing a seed change would not show."""


@contextmanager
def _progress(show: bool, draws: int) -> Iterator[Callable[[int, int], None] | None]:
    if not show:
        yield None
        return
    with Progress(
        TextColumn("simulating"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=errors,
        transient=True,
    ) as progress:
        task = progress.add_task("draws", total=draws)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield advance


def _situation(origin: str) -> str:
    first = origin.split(";")[0]
    if first.startswith("default ("):
        first = first.removeprefix("default (").rstrip(")")
    return {"represented": "side", "default": "dflt"}.get(first, first)


def print_transfers(setting: ScenarioDoc) -> None:
    """The transfer matrix: where each round-1 electorate goes, in % of it."""
    table = Table(
        title="Transfers, % of each round-1 electorate",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("Round 1", no_wrap=True)
    table.add_column("Voters", justify="right", no_wrap=True)
    for dest in setting.destinations:
        table.add_column(short_name(dest), justify="right", min_width=5)
    table.add_column("±", justify="right")
    table.add_column("Row", no_wrap=True, min_width=6)
    for row in setting.transfers:
        table.add_row(
            short_name(row.source),
            votes_text(row.voters),
            *(f"{100 * row.shares[d]:.1f}" for d in setting.destinations),
            f"{100 * row.spread_of_largest:.1f}",
            _situation(row.origin),
        )
    console.print(table)
    console.print(
        "± is the standard deviation of the row's largest share. Round-2 turnout "
        + (
            f"{pct(setting.turnout.rate)} ({escape(setting.turnout.origin)})."
            if setting.turnout
            else "follows from the abstainers' row."
        )
    )
    lineup = setting.lineup
    if lineup.withdraw:
        console.print(f"Withdrawn: {', '.join(lineup.withdraw)}.")
    for host, partners in lineup.merge.items():
        console.print(f"Merged into {host}: {', '.join(partners)}.")


def print_simulation(data: Simulation) -> None:
    """Chances and seat quantiles per list."""
    table = Table(
        title=f"{data.title}: {votes_text(data.draws)} draws, seed {data.seed}",
        title_justify="left",
    )
    for column in ("List", "First (bonus)", "Majority", "Mean seats", "5 %", "Median", "95 %"):
        table.add_column(column, justify="left" if column == "List" else "right")
    for item in data.lists:
        table.add_row(
            item.list,
            pct(item.p_first),
            pct(item.p_majority),
            f"{item.mean:.1f}",
            str(item.q05),
            str(item.q50),
            str(item.q95),
        )
    console.print(table)
    console.print(
        f"{data.seats_total} seats. Draws whose tie the law settles by age (settled here by "
        f"lot): {pct(data.undecidable_share)}."
    )
