"""Published round-2 seats per list, compiled by hand with a source address per row.

The 2021 files at hand carry votes but no seats. ``reference/round2_seats_2021.csv`` gives the
seats each round-2 list won, as results pages published them (``source_url`` on every row).
Format: ``code_region;region;tete_de_liste;sieges;source_url`` (``;``, UTF-8). Importing it
(:func:`ballottage.data.imports.import_published_seats`) matches heads to the store's lists.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pandas as pd

from ballottage.data.reference import region_code
from ballottage.errors import InvalidInput

COLUMNS = ("code_region", "region", "tete_de_liste", "sieges", "source_url")


def compiled_2021() -> Path:
    """The shipped table of published 2021 round-2 seats."""
    return Path(str(files("ballottage.reference").joinpath("round2_seats_2021.csv")))


def read_published_seats(path: Path) -> pd.DataFrame:
    """The table, checked: every column, whole seats, a source on every row."""
    frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise InvalidInput(path.name, "header", f"lacks the columns {', '.join(missing)}")
    for i, rec in enumerate(frame.to_dict("records"), start=2):
        if not str(rec["sieges"]).isdigit():
            raise InvalidInput(f"{path.name}, line {i}", rec["sieges"], "seats: a whole number")
        if not str(rec["source_url"]).startswith(("http://", "https://")):
            raise InvalidInput(
                f"{path.name}, line {i}", rec["source_url"], "every row needs its source address"
            )
    frame["region"] = [region_code(c) for c in frame["code_region"]]
    frame["seats"] = frame["sieges"].astype(int)
    return frame
