"""Transfer estimators measured on real elections with known answers, and their speed.

Run: ``python bench/transfers.py [DATA] [--calibrate] [--method M ...]``.

* The table: every fast method (``em-ipf``, ``goodman``, ``lphom``) on every district of DATA
  (default ``../shared/data/ei_datasets_nz_dev`` next to the repository: New Zealand 2002–2011,
  278 districts, Pavía's ei.Datasets), one run, one process: mean and median error index, the
  coverage of the 90 % intervals (votes, rows, cells), their mean width, seconds per district;
  on all districts, per dataset, and on the calibration years (2002 + 2005) against the held-out
  years (2008 + 2011). The same table is in docs/transfers.md.
* ``--calibrate``: derives the interval constants of ``em-ipf``
  (``ballottage.inference.unit_bounds.CALIBRATION``) on 2002 + 2005: for each level, the
  vote-weighted quantile of |estimate − truth| / (width of the cell's bounds); then checks
  the 90 % constant on 2008 + 2011.
* Speed on a synthetic region shaped like Hauts-de-France (3 800 communes, 7 × 4): each method.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from ballottage.inference import estimate_transfers, synthesize_round2
from ballottage.inference.benchmark import DistrictResult, run_benchmark, summaries, summary
from ballottage.inference.em_ipf import estimate_transfers_em_ipf
from ballottage.inference.methods import FAST_METHODS
from ballottage.inference.unit_bounds import cell_bounds
from ballottage.inference.units_file import district_folders, read_truth, read_units

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "ei_datasets_nz_dev"
CALIBRATION_YEARS = ("NZ_2002", "NZ_2005")
LEVELS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.975, 0.99)

UNITS = 3_800
TRUTH = np.array(
    [
        [0.93, 0.02, 0.04, 0.01],
        [0.03, 0.93, 0.03, 0.01],
        [0.05, 0.65, 0.15, 0.15],
        [0.10, 0.40, 0.26, 0.24],
        [0.15, 0.45, 0.30, 0.10],
        [0.08, 0.30, 0.50, 0.12],
        [0.05, 0.21, 0.74, 0.00],
    ]
)


def _fmt(value: object, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def table_lines(results: list[DistrictResult]) -> list[str]:
    """The markdown table of docs/transfers.md: every method, all districts and per group."""
    lines = [
        "| method | districts | mean EI | median EI | 90 % coverage: votes | rows | cells "
        "| mean width | s/district |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    datasets = list(dict.fromkeys(r.dataset for r in results))
    held_out = [d for d in datasets if d not in CALIBRATION_YEARS]
    groups = [("all", datasets)]
    if set(CALIBRATION_YEARS) <= set(datasets) and held_out:
        groups += [("2002+2005", list(CALIBRATION_YEARS)), ("held out", held_out)]
    groups += [(d, [d]) for d in datasets] if len(datasets) > 1 else []
    for name, members in groups:
        for method in dict.fromkeys(r.method for r in results):
            s = summary([r for r in results if r.method == method and r.dataset in members])
            lines.append(
                f"| {method} ({name}) | {s['districts']} | {_fmt(s['ei'], '.2f')} "
                f"| {_fmt(s['median_ei'], '.2f')} | {_fmt(s['coverage_votes'], '.3f')} "
                f"| {_fmt(s['coverage_rows'], '.3f')} | {_fmt(s['coverage_cells'], '.3f')} "
                f"| {_fmt(s['width'], '.3f')} | {_fmt(s['seconds'], '.2f')} |"
            )
    return lines


def calibrate(data: Path) -> None:
    """Print the (level, k) table of em-ipf on 2002 + 2005 and its coverage on the rest."""
    z: dict[bool, list[np.ndarray]] = {True: [], False: []}
    w: dict[bool, list[np.ndarray]] = {True: [], False: []}
    for folder in district_folders(data):
        units = read_units(folder / "units.csv")
        truth = read_truth(folder / "truth.csv", units.rows, units.cols)
        keep = units.round1.sum(axis=0) > 0
        x, y, truth = units.round1[:, keep], units.round2, truth[keep]
        est = estimate_transfers_em_ipf(
            x, y, row_labels=[str(i) for i in range(x.shape[1])], col_labels=units.cols
        )
        low, high = cell_bounds(x, y * (x.sum(axis=1) / y.sum(axis=1))[:, None])
        rows = truth.sum(axis=1)
        seen = rows > 0
        share = truth[seen] / rows[seen, None]
        gap = np.abs(est.shares[seen] - share) / np.maximum((high - low)[seen], 1e-12)
        train = folder.parent.name in CALIBRATION_YEARS
        z[train].append(gap.ravel())
        w[train].append(truth[seen].ravel())
    for train, name in ((True, "2002+2005"), (False, "held out")):
        gaps, weights = np.concatenate(z[train]), np.concatenate(w[train])
        order = np.argsort(gaps)
        cumulative = np.cumsum(weights[order]) / weights.sum()
        ks = [float(gaps[order][np.searchsorted(cumulative, lv)]) for lv in LEVELS]
        print(f"{name}: " + ", ".join(f"({lv}, {k:.4f})" for lv, k in zip(LEVELS, ks, strict=True)))
        if train:
            k90 = ks[LEVELS.index(0.9)]
        else:
            covered = float(weights[gaps <= k90].sum() / weights.sum())
            print(f"held out: votes covered by the 2002+2005 k(0.9) = {k90:.4f}: {covered:.3f}")


def speed() -> None:
    """Each method on a synthetic region of 3 800 commune-like units, 7 × 4."""
    rng = np.random.default_rng(1)
    sizes = rng.lognormal(6.0, 1.2, size=UNITS).astype(np.int64) + 50
    round1 = rng.multinomial(sizes, rng.dirichlet([25, 20, 15, 5, 4, 3, 45], size=UNITS))
    round2 = synthesize_round2(round1, TRUTH, rng=rng)
    rows = [f"r{i}" for i in range(TRUTH.shape[0])]
    cols = [f"c{j}" for j in range(TRUTH.shape[1])]
    for method in FAST_METHODS:
        start = time.perf_counter()
        est = estimate_transfers(
            round1, round2, row_labels=rows, col_labels=cols, method=method, seed=1
        )
        took = time.perf_counter() - start
        error = np.abs(est.shares - TRUTH).mean()
        print(f"{method:8} {took:6.2f} s  mean absolute error per cell {error:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DATA)
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--method", action="append", choices=FAST_METHODS + ("hierarchical",))
    args = parser.parse_args()
    if args.calibrate:
        calibrate(args.data)
        return
    if args.data.is_dir():
        methods = args.method or list(FAST_METHODS)
        start = time.perf_counter()
        results = list(run_benchmark(args.data, methods))
        print(f"{args.data}: {len(results)} estimates in {time.perf_counter() - start:.0f} s\n")
        print("\n".join(table_lines(results)))
        assert summaries(results)  # the same figures `ballottage transfers benchmark` prints
    else:
        print(f"{args.data} not found: the real-data table is skipped")
    print(f"\nSpeed: {UNITS} synthetic communes, {TRUTH.shape[0]} × {TRUTH.shape[1]}")
    speed()


if __name__ == "__main__":
    main()
