"""``ballottage transfers``: where round-1 voters went in round 2, estimated from local results.

``ballottage transfers YEAR --region R`` estimates the matrix (``transfers estimate``), and
``transfers estimate --units FILE.csv`` does so for any units file;
``ballottage transfers validate`` checks the estimator on a synthetic round 2 of known truth;
``ballottage transfers benchmark DIR`` measures the methods on real elections with known answers
(:mod:`ballottage.cli.transfers_benchmark`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape
from typer.core import TyperGroup

from ballottage.cli.app import (
    app,
    console,
    emit_json,
    reporting_errors,
    working,
)
from ballottage.cli.store_commands import opened_store
from ballottage.cli.transfers_options import (
    BootOpt,
    ChainsOpt,
    DbOpt,
    DownloadsOpt,
    DrawsOpt,
    ElectionArg,
    JsonOpt,
    LevelOpt,
    LocalVariationOpt,
    MergeOpt,
    MethodOpt,
    OutputOpt,
    RegionOpt,
    RegionReq,
    ReplicatesOpt,
    Round1FileOpt,
    Round2FileOpt,
    SeedOpt,
    TruthOpt,
    TuneOpt,
    UnitLevelOpt,
    UnitsFileOpt,
    chosen_estimator,
)
from ballottage.cli.transfers_render import (
    print_estimate,
    print_units_estimate,
    print_validation,
)
from ballottage.errors import InvalidInput
from ballottage.inference.settings import (
    DEFAULT_LOCAL_VARIATION,
    DEFAULT_MERGE_BELOW,
    DEFAULT_METHOD,
    LEVELS,
)

if TYPE_CHECKING:  # the estimators load numpy and scipy, the store DuckDB: imported when used
    from ballottage.data.model import Region
    from ballottage.inference import TransferEstimate, ValidationReport
    from ballottage.inference.units import LocalCounts, TransferUnits
    from ballottage.inference.units_file import UnitsTable
    from ballottage.scenarios.model import Scenario
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


@transfers_app.command("estimate")
def estimate_command(
    election: ElectionArg = None,
    region: RegionOpt = None,
    units_file: UnitsFileOpt = None,
    method: MethodOpt = DEFAULT_METHOD,
    bootstrap: BootOpt = 500,
    draws: DrawsOpt = 1000,
    tune: TuneOpt = 1000,
    chains: ChainsOpt = 4,
    seed: SeedOpt = 0,
    level: LevelOpt = 0.90,
    merge_below: MergeOpt = DEFAULT_MERGE_BELOW,
    output: OutputOpt = None,
    round1_file: Round1FileOpt = None,
    round2_file: Round2FileOpt = None,
    downloads: DownloadsOpt = None,
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
        fit = chosen_estimator(
            method, bootstrap=bootstrap, draws=draws, tune=tune, chains=chains, quiet=as_json
        )
        _check_source(units_file, election, region, output)
        if units_file is not None:
            from_file = _estimate_units_file(fit, units_file, seed=seed, level=level)
    if units_file is not None:
        _show_units_estimate(*from_file, as_json=as_json)
        return
    assert election is not None and region is not None
    with reporting_errors():
        from ballottage.inference.methods import estimate_units

        units = _region_units(
            db, election, region, {1: round1_file, 2: round2_file}, downloads, merge_below, as_json
        )
        est = estimate_units(fit, units, seed=seed, level=level)
        if output is not None:
            _write_scenario(output, est, units, seed=seed, method=method)
    _show_estimate(est, units, output, as_json=as_json)


def _check_source(
    units_file: Path | None, election: str | None, region: str | None, output: Path | None
) -> None:
    """Either a units file, or an election and a region of the store (and maybe ``-o``)."""
    if units_file is not None:
        if election is not None or region is not None or output is not None:
            raise InvalidInput(
                "--units", str(units_file), "takes no election, --region or -o (store only)"
            )
    elif election is None or region is None:
        raise InvalidInput("election", election, "give an election and --region, or --units")


def _show_estimate(
    est: TransferEstimate, units: TransferUnits, output: Path | None, *, as_json: bool
) -> None:
    """The estimate of a region, as JSON or as the matrix table (and where it was written)."""
    if as_json:
        emit_json(estimate_data(est, units))
        return
    print_estimate(est, units)
    if output is not None:
        console.print(f"Written as a scenario: {escape(str(output))} (ballottage simulate it).")


def _estimate_units_file(
    fit: Any, units_file: Path, *, seed: int, level: float
) -> tuple[TransferEstimate, UnitsTable, tuple[str, ...], int]:
    """The estimate of a units file, with the table, its rows without voters and the number of
    units without any voter (both left out)."""
    from ballottage.inference.methods import estimate_units
    from ballottage.inference.units_file import read_units

    table, dropped_rows, empty_units = read_units(units_file).usable()
    return estimate_units(fit, table, seed=seed, level=level), table, dropped_rows, empty_units


def _region_units(
    db: Path | None,
    election: str,
    region: str,
    files: dict[int, Path | None],
    downloads: Path | None,
    merge_below: float,
    quiet: bool,
) -> TransferUnits:
    """The region's units (communes or cantons) of both rounds, read from the store after
    importing the local copies of the Ministry's files by commune it does not hold yet."""
    from ballottage.data.imports import import_local_copies
    from ballottage.inference.units import transfer_units
    from ballottage.scenarios.store import election_id

    with (
        working("Reading both rounds by commune or canton…", quiet=quiet),
        opened_store(db) as store,
    ):
        eid = election_id(store, election)
        import_local_copies(store, eid, files=files, directory=downloads)
        return transfer_units(store, eid, region, merge_below=merge_below, directory=downloads)


