"""``ballottage report``: one offline HTML file for the stored elections."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ballottage.cli.app import JSON_HELP, app, console, emit_json, fail, reporting_errors, working
from ballottage.cli.store_commands import opened_store


@app.command("report", rich_help_panel="See it")
def report_command(
    election: Annotated[
        str,
        typer.Argument(help="A year (2015), an election id (regionales-2015), or all."),
    ] = "all",
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path(
        "report.html"
    ),
    db: Annotated[
        Path | None, typer.Option("--db", help="DuckDB store (default: user cache).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Write a self-contained HTML report (map, hemicycles, tables) that opens offline.

    With --json, says what it wrote: the file, its size and the elections it holds.

    Example: ballottage report 2015 -o report.html
    """
    with (
        reporting_errors(),
        working(f"Building the report of {election}…", quiet=as_json),
        opened_store(db) as store,
    ):
        from ballottage.elections.names import find_elections
        from ballottage.report.build import MAX_BYTES, build_report

        html = build_report(store, election)
        shown = [e.id for e in find_elections(store, election)]
    data = html.encode("utf-8")
    if len(data) >= MAX_BYTES:
        fail(f"{output}: the report would be {len(data)} bytes, not below {MAX_BYTES}")
    with reporting_errors():
        output.write_bytes(data)
    if as_json:
        from ballottage.vocabulary.files import ReportDoc

        emit_json(ReportDoc(output=str(output), bytes=len(data), elections=tuple(shown)))
        return
    console.print(f"Wrote {output} ({len(data) // 1024} KB).")
