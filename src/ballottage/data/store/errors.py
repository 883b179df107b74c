"""The store's failures the user can cause, as one :class:`~ballottage.errors.StoreUnavailable`.

DuckDB says "Could not set lock on file … (PID 1234)" when another process holds the store;
ballottage says who holds it and what to do:

>>> error = store_error("s.duckdb", Exception(
...     'IO Error: Could not set lock on file "s.duckdb": Conflicting lock is held in '
...     '/usr/bin/python3 (PID 4242) by user me.'))
>>> error.pid, "use --db or stop it" in str(error)
(4242, True)
"""

from __future__ import annotations

import re
from pathlib import Path

from ballottage.errors import StoreUnavailable

DUCKDB_MAGIC = b"DUCK"
"""Bytes 8 to 11 of every DuckDB database file."""

_PID = re.compile(r"\(PID (\d+)\)")
_FILE = re.compile(r'file "([^"]+)"')


def _holder(pid: int) -> str:
    """``another ballottage process`` when the holder's command line says so."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        return "another ballottage process"
    if b"ballottage" in command or not command:
        return "another ballottage process"
    return f"another process ({command.decode(errors='replace').strip()[:60]})"


def store_error(path: str | None, exc: BaseException) -> StoreUnavailable:
    """The one-line refusal of a DuckDB error about the store file."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    named = _FILE.search(text)
    where = path or (named.group(1) if named else "store")
    pid = _PID.search(text)
    if "lock" in text.lower() and pid:
        number = int(pid.group(1))
        return StoreUnavailable(
            where,
            f"the store is in use by {_holder(number)} (pid {number}); use --db or stop it",
            pid=number,
            rule="one process writes a store at a time",
        )
    if "not a valid DuckDB database" in text or "not a DuckDB" in text:
        return StoreUnavailable(where, "is not a DuckDB store; give another --db")
    if "Is a directory" in text:
        return StoreUnavailable(where, "is a directory; give a file name (--db DIR/x.duckdb)")
    if "read-only" in text.lower() or "Permission denied" in text:
        return StoreUnavailable(where, "cannot be written (read-only file or directory)")
    text = re.sub(r"^[A-Za-z ]+Error: ", "", text)
    return StoreUnavailable(where, f"the store cannot be used: {text}")


def check_store_path(path: str) -> None:
    """Refuse, before DuckDB opens it, a store path that is a directory or another kind of
    file (DuckDB would read ``data.csv`` as a CSV view in an in-memory database)."""
    if path == ":memory:":
        return
    target = Path(path)
    if target.is_dir():
        raise StoreUnavailable(path, "is a directory; give a file name (--db DIR/x.duckdb)")
    if target.exists():
        if not target.is_file():
            raise StoreUnavailable(path, "is not a regular file; give a DuckDB store")
        try:
            with target.open("rb") as handle:
                head = handle.read(12)
        except OSError as exc:
            raise StoreUnavailable(path, exc.strerror or str(exc)) from None
        if head and head[8:12] != DUCKDB_MAGIC:
            raise StoreUnavailable(
                path, "is not a DuckDB store (it holds other data); give another --db"
            )
    elif target.suffix.lower() in {".csv", ".tsv", ".txt", ".json", ".parquet", ".xlsx"}:
        raise StoreUnavailable(
            path, f"a store named {target.suffix} would not be a DuckDB file; name it .duckdb"
        )
