"""Import the published round-2 seats per list compiled by hand
(:mod:`ballottage.data.sources.published_seats`): heads are matched to the store's lists
(case and accents aside); a head that heads no list, or a region whose seats do not add up
to its council, is an error naming the place.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from ballottage.data.imports.checks import check_region_seats
from ballottage.data.imports.pipeline import file_kind, only, run_import
from ballottage.data.imports.writing import region_lists
from ballottage.data.model import ImportReport
from ballottage.data.reference import normalize_name
from ballottage.data.sources.published_seats import read_published_seats
from ballottage.data.store import Store
from ballottage.errors import InconsistentData

KIND = "secondary:published-seats"


def _write(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, name: str, election: str, import_id: int
) -> None:
    for reg, group in frame.groupby("region"):
        numbers = region_lists(con, election, str(reg))
        con.execute(
            "DELETE FROM published_seats WHERE election = ? AND area = ?",
            [election, f"region:{reg}"],
        )
        for head, seats, source in group[["tete_de_liste", "seats", "source_url"]].itertuples(
            index=False
        ):
            number = numbers.get(normalize_name(str(head)))
            if number is None:
                raise InconsistentData(
                    f"{name}, region {reg}", f"{head} heads no list of {election} in the store"
                )
            con.execute(
                "INSERT INTO published_seats VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
                [election, str(reg), f"region:{reg}", number, int(seats), source, import_id],
            )
    check_region_seats(con, election)


def import_published_seats(store: Store, path: str | Path, *, election: str) -> ImportReport:
    """Import published round-2 seats per list (once per file; all or nothing)."""
    kind = file_kind(
        KIND, "region", read_published_seats, lambda frame: int(frame["region"].nunique()), _write
    )
    return only(run_import(store, [path], election, kind))
