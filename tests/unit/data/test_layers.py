"""The store layer loads no reader: the web page opens the store read-only and queries it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ballottage.data.imports import import_minint
from ballottage.data.store import Store, open_store
from ballottage.errors import MissingData

from .conftest import REGION, wide_rows, write_csv

E = "regionales-2015"
LAYERS_ABOVE_STORE = (
    "ballottage.data.sources",
    "ballottage.data.imports",
    "ballottage.data.bundle",
)


def loaded_after(statement: str) -> list[str]:
    """The data-layer modules above the store in ``sys.modules`` after ``statement``."""
    code = (
        f"import sys\n{statement}\n"
        f"print(__import__('json').dumps(sorted(m for m in sys.modules "
        f"if m.startswith({LAYERS_ABOVE_STORE!r}))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return list(json.loads(done.stdout.splitlines()[-1]))


def test_the_web_page_loads_no_reader_and_no_importer() -> None:
    serve = (
        "from fastapi.testclient import TestClient\n"
        "from ballottage.web.app import create_app\n"
        "with TestClient(create_app(':memory:')) as c:\n"
        "    assert c.get('/api/regions/32?election=regionales-2015').status_code == 200\n"
        "    assert c.get('/api/elections').status_code == 200\n"
    )
    assert loaded_after(serve) == []
    assert loaded_after("from ballottage.data import open_store; open_store(':memory:')") == []
    # Importing a file does load them: the check above is not vacuous.
    assert "ballottage.data.sources.minint" in loaded_after("import ballottage.data.imports")


def test_the_readers_load_no_duckdb_and_no_store() -> None:
    readers = ("minint", "department_tables", "pollsposition", "secondary", "published_seats")
    code = "\n".join(f"import ballottage.data.sources.{r}" for r in readers) + (
        "\nimport sys\nprint(sorted(m for m in sys.modules "
        "if m == 'duckdb' or m.startswith('ballottage.data.store')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_read_only_store_is_filled_from_the_bundle_first(tmp_path: Path) -> None:
    path = tmp_path / "web.duckdb"
    with open_store(path, read_only=True) as store:
        assert store.council(E, "IDF").seats == 209
        with pytest.raises(duckdb.Error), store.transaction() as con:
            con.execute("DELETE FROM councils")
    with open_store(path, read_only=True) as again:  # already filled: opened as it is
        assert again.read_only and again.council(E, "HDF").seats == 170


def test_query_answers_are_kept_until_an_import_changes_the_store(tmp_path: Path) -> None:
    with Store(":memory:") as store:
        with pytest.raises(MissingData, match="no round-1 results"):
            store.round_results(E, "HDF", 1)
        assert store.regions(E) is store.regions(E)
        council = store.council(E, "HDF")
        misses = store.cache.misses
        assert store.council(E, "HDF") is council and store.cache.misses == misses
        path = write_csv(tmp_path / "r.csv", wide_rows("region", REGION))
        import_minint(store, path, election=E, round=1)
        assert store.cache.answers == {}  # the import forgot every answer
        results = store.round_results(E, "HDF", 1)  # an error is never kept
        assert store.round_results(E, "HDF", 1) is results
        assert results.turnout.votants == sum(p.votants for p in REGION)
