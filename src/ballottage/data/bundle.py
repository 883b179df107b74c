"""The compact figures shipped in ``ballottage/bundled/`` and how they are built.

``python -m ballottage.data.bundle [DATA_DIR]`` imports the files of ``shared/data`` with the
store's own importer (every identity checked), then writes each table with DuckDB's ``COPY``
to Parquet, plus ``store-manifest.json`` and ``PROVENANCE.md``. :meth:`Store.load_bundled`
reads them back in well under a second.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Sequence
from datetime import date
from importlib.resources import files
from pathlib import Path

import duckdb

from ballottage.data.importer import file_sha256
from ballottage.data.model import ImportReport
from ballottage.data.published_seats import compiled_2021, import_published_seats
from ballottage.data.schema import SCHEMA_VERSION
from ballottage.data.store import Store
from ballottage.errors import BallottageError, InconsistentData, MissingData, UnknownName

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
MANIFEST = "store-manifest.json"

SOURCES_2015 = {
    "workbook": "regionales_2015/minint_t1_workbook/reg2015_T1_minint.xlsx",
    "council_sizes": "regionales_2015/council_sizes_2015.csv",
    "t2_lists": "regionales_2015/t2_seats_secondary/t2_region_lists_seats_2015.csv",
    "t2_totals": "regionales_2015/t2_seats_secondary/t2_region_totals_2015.csv",
    "section_seats": "regionales_2015/t2_seats_secondary/section_seats_partial_2015.csv",
    "corsica_t2": "corse/corse_t2_votes.csv",
}
SOURCES_2021 = {
    "department_lists": "regionales_2021/t1_departements_lists_2021.csv",
    "department_totals": "regionales_2021/t1_departements_totals_2021.csv",
    "regions": "regionales_2021/pollsposition_regionales_2021_region_t1_t2.json",
    "corsica_t2": "corse/corse_t2_votes.csv",
}
SOURCES = {"regionales-2015": SOURCES_2015, "regionales-2021": SOURCES_2021}
"""Files of ``shared/data`` the bundle is made of, per election, relative to that directory."""
PACKAGE_SOURCE = "(package) ballottage/reference/round2_seats_2021.csv"
"""The one source shipped with the package itself: 2021 published seats, compiled by hand."""


def bundled_dir() -> Path:
    """The package's ``bundled/`` directory."""
    return Path(str(files("ballottage").joinpath("bundled")))


def _paths(data_dir: str | Path, election: str) -> dict[str, Path]:
    if election not in SOURCES:
        raise UnknownName("election with bundled sources", election, list(SOURCES))
    path = {k: Path(data_dir) / v for k, v in SOURCES[election].items()}
    missing = [str(p) for p in path.values() if not p.is_file()]
    if missing:
        raise MissingData(f"source files not found: {', '.join(missing)}")
    return path


def import_sources(
    store: Store, data_dir: str | Path, elections: Sequence[str] | None = None
) -> list[ImportReport]:
    """Import the files of ``shared/data`` for ``elections`` (default: all), round 1 first.

    The reports' ``warnings`` name the figures not stored as given (2021's wrong round-1
    ``votants``).
    """
    reports: list[ImportReport] = []
    for election in elections or list(SOURCES):
        path = _paths(data_dir, election)
        if election == "regionales-2015":
            reports += store.import_minint(path["workbook"], election=election, round=1)
            reports.append(store.import_council_sizes(path["council_sizes"], election=election))
            reports.append(
                store.import_round2_regions(path["t2_lists"], path["t2_totals"], election=election)
            )
            reports.append(store.import_corsica_round2(path["corsica_t2"], election=election))
            reports.append(store.import_section_seats(path["section_seats"], election=election))
        else:
            reports.append(
                store.import_department_tables(
                    path["department_lists"], path["department_totals"], election=election
                )
            )
            reports += store.import_pollsposition(path["regions"], election=election)
            reports.append(store.import_corsica_round2(path["corsica_t2"], election=election))
            reports.append(import_published_seats(store, compiled_2021(), election=election))
    return reports


