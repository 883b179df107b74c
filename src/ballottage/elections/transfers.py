"""Where did the voters go: the default transfer estimate of a region whose local results of
both rounds are in the store, or why it is not known.

Computed here, once, for the report to draw (:mod:`ballottage.report.heatmap`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ballottage.data.model import Region
from ballottage.data.store import Store
from ballottage.errors import BallottageError, MissingData
from ballottage.inference.estimate import TransferEstimate
from ballottage.inference.methods import estimate_units, estimator
from ballottage.inference.units import TransferGap, transfer_gap, transfer_units

TRANSFER_BOOTSTRAP = 200
"""Bootstrap replicates if the method is ``goodman`` (the default, ``em-ipf``, has none)."""
TRANSFER_SEED = 0
"""Seed of that bootstrap, so that the report is reproducible."""


@dataclass(frozen=True)
class MergedCategory:
    """A round-1 category that holds several small lists (``others``) and what it holds."""

    name: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class RegionTransfers:
    """The estimated transfers of one region and the units they come from."""

    estimate: TransferEstimate
    region: str
    election: str
    unit_level: str
    """``commune`` or ``canton``."""
    merge_below: float
    """Share of the inscrits under which a round-1 list is merged into ``others``."""
    merged: tuple[MergedCategory, ...]
    dropped: int
    """Units left out (a list missing, turnout incomplete, inscrits differing between rounds)."""

    @property
    def units(self) -> int:
        """Units the estimate is drawn from."""
        return self.estimate.units


@dataclass(frozen=True)
class TransfersMissing:
    """Why a region's transfers are not estimated (without the region's name); ``data`` says
    whether results are lacking (then ``ballottage fetch`` and ``transfers`` can get them)."""

    reason: str
    data: bool


def region_transfers(
    store: Store, election: str, region: Region
) -> RegionTransfers | TransfersMissing:
    """The default estimate (seeded) of the region's transfers, else why it is not known."""
    gap = transfer_gap(store, election, region.code)
    if isinstance(gap, TransferGap):
        return TransfersMissing(gap.why, data=True)
    try:
        units = transfer_units(store, election, region.code)
        est = estimate_units(estimator(bootstrap=TRANSFER_BOOTSTRAP), units, seed=TRANSFER_SEED)
    except BallottageError as exc:
        return TransfersMissing(str(exc), data=isinstance(exc, MissingData))
    merged = tuple(
        MergedCategory(label, tuple(members))
        for label, members in units.members
        if len(members) > 1
    )
    return RegionTransfers(
        est,
        units.region,
        units.election,
        units.level,
        units.merge_below,
        merged,
        len(units.dropped),
    )
