"""The options of ``ballottage transfers estimate`` and ``validate``, shared by both, and the
estimating function they choose (:func:`chosen_estimator`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ballottage import limits
from ballottage.cli.app import JSON_HELP, errors, working
from ballottage.errors import InvalidInput
from ballottage.inference.settings import METHODS
from ballottage.limits import at_most

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

ElectionArg = Annotated[
    str | None, typer.Argument(help="Election: year (2015) or id (not with --units).")
]
UnitsFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--units",
        help="Estimate from this CSV instead of the store: one line per unit, 'r:<label>' "
        "columns (round 1) and 'c:<label>' columns (round 2).",
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("-o", "--output", help="Write the matrix as a scenario file (TOML)."),
]
Round1FileOpt = Annotated[
    Path | None, typer.Option(help="Round-1 Ministry file by commune (xlsx or ; text).")
]
Round2FileOpt = Annotated[
    Path | None, typer.Option(help="Round-2 Ministry file by commune (xlsx or ; text).")
]
DownloadsOpt = Annotated[
    Path | None,
    typer.Option(help="Where `ballottage fetch --to` put the files (default: its default)."),
]
TruthOpt = Annotated[
    Path,
    typer.Option(help="Known transfer matrix, a scenario file (TOML).", show_default=False),
]
ReplicatesOpt = Annotated[int, typer.Option(min=1, help="goodman: bootstrap replicates.")]
LocalVariationOpt = Annotated[
    float,
    typer.Option(min=0.0, max=0.9, help="Spread of each unit's own matrix around the truth."),
]
UnitLevelOpt = Annotated[
    str, typer.Option("--units", help="Units: canton (bundled) or commune (imported).")
]


def chosen_estimator(
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
