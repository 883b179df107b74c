"""Where did the voters go, in the report: one line for the regions whose transfers are not
estimated (the estimates themselves come from :mod:`ballottage.elections.transfers`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ballottage.elections.overview import ElectionOverview, RegionOverview
from ballottage.inference.units import official_file


@dataclass(frozen=True)
class TransfersNote:
    """The regions without an estimate, and the commands that get the data: ``fetch`` downloads
    the Ministry's files (when data are lacking), ``transfers`` imports them into the store."""

    text: str
    fetch: str | None
    transfers: str


def transfers_note(election: ElectionOverview) -> TransfersNote | None:
    """One note for the regions of ``election`` whose transfers are not estimated."""
    regions: Sequence[RegionOverview] = election.regions
    lacking: dict[str, list[str]] = {}
    for region in regions:
        why = region.transfers_missing
        if why is not None:
            lacking.setdefault(why.reason, []).append(region.name)
    if not lacking:
        return None
    parts = [
        f"{'any region' if len(names) == len(regions) else ', '.join(names)}: {reason}"
        for reason, names in lacking.items()
    ]
    eid = election.id
    files = [f.key for f in (official_file(eid, 1), official_file(eid, 2)) if f]
    data = any(r.transfers_missing and r.transfers_missing.data for r in regions)
    return TransfersNote(
        f"Where did the voters go? Not estimated for {'; '.join(parts)}.",
        f"ballottage fetch {' '.join(files)}" if files and data else None,
        f"ballottage transfers {eid} --region CODE",
    )
