"""``ballottage transfers``: where round-1 voters went in round 2, estimated from local results.

``ballottage transfers YEAR --region R`` estimates the matrix (``transfers estimate``), and
``transfers estimate --units FILE.csv`` does so for any units file;
``ballottage transfers validate`` checks the estimator on a synthetic round 2 of known truth;
``ballottage transfers benchmark DIR`` measures the methods on real elections with known answers
(:mod:`ballottage.cli.transfers_benchmark`).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

from ballottage import limits
from ballottage.cli.app import (
    JSON_HELP,
    app,
    console,
    emit_json,
    errors,
    reporting_errors,
    working,
)
from ballottage.cli.store_commands import opened_store
from ballottage.errors import InvalidInput
from ballottage.inference.settings import (
    DEFAULT_LOCAL_VARIATION,
    DEFAULT_MERGE_BELOW,
    DEFAULT_METHOD,
    LEVELS,
    METHODS,
)
from ballottage.limits import at_most

if TYPE_CHECKING:  # the estimators load numpy and scipy, the store DuckDB: imported when used
    from ballottage.inference import TransferEstimate, ValidationReport
    from ballottage.inference.units import TransferUnits
    from ballottage.inference.units_file import UnitsTable
    from ballottage.vocabulary.transfers import EstimateDoc, ValidateDoc


class _EstimateByDefault(TyperGroup):
    """``transfers 2015 ...`` means ``transfers estimate 2015 ...``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["estimate", *args]
        return super().parse_args(ctx, args)


transfers_app = typer.Typer(
    cls=_EstimateByDefault,
    no_args_is_help=True,
    help=(
        "Where did the voters go? Round-1 → round-2 transfers estimated from local results "
        "(ecological inference). `ballottage transfers 2015 --region HDF` estimates; "
        "`ballottage transfers estimate --units FILE.csv` estimates any units file; "
        "`ballottage transfers validate` checks the method on a known truth; "
        "`ballottage transfers benchmark DIR` measures the methods on real elections."
    ),
)
app.add_typer(transfers_app, name="transfers", rich_help_panel="Between the rounds")

DbOpt = Annotated[Path | None, typer.Option("--db", help="DuckDB store (default: user cache).")]
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
RegionReq = Annotated[
    str, typer.Option("--region", help="Region: INSEE code, name or abbreviation (HDF).")
]
RegionOpt = Annotated[
    str | None,
    typer.Option("--region", help="Region: INSEE code, name or abbreviation (HDF)."),
]
SeedOpt = Annotated[
    int,
    typer.Option(
        min=0,
        help="Seed of goodman's bootstrap and hierarchical's sampler (validate: also of the "
        "synthetic round 2).",
    ),
]
BootOpt = Annotated[
    int,
    typer.Option(min=0, help="goodman: bootstrap replicates over units (intervals); 0: none."),
]
LevelOpt = Annotated[
    float, typer.Option("--level", min=0.5, max=0.999, help="Level of the intervals.")
]
MethodOpt = Annotated[
    str,
    typer.Option(
        help="Estimator: em-ipf (default: unit tables by IPF around a regional matrix, EM; "
        "intervals calibrated on real elections), goodman (constrained regression + "
        "bootstrap), lphom (linear programming, no intervals) or hierarchical (R×C "
        "multinomial-Dirichlet by PyEI, minutes; pip install 'ballottage\\[ei]').",
    ),
]
DrawsOpt = Annotated[
    int, typer.Option(min=10, max=100_000, help="hierarchical: posterior draws per chain.")
]
TuneOpt = Annotated[
    int, typer.Option(min=0, max=100_000, help="hierarchical: warm-up draws per chain.")
]
ChainsOpt = Annotated[
    int, typer.Option(min=2, max=16, help="hierarchical: chains, run in parallel (R̂ needs 2+).")
]
MergeOpt = Annotated[
    float,
    typer.Option(
        "--merge-below",
        min=0.0,
        max=0.5,
        help="Merge round-1 lists (and blank/spoiled ballots) under this share of inscrits "
        "into 'others'.",
    ),
]