def build_bundle(
    data_dir: str | Path, out_dir: str | Path | None = None
) -> tuple[Path, list[ImportReport]]:
    """Import the sources into a fresh store and write the bundle; returns its directory and
    the import reports."""
    out = Path(out_dir) if out_dir is not None else bundled_dir()
    out.mkdir(parents=True, exist_ok=True)
    store = Store(":memory:")
    try:
        reports = import_sources(store, data_dir)
        written: dict[str, dict[str, object]] = {}
        for table in BUNDLE_TABLES:
            target = out / f"store-{table}.parquet"
            where = " WHERE level NOT IN ('region', 'department', 'section')" * (table == "areas")
            store.con.execute(
                f"COPY (SELECT * FROM {table}{where} ORDER BY ALL) TO '{target}' "
                "(FORMAT parquet, COMPRESSION zstd)"
            )
            rows = store.con.execute(f"SELECT count(*) FROM '{target}'").fetchone()
            written[target.name] = {
                "table": table,
                "rows": rows[0] if rows else 0,
                "sha256": file_sha256(target),
            }
        sources = {
            rel: file_sha256(Path(data_dir) / rel)
            for rel in dict.fromkeys(v for files_ in SOURCES.values() for v in files_.values())
        }
        sources[PACKAGE_SOURCE] = file_sha256(compiled_2021())
        manifest = {
            "schema": SCHEMA_VERSION,
            "built": date.today().isoformat(),
            "elections": list(SOURCES),
            "files": written,
            "sources": sources,
            # Figures are derived with these tables too (heads' spellings): a new version of
            # them makes a new bundle, which replaces the figures an older one filled.
            "derived_with": {
                "ballottage/reference/heads.csv": file_sha256(
                    Path(str(files("ballottage.reference").joinpath("heads.csv")))
                )
            },
        }
        (out / MANIFEST).write_text(
            json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        from ballottage.data.provenance import provenance_text

        (out / "PROVENANCE.md").write_text(
            provenance_text(manifest, store, reports), encoding="utf-8"
        )
    finally:
        store.close()
    return out, reports


def _manifest(directory: Path) -> dict[str, object]:
    path = directory / MANIFEST
    if not path.is_file():
        raise MissingData(f"no bundled data in {directory} (run python -m ballottage.data.bundle)")
    manifest: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return manifest


def load_bundle(
    store: Store, directory: str | Path | None = None, *, keep_own: bool = False
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
    if manifest.get("schema") != SCHEMA_VERSION:
        raise BallottageError(
            f"{where}: bundle schema {manifest.get('schema')}, "
            f"this ballottage reads {SCHEMA_VERSION}"
        )
    stamp = hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest()
    con = store.con
    if con.execute("SELECT 1 FROM meta WHERE key = 'bundle' AND value = ?", [stamp]).fetchone():
        return False
    listed: dict[str, dict[str, object]] = manifest["files"]  # type: ignore[assignment]
    files_ = {str(v["table"]): where / name for name, v in listed.items()}
    if con.execute("SELECT 1 FROM meta WHERE key = 'bundle'").fetchone():
        with store.transaction():
            _drop_superseded(con, files_)
    own: list[str] = []
    if keep_own:
        own = [
            str(r[0])
            for r in con.execute(
                "SELECT DISTINCT i.election FROM imports i WHERE NOT EXISTS (SELECT 1 FROM "
                f"'{files_['imports']}' b WHERE b.sha256 = i.sha256 AND b.election = i.election "
                "AND b.kind = i.kind AND b.round IS NOT DISTINCT FROM i.round)"
            ).fetchall()
        ]
    keep = "NOT list_contains($own, election)"
    with store.transaction():
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
        con.execute(
            f"INSERT INTO imports SELECT * REPLACE (id + {offset} AS id) FROM bundle_imports"
        )
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
        con.execute("INSERT OR REPLACE INTO meta VALUES ('bundle', ?)", [stamp])
    return True


_PER_ELECTION = (
    "lists",
    "results",
    "turnout",
    "alternative_votes",
    "published_seats",
    "councils",
    "notes",
    "imports",
)


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


def main(argv: list[str] | None = None) -> int:
    """Build the bundle from a ``shared/data`` directory."""
    parser = argparse.ArgumentParser(
        prog="python -m ballottage.data.bundle", description=build_bundle.__doc__
    )
    default = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"
    parser.add_argument("data_dir", nargs="?", default=str(default))
    parser.add_argument("--out", default=None, help="output directory (default: the package)")
    args = parser.parse_args(argv)
    out, reports = build_bundle(args.data_dir, args.out)
    for report in reports:
        for warning in report.warnings:
            print(f"warning: {warning}")
    size = sum(p.stat().st_size for p in out.glob("store-*"))
    print(f"bundle written to {out} ({size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
