"""The embedded DuckDB store of election results: import, check, query.

>>> store = Store(":memory:")
>>> [e.id for e in store.elections()]
['regionales-2015', 'regionales-2021']
>>> store.close()

The store returns figures; applying the law is the caller's business (``ballottage.law``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

import duckdb
import pandas as pd
import platformdirs

from ballottage.data import queries
from ballottage.data.checks import (
    check_against_round1,
    check_levels,
    check_region_seats,
    check_section_totals,
)
from ballottage.data.importer import (
    add_note,
    file_sha256,
    imported,
    log_import,
    region_lists,
    write_results,
    write_table,
)
from ballottage.data.minint import read_minint
from ballottage.data.model import (
    CandidateList,
    Council,
    Coverage,
    Election,
    ImportReport,
    PublishedSeats,
    Region,
    RoundResults,
)
from ballottage.data.reference import normalize_name, reference
from ballottage.data.region_imports import (
    agreeing_regions,
    import_department_tables,
    import_pollsposition,
    with_stored_heads,
)
from ballottage.data.schema import DDL, SCHEMA_VERSION, TABLES, seed_reference
from ballottage.data.secondary import (
    SecondaryRound,
    read_corsica_round2,
    read_council_sizes,
    read_round2_regions,
    read_section_seats,
)
from ballottage.data.store_errors import check_store_path, store_error
from ballottage.errors import BallottageError, InconsistentData, InvalidInput, StoreUnavailable


def default_path() -> Path:
    """Where the store lives unless told otherwise: the user's cache directory."""
    return Path(platformdirs.user_cache_dir("ballottage")) / "ballottage.duckdb"