@transfers_app.command("estimate")
def estimate_command(
    election: Annotated[
        str | None, typer.Argument(help="Election: year (2015) or id (not with --units).")
    ] = None,
    region: RegionOpt = None,
    units_file: Annotated[
        Path | None,
        typer.Option(
            "--units",
            help="Estimate from this CSV instead of the store: one line per unit, 'r:<label>' "
            "columns (round 1) and 'c:<label>' columns (round 2).",
        ),
    ] = None,
    method: MethodOpt = DEFAULT_METHOD,
    bootstrap: BootOpt = 500,
    draws: DrawsOpt = 1000,
    tune: TuneOpt = 1000,
    chains: ChainsOpt = 4,
    seed: SeedOpt = 0,
    level: LevelOpt = 0.90,
    merge_below: MergeOpt = DEFAULT_MERGE_BELOW,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write the matrix as a scenario file (TOML)."),
    ] = None,
    round1_file: Annotated[
        Path | None, typer.Option(help="Round-1 Ministry file by commune (xlsx or ; text).")
    ] = None,
    round2_file: Annotated[
        Path | None, typer.Option(help="Round-2 Ministry file by commune (xlsx or ; text).")
    ] = None,
    downloads: Annotated[
        Path | None,
        typer.Option(help="Where `ballottage fetch --to` put the files (default: its default)."),
    ] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Estimate the transfer matrix of a region from its results by commune (or canton), or
    of any R×C problem given as unit margins (--units).

    Both rounds by commune come from `ballottage fetch regionales-2015-t1-communes
    regionales-2015-t2-communes` or from --round1-file/--round2-file (imported once).

    Example: ballottage transfers 2015 --region HDF -o hdf-estimated.toml

    Example: ballottage transfers estimate --units district/units.csv --json
    """
    with reporting_errors():
        fit = _estimator(
            method, bootstrap=bootstrap, draws=draws, tune=tune, chains=chains, quiet=as_json
        )
        from ballottage.inference.methods import estimate_units

        if units_file is not None:
            if election is not None or region is not None or output is not None:
                raise InvalidInput(
                    "--units", str(units_file), "takes no election, --region or -o (store only)"
                )
            from ballottage.inference.units_file import read_units

            table, dropped_rows, empty_units = read_units(units_file).usable()
            est = estimate_units(fit, table, seed=seed, level=level)
        elif election is None or region is None:
            raise InvalidInput("election", election, "give an election and --region, or --units")
    if units_file is not None:
        _show_units_estimate(est, table, dropped_rows, empty_units, as_json=as_json)
        return
    assert election is not None and region is not None
    with reporting_errors():
        from ballottage.data.imports import import_local_copies
        from ballottage.inference.scenario_file import scenario_file_text
        from ballottage.inference.units import transfer_units
        from ballottage.scenarios.store import election_id

        with (
            working("Reading both rounds by commune or canton…", quiet=as_json),
            opened_store(db) as store,
        ):
            eid = election_id(store, election)
            import_local_copies(
                store, eid, files={1: round1_file, 2: round2_file}, directory=downloads
            )
            units = transfer_units(store, eid, region, merge_below=merge_below, directory=downloads)
        est = estimate_units(fit, units, seed=seed, level=level)
        if output is not None:
            command = f"ballottage transfers {eid} --region {units.region_code} --seed {seed}"
            if method != DEFAULT_METHOD:
                command += f" --method {method}"
            output.write_text(scenario_file_text(est, units, command=command), encoding="utf-8")
    data = estimate_data(est, units)
    if as_json:
        emit_json(data)
        return
    print_estimate(est, units)
    if output is not None:
        console.print(f"Written as a scenario: {escape(str(output))} (ballottage simulate it).")


@transfers_app.command("validate")
def validate_command(
    region: RegionReq,
    truth: Annotated[
        Path,
        typer.Option(help="Known transfer matrix, a scenario file (TOML).", show_default=False),
    ],
    seed: SeedOpt = 0,
    method: MethodOpt = DEFAULT_METHOD,
    bootstrap: Annotated[int, typer.Option(min=1, help="goodman: bootstrap replicates.")] = 500,
    draws: DrawsOpt = 1000,
    tune: TuneOpt = 1000,
    chains: ChainsOpt = 4,
    level: LevelOpt = 0.90,
    merge_below: MergeOpt = DEFAULT_MERGE_BELOW,
    local_variation: Annotated[
        float,
        typer.Option(min=0.0, max=0.9, help="Spread of each unit's own matrix around the truth."),
    ] = DEFAULT_LOCAL_VARIATION,
    unit_level: Annotated[
        str, typer.Option("--units", help="Units: canton (bundled) or commune (imported).")
    ] = "canton",
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check the estimator: synthetic round 2 from real round-1 units and a known matrix.

    Each unit gets its own matrix around the truth (local variation) and its round 2 is drawn;
    the matrix is estimated back and compared with the truth.

    Example: ballottage transfers validate --region HDF --truth examples/transfers-truth-hdf.toml
    """
    with reporting_errors():
        fit = _estimator(
            method, bootstrap=bootstrap, draws=draws, tune=tune, chains=chains, quiet=as_json
        )
        if unit_level not in LEVELS:
            raise InvalidInput("--units", unit_level, f"must be one of {', '.join(LEVELS)}")
        from ballottage.inference.known_truth import validate_on_units
        from ballottage.inference.units import local_counts
        from ballottage.scenarios import load_scenario
        from ballottage.scenarios.store import round1_figures

        with opened_store(db) as store:
            scenario = load_scenario(truth, lambda e, r: round1_figures(store, e, r))
            figures = scenario.figures
            asked = store.region(figures.election, region)
            if asked.code != figures.region_code:
                raise InvalidInput(
                    "--region", region, f"{truth} is a scenario of {figures.region}, not {asked}"
                )
            round1 = local_counts(store, figures.election, region, 1, unit_level)
        report, groups = validate_on_units(
            round1,
            {row.source: row.shares for row in scenario.rows},
            scenario.destinations,
            seed=seed,
            merge_below=merge_below,
            bootstrap=bootstrap,
            level=level,
            local_variation=local_variation,
            estimate=fit,
        )
    from ballottage.vocabulary.common import RegionRef
    from ballottage.vocabulary.transfers import ValidateDoc, categories

    data = ValidateDoc.model_validate(
        {
            **ValidateDoc.fields_of(report),
            "election": figures.election,
            "region": RegionRef(code=asked.code, name=asked.name),
            "truth_file": str(truth),
            "seed": seed,
            "unit_level": unit_level,
            "categories": categories(groups),
            "dropped": tuple(round1.dropped),
            "definitions": VALIDATION_TERMS,
        }
    )
    if as_json:
        emit_json(data)
        return
    print_validation(report, data)


