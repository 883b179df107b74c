"""The terminal tables of ``ballottage transfers``: the matrix with its intervals, the fit,
the convergence of a sampled estimate and the validation against a known truth."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich import box
from rich.markup import escape
from rich.table import Table

from ballottage.cli.app import console

if TYPE_CHECKING:  # the estimators load numpy and scipy: imported when used
    from ballottage.inference import TransferEstimate, ValidationReport
    from ballottage.inference.units import TransferUnits
    from ballottage.inference.units_file import UnitsTable
    from ballottage.vocabulary.transfers import ValidateDoc


def short_name(name: str) -> str:
    """``LE PEN Marine`` → ``LE PEN`` (the upper-case surname); ``abstention`` → ``Abst.``."""
    special = {"abstention": "Abst.", "blank-null": "Blank/spoiled"}
    if name in special:
        return special[name]
    words = name.split()
    surname = [w for w in words[: len(words) - 1] if w.upper() == w] or words[:1]
    return " ".join(surname)


def _cell(share: float, bounds: tuple[float, float] | None) -> str:
    """A share in %, its interval dimmed below it (none when the method gives none)."""
    if bounds is None:
        return f"{100 * share:.1f}"
    low, high = bounds
    return f"{100 * share:.1f}\n[dim]{100 * low:.0f}–{100 * high:.0f}[/]"


def matrix_table(title: str, est: TransferEstimate, truth: Any = None) -> Table:
    """The matrix, % per cell with its interval; with ``truth``, the true % under each
    cell (a red cross when outside the interval), else each row's voters."""
    table = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_lines=True
    )
    table.add_column("Round 1", no_wrap=True)
    if truth is None:
        table.add_column("Voters", justify="right", no_wrap=True)
    for col in est.cols:
        table.add_column(escape(short_name(col)), justify="right")
    for r, row in enumerate(est.rows):
        cells = []
        for c in range(len(est.cols)):
            bounds = (
                None
                if est.interval is None
                else (float(est.interval[0][r, c]), float(est.interval[1][r, c]))
            )
            text = _cell(est.shares[r, c], bounds)
            if truth is not None:
                inside = bounds is not None and bounds[0] <= truth[r, c] <= bounds[1]
                text += f"\n[cyan]{100 * truth[r, c]:.1f}[/]" + ("" if inside else " [red]✗[/]")
            cells.append(text)
        if truth is None:
            cells.insert(0, f"{est.row_voters[r]:,.0f}".replace(",", " "))
        table.add_row(escape(short_name(row)), *cells)
    return table


def print_estimate(est: TransferEstimate, units: TransferUnits) -> None:
    """The matrix with its intervals, the units used and the fit."""
    pct = f"{est.level:.0%}"
    console.print(
        matrix_table(
            f"{units.region}, {units.election}: % of each round-1 category going to each "
            f"round-2 destination ({pct} interval)",
            est,
        )
    )
    console.print(f"{est.units} {units.level}s used. Method: {est.method}, {settings_text(est)}.")
    print_convergence(est)
    if units.dropped:
        console.print(
            f"{len(units.dropped)} {units.level}s left out (a list missing, turnout incomplete or "
            f"inscrits differing between rounds), e.g. {escape(units.dropped[0])}."
        )
    r2 = ", ".join(
        f"{escape(c)} {v:.2f}" for c, v in zip(est.cols, est.r2, strict=True) if v is not None
    )
    console.print(f"Fit: weighted RMSE of the round-2 shares of inscrits {est.rmse:.4f}; R² {r2}.")
    for label, members in units.members:
        if len(members) > 1:
            console.print(
                f"'{label}' merges {', '.join(members)} (each under {units.merge_below:.0%} of "
                "the inscrits: too small to estimate alone)."
            )


def print_units_estimate(
    est: TransferEstimate, table: UnitsTable, dropped_rows: tuple[str, ...], empty_units: int
) -> None:
    """The estimate of a units file: the matrix, the units used, what was left out."""
    pct = f"{est.level:.0%}"
    console.print(
        matrix_table(
            f"{escape(str(table.path))}: % of each row category going to each column "
            f"category ({pct} interval)",
            est,
        )
    )
    console.print(f"{est.units} units used. Method: {est.method}, {settings_text(est)}.")
    print_convergence(est)
    if dropped_rows:
        console.print(f"Rows with no voters, left out: {escape(', '.join(dropped_rows))}.")
    if empty_units:
        console.print(f"{empty_units} units without any voter left out.")


def print_validation(report: ValidationReport, data: ValidateDoc) -> None:
    """Estimated (interval) and true shares, then the error summary."""
    pct = f"{report.level:.0%}"
    console.print(
        matrix_table(
            f"{data.region.name}: estimated % (its {pct} interval) and [cyan]true %[/] "
            f"on {report.units} {data.unit_level}s, seed {data.seed}",
            report.estimate,
            report.truth,
        )
    )
    cells = report.truth.size
    inside = round(report.coverage * cells)
    console.print(
        f"Mean absolute error per cell (all {cells} cells alike): [bold]{report.mae:.4f}[/]\n"
        f"Mean absolute error per voter (rows weighted by their round-1 voters): "
        f"{report.weighted_mae:.4f}\n"
        f"Worst cell: {escape(report.worst_row)} → {escape(report.worst_col)}, off by "
        f"{report.max_abs_error:.4f}\n"
        f"Coverage of the {pct} intervals: {report.coverage:.2f} ({inside} of {cells} true "
        f"values inside)\n"
        f"Local variation {report.local_variation:g}. Method: {report.estimate.method}, "
        f"{settings_text(report.estimate)}."
    )
    print_convergence(report.estimate)
    for label, members in data.categories.items():
        if len(members) > 1:
            console.print(f"'{label}' merges {', '.join(members)}.")


def settings_text(est: TransferEstimate) -> str:
    """How the estimate was made: EM steps, chains and draws, or bootstrap replicates."""
    d = est.diagnostics
    if "iterations" in d:
        return f"{d['iterations']} EM steps"
    if "chains" in d:
        return f"{d['chains']} chains × {d['draws']} draws after {d['tune']} warm-up"
    if est.bootstrap:
        return f"{est.bootstrap} bootstrap replicates"
    return "no intervals"


def print_convergence(est: TransferEstimate) -> None:
    """R̂, ESS and divergences of a sampled estimate; a loud warning when it did not converge."""
    d = est.diagnostics
    if "iterations" in d and not d["converged"]:
        console.print(
            f"[bold red]NOT CONVERGED[/]: the regional matrix still moved after "
            f"{d['iterations']} EM steps ({d['criteria']})."
        )
    if "rhat_max" not in d:
        return
    line = (
        f"Convergence: R̂ max {_number(d['rhat_max'], '.3f')}, bulk ESS min "
        f"{_number(d['ess_bulk_min'], '.0f')}, "
        f"{d['divergences']} divergent transitions"
    )
    if d["converged"]:
        console.print(f"{line}: converged ({d['criteria']}).")
    else:
        console.print(
            f"[bold red]NOT CONVERGED[/]: {line}. Needs {d['criteria']}. Do not trust these "
            "shares and intervals: run longer (--draws, --tune, --chains) or use the regression."
        )


def _number(value: object, spec: str) -> str:
    """A diagnostic figure, or "n/a" when the sampler could not measure it."""
    return "n/a" if value is None else format(value, spec)
