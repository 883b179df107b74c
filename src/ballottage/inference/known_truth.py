"""Validation on a known truth: real round-1 units, a synthetic round 2, the matrix fitted back.

The synthetic round 2 is drawn from the *unmerged* truth (every list keeps its own row, each
unit its own local matrix, see :func:`synthesize_round2`); the fit then sees only what it would
see on real data, the merged round-1 categories. The truth of a merged category is the
voter-weighted average of its members' rows over the region — the quantity the fit estimates.
A merged category whose members behave differently adds aggregation bias to its row (its mix
of members varies between units), and the errors reported include it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from ballottage.errors import InvalidInput
from ballottage.inference.estimate import Array, TransferEstimate
from ballottage.inference.methods import estimator
from ballottage.inference.settings import (
    DEFAULT_LOCAL_VARIATION,
    DEFAULT_MERGE_BELOW,
    DEFAULT_METHOD,
    METHODS,
)
from ballottage.inference.synthetic import (
    ValidationReport,
    synthesize_round2,
    validation_report,
)
from ballottage.inference.units import (
    LocalCounts,
    grouping,
    merge_small,
)


def truth_matrix(
    labels: Sequence[str], truth: Mapping[str, Sequence[float]], cols: Sequence[str]
) -> Array:
    """Rows of ``truth`` (source → shares over ``cols``) in the order of ``labels``."""
    missing = [label for label in labels if label not in truth]
    if missing:
        raise InvalidInput("truth", missing[0], f"has no row (rows: {', '.join(truth)})")
    rows = [list(truth[label]) for label in labels]
    if any(len(r) != len(cols) for r in rows):
        raise InvalidInput("truth", len(cols), "every row needs one share per destination")
    return np.array(rows, dtype=float)


__all__ = ["METHODS", "estimator", "truth_matrix", "validate_on_units"]


def validate_on_units(
    round1: LocalCounts,
    truth: Mapping[str, Sequence[float]],
    cols: Sequence[str],
    *,
    seed: int,
    merge_below: float = DEFAULT_MERGE_BELOW,
    bootstrap: int = 500,
    level: float = 0.90,
    local_variation: float = DEFAULT_LOCAL_VARIATION,
    estimate: Callable[..., TransferEstimate] | None = None,
) -> tuple[ValidationReport, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Synthesize round 2 of ``round1``'s units from ``truth``, fit the merged categories back.

    Returns the report (errors per cell of the merged matrix) and the merged categories.
    ``cols`` are the round-2 destinations (lists, then ``abstention`` and ``blank-null``).
    ``estimate`` is the method (see :func:`estimator`; default: the default method).
    """
    if estimate is None:
        estimate = estimator(DEFAULT_METHOD, bootstrap=bootstrap)
    p = truth_matrix(round1.labels, truth, cols)
    x = round1.counts
    groups = merge_small(round1.labels, x.sum(axis=0).tolist(), merge_below, keep=cols[:-2])
    g = grouping(round1.labels, groups)
    synth, boot = np.random.SeedSequence(seed).spawn(2)
    round2 = synthesize_round2(
        x, p, rng=np.random.default_rng(synth), local_variation=local_variation
    )
    voters = x.sum(axis=0).astype(float)
    merged_truth = (g.T @ (voters[:, None] * p)) / (g.T @ voters)[:, None]
    est = estimate(
        x @ g,
        round2,
        row_labels=[label for label, _ in groups],
        col_labels=list(cols),
        seed=int(boot.generate_state(1)[0]),
        level=level,
    )
    report = validation_report(est, merged_truth, level=level, local_variation=local_variation)
    return report, groups