class Store:
    """A DuckDB file (or ``":memory:"``) of elections, areas, lists, votes and seats.

    ``path=None`` opens :func:`default_path`. Every import is one transaction: a file that
    breaks an identity raises :class:`~ballottage.errors.InconsistentData` and leaves the
    store as it was; importing the same file again does nothing.
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        target = default_path() if path is None else path
        self.path = str(target)
        check_store_path(self.path)
        try:
            if self.path != ":memory:":
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
        (:func:`~ballottage.data.bundle.import_sources`) commits all of them or none.
        """
        if self._depth:
            self._depth += 1
            try:
                yield self.con
            finally:
                self._depth -= 1
            return
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

    # ---- imports -------------------------------------------------------------------

    def import_minint(
        self, path: str | Path, *, election: str, round: int, sheet: str | None = None
    ) -> tuple[ImportReport, ...]:
        """Import a Ministry file in the wide layout (every sheet of a workbook, or ``sheet``).

        Region, department, constituency, canton and commune tables are all accepted, for
        round 1 or round 2 (later rounds are matched to round-1 lists by head of list).
        """
        path = Path(path)
        self._check_election_round(election, round)
        sha = file_sha256(path) if path.is_file() else ""
        kind = "minint" + (f":{sheet}" if sheet else "")
        if sha and imported(self.con, sha, election, round, kind):
            return (ImportReport(path.name, sha, election, round, "-", 0, 0, True),)
        tables = read_minint(path, sheet=sheet)
        reports = []
        with self.transaction() as con:
            for table in tables:
                import_id = log_import(
                    con,
                    sha256=sha,
                    source=table.source,
                    kind=kind,
                    election=election,
                    round_=round,
                    level=table.level,
                    areas=len(table.areas),
                    rows=len(table.lists),
                    exported_at=table.exported_at,
                )
                rows = write_table(con, table, election=election, round_=round, import_id=import_id)
                reports.append(
                    ImportReport(
                        table.source,
                        sha,
                        election,
                        round,
                        table.level,
                        len(table.areas),
                        rows,
                        False,
                    )
                )
            check_levels(con, election, round)
            check_region_seats(con, election)
        return tuple(reports)

    def import_round2_regions(
        self, lists_path: str | Path, totals_path: str | Path, *, election: str
    ) -> ImportReport:
        """Import the hand-compiled round-2 votes, turnout and seats per region (secondary).

        Their list votes may not add up to exprimés (the figures come from different pages):
        such breaches are kept as notes, not refused. Seats must add up to the council.
        """
        paths = (Path(lists_path), Path(totals_path))
        data = read_round2_regions(*paths)
        return self._import_secondary(paths, data, election, "secondary:t2-regions")

    def import_corsica_round2(self, path: str | Path, *, election: str) -> ImportReport:
        """Import Corsica's round-2 votes (secondary) for the year of ``election``."""
        year = queries.election(self.con, election).year
        data = read_corsica_round2(Path(path), year)
        return self._import_secondary((Path(path),), data, election, "secondary:corse-t2")

    def import_department_tables(
        self,
        lists_path: str | Path,
        totals_path: str | Path,
        *,
        election: str,
        round: int = 1,
    ) -> ImportReport:
        """Import department-level results given as a long lists table and a totals table
        (the 2021 round-1 files; see :mod:`ballottage.data.department_tables`)."""
        self._check_election_round(election, round)
        return import_department_tables(
            self, lists_path, totals_path, election=election, round_=round
        )

    def import_pollsposition(self, path: str | Path, *, election: str) -> tuple[ImportReport, ...]:
        """Import pollsposition's region-level rounds 1 and 2 for the election's year.

        Heads of list are matched to the round-1 lists already in the store (import the
        department tables first). Wrong ``votants`` are replaced by the departments' sum or
        left missing, and named in the reports' ``warnings``.
        """
        self._check_election_round(election, None)
        return import_pollsposition(self, path, election=election)

    def _import_secondary(
        self, paths: Sequence[Path], data: SecondaryRound, election: str, kind: str
    ) -> ImportReport:
        self._check_election_round(election, 2)
        sha = _combined_sha(paths)
        name = " + ".join(p.name for p in paths)
        if imported(self.con, sha, election, 2, kind):
            return ImportReport(name, sha, election, 2, "region", 0, 0, True)
        with self.transaction() as con:
            import_id = log_import(
                con,
                sha256=sha,
                source=name,
                kind=kind,
                election=election,
                round_=2,
                level="region",
                areas=len(data.areas),
                rows=len(data.lists),
            )
            data = with_stored_heads(con, data, election, name)
            check_against_round1(con, data.areas, election, name)
            agreed = agreeing_regions(con, data, election, kind, name)
            write = data.lists[~data.lists["region"].isin(agreed)]
            rows = 0
            if len(write):
                rows = write_results(
                    con,
                    data.areas[data.areas["area"].isin(write["area"])].drop(columns="source"),
                    write.drop(columns="source"),
                    election=election,
                    round_=2,
                    import_id=import_id,
                    source=name,
                    strict_sum=False,
                    create_lists=False,
                )
            for area, source in data.areas[["area", "source"]].itertuples(index=False):
                if source:
                    add_note(con, election, 2, area, "source", f"turnout: {source}", import_id)
            for area, source in (
                data.lists[["area", "source"]].drop_duplicates().itertuples(index=False)
            ):
                add_note(con, election, 2, area, "source", f"votes: {source}", import_id)
            for reg, other in agreed.items():
                add_note(
                    con,
                    election,
                    2,
                    f"region:{reg}",
                    "source",
                    f"votes: {name} agrees with {other} list by list",
                    import_id,
                )
            self._secondary_seats(con, data, election, import_id)
            for reg, head, votes, source in data.alternatives.itertuples(index=False):
                number = region_lists(con, election, reg)[normalize_name(head)]
                con.execute(
                    "INSERT INTO alternative_votes VALUES (?, 2, ?, ?, ?, ?, ?, ?)",
                    [election, f"region:{reg}", reg, number, int(votes), source, import_id],
                )
            check_levels(con, election, 2)
            check_region_seats(con, election)
        return ImportReport(
            name, sha, election, 2, "region", len(data.areas), rows or len(data.lists), False
        )

    def _secondary_seats(
        self,
        con: duckdb.DuckDBPyConnection,
        data: SecondaryRound,
        election: str,
        import_id: int,
    ) -> None:
        won = data.lists[data.lists["seats"].notna()]
        for reg, group in won.groupby("region"):
            numbers = region_lists(con, election, str(reg))
            con.execute(
                "DELETE FROM published_seats WHERE election = ? AND area = ?",
                [election, f"region:{reg}"],
            )
            for head, seats, source in group[["head", "seats", "source"]].itertuples(index=False):
                con.execute(
                    "INSERT INTO published_seats VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
                    [
                        election,
                        reg,
                        f"region:{reg}",
                        numbers[normalize_name(head)],
                        int(seats),
                        source,
                        import_id,
                    ],
                )

    def import_section_seats(self, path: str | Path, *, election: str) -> ImportReport:
        """Import published seats per section (totals over all lists, or per list)."""
        return self._import_file(
            Path(path),
            election=election,
            kind="secondary:section-seats",
            level="section",
            read=read_section_seats,
            areas=lambda frame: int(frame["section"].nunique()),
            write=_write_section_seats,
        )

    def import_council_sizes(self, path: str | Path, *, election: str) -> ImportReport:
        """Cross-check council sizes and section counts against the law's reference table."""
        return self._import_file(
            Path(path),
            election=election,
            kind="secondary:council-sizes",
            level="region",
            read=read_council_sizes,
            areas=len,
            write=_check_council_sizes,
        )

    def _import_file(
        self,
        path: Path,
        *,
        election: str,
        kind: str,
        level: str,
        read: Callable[[Path], pd.DataFrame],
        areas: Callable[[pd.DataFrame], int],
        write: Callable[[duckdb.DuckDBPyConnection, pd.DataFrame, str, str, int], None],
    ) -> ImportReport:
        """Read a file once (same SHA-256: nothing to do), log it and ``write`` it in one
        transaction: a figure that fails a check leaves the store as it was."""
        self._check_election_round(election, None)
        sha = file_sha256(path)
        if imported(self.con, sha, election, None, kind):
            return ImportReport(path.name, sha, election, None, level, 0, 0, True)
        frame = read(path)
        with self.transaction() as con:
            import_id = log_import(
                con,
                sha256=sha,
                source=path.name,
                kind=kind,
                election=election,
                round_=None,
                level=level,
                areas=areas(frame),
                rows=len(frame),
            )
            write(con, frame, path.name, election, import_id)
        return ImportReport(path.name, sha, election, None, level, areas(frame), len(frame), False)

    def load_bundled(self, directory: str | Path | None = None, *, keep_own: bool = False) -> bool:
        """Fill the store from the figures shipped with ballottage (fast). False if present.

        With ``keep_own``, elections the store holds other files for are not loaded.
        """
        from ballottage.data.bundle import load_bundle

        return load_bundle(self, directory, keep_own=keep_own)

    def _check_election_round(self, election: str, round_: int | None) -> None:
        queries.election(self.con, election)
        if round_ is not None and round_ not in (1, 2):
            raise InvalidInput("round", round_, "must be 1 or 2")

    # ---- queries -------------------------------------------------------------------

    def elections(self) -> tuple[Election, ...]:
        """Every election known to the store."""
        return queries.elections(self.con)

    def regions(self, election: str) -> tuple[Region, ...]:
        """Regions with lists or a council in ``election``, by INSEE code."""
        return queries.regions(self.con, election)

    def region(self, election: str, name_or_code: str) -> Region:
        """Resolve ``32``, ``hauts-de-france``, ``HDF``, ``Hauts de France``, ``paca``..."""
        return queries.region(self.con, election, name_or_code)

    def lists(self, election: str, region: str) -> tuple[CandidateList, ...]:
        """The lists of a region, by number."""
        reg = self.region(election, region)
        return tuple(queries.candidate_lists(self.con, election, reg.code).values())

    def round_results(
        self, election: str, region: str, round: int, level: str = "region"
    ) -> RoundResults:
        """Turnout and list votes of one round in a region, with the areas of ``level``.

        ``level`` is ``region``, ``section``, ``department``, ``constituency``, ``canton``
        or ``commune``; figures the store lacks raise :class:`~ballottage.errors.MissingData`.
        """
        return queries.round_results(self.con, election, region, round, level)

    def published_seats(self, election: str, region: str) -> tuple[PublishedSeats, ...]:
        """Seats per list as published for the whole region, most seats first."""
        return queries.published_seats(self.con, election, region)

    def published_section_seats(self, election: str, region: str) -> tuple[PublishedSeats, ...]:
        """Seats per section as published (section totals have ``list=None``)."""
        return queries.published_seats(self.con, election, region, sections=True)

    def coverage(self, election: str) -> Coverage:
        """Regions with round-1 and round-2 votes, published seats and a council."""
        return queries.coverage(self.con, election)

    def council(self, election: str, region: str) -> Council:
        """Council size, rule-set name and sections of a region."""
        return queries.council(self.con, election, region)


