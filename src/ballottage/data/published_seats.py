"""Published round-2 seats per list, compiled by hand with a source address per row.

The 2021 files at hand carry votes but no seats. ``reference/round2_seats_2021.csv`` gives the
seats each round-2 list won, as results pages published them (``source_url`` on every row);
importing it lets ``ballottage verify 2021`` compare them with the seats the law computes.
Format: ``code_region;region;tete_de_liste;sieges;source_url`` (``;``, UTF-8). Heads are
matched to the store's lists (case and accents aside); a head that heads no list, or a region
whose seats do not add up to its council, is an error naming the place.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import duckdb
import pandas as pd

from ballottage.data.checks import check_region_seats
from ballottage.data.importer import region_lists
from ballottage.data.model import ImportReport
from ballottage.data.reference import normalize_name, region_code
from ballottage.data.store import Store
from ballottage.errors import InconsistentData, InvalidInput

COLUMNS = ("code_region", "region", "tete_de_liste", "sieges", "source_url")
KIND = "secondary:published-seats"


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
    return store._import_file(  # noqa: SLF001 - the store's own one-file import path
        Path(path),
        election=election,
        kind=KIND,
        level="region",
        read=read_published_seats,
        areas=lambda frame: int(frame["region"].nunique()),
        write=_write,
    )