def _write_scenario(
    output: Path, est: TransferEstimate, units: TransferUnits, *, seed: int, method: str
) -> None:
    """The estimated matrix as a scenario file, its header naming the command that made it."""
    from ballottage.inference.scenario_file import scenario_file_text

    command = f"ballottage transfers {units.election} --region {units.region_code} --seed {seed}"
    if method != DEFAULT_METHOD:
        command += f" --method {method}"
    output.write_text(scenario_file_text(est, units, command=command), encoding="utf-8")


@transfers_app.command("validate")
def validate_command(
    region: RegionReq,
    truth: TruthOpt,
    seed: SeedOpt = 0,
    method: MethodOpt = DEFAULT_METHOD,
    bootstrap: ReplicatesOpt = 500,
    draws: DrawsOpt = 1000,
    tune: TuneOpt = 1000,
    chains: ChainsOpt = 4,
    level: LevelOpt = 0.90,
    merge_below: MergeOpt = DEFAULT_MERGE_BELOW,
    local_variation: LocalVariationOpt = DEFAULT_LOCAL_VARIATION,
    unit_level: UnitLevelOpt = "canton",
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check the estimator: synthetic round 2 from real round-1 units and a known matrix.

    Each unit gets its own matrix around the truth (local variation) and its round 2 is drawn;
    the matrix is estimated back and compared with the truth.

    Example: ballottage transfers validate --region HDF --truth examples/transfers-truth-hdf.toml
    """
    with reporting_errors():
        fit = chosen_estimator(
            method, bootstrap=bootstrap, draws=draws, tune=tune, chains=chains, quiet=as_json
        )
        if unit_level not in LEVELS:
            raise InvalidInput("--units", unit_level, f"must be one of {', '.join(LEVELS)}")
        from ballottage.inference.known_truth import validate_on_units

        scenario, asked, round1 = _truth_and_units(db, truth, region, unit_level)
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
    data = validation_doc(report, groups, scenario, asked, truth, seed, unit_level, round1)
    if as_json:
        emit_json(data)
        return
    print_validation(report, data)


def _truth_and_units(
    db: Path | None, truth: Path, region: str, unit_level: str
) -> tuple[Scenario, Region, LocalCounts]:
    """The known matrix (a scenario file), the region asked for, which must be the scenario's,
    and its round-1 figures by unit."""
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
        return scenario, asked, local_counts(store, figures.election, region, 1, unit_level)


def validation_doc(
    report: ValidationReport,
    groups: Sequence[tuple[str, Sequence[str]]],
    scenario: Scenario,
    asked: Region,
    truth: Path,
    seed: int,
    unit_level: str,
    round1: LocalCounts,
) -> ValidateDoc:
    """The validation as its JSON document: the errors, what was compared, and the terms."""
    from ballottage.vocabulary.common import RegionRef
    from ballottage.vocabulary.transfers import ValidateDoc, categories

    return ValidateDoc.model_validate(
        {
            **ValidateDoc.fields_of(report),
            "election": scenario.figures.election,
            "region": RegionRef(code=asked.code, name=asked.name),
            "truth_file": str(truth),
            "seed": seed,
            "unit_level": unit_level,
            "categories": categories(groups),
            "dropped": tuple(round1.dropped),
            "definitions": VALIDATION_TERMS,
        }
    )


def _show_units_estimate(
    est: TransferEstimate,
    table: UnitsTable,
    dropped_rows: tuple[str, ...],
    empty_units: int,
    *,
    as_json: bool,
) -> None:
    """The estimate of a units file, as JSON or as the matrix table."""
    if not as_json:
        print_units_estimate(est, table, dropped_rows, empty_units)
        return
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
