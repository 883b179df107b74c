"""Write checked tables into the store (inside the transaction of :mod:`.pipeline`), and
the import log that makes importing the same file twice do nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from ballottage import limits
from ballottage.bounded import too_big
from ballottage.data.imports.spellings import head_spelling
from ballottage.data.reference import normalize_name, reference
from ballottage.data.sources.checks import check_list_votes, check_turnout, describe
from ballottage.data.sources.minint import COUNTS, ResultsTable
from ballottage.errors import InconsistentData, MissingData


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes (refused beyond the largest file ballottage reads)."""
    digest = hashlib.sha256()
    cap, seen = limits.ministry_file_bytes(), 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            seen += len(chunk)
            if seen > cap:
                raise too_big(
                    str(path), cap, name="MINISTRY_FILE_BYTES", env=limits.MINISTRY_FILE_ENV
                )
            digest.update(chunk)
    return digest.hexdigest()


def combined_sha(paths: Sequence[Path]) -> str:
    """The SHA-256 of a file; of several files, the SHA-256 of their SHA-256s."""
    if len(paths) == 1:
        return file_sha256(paths[0])
    digest = hashlib.sha256()
    for path in paths:
        digest.update(file_sha256(path).encode())
    return digest.hexdigest()


def imported(
    con: duckdb.DuckDBPyConnection, sha256: str, election: str, round_: int | None, kind: str
) -> bool:
    """Whether this file was already imported for this election and round."""
    row = con.execute(
        "SELECT count(*) FROM imports WHERE sha256 = ? AND election = ? AND kind = ? "
        "AND round IS NOT DISTINCT FROM ?",
        [sha256, election, kind, round_],
    ).fetchone()
    return bool(row and row[0])


def log_import(
    con: duckdb.DuckDBPyConnection,
    *,
    sha256: str,
    source: str,
    kind: str,
    election: str,
    round_: int | None,
    level: str,
    areas: int,
    rows: int,
    exported_at: str | None = None,
) -> int:
    """Add a row to the import log and return its id."""
    row = con.execute("SELECT coalesce(max(id), 0) + 1 FROM imports").fetchone()
    import_id = int(row[0]) if row else 1
    con.execute(
        "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            import_id,
            sha256,
            source,
            kind,
            election,
            round_,
            level,
            areas,
            rows,
            exported_at,
            datetime.now().replace(microsecond=0),
        ],
    )
    return import_id


def _places(areas: pd.DataFrame) -> pd.DataFrame:
    out = areas.copy()
    out["place"] = describe(list(out["level"]), list(out["code"]), list(out["name"]))
    return out


def _region_place(code: str) -> str:
    return f"region {code} {reference().region_ref(code).region.name}"


def _distinct_lists(lists: pd.DataFrame, round_: int, source: str) -> pd.DataFrame:
    """One row per region, number and head (``head_key`` added); a number with two heads
    in different areas is an error."""
    keys = {h: normalize_name(h) for h in lists["head"].unique()}
    frame = lists[["region", "number", "head", "nuance", "label_short", "label"]].copy()
    frame["head_key"] = frame["head"].map(keys)
    distinct = frame.drop_duplicates(["region", "number", "head_key"])
    twice = distinct.duplicated(["region", "number"], keep=False)
    if twice.any():
        clash = distinct[twice]
        first = clash.iloc[0]
        heads = " and ".join(clash[clash["region"] == first["region"]]["head"].head(2))
        raise InconsistentData(
            _region_place(str(first["region"])) + f", round {round_}",
            f"list {first['number']} is headed by {heads} in different areas ({source})",
        )
    return distinct


def _refuse_unmatched(matched: pd.DataFrame, round_: int, source: str, *, create: bool) -> None:
    """A head the store lacks when lists may not be created; in round 1, a stored head
    under another number."""
    new = matched[matched["stored"].isna()]
    if len(new) and not create:
        row = new.iloc[0]
        raise InconsistentData(
            _region_place(str(row["region"])) + f", round {round_}",
            f"{row['head']} heads no list of the store's round 1 ({source})",
        )
    if round_ == 1:
        moved = matched[matched["stored"].notna() & (matched["stored"] != matched["number"])]
        if len(moved):
            row = moved.iloc[0]
            raise InconsistentData(
                _region_place(str(row["region"])) + ", round 1",
                f"{row['head']} is list {row['number']} in {source} "
                f"but list {int(row['stored'])} in the store",
            )


def _new_numbers(new: pd.DataFrame, stored: pd.DataFrame, round_: int, source: str) -> list[int]:
    """The file's number of each new list, or (round 2) the region's next free number."""
    taken = {(r, int(n)) for r, n, _ in stored.itertuples(index=False)}
    numbers: list[int] = []
    for region, number in zip(new["region"], new["number"], strict=True):
        n = int(number)
        if (region, n) in taken:
            if round_ == 1:
                raise InconsistentData(
                    _region_place(str(region)) + ", round 1",
                    f"list {n} of {source} is headed by someone else in the store",
                )
            n = max(k for r, k in taken if r == region) + 1
        taken.add((region, n))
        numbers.append(n)
    return numbers


_LIST_COLUMNS = [
    "election",
    "region",
    "stored",
    "head",
    "head_key",
    "nuance",
    "label_short",
    "label",
    "family",
]


def _insert_lists(con: duckdb.DuckDBPyConnection, election: str, new: pd.DataFrame) -> None:
    """Store new lists, heads spelled as the Ministry does, nuances mapped to families."""
    ref = reference()
    new["head"] = [
        head_spelling(election, str(r), str(h))
        for r, h in zip(new["region"], new["head"], strict=True)
    ]
    new["family"] = new["nuance"].map(lambda c: ref.family(c))
    new["election"] = election
    con.register("stage_lists", new[_LIST_COLUMNS])
    con.execute("INSERT INTO lists SELECT * FROM stage_lists")
    con.unregister("stage_lists")


