"""The embedded DuckDB store of election results: the connection, its transactions, queries.

>>> store = Store(":memory:")
>>> [e.id for e in store.elections()]
['regionales-2015', 'regionales-2021']
>>> store.close()

The store returns figures; applying the law is the caller's business (``ballottage.law``).
Files are imported by :mod:`ballottage.data.imports`, which writes through
:meth:`Store.transaction`; this module loads no reader of the Ministry's files.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType, TracebackType

import duckdb
import platformdirs

from ballottage.data.model import (
    AreaResults,
    CandidateList,
    Council,
    Coverage,
    Election,
    PublishedSeats,
    Region,
    RoundResults,
)
from ballottage.data.reference import resolve_region
from ballottage.data.store import queries
from ballottage.data.store.bundled import bundle_loaded, load_bundle
from ballottage.data.store.cache import QueryCache, cached
from ballottage.data.store.errors import check_store_path, store_error
from ballottage.data.store.schema import DDL, SCHEMA_VERSION, TABLES, seed_reference
from ballottage.errors import BallottageError, InconsistentData, InvalidInput, StoreUnavailable


def default_path() -> Path:
    """Where the store lives unless told otherwise: the user's cache directory."""
    return Path(platformdirs.user_cache_dir("ballottage")) / "ballottage.duckdb"


