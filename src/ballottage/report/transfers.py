"""Where did the voters go, in the report: the default transfer estimate of each region whose
local results of both rounds are in the store, or why it is missing."""

from __future__ import annotations

from ballottage.data.model import Region
from ballottage.data.store import Store
from ballottage.errors import BallottageError, MissingData
from ballottage.inference.methods import estimate_units, estimator
from ballottage.inference.units import official_file, transfer_units
from ballottage.plain import Plain
from ballottage.report.heatmap import category_label

TRANSFER_BOOTSTRAP = 200
"""Bootstrap replicates if the method is ``goodman`` (the default, ``em-ipf``, has none)."""
TRANSFER_SEED = 0
"""Seed of that bootstrap, so that the report is reproducible."""


def transfers_data(
    store: Store, election: str, region: Region
) -> tuple[Plain | None, Plain | None]:
    """Where the region's voters went (the default estimate, seeded), else why it is not known.

    The estimate needs both rounds by commune (or canton) in the store; the reason comes without
    the region's name (``reason``) and says whether data are lacking (``data``).
    """
    try:
        units = transfer_units(store, election, region.code)
        est = estimate_units(estimator(bootstrap=TRANSFER_BOOTSTRAP), units, seed=TRANSFER_SEED)
    except BallottageError as exc:
        reason = str(exc).removeprefix(f"{region.name}, {election}: ").split(". ", 1)[0]
        return None, {"reason": reason, "data": isinstance(exc, MissingData)}
    merged = [
        {"label": category_label(label), "members": [category_label(m) for m in members]}
        for label, members in units.members
        if len(members) > 1
    ]
    plain: Plain = {
        **est.to_dict(),
        "region": units.region,
        "election": units.election,
        "unit_level": units.level,
        "merge_below": units.merge_below,
        "merged": merged,
        "dropped": len(units.dropped),
    }
    return plain, None


def transfers_note(election: str, regions: list[Plain]) -> Plain | None:
    """One line for the regions whose transfers are not estimated, and the commands that get the
    data (``fetch`` downloads the Ministry's files, ``transfers`` imports them into the store)."""
    lacking: dict[str, list[str]] = {}
    for region in regions:
        why = region["transfers_missing"]
        if why is not None:
            lacking.setdefault(why["reason"], []).append(region["name"])
    if not lacking:
        return None
    parts = [
        f"{'any region' if len(names) == len(regions) else ', '.join(names)}: {reason}"
        for reason, names in lacking.items()
    ]
    files = [f.key for f in (official_file(election, 1), official_file(election, 2)) if f]
    data = any(r["transfers_missing"] and r["transfers_missing"]["data"] for r in regions)
    return {
        "text": f"Where did the voters go? Not estimated for {'; '.join(parts)}.",
        "fetch": f"ballottage fetch {' '.join(files)}" if files and data else None,
        "transfers": f"ballottage transfers {election} --region CODE",
    }
