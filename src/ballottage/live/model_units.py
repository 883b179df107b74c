"""The night's units as arrays: what is counted, what is not, and what each unit looks like.

Every unit is described in *shares of its inscrits*. The baseline of a unit is split into
categories (round 2: the round-1 lists; round 1: the baseline election's lists grouped by
political family) plus :data:`REST`, the inscrits who cast no exprimé (abstention, blank, null).
The current figures are the votes of this election's lists. The covariates of a unit, known
for every unit before it reports, are what the model uses to tell a counted unit from an
uncounted one: its size (log of its inscrits), its baseline turnout and the baseline shares of
the two largest categories, and its department.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

REST = "(no exprimé)"
"""The baseline category of the inscrits who cast no exprimé (abstention, blank, null)."""
SHARE_COVARIATES = 4
"""How many of the largest baseline categories enter the covariates with their shares."""


class CountLike(Protocol):
    """The fields of :class:`~ballottage.live.projection.UnitCount` this module reads."""

    @property
    def inscrits(self) -> int: ...
    @property
    def exprimes(self) -> int: ...
    @property
    def votes(self) -> Mapping[str, int]: ...


@dataclass(frozen=True, eq=False)
class NightArrays:
    """The night as arrays (rows: units; columns: categories or lists).

    ``x_counted``/``x_uncounted`` are the baseline counts per category (:data:`REST` last),
    ``y_counted`` the current votes of ``lists`` in the counted units that have a baseline,
    ``inscrits_counted`` their current inscrits; ``counted_votes`` sums the current votes of
    every counted unit (with or without a baseline) and ``counted_exprimes`` their exprimés.
    ``z`` holds every unit's covariates (counted units first, in the order of ``x_counted``).
    """

    lists: tuple[str, ...]
    categories: tuple[str, ...]
    x_counted: Array
    y_counted: Array
    inscrits_counted: Array
    x_uncounted: Array
    z_counted: Array
    z_uncounted: Array
    counted_votes: Array
    counted_exprimes: int
    counted_share: float
    complete: bool
    kinds: tuple[str, ...]
    """The kind of each covariate: intercept, size, turnout, share, department."""


def department_of(code: str) -> str:
    """The department of a unit code: ``canton:59-12`` → ``59``, ``59350`` → ``59``.

    >>> [department_of(c) for c in ("canton:59-12", "2A-03", "59350", "97411", "dep:62")]
    ['59', '2A', '59', '974', '62']
    """
    bare = code.rsplit(":", 1)[-1]
    if "-" in bare:
        return bare.split("-", 1)[0]
    if len(bare) == 5:
        return bare[:3] if bare.startswith("97") else bare[:2]
    return bare


def baseline_category(name: str, families: Mapping[str, str], by_family: bool) -> str:
    """The category a baseline list counts in: its family on round 1, itself on round 2."""
    if not by_family:
        return name
    family = families.get(name)
    return f"family:{family}" if family else f"list:{name}"


@dataclass(frozen=True, eq=False)
class BaselineArrays:
    """The baseline of every unit (codes sorted), its categories and covariates."""

    codes: tuple[str, ...]
    categories: tuple[str, ...]
    x: Array
    z: Array
    kinds: tuple[str, ...]


_MEMO: dict[tuple[int, int, bool], tuple[object, object, BaselineArrays]] = {}
_MEMO_SIZE = 64


def baseline_arrays(
    baseline: Mapping[str, CountLike], families: Mapping[str, str], *, by_family: bool
) -> BaselineArrays:
    """The baseline as arrays, remembered for the same ``baseline`` and ``families`` objects.

    A night re-projects every region at every batch with the same baseline: building it once
    is most of the work on commune feeds. The memo holds the objects themselves (so their ids
    cannot be reused) and assumes, as the frozen :class:`RegionNight` does, that they are not
    mutated in place.
    """
    key = (id(baseline), id(families), by_family)
    hit = _MEMO.get(key)
    if hit is not None and hit[0] is baseline and hit[1] is families:
        return hit[2]
    categories = _categories(baseline, families, by_family)
    col = {c: j for j, c in enumerate(categories)}
    codes = tuple(sorted(baseline))
    x = np.zeros((len(codes), len(categories)))
    for i, code in enumerate(codes):
        unit = baseline[code]
        for name, votes in unit.votes.items():
            x[i, col[baseline_category(name, families, by_family)]] += votes
        x[i, -1] = max(unit.inscrits - sum(unit.votes.values()), 0)
    z, kinds = _covariates(x, [department_of(c) for c in codes])
    arrays = BaselineArrays(codes, categories, x, z, kinds)
    if len(_MEMO) >= _MEMO_SIZE:
        del _MEMO[next(iter(_MEMO))]
    _MEMO[key] = (baseline, families, arrays)
    return arrays


def night_arrays(
    baseline: Mapping[str, CountLike],
    counted: Mapping[str, CountLike],
    families: Mapping[str, str],
    *,
    by_family: bool,
) -> NightArrays:
    """The arrays of a night (round 1: ``by_family``, the baseline grouped by family)."""
    lists = _current_lists(counted)
    base = baseline_arrays(baseline, families, by_family=by_family)
    x, z = base.x, base.z
    is_counted = np.array([c in counted for c in base.codes], dtype=bool)
    rows = [counted[c].votes for c in base.codes if c in counted]
    y = np.array([[v.get(n, 0) for n in lists] for v in rows], dtype=float)
    inscrits = np.array([float(counted[c].inscrits) for c in base.codes if c in counted])
    total = np.array([sum(u.votes.get(n, 0) for u in counted.values()) for n in lists], float)
    base_inscrits = x.sum(axis=1)
    share = float(base_inscrits[is_counted].sum() / max(base_inscrits.sum(), 1.0))
    return NightArrays(
        lists=lists,
        categories=base.categories,
        x_counted=x[is_counted],
        y_counted=y.reshape(len(rows), len(lists)),
        inscrits_counted=inscrits,
        x_uncounted=x[~is_counted],
        z_counted=z[is_counted],
        z_uncounted=z[~is_counted],
        counted_votes=total,
        counted_exprimes=sum(u.exprimes for u in counted.values()),
        counted_share=share if not is_counted.all() else 1.0,
        complete=bool(is_counted.all()) and bool(counted),
        kinds=base.kinds,
    )


def _current_lists(counted: Mapping[str, CountLike]) -> tuple[str, ...]:
    """The lists with votes in the counted units, most votes first (then by name)."""
    totals: dict[str, int] = {}
    for unit in counted.values():
        for name, votes in unit.votes.items():
            totals[name] = totals.get(name, 0) + votes
    return tuple(sorted(totals, key=lambda n: (-totals[n], n)))


def _categories(
    baseline: Mapping[str, CountLike], families: Mapping[str, str], by_family: bool
) -> tuple[str, ...]:
    names = {baseline_category(n, families, by_family) for u in baseline.values() for n in u.votes}
    return (*sorted(names), REST)


def _covariates(x: Array, departments: Sequence[str]) -> tuple[Array, tuple[str, ...]]:
    """Intercept, log size, baseline turnout and top shares (centred), department dummies.

    The dummies are only added when a department holds several units (canton or commune
    feeds): with department units they would duplicate the unit's own residual.
    """
    size = np.maximum(x.sum(axis=1), 1.0)
    shares = x / size[:, None]
    weight = size / size.sum()
    top = np.argsort(-x[:, :-1].sum(axis=0))[:SHARE_COVARIATES]
    columns = [np.log(size), shares[:, -1], *(shares[:, j] for j in top)]
    kinds = ["intercept", "size", "turnout", *("share",) * len(top)]
    centred = [c - float(weight @ c) for c in columns]
    names = sorted(set(departments))
    dummies: list[Array] = []
    if len(names) > 1 and len(names) < len(departments):
        index = {d: k for k, d in enumerate(names)}
        pick = np.array([index[d] for d in departments])
        dummies = [np.asarray(pick == k, dtype=float) for k in range(len(names))]
        kinds += ["department"] * len(names)
    z = np.column_stack([np.ones(len(size)), *centred, *dummies])
    return z.reshape(len(size), len(kinds)), tuple(kinds)