def open_store(path: str | Path | None = None, *, bundled: bool = True) -> Store:
    """Open a store (default: the user cache file) with the bundled figures loaded.

    >>> with open_store(":memory:") as store:
    ...     store.council("regionales-2015", "IDF").seats
    209
    """
    store = Store(path)
    if bundled:
        try:
            store.load_bundled()
        except BaseException:
            store.close()
            raise
    return store


def _combined_sha(paths: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        if not path.is_file():
            raise InvalidInput("file", str(path), "does not exist")
        digest.update(file_sha256(path).encode())
    return digest.hexdigest()


def _write_section_seats(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, name: str, election: str, import_id: int
) -> None:
    """Published seats per section, each section checked to belong to its region."""
    for rec in frame.to_dict("records"):
        reg, section, head = str(rec["region"]), str(rec["section"]), rec["head"]
        area = f"section:{section}"
        known = con.execute("SELECT parent FROM areas WHERE id = ?", [area]).fetchone()
        if known is None or known[0] != f"region:{reg}":
            raise InconsistentData(
                f"{name}: section {section}", f"is not a section of region {reg}"
            )
        number = None
        if head is not None:
            number = region_lists(con, election, reg).get(normalize_name(str(head)))
            if number is None:
                raise InconsistentData(
                    f"{name}: section {section}", f"{head} heads no list of region {reg}"
                )
        con.execute(
            "INSERT INTO published_seats VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [election, reg, area, number, int(rec["seats"]), rec["source"], rec["note"], import_id],
        )
    check_section_totals(con, election)


def _check_council_sizes(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, name: str, election: str, import_id: int
) -> None:
    """Each council's size and section count must be the law's (table n° 7); the file is then
    added to the council's sources."""
    for reg, seats, sections in frame.itertuples(index=False):
        place = f"region {reg} {reference().region_ref(reg).region.name}"
        row = con.execute(
            "SELECT seats FROM councils WHERE election = ? AND region = ?", [election, reg]
        ).fetchone()
        if row is None or row[0] != seats:
            raise InconsistentData(
                place,
                f"council of {seats} seats in {name}, "
                f"{row[0] if row else 'none'} by law (table n° 7)",
            )
        ours = con.execute(
            "SELECT count(*) FROM areas WHERE level = 'section' AND parent = ?",
            [f"region:{reg}"],
        ).fetchone()
        if ours is None or ours[0] != sections:
            raise InconsistentData(
                place,
                f"{sections} sections in {name}, {ours[0] if ours else 0} in the reference",
            )
        con.execute(
            "UPDATE councils SET source = source || ? WHERE election = ? "
            "AND region = ? AND NOT contains(source, ?)",
            [f"; {name}", election, reg, name],
        )
