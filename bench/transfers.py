"""Speed of the transfer estimate (run: ``python bench/transfers.py``).

One run, one synthetic region: 3 800 commune-like units (Hauts-de-France has 3 800 communes),
7 round-1 categories, 4 round-2 destinations, round 2 drawn from a known matrix.

* ours: ``estimate_transfers`` with 500 bootstrap replicates — each replicate's weighted Gram
  matrices are one matrix product over all replicates, then one small NNLS per replicate;
* reference, same process: the textbook loop — for each replicate, resample the units, build
  the stacked least-squares design over every unit (units·C + R rows) and solve it with
  ``scipy.optimize.nnls``; timed on 20 replicates and scaled to 500.

Goal: the regional estimate with 500 replicates in < 5 s on communes.
"""

from __future__ import annotations

import time

import numpy as np
from scipy.optimize import nnls

from ballottage.inference import estimate_transfers, synthesize_round2

UNITS, REPLICATES, REFERENCE_REPLICATES = 3_800, 500, 20
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


def region(seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    sizes = rng.lognormal(6.0, 1.2, size=UNITS).astype(np.int64) + 50
    round1 = rng.multinomial(sizes, rng.dirichlet([25, 20, 15, 5, 4, 3, 45], size=UNITS))
    return round1, synthesize_round2(round1, TRUTH, rng=rng)


def textbook_fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """min Σ_i w_i ‖y_i − x_i B‖², B ≥ 0, rows summing to 1: the stacked NNLS."""
    n, r = x.shape
    c = y.shape[1]
    root = np.sqrt(w)[:, None]
    design = np.zeros((n * c + r, r * c))
    for j in range(c):
        design[j * n : (j + 1) * n, j * r : (j + 1) * r] = root * x
        design[n * c :, j * r : (j + 1) * r] = np.eye(r) * 1e3
    rhs = np.concatenate([(root * y).T.ravel(), np.full(r, 1e3)])
    b = nnls(design, rhs, maxiter=50 * r * c)[0].reshape(c, r).T
    return b / b.sum(axis=1, keepdims=True)


def main() -> None:
    round1, round2 = region()
    rows = [f"r{i}" for i in range(TRUTH.shape[0])]
    cols = [f"c{j}" for j in range(TRUTH.shape[1])]

    start = time.perf_counter()
    est = estimate_transfers(
        round1, round2, row_labels=rows, col_labels=cols, bootstrap=REPLICATES, seed=1
    )
    ours = time.perf_counter() - start

    n1 = round1.sum(axis=1)
    x, y, w = round1 / n1[:, None], round2 / round2.sum(axis=1)[:, None], n1 / n1.sum()
    rng = np.random.default_rng(1)
    start = time.perf_counter()
    reps = []
    for _ in range(REFERENCE_REPLICATES):
        pick = rng.integers(0, UNITS, size=UNITS)
        reps.append(textbook_fit(x[pick], y[pick], w[pick]))
    reference = (time.perf_counter() - start) * (REPLICATES / REFERENCE_REPLICATES)
    same = np.abs(textbook_fit(x, y, w) - est.shares).max()

    print(f"{UNITS} units, {len(rows)} × {len(cols)} matrix, {REPLICATES} bootstrap replicates")
    print(f"textbook loop (scaled from {REFERENCE_REPLICATES}):  {reference:7.2f} s")
    print(
        f"estimate_transfers:                   {ours:7.2f} s  (ratio {reference / ours:.0f}x "
        f"faster; goal < 5 s: {'ok' if ours < 5 else 'MISSED'})"
    )
    print(f"largest gap between the two point estimates: {same:.1e}")
    print(f"mean absolute error against the truth: {np.abs(est.shares - TRUTH).mean():.4f}")


if __name__ == "__main__":
    main()
