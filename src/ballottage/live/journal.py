"""The night's journal: every batch imported into the store, atomically, with its arrival time.

Three tables of their own in the store's DuckDB file: ``live_batches`` (one row per batch
received: source, tag, arrival time, imported or refused and why), ``live_units`` and
``live_votes`` (the figures of each unit as each batch gave them). A unit published again
replaces its earlier figures from that batch on; :meth:`Journal.state` gives every unit as of
any moment, so a night can be replayed. Each batch is one transaction: a process killed
mid-night loses nothing already imported, and a batch already imported (same source and tag)
is not imported twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import pandas as pd

from ballottage.data.store import Store
from ballottage.errors import BallottageError, InconsistentData
from ballottage.live.feed import Batch, ListResult, UnitResult, head_key

DDL = """
CREATE TABLE IF NOT EXISTS live_batches (
    id INTEGER PRIMARY KEY, election TEXT NOT NULL, round TINYINT NOT NULL,
    source TEXT NOT NULL, tag TEXT NOT NULL, arrived_at TIMESTAMP NOT NULL, published TEXT,
    units INTEGER NOT NULL, changed INTEGER NOT NULL, status TEXT NOT NULL, problem TEXT
);
CREATE TABLE IF NOT EXISTS live_units (
    batch INTEGER NOT NULL, election TEXT NOT NULL, round TINYINT NOT NULL, area TEXT NOT NULL,
    region TEXT NOT NULL, name TEXT, inscrits BIGINT NOT NULL, votants BIGINT NOT NULL,
    blancs BIGINT, nuls BIGINT, exprimes BIGINT NOT NULL,
    PRIMARY KEY (election, round, area, batch)
);
CREATE TABLE IF NOT EXISTS live_votes (
    batch INTEGER NOT NULL, election TEXT NOT NULL, round TINYINT NOT NULL, area TEXT NOT NULL,
    head TEXT NOT NULL, nuance TEXT, votes BIGINT NOT NULL,
    PRIMARY KEY (election, round, area, batch, head)
);
"""


@dataclass(frozen=True)
class Expected:
    """What a batch of this night may contain: the units of each region (area id → region
    code) and each region's lists (normalised head → head as the store writes it)."""

    units: Mapping[str, str]
    heads: Mapping[str, Mapping[str, str]]
    elsewhere: frozenset[str] = frozenset()
    """Regions the night does not follow (no council or rule set): their units are set aside."""


@dataclass(frozen=True)
class BatchReport:
    """What became of a batch."""

    id: int | None
    source: str
    tag: str
    arrived_at: datetime
    units: int
    changed: int
    refused: str | None = None
    already: bool = False


def _place(unit: UnitResult) -> str:
    return f"{unit.level} {unit.code}" + (f" {unit.name}" if unit.name else "")


def identity_problem(unit: UnitResult) -> tuple[str, str] | None:
    """The first identity the unit's figures break, as (problem, rule), or ``None``."""
    counts = [unit.inscrits, unit.votants, unit.exprimes, unit.blancs or 0, unit.nuls or 0]
    if min([*counts, *(lst.votes for lst in unit.lists)]) < 0:
        return "a count is negative", "counts are at least 0"
    if not unit.exprimes <= unit.votants <= unit.inscrits:
        return (
            f"exprimés {unit.exprimes}, votants {unit.votants}, inscrits {unit.inscrits}",
            "exprimés ≤ votants ≤ inscrits",
        )
    if unit.blancs is not None and unit.nuls is not None:
        if unit.blancs + unit.nuls + unit.exprimes != unit.votants:
            return (
                f"blancs {unit.blancs} + nuls {unit.nuls} + exprimés {unit.exprimes} ≠ "
                f"votants {unit.votants}",
                "votants = blancs + nuls + exprimés",
            )
    total = sum(lst.votes for lst in unit.lists)
    if total != unit.exprimes:
        return (
            f"the lists' votes add up to {total}, exprimés are {unit.exprimes}",
            "the lists' votes add up to exprimés",
        )
    return None