def _estimator(
    method: str, *, bootstrap: int, draws: int, tune: int, chains: int, quiet: bool
) -> Any:
    """The method's estimating function; a sampled one first says it will take a while."""
    at_most("--bootstrap", bootstrap, limits.BOOTSTRAP, "replicates", "BOOTSTRAP")
    if method not in METHODS:
        raise InvalidInput("--method", method, f"must be one of {', '.join(METHODS)}")
    from ballottage.inference.methods import estimator

    plain = estimator(method, bootstrap=bootstrap, draws=draws, tune=tune, chains=chains)

    def fit(*args: Any, **kwargs: Any) -> Any:
        with working(f"Estimating the transfers ({method})…", quiet=quiet):
            return plain(*args, **kwargs)

    if method != "hierarchical" or quiet:
        return fit

    def announced(*args: Any, **kwargs: Any) -> Any:
        errors.print(
            f"Sampling the hierarchical model: {chains} chains × ({tune} warm-up + {draws} "
            "draws) with PyEI. On cantons or communes this takes minutes…"
        )
        return fit(*args, **kwargs)

    return announced


def _show_units_estimate(
    est: TransferEstimate,
    table: UnitsTable,
    dropped_rows: tuple[str, ...],
    empty_units: int,
    *,
    as_json: bool,
) -> None:
    """The estimate of a units file, as JSON or as the matrix table."""
    if as_json:
        from ballottage.vocabulary.transfers import TransferEstimateDoc, UnitsEstimateDoc

        emit_json(
            UnitsEstimateDoc.model_validate(
                {
                    **TransferEstimateDoc.fields_of(est),
                    "units_file": str(table.path),
                    "dropped_rows": tuple(dropped_rows),
                    "empty_units": empty_units,
                }
            )
        )
        return
    pct = f"{est.level:.0%}"
    console.print(
        _matrix_table(
            f"{escape(str(table.path))}: % of each row category going to each column "
            f"category ({pct} interval)",
            est,
        )
    )
    console.print(f"{est.units} units used. Method: {est.method}, {_settings(est)}.")
    _print_convergence(est)
    if dropped_rows:
        console.print(f"Rows with no voters, left out: {escape(', '.join(dropped_rows))}.")
    if empty_units:
        console.print(f"{empty_units} units without any voter left out.")


