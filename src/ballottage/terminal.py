"""What the command line prints: Rich tables drawn from the documents of
:mod:`ballottage.vocabulary` (the same values ``--json`` prints).

Outside :mod:`ballottage.cli` so that the quick ``allocate`` (:mod:`ballottage.quick`) prints the
same tables without loading Typer; :mod:`ballottage.cli.render` re-exports them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from ballottage.vocabulary.common import TraceStep
    from ballottage.vocabulary.law import Allocation, Qualification, SectionMove, SectionRow


def standard_console(*, stderr: bool = False) -> Console:
    """A console on the command line's standard output (or error), for what it prints."""
    return Console(stderr=stderr, highlight=False)


console = standard_console()
"""Standard output of the command line."""

STATUS = {
    "stand": "[green]may stand[/]",
    "merge": "[yellow]may merge[/]",
    "out": "[dim]out[/]",
    "majority": "[bold green]absolute majority: no round 2[/]",
    "none": "[dim]no round 2[/]",
}


def pct(value: float | None) -> str:
    """A share as a percentage."""
    return "" if value is None else f"{100 * value:.2f} %"


def votes_text(n: int | None) -> str:
    """A count with thin spaces between thousands (unknown: ``?``)."""
    return "?" if n is None else f"{n:,}".replace(",", " ")


def print_allocation(data: Allocation, *, title: str, explain: bool = False) -> None:
    """The seats table of one council (or the round-1 statuses when round 2 is needed)."""
    table = Table(title=title, title_justify="left")
    table.add_column("List")
    table.add_column("Votes", justify="right")
    table.add_column("Share", justify="right")
    if data.outcome == "seats":
        table.add_column("Bonus", justify="right")
        table.add_column("Proportional", justify="right")
        table.add_column("Seats", justify="right", style="bold")
        for item in data.lists:
            table.add_row(
                item.list,
                votes_text(item.votes),
                pct(item.share),
                str(item.bonus or ""),
                str(item.proportional) if item.eligible else "[dim]below 5 %[/]",
                str(item.seats),
            )
    else:
        table.add_column("Round 2")
        for item in data.lists:
            table.add_row(
                item.list, votes_text(item.votes), pct(item.share), STATUS[item.status or "out"]
            )
    console.print(table)
    if data.bonus is not None:
        console.print(
            f"{data.seats_total} seats; [bold]{data.bonus.list}[/] leads and takes the "
            f"bonus of {data.bonus.seats} seats."
        )
    else:
        console.print("No list has the absolute majority: a second round is needed.")
    if data.sections:
        print_sections(data.sections, data.section_moves)
    if explain:
        print_trace(data.trace)


def print_sections(rows: Sequence[SectionRow], moves: Sequence[SectionMove]) -> None:
    """Seats per list and section."""
    sections = sorted({r.section for r in rows})
    lists = list(dict.fromkeys(r.list for r in rows))
    table = Table(title="Seats per section (art. L338-1)", title_justify="left")
    table.add_column("List")
    for s in sections:
        table.add_column(s, justify="right")
    seats = {(r.list, r.section): r.seats for r in rows}
    for name in lists:
        table.add_row(name, *(str(seats.get((name, s), 0)) for s in sections))
    console.print(table)
    for m in moves:
        console.print(
            f"  correction: {m.list} moves a seat from {m.from_section} to {m.to_section} "
            "(minimum per department, loi n° 2015-29)"
        )


def print_trace(trace: Sequence[TraceStep]) -> None:
    """The explanation trace, one step a line."""
    console.print("[bold]Why:[/]")
    for step in trace:
        article = f" [dim]({step.article})[/]" if step.article else ""
        console.print(f"  [cyan]{step.kind:>12}[/] {step.text}{article}", soft_wrap=True)


def print_eligibility(data: Qualification, *, title: str, explain: bool = False) -> None:
    """Who may stand, merge, or is out."""
    table = Table(title=title, title_justify="left")
    table.add_column("List")
    table.add_column("Votes", justify="right")
    table.add_column("Share", justify="right")
    table.add_column("Round 2")
    happened = any(item.happened is not None for item in data.lists)
    if happened:
        table.add_column("What happened")
    for item in data.lists:
        cells = [item.list, votes_text(item.votes), pct(item.share), STATUS[item.status]]
        table.add_row(*cells, *([item.happened or ""] if happened else []))
    console.print(table)
    article = data.article or "Code électoral"
    if data.fallback:
        console.print(f"Fallback used: [bold]{data.fallback}[/] ({article}).")
    elif data.outcome == "round2" and not data.stand:
        console.print(f"No list reached the threshold to stand in round 2 ({article}).")
    if explain:
        print_trace(data.trace)


def plain_table(title: str, columns: list[str], rows: list[list[Any]]) -> Table:
    """A simple table from rows of values."""
    table = Table(title=title, title_justify="left")
    for i, c in enumerate(columns):
        table.add_column(c, no_wrap=i == 0)
    for r in rows:
        table.add_row(*(str(v) for v in r))
    return table
