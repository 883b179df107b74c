"""Import the local copies of the Ministry's official files (``ballottage fetch``)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ballottage.data.imports.ministry import import_minint
from ballottage.data.model import ImportReport
from ballottage.data.official import local_copy, official_file
from ballottage.data.store import Store


def import_local_copies(
    store: Store,
    election: str,
    *,
    files: Mapping[int, Path | None] | None = None,
    directory: Path | None = None,
) -> tuple[ImportReport, ...]:
    """Import the commune files of ``election`` given in ``files`` (round → path), else the
    copies ``ballottage fetch`` downloaded into ``directory``. Importing twice does nothing."""
    reports: list[ImportReport] = []
    for round_ in (1, 2):
        path = (files or {}).get(round_)
        if path is None:
            official = official_file(election, round_)
            path = local_copy(official, directory) if official else None
        if path is not None:
            reports.extend(import_minint(store, path, election=election, round=round_))
    return tuple(reports)
