"""A district with a known answer, in the layout of ``ei_datasets_nz_dev`` (units + truth)."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def write_district(folder: Path, seed: int, *, units: int = 40) -> np.ndarray:
    """A district in the ei_datasets_nz_dev layout from known unit tables; its true counts."""
    rng = np.random.default_rng(seed)
    x = rng.multinomial(rng.integers(300, 2_000, size=units), rng.dirichlet([4, 3, 2], units))
    mean = np.array([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4]])
    draws = rng.standard_gamma(40 * np.broadcast_to(mean, (units, 3, 3)))
    tables = rng.multinomial(x, draws / draws.sum(axis=2, keepdims=True))
    folder.mkdir(parents=True)
    head = "unit,r:Left,r:Right,r:Abst,c:Left,c:Right,c:Abst\n"
    lines = [",".join(map(str, [i + 1, *x[i], *tables[i].sum(axis=0)])) for i in range(units)]
    (folder / "units.csv").write_text(head + "\n".join(lines) + "\n", encoding="utf-8")
    truth = tables.sum(axis=0)
    order = [1, 0, 2]  # truth.csv has its columns in another order: they are read by name
    body = [
        f"r:{label}," + ",".join(str(truth[k, j]) for j in order)
        for k, label in enumerate(("Left", "Right", "Abst"))
    ]
    (folder / "truth.csv").write_text(
        "row,c:Right,c:Left,c:Abst\n" + "\n".join(body) + "\n", encoding="utf-8"
    )
    return np.asarray(truth, dtype=float)
