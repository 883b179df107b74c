"""Loading the bundled figures shipped in the package."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ballottage.data import Store
from ballottage.data.bundle import MANIFEST, bundled_dir
from ballottage.errors import BallottageError, InconsistentData, MissingData


def test_the_bundle_is_small_and_described() -> None:
    where = bundled_dir()
    files = sorted(where.glob("store-*"))
    assert sum(p.stat().st_size for p in files) < 5 * 1024 * 1024
    manifest = json.loads((where / MANIFEST).read_text(encoding="utf-8"))
    assert {v["table"] for v in manifest["files"].values()} >= {"results", "turnout", "lists"}
    provenance = (where / "PROVENANCE.md").read_text(encoding="utf-8")
    assert "secondary" in provenance and "reg2015_T1_minint.xlsx" in provenance


def test_loading_twice_adds_nothing() -> None:
    with Store(":memory:") as store:
        assert store.load_bundled() is True
        counts = store.counts()
        assert counts["results"] > 20000
        assert store.load_bundled() is False
        assert store.counts() == counts


def test_loading_after_other_imports_shifts_import_ids(tmp_path: Path, workbook: Path) -> None:
    with Store(":memory:") as store:
        store.import_minint(workbook, election="regionales-2015", round=1)
        with pytest.raises(InconsistentData, match="list 1 is headed by LE PEN Marine in the "
                           "store but by .* in the bundle"):
            store.load_bundled()
        assert store.counts()["imports"] == 3
    with Store(":memory:") as store:
        store.load_bundled()
        ids = store.con.execute("SELECT count(DISTINCT id), count(*) FROM imports").fetchone()
        assert ids is not None and ids[0] == ids[1]


def test_a_missing_or_foreign_bundle_is_named(tmp_path: Path) -> None:
    with Store(":memory:") as store, pytest.raises(MissingData, match="no bundled data"):
        store.load_bundled(tmp_path)
    copy = tmp_path / "b"
    shutil.copytree(bundled_dir(), copy)
    manifest = json.loads((copy / MANIFEST).read_text(encoding="utf-8"))
    manifest["schema"] = 999
    (copy / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with Store(":memory:") as store, pytest.raises(BallottageError, match="schema 999"):
        store.load_bundled(copy)
