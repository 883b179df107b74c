"""A synthetic round 2 on real round-1 units, drawn from a known transfer matrix that varies
with the local context, so that the election-night model is tested where naive models fail.

Regional matrix (before the local effects), for round-1 category → round-2 category:

* a list that stands keeps ``KEEP`` of its voters, loses a little to abstention and the rest
  to the other standing lists;
* a list merged into a standing list sends ``MERGED`` of its voters to it;
* a list out of round 2 (or that withdrew) sends ``OUT_ABSTAIN`` to abstention, the rest to the
  standing lists in proportion to a random split (drawn once per seed);
* round-1 abstainers (and blank/null) stay home but for ``MOBILISED``, split like the others.

Local context: in each unit, the share of every non-loyal flow (merged, out, abstainers) that
goes to a standing list is multiplied by ``exp(CONTEXT · z)``, ``z`` the standardised round-1
share of that list in the unit (voters go more to the list that is strong around them: left
voters to the far right where it is strong), and abstainers are mobilised more in larger units
(``SIZE_EFFECT`` per log-unit of size). Each unit's rows are then drawn around that matrix
(Dirichlet, concentration ``LOCAL``) and its voters split by multinomial draws. The true
regional matrix is the sum of the units' tables over the round-1 voters of each category.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from ballottage.law.rounds import Lineup, lineup_from, round2_eligibility
from ballottage.law.rules import RuleSet
from ballottage.live.model_units import REST
from ballottage.live.projection import UnitCount

KEEP = 0.90
MERGED = 0.75
OUT_ABSTAIN = 0.45
MOBILISED = 0.12
CONTEXT = 0.5
SIZE_EFFECT = 0.04
LOCAL = 150.0
BLANK_NULL = 0.04
"""Share of round-2 votants who vote blank or null."""


@dataclass(frozen=True, eq=False)
class SyntheticRound2:
    """The drawn round 2 (``units``) and the true transfers ``matrix[r, c]`` of ``rows`` to
    ``cols`` (round-1 lists and :data:`REST`; standing lists and :data:`REST`)."""

    units: Mapping[str, UnitCount]
    rows: tuple[str, ...]
    cols: tuple[str, ...]
    matrix: NDArray[np.float64]


def synthetic_round2(
    round1_units: Mapping[str, UnitCount], lineup: Lineup, seed: int
) -> dict[str, UnitCount]:
    """The round-2 figures of every unit (see :func:`synthetic_transfers` for the truth)."""
    return dict(synthetic_transfers(round1_units, lineup, seed).units)


def synthetic_transfers(
    round1_units: Mapping[str, UnitCount], lineup: Lineup, seed: int
) -> SyntheticRound2:
    """A round 2 drawn from context-dependent transfers (module doc), and the true matrix."""
    rng = np.random.default_rng(seed)
    codes = sorted(round1_units)
    rows = tuple(sorted({n for u in round1_units.values() for n in u.votes})) + (REST,)
    cols = (*lineup.standing, REST)
    x = np.array(
        [
            [round1_units[c].votes.get(n, 0) for n in rows[:-1]]
            + [max(round1_units[c].inscrits - sum(round1_units[c].votes.values()), 0)]
            for c in codes
        ],
        dtype=np.int64,
    )
    base = regional_matrix(rows, lineup, rng)
    local = local_matrices(base, x, rows, lineup)
    alpha = np.maximum(local * LOCAL, 1e-3)
    unit_p = rng.gamma(alpha)
    unit_p /= unit_p.sum(axis=2, keepdims=True)
    tables = rng.multinomial(x, unit_p)
    y = tables.sum(axis=1)
    units = {}
    for i, code in enumerate(codes):
        exprimes = int(y[i, :-1].sum())
        votants = min(exprimes + round(exprimes * BLANK_NULL), round1_units[code].inscrits)
        votes = MappingProxyType({n: int(v) for n, v in zip(lineup.standing, y[i], strict=False)})
        units[code] = UnitCount(code, round1_units[code].inscrits, votants, exprimes, votes)
    voters = np.maximum(x.sum(axis=0), 1)
    return SyntheticRound2(
        MappingProxyType(units), rows, cols, tables.sum(axis=0) / voters[:, None]
    )


def regional_matrix(
    rows: tuple[str, ...], lineup: Lineup, rng: np.random.Generator
) -> NDArray[np.float64]:
    """The regional transfers before any local effect (module doc)."""
    standing = lineup.standing
    merged_into = {p: s for s, group in lineup.mergers.items() for p in group}
    m = np.zeros((len(rows), len(standing) + 1))
    for r, name in enumerate(rows):
        split = rng.dirichlet(np.full(len(standing), 2.0))
        if name in standing:
            s = standing.index(name)
            m[r, -1] = 0.04
            m[r, :-1] = (1 - KEEP - 0.04) * split
            m[r, s] += KEEP
            m[r, :-1] *= (1 - 0.04) / m[r, :-1].sum()
        elif name in merged_into:
            m[r, -1] = 0.15
            m[r, :-1] = 0.10 * split
            m[r, standing.index(merged_into[name])] += MERGED
        elif name == REST:
            m[r, -1] = 1 - MOBILISED
            m[r, :-1] = MOBILISED * split
        else:
            m[r, -1] = OUT_ABSTAIN
            m[r, :-1] = (1 - OUT_ABSTAIN) * split
    return np.asarray(m / m.sum(axis=1, keepdims=True), dtype=float)


def local_matrices(
    base: NDArray[np.float64], x: NDArray[np.int64], rows: tuple[str, ...], lineup: Lineup
) -> NDArray[np.float64]:
    """Each unit's expected matrix: flows tilted to the lists strong there, mobilisation by size."""
    size = np.maximum(x.sum(axis=1), 1).astype(float)
    shares = x / size[:, None]
    index = {n: r for r, n in enumerate(rows)}
    strength = np.column_stack(
        [shares[:, index[s]] if s in index else np.zeros(len(size)) for s in lineup.standing]
    )
    z = (strength - strength.mean(axis=0)) / np.maximum(strength.std(axis=0), 1e-9)
    tilt = np.exp(CONTEXT * z)  # [units, standing]
    local = np.repeat(base[None, :, :], len(size), axis=0)
    loyal = [index[s] for s in lineup.standing if s in index]
    others = [r for r in range(len(rows)) if r not in loyal]
    flows = local[:, others, :-1] * tilt[:, None, :]
    kept = local[:, others, :-1].sum(axis=2, keepdims=True)
    local[:, others, :-1] = flows * kept / np.maximum(flows.sum(axis=2, keepdims=True), 1e-12)
    log_size = np.log(size) - np.log(size).mean()
    rest = local[:, -1, :]
    mobilised = np.clip(rest[:, :-1].sum(axis=1) + SIZE_EFFECT * log_size, 0.01, 0.6)
    rest[:, :-1] *= (mobilised / rest[:, :-1].sum(axis=1))[:, None]
    rest[:, -1] = 1 - mobilised
    return local


def plausible_lineup(
    round1_units: Mapping[str, UnitCount], families: Mapping[str, str], rules: RuleSet
) -> Lineup:
    """A round-2 line-up for a synthetic night: who may stand does (art. L346), and each list
    with 5 % merges into the standing list of its family (ecologists count with the left), if
    there is one."""
    totals: dict[str, int] = {}
    for unit in round1_units.values():
        for name, votes in unit.votes.items():
            totals[name] = totals.get(name, 0) + votes
    eligibility = round2_eligibility(totals, rules)

    def side(name: str) -> str:
        family = families.get(name, name)
        return "left" if family == "ecologist" else family

    mergers: dict[str, list[str]] = {}
    for name in eligibility.merge:
        into = [s for s in eligibility.stand if side(s) == side(name)]
        if into:
            mergers.setdefault(into[0], []).append(name)
    return lineup_from(eligibility.stand, mergers)