def resolve_lists(
    con: duckdb.DuckDBPyConnection,
    election: str,
    round_: int,
    lists: pd.DataFrame,
    source: str,
    *,
    create: bool = True,
) -> pd.Series:
    """Store numbers of the file's lists, matched by head of list within each region.

    Lists not in the store are created (round-1 number, or a free number for a list first
    seen in round 2) unless ``create`` is false, in which case they are an error.
    """
    distinct = _distinct_lists(lists, round_, source)
    stored = pd.DataFrame(
        con.execute(
            "SELECT region, number, head_key FROM lists WHERE election = ?", [election]
        ).fetchall(),
        columns=["region", "stored", "head_key"],
    )
    matched = distinct.merge(stored, on=["region", "head_key"], how="left")
    _refuse_unmatched(matched, round_, source, create=create)
    new = matched[matched["stored"].isna()].copy()
    new["stored"] = _new_numbers(new, stored, round_, source)
    if len(new):
        _insert_lists(con, election, new)
        matched = pd.concat([matched[matched["stored"].notna()], new], ignore_index=True)
    mapping = matched.set_index(["region", "number"])["stored"].astype(int)
    index = pd.MultiIndex.from_frame(lists[["region", "number"]])
    return pd.Series(mapping.reindex(index).to_numpy(), index=lists.index, name="number")


def write_results(
    con: duckdb.DuckDBPyConnection,
    areas: pd.DataFrame,
    lists: pd.DataFrame,
    *,
    election: str,
    round_: int,
    import_id: int,
    source: str,
    strict_sum: bool = True,
    create_lists: bool = True,
) -> int:
    """Check one table, then replace its areas' turnout and votes. Returns rows written."""
    areas = _places(areas)
    check_turnout(areas, round_, source)
    breaches = check_list_votes(areas, lists, round_, source, strict_sum=strict_sum)
    lists = lists.copy()
    lists["number"] = resolve_lists(con, election, round_, lists, source, create=create_lists)
    con.register("stage_areas", areas[["area", "level", "code", "name", "parent"]])
    try:
        con.execute("INSERT OR IGNORE INTO areas SELECT *, NULL FROM stage_areas")
        for table in ("turnout", "results"):
            con.execute(
                f"DELETE FROM {table} WHERE election = ? AND round = ? "
                "AND area IN (SELECT area FROM stage_areas)",
                [election, round_],
            )
    finally:
        con.unregister("stage_areas")
    turnout = areas[["area", *[c for c in COUNTS if c != "abstentions"]]]
    _insert(con, "turnout", turnout, election, round_, import_id)
    votes = lists[["area", "region", "number", "votes"]]
    _insert(con, "results", votes, election, round_, import_id)
    if "seats" in lists and lists["seats"].fillna(0).gt(0).any():
        _write_seats(con, lists, election, source, import_id)
    for area, message in breaches:
        add_note(con, election, round_, area, "discrepancy", message, import_id)
    return len(votes)


def _insert(
    con: duckdb.DuckDBPyConnection,
    table: str,
    frame: pd.DataFrame,
    election: str,
    round_: int,
    import_id: int,
) -> None:
    """Insert ``frame`` into ``table`` between ``election, round`` and ``import_id``."""
    rows = frame.copy()
    rows.insert(0, "round", round_)
    rows.insert(0, "election", election)
    rows["import_id"] = import_id
    con.register("stage_rows", rows)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM stage_rows")
    finally:
        con.unregister("stage_rows")


def _write_seats(
    con: duckdb.DuckDBPyConnection,
    lists: pd.DataFrame,
    election: str,
    source: str,
    import_id: int,
) -> None:
    """The seats a table gives (regions where some list won seats), replacing its own."""
    by_region = lists.groupby("region")["seats"].transform("sum")
    won = lists[lists["seats"].notna() & (by_region > 0)]
    seats = pd.DataFrame(
        {
            "election": election,
            "region": won["region"],
            "area": won["area"],
            "number": won["number"],
            "seats": won["seats"],
            "source": source,
            "note": None,
            "import_id": import_id,
        }
    )
    con.register("stage_seats", seats)
    try:
        con.execute(
            "DELETE FROM published_seats WHERE election = ? AND source = ?", [election, source]
        )
        con.execute("INSERT INTO published_seats SELECT * FROM stage_seats")
    finally:
        con.unregister("stage_seats")


def write_table(
    con: duckdb.DuckDBPyConnection,
    table: ResultsTable,
    *,
    election: str,
    round_: int,
    import_id: int,
) -> int:
    """Import one Ministry table (strict identities)."""
    return write_results(
        con,
        table.areas,
        table.lists,
        election=election,
        round_=round_,
        import_id=import_id,
        source=table.source,
    )


def region_lists(con: duckdb.DuckDBPyConnection, election: str, region: str) -> dict[str, int]:
    """``{normalised head: number}`` of a region's lists; MissingData if there are none."""
    rows = con.execute(
        "SELECT head_key, number FROM lists WHERE election = ? AND region = ?",
        [election, region],
    ).fetchall()
    if not rows:
        raise MissingData(
            f"{_region_place(region)}: no round-1 lists in the store for {election}; "
            "import round 1 first (later rounds are matched to it by head of list)"
        )
    return {str(k): int(n) for k, n in rows}


def add_note(
    con: duckdb.DuckDBPyConnection,
    election: str,
    round_: int | None,
    area: str,
    kind: str,
    message: str,
    import_id: int,
) -> None:
    """Record a source or a discrepancy about an area."""
    con.execute(
        "INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?)",
        [election, round_, area, kind, message, import_id],
    )
