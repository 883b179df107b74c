"""Loading the bundled figures shipped in the package."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ballottage.data import Store
from ballottage.data.bundle import MANIFEST, bundled_dir
from ballottage.data.imports import import_minint
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
        import_minint(store, workbook, election="regionales-2015", round=1)
        with pytest.raises(
            InconsistentData,
            match="list 1 is headed by LE PEN Marine in the store but by .* in the bundle",
        ):
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


def test_the_bundle_holds_2015_and_2021() -> None:
    manifest = json.loads((bundled_dir() / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["elections"] == ["regionales-2015", "regionales-2021"]
    provenance = (bundled_dir() / "PROVENANCE.md").read_text(encoding="utf-8")
    assert "pollsposition_regionales_2021_region_t1_t2.json" in provenance
    assert "## Figures not stored as given" in provenance and "2 838 834" in provenance
    with Store(":memory:") as store:
        store.load_bundled()
        assert {e.id for e in store.elections() if store.coverage(e.id).round2} == {
            "regionales-2015",
            "regionales-2021",
        }


def test_keep_own_leaves_out_the_elections_the_store_has_other_files_for(
    workbook: Path,
) -> None:
    with Store(":memory:") as store:
        import_minint(store, workbook, election="regionales-2015", round=1)
        assert store.load_bundled(keep_own=True) is True
        assert store.lists("regionales-2015", "HDF")[0].head == "LE PEN Marine"
        assert store.coverage("regionales-2015").round1 == ("32",)
        assert len(store.coverage("regionales-2021").round2) == 17
        assert store.load_bundled(keep_own=True) is False


def test_a_new_bundle_replaces_what_an_older_one_filled(tmp_path: Path, workbook: Path) -> None:
    # A store filled by an older bundle (older spellings, a compiled file in an older
    # version) takes this bundle's figures when it loads it; an election the user imported
    # from other files is left alone.
    path = tmp_path / "cache.duckdb"
    with Store(path) as store:
        store.load_bundled()
        store.con.execute(
            "UPDATE lists SET head = 'PeCRESSE Valerie' WHERE head = 'PÉCRESSE Valérie' "
            "AND election = 'regionales-2021'"
        )
        store.con.execute("DELETE FROM published_seats WHERE election = 'regionales-2021'")
        store.con.execute(
            "UPDATE imports SET sha256 = 'older' WHERE kind = 'secondary:published-seats'"
        )
        store.con.execute("UPDATE meta SET value = 'older bundle' WHERE key = 'bundle'")
    with Store(path) as store:
        assert store.load_bundled(keep_own=True) is True
        heads = [x.head for x in store.lists("regionales-2021", "IDF")]
        assert "PÉCRESSE Valérie" in heads and "PeCRESSE Valerie" not in heads
        assert len(store.coverage("regionales-2021").published_seats) == 16
        assert len(store.coverage("regionales-2015").round1) == 17
    other = tmp_path / "own.duckdb"
    with Store(other) as store:
        import_minint(store, workbook, election="regionales-2015", round=1)
        store.load_bundled(keep_own=True)
        store.con.execute("UPDATE meta SET value = 'older bundle' WHERE key = 'bundle'")
        store.load_bundled(keep_own=True)
        assert store.coverage("regionales-2015").round1 == ("32",)  # the user's file, kept
