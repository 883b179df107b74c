"""Load the compact figures shipped in ``ballottage/bundled/`` into a store.

The bundle is a set of Parquet files, one per table, with ``store-manifest.json``; it is built
by :mod:`ballottage.data.bundle` (which imports the source files). Loading it needs DuckDB
alone, no reader of the Ministry's files, and takes well under a second.
"""

from __future__ import annotations

import hashlib
import json
from contextlib import AbstractContextManager
from importlib.resources import files
from pathlib import Path
from typing import Protocol

import duckdb

from ballottage.data.store.schema import SCHEMA_VERSION
from ballottage.errors import BallottageError, InconsistentData, MissingData

BUNDLE_TABLES = (
    "lists",
    "results",
    "turnout",
    "alternative_votes",
    "published_seats",
    "councils",
    "notes",
    "imports",
    "areas",
)
"""Tables written to the bundle (elections, sections and regions come from ``reference/``)."""
_WITH_IMPORT_ID = ("results", "turnout", "alternative_votes", "published_seats", "notes")
_PER_ELECTION = BUNDLE_TABLES[:-1]
MANIFEST = "store-manifest.json"


class Writable(Protocol):
    """A store's connection and its all-or-nothing transactions."""

    con: duckdb.DuckDBPyConnection

    def transaction(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        """All or nothing."""
        ...


def bundled_dir() -> Path:
    """The package's ``bundled/`` directory."""
    return Path(str(files("ballottage").joinpath("bundled")))


def _manifest(directory: Path) -> dict[str, object]:
    path = directory / MANIFEST
    if not path.is_file():
        raise MissingData(f"no bundled data in {directory} (run python -m ballottage.data.bundle)")
    manifest: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("schema") != SCHEMA_VERSION:
        raise BallottageError(
            f"{directory}: bundle schema {manifest.get('schema')}, "
            f"this ballottage reads {SCHEMA_VERSION}"
        )
    return manifest


def _stamp(manifest: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest()


def bundle_loaded(con: duckdb.DuckDBPyConnection, directory: str | Path | None = None) -> bool:
    """Whether this very bundle is already in the store (read-only check)."""
    where = Path(directory) if directory is not None else bundled_dir()
    stamp = _stamp(_manifest(where))
    try:
        row = con.execute("SELECT 1 FROM meta WHERE key = 'bundle' AND value = ?", [stamp])
    except duckdb.CatalogException:  # an empty file: no tables yet
        return False
    return row.fetchone() is not None


def load_bundle(
    store: Writable, directory: str | Path | None = None, *, keep_own: bool = False
) -> bool:
    """Copy the bundled tables into ``store``; False if this bundle is already in it.

    Import ids are shifted past the store's own, and imports the store already has (same file,
    election, round) are left out with their rows, so loading never duplicates figures.
    Figures of other files for the same areas are refused (InconsistentData) unless
    ``keep_own``: then the elections the store holds other files for are left out of the
    load, and the store's own figures are kept.
    """
    where = Path(directory) if directory is not None else bundled_dir()
    manifest = _manifest(where)
    stamp = _stamp(manifest)
    con = store.con
    if con.execute("SELECT 1 FROM meta WHERE key = 'bundle' AND value = ?", [stamp]).fetchone():
        return False
    listed: dict[str, dict[str, object]] = manifest["files"]  # type: ignore[assignment]
    files_ = {str(v["table"]): where / name for name, v in listed.items()}
    if con.execute("SELECT 1 FROM meta WHERE key = 'bundle'").fetchone():
        with store.transaction():
            _drop_superseded(con, files_)
    own = _own_elections(con, files_) if keep_own else []
    with store.transaction():
        _copy_tables(con, files_, own)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('bundle', ?)", [stamp])
    return True


def _own_elections(con: duckdb.DuckDBPyConnection, files_: dict[str, Path]) -> list[str]:
    """Elections the store holds files for that the bundle was not made of."""
    return [
        str(r[0])
        for r in con.execute(
            "SELECT DISTINCT i.election FROM imports i WHERE NOT EXISTS (SELECT 1 FROM "
            f"'{files_['imports']}' b WHERE b.sha256 = i.sha256 AND b.election = i.election "
            "AND b.kind = i.kind AND b.round IS NOT DISTINCT FROM i.round)"
        ).fetchall()
    ]


def _copy_tables(con: duckdb.DuckDBPyConnection, files_: dict[str, Path], own: list[str]) -> None:
    """Insert the bundle's rows the store lacks, import ids shifted past the store's own."""
    keep = "NOT list_contains($own, election)"
    row = con.execute("SELECT coalesce(max(id), 0) FROM imports").fetchone()
    offset = int(row[0]) if row else 0
    con.execute(
        f"CREATE TEMP TABLE bundle_imports AS SELECT * FROM '{files_['imports']}' b "
        "WHERE NOT EXISTS (SELECT 1 FROM imports i WHERE i.sha256 = b.sha256 "
        "AND i.election = b.election AND i.kind = b.kind "
        f"AND i.round IS NOT DISTINCT FROM b.round) AND {keep}",
        {"own": own},
    )
    _refuse_clashes(con, files_, own)
    con.execute(f"INSERT INTO imports SELECT * REPLACE (id + {offset} AS id) FROM bundle_imports")
    con.execute(f"INSERT OR IGNORE INTO areas SELECT * FROM '{files_['areas']}'")
    con.execute(
        f"INSERT OR IGNORE INTO lists SELECT * FROM '{files_['lists']}' WHERE {keep}",
        {"own": own},
    )
    con.execute(
        f"INSERT OR REPLACE INTO councils SELECT * FROM '{files_['councils']}' WHERE {keep}",
        {"own": own},
    )
    for table in _WITH_IMPORT_ID:
        con.execute(
            f"INSERT INTO {table} SELECT * REPLACE (import_id + {offset} AS import_id) "
            f"FROM '{files_[table]}' WHERE import_id IN (SELECT id FROM bundle_imports)"
        )
    con.execute("DROP TABLE bundle_imports")


def _drop_superseded(con: duckdb.DuckDBPyConnection, files_: dict[str, Path]) -> None:
    """Forget the elections an earlier bundle filled, so that this one replaces them.

    An election is dropped when every file it was imported from is a file this bundle was made
    of too (same name and kind; the same or another version): its figures are the bundle's
    own, perhaps derived differently (a head's spelling, a file added). An election imported
    from any other file is the user's and is left alone.
    """
    rows = con.execute(
        f"SELECT DISTINCT i.election FROM imports i WHERE EXISTS (SELECT 1 FROM "
        f"'{files_['imports']}' b WHERE b.election = i.election) AND NOT EXISTS (SELECT 1 "
        f"FROM imports o WHERE o.election = i.election AND NOT EXISTS (SELECT 1 FROM "
        f"'{files_['imports']}' b WHERE b.election = o.election AND b.kind = o.kind "
        "AND b.source = o.source))"
    ).fetchall()
    for (election,) in rows:
        for table in _PER_ELECTION:
            con.execute(f"DELETE FROM {table} WHERE election = ?", [election])


def _refuse_clashes(
    con: duckdb.DuckDBPyConnection, files_: dict[str, Path], own: list[str]
) -> None:
    """Refuse a bundle whose figures would mix with other files' figures in the store."""
    row = con.execute(
        f"SELECT b.region, b.number, l.head, b.head FROM '{files_['lists']}' b JOIN lists l "
        "ON l.election = b.election AND l.region = b.region AND l.number = b.number "
        "WHERE l.head_key <> b.head_key AND NOT list_contains(?, b.election) LIMIT 1",
        [own],
    ).fetchone()
    if row is not None:
        raise InconsistentData(
            f"region {row[0]}",
            f"list {row[1]} is headed by {row[2]} in the store but by "
            f"{row[3]} in the bundle; load the bundle into a fresh store",
        )
    row = con.execute(
        f"SELECT count(DISTINCT b.area), min(b.area) FROM '{files_['turnout']}' b "
        "JOIN turnout t ON t.election = b.election AND t.round = b.round AND t.area = b.area "
        "WHERE b.import_id IN (SELECT id FROM bundle_imports)"
    ).fetchone()
    if row is not None and row[0]:
        raise InconsistentData(
            "store",
            f"already holds figures from other files for {row[0]} areas of the "
            f"bundle (first: {row[1]}); load the bundle into a fresh store",
        )
