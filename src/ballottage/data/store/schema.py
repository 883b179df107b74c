"""The store's tables (DuckDB), designed for many elections and every level of area.

* ``areas`` are election-independent (``region:32``, ``department:59``, ``canton:69-99``,
  ``section:69M``, ``commune:59350``); ``area_members`` says which areas make a section.
* ``lists`` are per election and region, numbered by their round-1 panel number.
* ``results`` (votes) and ``turnout`` are per election, round and area; turnout figures a source
  does not give are NULL.
* ``published_seats`` keep their source; ``councils`` name the rule set of ``ballottage.law``.
* ``notes`` keep per-area sources of hand-compiled figures (kind ``source``) and the breaches
  of identities such figures show (kind ``discrepancy``).
* ``imports`` logs every file imported (SHA-256), so importing it again does nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from ballottage.data.reference import reference

SCHEMA_VERSION = 1

TABLES = (
    "meta",
    "elections",
    "areas",
    "area_members",
    "lists",
    "results",
    "turnout",
    "alternative_votes",
    "published_seats",
    "councils",
    "notes",
    "imports",
)
"""Every table, in an order that loads cleanly."""

DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS elections (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, year INTEGER NOT NULL,
    round1 DATE, round2 DATE, label TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS areas (
    id TEXT PRIMARY KEY, level TEXT NOT NULL, code TEXT NOT NULL, name TEXT,
    parent TEXT, population BIGINT
);
CREATE TABLE IF NOT EXISTS area_members (
    area TEXT NOT NULL, member TEXT NOT NULL, PRIMARY KEY (area, member)
);
CREATE TABLE IF NOT EXISTS lists (
    election TEXT NOT NULL, region TEXT NOT NULL, number INTEGER NOT NULL,
    head TEXT NOT NULL, head_key TEXT NOT NULL, nuance TEXT, label_short TEXT, label TEXT,
    family TEXT, PRIMARY KEY (election, region, number)
);
CREATE TABLE IF NOT EXISTS results (
    election TEXT NOT NULL, round TINYINT NOT NULL, area TEXT NOT NULL, region TEXT NOT NULL,
    number INTEGER NOT NULL, votes BIGINT NOT NULL, import_id INTEGER NOT NULL,
    PRIMARY KEY (election, round, area, region, number)
);
CREATE TABLE IF NOT EXISTS turnout (
    election TEXT NOT NULL, round TINYINT NOT NULL, area TEXT NOT NULL,
    inscrits BIGINT, votants BIGINT, blancs BIGINT, nuls BIGINT, exprimes BIGINT,
    import_id INTEGER NOT NULL, PRIMARY KEY (election, round, area)
);
CREATE TABLE IF NOT EXISTS alternative_votes (
    election TEXT NOT NULL, round TINYINT NOT NULL, area TEXT NOT NULL, region TEXT NOT NULL,
    number INTEGER NOT NULL, votes BIGINT NOT NULL, source TEXT NOT NULL,
    import_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS published_seats (
    election TEXT NOT NULL, region TEXT NOT NULL, area TEXT NOT NULL, number INTEGER,
    seats INTEGER NOT NULL, source TEXT NOT NULL, note TEXT, import_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS councils (
    election TEXT NOT NULL, region TEXT NOT NULL, seats INTEGER NOT NULL,
    rule_set TEXT NOT NULL, source TEXT NOT NULL, PRIMARY KEY (election, region)
);
CREATE TABLE IF NOT EXISTS notes (
    election TEXT NOT NULL, round TINYINT, area TEXT NOT NULL, kind TEXT NOT NULL,
    message TEXT NOT NULL, import_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS imports (
    id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL, source TEXT NOT NULL, kind TEXT NOT NULL,
    election TEXT NOT NULL, round TINYINT, level TEXT NOT NULL, areas INTEGER NOT NULL,
    rows INTEGER NOT NULL, exported_at TEXT, imported_at TIMESTAMP NOT NULL
);
"""


def seed_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Insert the shipped reference rows (elections, regions, departments, sections...)."""
    ref = reference()
    for e in ref.elections:
        dates = [*e.round_dates, None, None][:2]
        con.execute(
            "INSERT OR IGNORE INTO elections VALUES (?, ?, ?, ?, ?, ?)",
            [e.id, e.kind, e.year, dates[0], dates[1], e.label],
        )
    areas: list[tuple[str, str, str, str, str | None, int | None]] = []
    members: list[tuple[str, str]] = []
    for r in ref.regions:
        areas.append(
            (f"region:{r.region.code}", "region", r.region.code, r.region.name, None, None)
        )
    for d in ref.departments:
        areas.append(
            (
                f"department:{d.code}",
                "department",
                d.code,
                d.name,
                f"region:{d.region}",
                d.population,
            )
        )
        if ref.region_ref(d.region).sections != "departments":
            continue
        splits = [s for s in ref.splits if s.department == d.code]
        for s in splits:
            areas.append(
                (f"section:{s.section}", "section", s.section, s.name, f"region:{d.region}", None)
            )
            members.extend((f"section:{s.section}", f"canton:{d.code}-{n:02d}") for n in s.cantons)
        if not splits:
            areas.append(
                (f"section:{d.code}", "section", d.code, d.name, f"region:{d.region}", None)
            )
            members.append((f"section:{d.code}", f"department:{d.code}"))
    _insert_rows(con, "areas", areas)
    _insert_rows(con, "area_members", members)
    _insert_rows(
        con,
        "councils",
        [(c.election, c.region, c.seats, c.rule_set, c.source) for c in ref.councils],
    )


def _insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[tuple[object, ...]]
) -> None:
    """One multi-row ``INSERT OR IGNORE`` (``executemany`` is slow in DuckDB)."""
    if not rows:
        return
    one = "(" + ", ".join("?" * len(rows[0])) + ")"
    values = ", ".join([one] * len(rows))
    con.execute(f"INSERT OR IGNORE INTO {table} VALUES {values}", [v for row in rows for v in row])
