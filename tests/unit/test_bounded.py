"""Inputs read within the limits (``ballottage.bounded``) and store paths checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from ballottage import limits
from ballottage.bounded import loads_json, loads_toml, read_bytes, read_text
from ballottage.data.store import Store
from ballottage.errors import InvalidInput, LimitExceeded, StoreUnavailable, UnreadableFile


def test_reading_stops_at_the_limit() -> None:
    with pytest.raises(LimitExceeded, match="INPUT_BYTES"):
        read_bytes("/dev/zero", 1000)


def test_text_in_another_encoding_or_binary_names_the_file(tmp_path: Path) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_bytes(b"list,votes\nA\x81,1\n")
    with pytest.raises(UnreadableFile, match="odd.csv: is not UTF-8 or Windows-1252"):
        read_text(odd)
    odd.write_bytes(b"\x00\x01")
    with pytest.raises(UnreadableFile, match="NUL"):
        read_text(odd)
    with pytest.raises(UnreadableFile, match="is a directory"):
        read_text(tmp_path)


def test_toml_and_json_depth_and_integers() -> None:
    with pytest.raises(LimitExceeded, match="NESTING_DEPTH"):
        loads_toml("a = " + "[" * 5000 + "]" * 5000, "s.toml")
    with pytest.raises(LimitExceeded, match="NESTING_DEPTH"):
        loads_toml("a = " + "[" * 40 + "]" * 40, "s.toml")
    with pytest.raises(LimitExceeded, match="INTEGER_DIGITS"):
        loads_toml("a = " + "1" * 5001, "s.toml")
    with pytest.raises(LimitExceeded, match="INTEGER_DIGITS"):
        loads_toml("a = " + "1" * (limits.INTEGER_DIGITS + 1), "s.toml")
    with pytest.raises(LimitExceeded, match="INTEGER_DIGITS"):
        loads_json("[" + "9" * 30 + "]", "v.json")
    with pytest.raises(InvalidInput, match="NaN"):
        loads_json('{"A": NaN}', "v.json")
    assert loads_toml("a = {b = [1, 2]}", "s.toml") == {"a": {"b": [1, 2]}}


def test_a_store_path_must_be_a_duckdb_file(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="is a directory"):
        Store(tmp_path)
    other = tmp_path / "data.csv"
    other.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(StoreUnavailable, match="not a DuckDB store"):
        Store(other)
    with pytest.raises(StoreUnavailable, match="name it .duckdb"):
        Store(tmp_path / "new.csv")
    assert not (tmp_path / "new.csv").exists()


def test_transactions_nest_and_roll_back_as_one() -> None:
    with Store(":memory:") as store:
        before = store.counts()
        with pytest.raises(RuntimeError), store.transaction() as con:
            con.execute("INSERT INTO notes VALUES ('x', 1, 'a', 'source', 'one', 1)")
            with store.transaction() as inner:
                inner.execute("INSERT INTO notes VALUES ('x', 1, 'a', 'source', 'two', 1)")
            raise RuntimeError("a later file fails")
        assert store.counts() == before