def check_unit(unit: UnitResult, expected: Expected) -> UnitResult:
    """The unit's identities (:func:`identity_problem`: lists add up to exprimés, exprimés ≤
    votants ≤ inscrits, blancs + nuls + exprimés = votants when given, no negative count), its
    place in the night, its lists; returns it with the store's spelling of each head."""
    region = expected.units.get(unit.area)
    if region is None:
        raise InconsistentData(_place(unit), "is not a unit of this night (unknown code or level)")
    if region != unit.region:
        raise InconsistentData(_place(unit), f"belongs to region {region}, not {unit.region}")
    problem = identity_problem(unit)
    if problem is not None:
        raise InconsistentData(_place(unit), problem[0], rule=problem[1])
    heads = expected.heads.get(region, {})
    named = []
    for lst in unit.lists:
        head = heads.get(head_key(lst.head))
        if head is None:
            raise InconsistentData(_place(unit), f"{lst.head} heads no list of region {region}")
        named.append(lst if head == lst.head else ListResult(head, lst.votes, lst.nuance))
    return replace(unit, lists=tuple(named))


def check_batch(batch: Batch, expected: Expected) -> tuple[UnitResult, ...]:
    """Every unit of the batch checked (:func:`check_unit`), none twice."""
    seen: set[str] = set()
    out = []
    for unit in batch.units:
        if unit.region in expected.elsewhere and unit.area not in expected.units:
            continue
        if unit.area in seen:
            raise InconsistentData(f"{unit.level} {unit.code}", "appears twice in the batch")
        seen.add(unit.area)
        out.append(check_unit(unit, expected))
    return tuple(out)


def _key(unit: UnitResult) -> tuple[object, ...]:
    votes = tuple(sorted((lst.head, lst.votes) for lst in unit.lists))
    return (unit.inscrits, unit.votants, unit.blancs, unit.nuls, unit.exprimes, votes)


def utc_now() -> datetime:
    """The arrival time of a batch: UTC, without time zone (as the store keeps it)."""
    return datetime.now(UTC).replace(tzinfo=None)


class Journal:
    """The batches of one election and round in a store (creates its tables if needed)."""

    def __init__(self, store: Store, election: str, round_: int) -> None:
        self.store, self.election, self.round = store, election, round_
        with store.transaction() as con:
            con.execute(DDL)
        self._state = self.state_at(None)
        self._current = {area: _key(u) for area, u in self._state.items()}

    def already(self, batch: Batch) -> int | None:
        """The id of the imported batch with this source and tag, if any."""
        row = self.store.con.execute(
            "SELECT id FROM live_batches WHERE election = ? AND round = ? AND source = ? "
            "AND tag = ? AND status = 'imported'",
            [self.election, self.round, batch.source, batch.tag],
        ).fetchone()
        return int(row[0]) if row else None

    def import_batch(
        self, batch: Batch, expected: Expected, *, now: datetime | None = None
    ) -> BatchReport:
        """Import the batch whole, or refuse it whole (recorded, with the reason)."""
        arrived = now or utc_now()
        done = self.already(batch)
        if done is not None:
            return BatchReport(
                done, batch.source, batch.tag, arrived, len(batch.units), 0, already=True
            )
        try:
            units = check_batch(batch, expected)
        except BallottageError as exc:
            return self.refuse(batch, str(exc), now=arrived)
        changed = [u for u in units if self._current.get(u.area) != _key(u)]
        with self.store.transaction():
            batch_id = self._log(batch, arrived, len(units), len(changed), "imported", None)
            self._write(batch_id, changed)
        for u in changed:
            self._current[u.area] = _key(u)
            self._state[u.area] = u
        return BatchReport(batch_id, batch.source, batch.tag, arrived, len(units), len(changed))

    def refuse(self, batch: Batch, problem: str, *, now: datetime | None = None) -> BatchReport:
        """Record a batch refused whole, and why."""
        arrived = now or utc_now()
        with self.store.transaction():
            batch_id = self._log(batch, arrived, len(batch.units), 0, "refused", problem)
        return BatchReport(
            batch_id, batch.source, batch.tag, arrived, len(batch.units), 0, refused=problem
        )

    def _log(
        self,
        batch: Batch,
        arrived: datetime,
        units: int,
        changed: int,
        status: str,
        problem: str | None,
    ) -> int:
        db = self.store.con
        row = db.execute("SELECT coalesce(max(id), 0) + 1 FROM live_batches").fetchone()
        batch_id = int(row[0]) if row else 1
        db.execute(
            "INSERT INTO live_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                batch_id,
                self.election,
                self.round,
                batch.source,
                batch.tag,
                arrived,
                batch.published,
                units,
                changed,
                status,
                problem,
            ],
        )
        return batch_id

    def _write(self, batch_id: int, units: list[UnitResult]) -> None:
        if not units:
            return
        unit_rows, vote_rows = _frames(batch_id, self.election, self.round, units)
        db = self.store.con
        db.register("_live_unit_rows", unit_rows)
        db.register("_live_vote_rows", vote_rows)
        try:
            db.execute("INSERT INTO live_units SELECT * FROM _live_unit_rows")
            if len(vote_rows):
                db.execute("INSERT INTO live_votes SELECT * FROM _live_vote_rows")
        finally:
            db.unregister("_live_unit_rows")
            db.unregister("_live_vote_rows")

    def state(self, at: datetime | None = None) -> dict[str, UnitResult]:
        """Every unit reported by ``at`` (default: now), with its latest figures by then."""
        return dict(self._state) if at is None else self.state_at(at)

    def state_at(self, at: datetime | None) -> dict[str, UnitResult]:
        """:meth:`state` read from the tables."""
        params = [self.election, self.round, at or datetime.max]
        rows = self.store.con.execute(_LATEST, params).fetchall()
        votes: dict[tuple[str, int], list[ListResult]] = {}
        for area, batch, head, nuance, count in self.store.con.execute(
            _LATEST_VOTES, params
        ).fetchall():
            votes.setdefault((area, batch), []).append(ListResult(head, int(count), nuance))
        out = {}
        for area, batch, region, name, ins, vot, bl, nu, exp in rows:
            level, _, code = str(area).partition(":")
            out[area] = UnitResult(
                level,
                code,
                name or "",
                region,
                int(ins),
                int(vot),
                None if bl is None else int(bl),
                None if nu is None else int(nu),
                int(exp),
                tuple(votes.get((area, batch), ())),
            )
        return out

    def last_changes(self) -> dict[str, datetime]:
        """When each region's figures last changed (the arrival of the batch)."""
        rows = self.store.con.execute(
            "SELECT u.region, max(b.arrived_at) FROM live_units u JOIN live_batches b "
            "ON b.id = u.batch WHERE u.election = ? AND u.round = ? GROUP BY u.region",
            [self.election, self.round],
        ).fetchall()
        return {str(region): when for region, when in rows}

    def batches(self) -> tuple[BatchReport, ...]:
        """Every batch received, in order."""
        rows = self.store.con.execute(
            "SELECT id, source, tag, arrived_at, units, changed, problem FROM live_batches "
            "WHERE election = ? AND round = ? ORDER BY id",
            [self.election, self.round],
        ).fetchall()
        return tuple(BatchReport(i, s, t, a, u, c, p) for i, s, t, a, u, c, p in rows)


