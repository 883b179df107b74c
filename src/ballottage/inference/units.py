"""Local units for transfer estimation: both rounds of a region, commune by commune.

Each unit (a commune, else a canton) becomes one row of counts that split its inscrits
exhaustively: round 1 into every list of the region, ``abstention`` and ``blank-null``; round 2
into every round-2 list, ``abstention`` and ``blank-null``. A unit is used only if it has every
list of the region in both rounds, full turnout figures, and the same inscrits in both rounds
(within ``tolerance``); the others are dropped, and said so.

Small round-1 categories cannot be told apart on a few hundred units: a list with 1 % of the
inscrits moves the round-2 shares too little for its row to be identified, and its estimate can
sit anywhere. :func:`merge_small` therefore puts every round-1 list (and round-1 blank-null)
below ``merge_below`` of the region's inscrits into one category, ``others``, whose row is the
voter-weighted average of its members' rows. Lists that stand in round 2 and abstention are never
merged.

Sub-regional round-2 results are not shipped: they come from the Ministry's commune files
(``ballottage fetch``), imported with :func:`ballottage.data.imports.import_local_copies`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ballottage.data import RoundResults, Store
from ballottage.data.official import downloads_dir
from ballottage.data.official import official_file as official_file  # report.transfers uses it
from ballottage.errors import InvalidInput, MissingData
from ballottage.inference.settings import DEFAULT_MERGE_BELOW, LEVELS
from ballottage.scenarios.defaults import ABSTENTION, BLANK_NULL

OTHERS = "others"
"""The merged round-1 category of small lists (and round-1 blank-null when small too)."""

Counts = NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class LocalCounts:
    """One round of one region by unit: ``counts[i, j]`` of ``labels[j]`` in ``areas[i]``.

    Labels are the lists' heads (most votes first), then ``abstention`` and ``blank-null``.
    ``dropped`` explains each unit left out.
    """

    election: str
    region: str
    region_code: str
    round: int
    level: str
    areas: tuple[str, ...]
    labels: tuple[str, ...]
    counts: Counts
    dropped: tuple[str, ...]

    @property
    def lists(self) -> tuple[str, ...]:
        """The lists' heads (labels without abstention and blank-null)."""
        return self.labels[:-2]


def missing_file(election: str, round_: int, why: str, *, directory: Path | None = None) -> str:
    """A message naming the file that would fill a gap, and the command that fetches it."""
    official = official_file(election, round_)
    option = f"--round{round_}-file PATH"
    if official is None:
        return f"{why}; import a Ministry file of that round by commune with {option}"
    where = directory or downloads_dir()
    return (
        f"{why}. They are in the Ministry's round-{round_} {official.level} file "
        f"{official.filename} (key {official.key}), not shipped with ballottage and not found "
        f"in {where}: run `ballottage fetch {official.key}` (needs the network), or pass your "
        f"copy with {option}"
    )


def _stored(store: Store, election: str, region: str, round_: int, level: str) -> bool:
    try:
        store.round_results(election, region, round_, level)
    except MissingData:
        return False
    return True


def local_counts(store: Store, election: str, region: str, round_: int, level: str) -> LocalCounts:
    """Counts of one round by ``level`` (``commune`` or ``canton``), units with every list."""
    if level not in LEVELS:
        raise InvalidInput("level", level, f"must be one of {', '.join(LEVELS)}")
    results = store.round_results(election, region, round_, level)
    return _counts(results)


def _counts(results: RoundResults) -> LocalCounts:
    totals: dict[str, int] = {}
    for area in results.areas:
        for lv in area.lists:
            totals[lv.list.head] = totals.get(lv.list.head, 0) + lv.votes
    heads = sorted(totals, key=lambda h: -totals[h])
    rows, areas, dropped = [], [], []
    for area in results.areas:
        t = area.turnout
        votes = area.votes_by_head()
        lacking = [h for h in heads if h not in votes]
        fields = (t.inscrits, t.votants, t.blancs, t.nuls)
        if lacking:
            dropped.append(f"{area.area.id}: no result for {', '.join(lacking)}")
        elif t.inscrits is None or t.votants is None or t.blancs is None or t.nuls is None:
            dropped.append(f"{area.area.id}: turnout incomplete {fields}")
        elif t.inscrits <= 0:
            dropped.append(f"{area.area.id}: no inscrits")
        else:
            areas.append(area.area.id)
            rows.append([votes[h] for h in heads] + [t.inscrits - t.votants, t.blancs + t.nuls])
    return LocalCounts(
        election=results.election,
        region=results.region.name,
        region_code=results.region.code,
        round=results.round,
        level=results.level,
        areas=tuple(areas),
        labels=(*heads, ABSTENTION, BLANK_NULL),
        counts=np.array(rows, dtype=np.int64).reshape(len(rows), len(heads) + 2),
        dropped=tuple(dropped),
    )


