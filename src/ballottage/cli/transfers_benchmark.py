"""``ballottage transfers benchmark DIR``: the estimators on real elections with known answers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from ballottage import limits
from ballottage.cli.app import JSON_HELP, console, emit_json, reporting_errors
from ballottage.cli.transfers_commands import transfers_app
from ballottage.errors import InvalidInput
from ballottage.inference.settings import FAST_METHODS, METHODS
from ballottage.limits import at_most

if TYPE_CHECKING:  # the benchmark loads numpy and scipy: imported when the command runs
    from ballottage.inference.benchmark import DistrictResult
    from ballottage.vocabulary.transfers import BenchmarkDoc

DEFINITIONS = {
    "ei": "error index: 100 · Σ|estimated − true count| / (2 · voters), the % of votes misplaced",
    "coverage_votes": "share of the voters whose true cell share lies inside its interval",
    "coverage_rows": "the same with each cell weighted by its row's voters / columns (laxer)",
    "coverage_cells": "share of the cells (rows with voters) whose true share is inside",
    "width": "mean width of the intervals over all cells (shares)",
    "seconds": "time of the estimate of one district",
    "converged": "whether the method says it converged (null: nothing to converge)",
    "not_converged": "districts where the method says it did not converge",
}


def _fmt(value: float | None, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def benchmark_data(results: list[DistrictResult], folder: Path, level: float) -> BenchmarkDoc:
    """Per district and on average (all districts and per dataset), with the definitions."""
    from ballottage.inference.benchmark import summaries
    from ballottage.vocabulary.transfers import BenchmarkDoc, DistrictDoc

    return BenchmarkDoc.model_validate(
        {
            "folder": str(folder),
            "interval_level": level,
            "methods": tuple(dict.fromkeys(r.method for r in results)),
            "summary": summaries(results),
            "districts": tuple(DistrictDoc.of(r) for r in results),
            "definitions": DEFINITIONS,
        }
    )


def _summary_table(data: BenchmarkDoc) -> Table:
    pct = f"{data.interval_level:.0%}"
    table = Table(
        title=f"On average over the districts ({pct} intervals)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    for name in ("method", "group", "districts", "mean EI", "median EI"):
        table.add_column(name, justify="left" if name in ("method", "group") else "right")
    for name in ("coverage: votes", "rows", "cells", "width", "s/district"):
        table.add_column(name, justify="right")
    for method, groups in data.summary.items():
        for group, s in groups.items():
            table.add_row(
                escape(method),
                escape(group),
                str(s.districts),
                _fmt(s.ei, ".2f"),
                _fmt(s.median_ei, ".2f"),
                _fmt(s.coverage_votes, ".3f"),
                _fmt(s.coverage_rows, ".3f"),
                _fmt(s.coverage_cells, ".3f"),
                _fmt(s.width, ".3f"),
                _fmt(s.seconds, ".2f"),
            )
    return table


def _district_table(results: list[DistrictResult]) -> Table:
    table = Table(title="Per district", title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("dataset", "district", "method", "units", "R×C", "EI", "votes", "cells"):
        table.add_column(name, justify="left" if name in ("dataset", "district") else "right")
    table.add_column("width", justify="right")
    table.add_column("s", justify="right")
    for r in results:
        table.add_row(
            escape(r.dataset),
            escape(r.district),
            escape(r.method),
            str(r.units),
            f"{r.rows}×{r.cols}",
            f"{r.score.ei:.2f}",
            _fmt(r.score.coverage_votes, ".2f"),
            _fmt(r.score.coverage_cells, ".2f"),
            _fmt(r.score.width, ".3f"),
            f"{r.seconds:.2f}",
        )
    return table


@transfers_app.command("benchmark")
def benchmark_command(
    folder: Annotated[
        Path,
        typer.Argument(
            help="A district folder (units.csv + truth.csv), a dataset of such folders, or a "
            "folder of datasets (e.g. ../shared/data/ei_datasets_nz_dev).",
            show_default=False,
        ),
    ],
    method: Annotated[
        list[str] | None,
        typer.Option(
            "--method",
            help=f"Method to measure, repeatable (default: {', '.join(FAST_METHODS)}).",
        ),
    ] = None,
    level: Annotated[
        float, typer.Option("--level", min=0.5, max=0.999, help="Level of the intervals.")
    ] = 0.90,
    seed: Annotated[int, typer.Option(min=0, help="Seed of goodman's bootstrap.")] = 0,
    bootstrap: Annotated[int, typer.Option(min=1, help="goodman: bootstrap replicates.")] = 500,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Measure the estimators on elections whose true cross-table is known: error index,
    coverage of the intervals (by votes, rows and cells), their width and the time, per
    district and on average.

    Example: ballottage transfers benchmark ../shared/data/ei_datasets_nz_dev --json
    """
    with reporting_errors():
        at_most("--bootstrap", bootstrap, limits.BOOTSTRAP, "replicates", "BOOTSTRAP")
        methods = list(dict.fromkeys(method or FAST_METHODS))
        unknown = [m for m in methods if m not in METHODS]
        if unknown:
            raise InvalidInput("--method", unknown[0], f"must be one of {', '.join(METHODS)}")
        from ballottage.inference.benchmark import run_benchmark

        results = list(run_benchmark(folder, methods, level=level, seed=seed, bootstrap=bootstrap))
    data = benchmark_data(results, folder, level)
    if as_json:
        emit_json(data)
        return
    console.print(_district_table(results))
    console.print(_summary_table(data))
    for label, groups in data.summary.items():
        every = groups["all"]
        if every.not_converged:
            console.print(
                f"[bold red]{escape(label)} did NOT converge[/] on "
                f"{every.not_converged} of {every.districts} districts: "
                "its figures there are not its own."
            )
    console.print(
        "EI: % of votes misplaced. Coverage by votes is the figure to judge intervals by; "
        "'rows' weighs each cell by its row's voters / columns, 'cells' counts cells alike."
    )