def estimate_data(est: TransferEstimate, units: TransferUnits) -> EstimateDoc:
    """The estimate: matrix, intervals, fit, units and merged categories."""
    from ballottage.vocabulary.common import RegionRef
    from ballottage.vocabulary.transfers import EstimateDoc, TransferEstimateDoc, categories

    return EstimateDoc.model_validate(
        {
            **TransferEstimateDoc.fields_of(est),
            "election": units.election,
            "region": RegionRef(code=units.region_code, name=units.region),
            "unit_level": units.level,
            "merge_below": units.merge_below,
            "categories": categories(units.members),
            "dropped": tuple(units.dropped),
        }
    )


VALIDATION_TERMS = {
    "mae": "mean absolute error over all cells of the matrix, each cell counted once",
    "weighted_mae": "mean absolute error per round-1 voter: each row's mean error "
    "weighted by its category's round-1 voters",
    "coverage": "share of true cells inside their intervals",
}


def _short(name: str) -> str:
    """``LE PEN Marine`` → ``LE PEN`` (the upper-case surname); ``abstention`` → ``Abst.``."""
    special = {"abstention": "Abst.", "blank-null": "Blank/spoiled"}
    if name in special:
        return special[name]
    words = name.split()
    surname = [w for w in words[: len(words) - 1] if w.upper() == w] or words[:1]
    return " ".join(surname)


def _cell(share: float, low: float, high: float) -> str:
    if math.isnan(low):
        return f"{100 * share:.1f}"
    return f"{100 * share:.1f}\n[dim]{100 * low:.0f}–{100 * high:.0f}[/]"


def _matrix_table(title: str, est: TransferEstimate, truth: Any = None) -> Table:
    table = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_lines=True
    )
    table.add_column("Round 1", no_wrap=True)
    if truth is None:
        table.add_column("Voters", justify="right", no_wrap=True)
    for col in est.cols:
        table.add_column(escape(_short(col)), justify="right")
    for r, row in enumerate(est.rows):
        cells = []
        for c in range(len(est.cols)):
            text = _cell(est.shares[r, c], est.lower[r, c], est.upper[r, c])
            if truth is not None:
                inside = est.lower[r, c] <= truth[r, c] <= est.upper[r, c]
                text += f"\n[cyan]{100 * truth[r, c]:.1f}[/]" + ("" if inside else " [red]✗[/]")
            cells.append(text)
        if truth is None:
            cells.insert(0, f"{est.row_voters[r]:,.0f}".replace(",", " "))
        table.add_row(escape(_short(row)), *cells)
    return table


def print_estimate(est: TransferEstimate, units: TransferUnits) -> None:
    """The matrix with its intervals, the units used and the fit."""
    pct = f"{est.level:.0%}"
    console.print(
        _matrix_table(
            f"{units.region}, {units.election}: % of each round-1 category going to each "
            f"round-2 destination ({pct} interval)",
            est,
        )
    )
    console.print(f"{est.units} {units.level}s used. Method: {est.method}, {_settings(est)}.")
    _print_convergence(est)
    if units.dropped:
        console.print(
            f"{len(units.dropped)} {units.level}s left out (a list missing, turnout incomplete or "
            f"inscrits differing between rounds), e.g. {escape(units.dropped[0])}."
        )
    r2 = ", ".join(
        f"{escape(c)} {v:.2f}" for c, v in zip(est.cols, est.r2, strict=True) if not math.isnan(v)
    )
    console.print(f"Fit: weighted RMSE of the round-2 shares of inscrits {est.rmse:.4f}; R² {r2}.")
    for label, members in units.members:
        if len(members) > 1:
            console.print(
                f"'{label}' merges {', '.join(members)} (each under {units.merge_below:.0%} of "
                "the inscrits: too small to estimate alone)."
            )


def print_validation(report: ValidationReport, data: ValidateDoc) -> None:
    """Estimated (interval) and true shares, then the error summary."""
    pct = f"{report.level:.0%}"
    console.print(
        _matrix_table(
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
        f"{_settings(report.estimate)}."
    )
    _print_convergence(report.estimate)
    for label, members in data.categories.items():
        if len(members) > 1:
            console.print(f"'{label}' merges {', '.join(members)}.")


def _settings(est: TransferEstimate) -> str:
    d = est.diagnostics
    if "iterations" in d:
        return f"{d['iterations']} EM steps"
    if "chains" in d:
        return f"{d['chains']} chains × {d['draws']} draws after {d['tune']} warm-up"
    if est.bootstrap:
        return f"{est.bootstrap} bootstrap replicates"
    return "no intervals"


def _print_convergence(est: TransferEstimate) -> None:
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