class Store:
    """A DuckDB file (or ``":memory:"``) of elections, areas, lists, votes and seats.

    ``path=None`` opens :func:`default_path`. Every import is one transaction: a file that
    breaks an identity raises :class:`~ballottage.errors.InconsistentData` and leaves the
    store as it was; importing the same file again does nothing.

    Query answers are frozen values and are kept until the next transaction (any import or
    bundle load): asking twice for the same region's results reads the database once. Write
    only through :meth:`transaction`, which forgets them.
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        target = default_path() if path is None else path
        self.path = str(target)
        self.read_only = read_only
        self.cache = QueryCache()
        check_store_path(self.path)
        try:
            if self.path != ":memory:" and not read_only:
                Path(target).parent.mkdir(parents=True, exist_ok=True)
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise store_error(self.path, exc) from None
        except OSError as exc:
            raise StoreUnavailable(self.path, exc.strerror or str(exc)) from None
        self._depth = 0
        try:
            if self.path != ":memory:" and not self._on_disk():
                raise StoreUnavailable(
                    self.path, "DuckDB did not open it as a database file; name it .duckdb"
                )
            if not read_only:
                self._prepare()
        except BaseException:
            self.con.close()
            raise

    def _on_disk(self) -> bool:
        row = self.con.execute(
            "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
        ).fetchone()
        return bool(row and row[0])

    def close(self) -> None:
        """Close the database."""
        self.cache.clear()
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing: commit on success, roll back on any error.

        Transactions nest: an inner one joins the outer one, so an import of several files
        (:func:`~ballottage.data.bundle.import_sources`) commits all of them or none. The
        cached query answers are forgotten when the outer one ends, either way.
        """
        if self._depth:
            self._depth += 1
            try:
                yield self.con
            finally:
                self._depth -= 1
            return
        self.cache.clear()
        self.con.begin()
        self._depth = 1
        try:
            yield self.con
        except duckdb.ConstraintException as exc:
            self.con.rollback()
            raise InconsistentData(
                "store",
                f"a row would be stored twice ({str(exc).splitlines()[0]})",
                rule="one figure per area, round and list",
            ) from None
        except BaseException:
            self.con.rollback()
            raise
        finally:
            self._depth = 0
            self.cache.clear()
        self.con.commit()

    def _prepare(self) -> None:
        with self.transaction() as con:
            con.execute(DDL)
            row = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None:
                con.execute("INSERT INTO meta VALUES ('schema', ?)", [str(SCHEMA_VERSION)])
            elif row[0] != str(SCHEMA_VERSION):
                raise BallottageError(
                    f"{self.path}: store schema {row[0]}, this ballottage needs "
                    f"{SCHEMA_VERSION}; delete the file and import again"
                )
            seed_reference(con)

    def counts(self) -> dict[str, int]:
        """Rows per table (to see what an import changed)."""
        out = {}
        for table in TABLES:
            row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[table] = int(row[0]) if row else 0
        return out

    def load_bundled(self, directory: str | Path | None = None, *, keep_own: bool = False) -> bool:
        """Fill the store from the figures shipped with ballottage (fast). False if present.

        With ``keep_own``, elections the store holds other files for are not loaded.
        """
        return load_bundle(self, directory, keep_own=keep_own)

    def check_election_round(self, election: str, round_: int | None) -> Election:
        """The election named (UnknownName if the store has none), ``round_`` 1, 2 or None."""
        found = self.election(election)
        if round_ is not None and round_ not in (1, 2):
            raise InvalidInput("round", round_, "must be 1 or 2")
        return found

    # ---- queries (answers kept until the next transaction) -------------------------

    @cached
    def elections(self) -> tuple[Election, ...]:
        """Every election known to the store."""
        return queries.elections(self.con)

    @cached
    def election(self, name: str) -> Election:
        """One election by id (``regionales-2015``); UnknownName lists the others."""
        return queries.election(self.con, name)

    @cached
    def regions(self, election: str) -> tuple[Region, ...]:
        """Regions with lists or a council in ``election``, by INSEE code."""
        return queries.regions(self.con, self.election(election).id)

    @cached
    def region(self, election: str, name_or_code: str) -> Region:
        """Resolve ``32``, ``hauts-de-france``, ``HDF``, ``Hauts de France``, ``paca``..."""
        return resolve_region(name_or_code, self.regions(election))

    @cached
    def _numbered(self, election: str, code: str) -> Mapping[int, CandidateList]:
        return MappingProxyType(queries.candidate_lists(self.con, election, code))

    def lists(self, election: str, region: str) -> tuple[CandidateList, ...]:
        """The lists of a region, by number."""
        reg = self.region(election, region)
        return tuple(self._numbered(election, reg.code).values())

    @cached
    def round_results(
        self, election: str, region: str, round: int, level: str = "region"
    ) -> RoundResults:
        """Turnout and list votes of one round in a region, with the areas of ``level``.

        ``level`` is ``region``, ``section``, ``department``, ``constituency``, ``canton``
        or ``commune``; figures the store lacks raise :class:`~ballottage.errors.MissingData`.
        """
        queries.check_round_level(round, level)
        reg = self.region(election, region)
        lists = self._numbered(election, reg.code)
        totals = self._totals(election, reg, round)
        return queries.round_results(self.con, election, reg, round, level, lists, totals)

    @cached
    def _totals(
        self, election: str, reg: Region, round_: int
    ) -> tuple[AreaResults, tuple[str, ...]]:
        lists = self._numbered(election, reg.code)
        return queries.region_totals(self.con, election, reg, round_, lists)

    @cached
    def published_seats(self, election: str, region: str) -> tuple[PublishedSeats, ...]:
        """Seats per list as published for the whole region, most seats first."""
        reg = self.region(election, region)
        lists = self._numbered(election, reg.code)
        return queries.published_seats(self.con, election, reg, lists)

    @cached
    def published_section_seats(self, election: str, region: str) -> tuple[PublishedSeats, ...]:
        """Seats per section as published (section totals have ``list=None``)."""
        reg = self.region(election, region)
        lists = self._numbered(election, reg.code)
        return queries.published_seats(self.con, election, reg, lists, sections=True)

    @cached
    def coverage(self, election: str) -> Coverage:
        """Regions with round-1 and round-2 votes, published seats and a council."""
        return queries.coverage(self.con, election)

    @cached
    def council(self, election: str, region: str) -> Council:
        """Council size, rule-set name and sections of a region."""
        return queries.council(self.con, election, self.region(election, region))


def open_store(
    path: str | Path | None = None, *, bundled: bool = True, read_only: bool = False
) -> Store:
    """Open a store (default: the user cache file) with the bundled figures loaded.

    With ``read_only`` the file is opened for reading only (several processes may then read
    it at once); it is first filled from the bundle if it lacks it. A ``":memory:"`` store
    cannot be reopened, so it stays writable.

    >>> with open_store(":memory:") as store:
    ...     store.council("regionales-2015", "IDF").seats
    209
    """
    if read_only and bundled and str(path) != ":memory:":
        target = default_path() if path is None else Path(path)
        if target.is_file():
            store = Store(target, read_only=True)
            if bundle_loaded(store.con):
                return store
            store.close()
        open_store(target, bundled=True).close()
        return Store(target, read_only=True)
    store = Store(path, read_only=read_only and str(path) != ":memory:")
    if bundled:
        try:
            store.load_bundled()
        except BaseException:
            store.close()
            raise
    return store