def merge_small(
    labels: Sequence[str], voters: Sequence[float], merge_below: float, keep: Sequence[str] = ()
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Categories after merging: ``(label, members)`` in order, small members under ``others``.

    A category is small when its ``voters`` are below ``merge_below`` of their sum (the
    inscrits). ``abstention`` and the labels in ``keep`` are never merged; a lone small category
    keeps its name.

    >>> groups = merge_small(["A", "B", "C", "D", "abstention", "blank-null"],
    ...                      [400, 300, 20, 10, 250, 20], 0.03)
    >>> [label for label, _ in groups], groups[2][1]
    (['A', 'B', 'others', 'abstention'], ('C', 'D', 'blank-null'))
    """
    if not 0.0 <= merge_below < 1.0:
        raise InvalidInput("merge_below", merge_below, "must be a share of inscrits in [0, 1)")
    if OTHERS in labels:
        raise InvalidInput("labels", OTHERS, "is reserved for the merged category")
    total = float(sum(voters))
    small = [
        label
        for label, v in zip(labels, voters, strict=True)
        if label != ABSTENTION and label not in keep and v < merge_below * total
    ]
    if len(small) < 2:
        return tuple((label, (label,)) for label in labels)
    kept = [(label, (label,)) for label in labels if label not in small]
    at = next((i for i, (label, _) in enumerate(kept) if label in (ABSTENTION, BLANK_NULL)), 0)
    return (*kept[:at], (OTHERS, tuple(small)), *kept[at:])


def grouping(
    labels: Sequence[str], groups: Sequence[tuple[str, Sequence[str]]]
) -> NDArray[np.int64]:
    """The 0/1 matrix [labels, groups] that sums counts of ``labels`` into ``groups``."""
    out = np.zeros((len(labels), len(groups)), dtype=np.int64)
    for j, (_, members) in enumerate(groups):
        for member in members:
            out[list(labels).index(member), j] = 1
    return out


@dataclass(frozen=True, eq=False)
class TransferUnits:
    """Both rounds of a region on the same units, round-1 categories merged, ready to fit."""

    election: str
    region: str
    region_code: str
    level: str
    areas: tuple[str, ...]
    rows: tuple[str, ...]
    cols: tuple[str, ...]
    round1: Counts
    round2: Counts
    members: tuple[tuple[str, tuple[str, ...]], ...]
    """Each round-1 category and the round-1 sources it holds (heads, abstention, blank-null)."""
    dropped: tuple[str, ...]
    merge_below: float

    @property
    def standing(self) -> tuple[str, ...]:
        """The round-2 lists."""
        return self.cols[:-2]


@dataclass(frozen=True)
class TransferGap:
    """What keeps the store from pairing both rounds of a region: ``round`` lacks local results
    (by commune or canton, or at the level of the other round); ``why`` says it in words."""

    round: int
    why: str


def transfer_gap(store: Store, election: str, region: str) -> TransferGap | str:
    """The finest level the store has for both rounds of ``region``, else what is missing."""
    second = next((lv for lv in LEVELS if _stored(store, election, region, 2, lv)), None)
    if second is None:
        return TransferGap(2, "the store has no round-2 results by commune or canton")
    if not _stored(store, election, region, 1, second):
        finer = (
            " (round 2 cannot be summed into cantons: the store does not know the canton of "
            "each commune)"
            if second == "commune"
            else ""
        )
        return TransferGap(1, f"round 2 is by {second}, round 1 is not{finer}")
    return second


def transfer_units(
    store: Store,
    election: str,
    region: str,
    *,
    merge_below: float = DEFAULT_MERGE_BELOW,
    tolerance: float = 0.01,
    directory: Path | None = None,
) -> TransferUnits:
    """Pair round 1 and round 2 of ``region`` on the finest level the store has for both.

    Raises :class:`MissingData` naming the file to fetch when round 2 (or round 1 at the
    level of round 2) is not in the store by commune or canton.
    """
    reg = store.region(election, region)
    second = transfer_gap(store, election, region)
    if isinstance(second, TransferGap):
        place = f"{reg.name}, {election}"
        why = f"{place}: {second.why}"
        raise MissingData(
            missing_file(election, second.round, why, directory=directory),
            where=place,
            problem=second.why,
            kind="round-not-stored",
        )
    one = local_counts(store, election, region, 1, second)
    two = local_counts(store, election, region, 2, second)
    return pair_rounds(one, two, merge_below=merge_below, tolerance=tolerance)


def pair_rounds(
    one: LocalCounts, two: LocalCounts, *, merge_below: float, tolerance: float = 0.01
) -> TransferUnits:
    """Units present in both rounds with the same inscrits; round-1 categories merged."""
    at = {a: i for i, a in enumerate(two.areas)}
    dropped = [*one.dropped, *two.dropped]
    told = {d.split(": ", 1)[0] for d in dropped}
    keep1, keep2 = [], []
    for i, area in enumerate(one.areas):
        j = at.get(area)
        if j is None:
            if area not in told:
                dropped.append(f"{area}: not in round 2")
            continue
        n1, n2 = int(one.counts[i].sum()), int(two.counts[j].sum())
        if abs(n2 - n1) > tolerance * n1:
            dropped.append(f"{area}: {n1} inscrits in round 1, {n2} in round 2")
            continue
        keep1.append(i)
        keep2.append(j)
    known = set(one.areas) | told
    dropped += [f"{a}: not in round 1" for a in two.areas if a not in known]
    if not keep1:
        place, problem = f"{one.region}, {one.election}", f"no {one.level} is usable in both rounds"
        raise MissingData(
            f"{place}: {problem}", where=place, problem=problem, kind="no-common-unit"
        )
    x = one.counts[keep1]
    groups = merge_small(one.labels, x.sum(axis=0).tolist(), merge_below, keep=two.lists)
    return TransferUnits(
        election=one.election,
        region=one.region,
        region_code=one.region_code,
        level=one.level,
        areas=tuple(one.areas[i] for i in keep1),
        rows=tuple(g for g, _ in groups),
        cols=two.labels,
        round1=x @ grouping(one.labels, groups),
        round2=two.counts[keep2],
        members=groups,
        dropped=tuple(dropped),
        merge_below=merge_below,
    )