_UNIT_COLUMNS = (
    "batch", "election", "round", "area", "region", "name",
    "inscrits", "votants", "blancs", "nuls", "exprimes",
)  # fmt: skip
_VOTE_COLUMNS = ("batch", "election", "round", "area", "head", "nuance", "votes")


def _frames(
    batch_id: int, election: str, round_: int, units: list[UnitResult]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of ``live_units`` and ``live_votes`` for a batch (one insert per table)."""
    unit_rows = pd.DataFrame(
        [
            (batch_id, election, round_, u.area, u.region, u.name, u.inscrits, u.votants,
             u.blancs, u.nuls, u.exprimes)
            for u in units
        ],
        columns=list(_UNIT_COLUMNS),
    ).astype({"blancs": "Int64", "nuls": "Int64"})  # fmt: skip
    vote_rows = pd.DataFrame(
        [
            (batch_id, election, round_, u.area, lst.head, lst.nuance, lst.votes)
            for u in units
            for lst in u.lists
        ],
        columns=list(_VOTE_COLUMNS),
    ).astype({"nuance": "object"})
    return unit_rows, vote_rows


_LATEST = """
WITH ranked AS (
    SELECT u.*, row_number() OVER (PARTITION BY u.area ORDER BY u.batch DESC) AS rank
    FROM live_units u JOIN live_batches b ON b.id = u.batch
    WHERE u.election = $1 AND u.round = $2 AND b.status = 'imported' AND b.arrived_at <= $3
)
SELECT area, batch, region, name, inscrits, votants, blancs, nuls, exprimes
FROM ranked WHERE rank = 1 ORDER BY area
"""

_LATEST_VOTES = f"""
WITH latest AS ({_LATEST})
SELECT v.area, v.batch, v.head, v.nuance, v.votes FROM live_votes v
JOIN latest l ON l.area = v.area AND l.batch = v.batch
WHERE v.election = $1 AND v.round = $2 ORDER BY v.area, v.votes DESC, v.head
"""
