"""Build the compact figures shipped in ``ballottage/bundled/``.

``python -m ballottage.data.bundle [DATA_DIR]`` imports the files of ``shared/data`` with the
store's own importer (every identity checked, :mod:`.sources`), then writes each table with
DuckDB's ``COPY`` to Parquet, plus ``store-manifest.json`` and ``PROVENANCE.md``.
:meth:`Store.load_bundled <ballottage.data.store.Store.load_bundled>` reads them back in well
under a second.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

from ballottage.data.bundle.provenance import provenance_text
from ballottage.data.bundle.sources import PACKAGE_SOURCE, SOURCES, import_sources
from ballottage.data.imports.writing import file_sha256
from ballottage.data.model import ImportReport
from ballottage.data.sources.published_seats import compiled_2021
from ballottage.data.store import Store
from ballottage.data.store.bundled import BUNDLE_TABLES, MANIFEST, bundled_dir
from ballottage.data.store.schema import SCHEMA_VERSION


def _write_tables(store: Store, out: Path) -> dict[str, dict[str, object]]:
    """Each bundled table as Parquet: ``{file name: {table, rows, sha256}}``."""
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
    return written


def _manifest(data_dir: str | Path, written: dict[str, dict[str, object]]) -> dict[str, Any]:
    """What the bundle holds and what it was made from (each file's SHA-256)."""
    sources = {
        rel: file_sha256(Path(data_dir) / rel)
        for rel in dict.fromkeys(v for files_ in SOURCES.values() for v in files_.values())
    }
    sources[PACKAGE_SOURCE] = file_sha256(compiled_2021())
    heads = Path(str(files("ballottage.reference").joinpath("heads.csv")))
    return {
        "schema": SCHEMA_VERSION,
        "built": date.today().isoformat(),
        "elections": list(SOURCES),
        "files": written,
        "sources": sources,
        # Figures are derived with these tables too (heads' spellings): a new version of
        # them makes a new bundle, which replaces the figures an older one filled.
        "derived_with": {"ballottage/reference/heads.csv": file_sha256(heads)},
    }


def build_bundle(
    data_dir: str | Path, out_dir: str | Path | None = None
) -> tuple[Path, list[ImportReport]]:
    """Import the sources into a fresh store and write the bundle; returns its directory and
    the import reports."""
    out = Path(out_dir) if out_dir is not None else bundled_dir()
    out.mkdir(parents=True, exist_ok=True)
    with Store(":memory:") as store:
        reports = import_sources(store, data_dir)
        manifest = _manifest(data_dir, _write_tables(store, out))
        (out / MANIFEST).write_text(
            json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        (out / "PROVENANCE.md").write_text(
            provenance_text(manifest, store, reports), encoding="utf-8"
        )
    return out, reports


def main(argv: list[str] | None = None) -> int:
    """Build the bundle from a ``shared/data`` directory."""
    parser = argparse.ArgumentParser(
        prog="python -m ballottage.data.bundle", description=build_bundle.__doc__
    )
    default = Path(__file__).resolve().parents[4] / ".." / "shared" / "data"
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
