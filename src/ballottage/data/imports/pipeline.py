"""The one import pipeline: every kind of file goes through :func:`run_import`.

1. the election (and each round) is checked to exist;
2. the file's SHA-256 (of several files, the SHA-256 of theirs) is looked up in the import
   log: a round already imported from the same bytes is skipped, nothing read;
3. the file is read and checked on its own (:mod:`ballottage.data.sources`);
4. in one transaction, each part (a table of one round) is logged, then written by the
   kind's own ``write``; after each round the kind's store-wide checks run. Any breach rolls
   everything back: the store is as it was.

What is particular to a kind of file is a :class:`Kind`: its name in the log, the rounds it
gives, and how to read it into :class:`Part` values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from ballottage.data.imports.writing import combined_sha, imported, log_import
from ballottage.data.model import Election, ImportReport
from ballottage.data.store import Store

Con = duckdb.DuckDBPyConnection


@dataclass(frozen=True)
class Written:
    """What a part's ``write`` stored: rows, and the figures not stored as given."""

    rows: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Part:
    """One logged piece of an import: a table of one round, and how to write it.

    ``write(con, import_id)`` runs inside the import's transaction.
    """

    round: int | None
    level: str
    source: str
    areas: int
    rows: int
    write: Callable[[Con, int], Written]
    exported_at: str | None = None


def no_check(con: Con, election: str, round_: int | None) -> None:
    """Nothing to check across the store once a round is written."""


@dataclass(frozen=True)
class Kind:
    """A kind of file: its name in the import log, the rounds one file gives, the level a
    skipped import reports, its reader, and the checks to run once a round is written."""

    name: str
    rounds: tuple[int | None, ...]
    level: str
    read: Callable[[tuple[Path, ...], Election], Sequence[Part]]
    check: Callable[[Con, str, int | None], None] = no_check


def run_import(
    store: Store, paths: Sequence[str | Path], election: str, kind: Kind
) -> tuple[ImportReport, ...]:
    """Import ``paths`` as one file of ``kind`` for ``election``, all or nothing.

    Returns one report per part written, and one (``skipped``) per round already imported
    from the same bytes, by round.
    """
    files = tuple(Path(p) for p in paths)
    found = store.check_election_round(election, None)
    for round_ in kind.rounds:
        store.check_election_round(election, round_)
    sha = combined_sha(files) if all(f.is_file() for f in files) else ""
    done = {r for r in kind.rounds if sha and imported(store.con, sha, election, r, kind.name)}
    name = " + ".join(f.name for f in files)
    skipped = [
        ImportReport(name, sha, election, r, kind.level, 0, 0, True)
        for r in kind.rounds
        if r in done
    ]
    if len(done) == len(kind.rounds):
        return tuple(skipped)
    parts = [p for p in kind.read(files, found) if p.round not in done]
    with store.transaction() as con:
        reports = [*_write_parts(con, parts, sha, election, kind)]
    return tuple(sorted([*skipped, *reports], key=lambda r: r.round or 0))


FrameWrite = Callable[[Con, pd.DataFrame, str, str, int], None]
"""``write(con, frame, file name, election, import id)``."""


def file_kind(
    name: str,
    level: str,
    read: Callable[[Path], pd.DataFrame],
    areas: Callable[[pd.DataFrame], int],
    write: FrameWrite,
) -> Kind:
    """A kind of file read into one frame, for no particular round (seats, sizes)."""

    def parts(paths: Sequence[Path], found: Election) -> list[Part]:
        frame, source = read(paths[0]), paths[0].name

        def write_frame(con: Con, import_id: int) -> Written:
            write(con, frame, source, found.id, import_id)
            return Written(len(frame))

        return [Part(None, level, source, areas(frame), len(frame), write_frame)]

    return Kind(name, (None,), level, parts)


def _write_parts(
    con: Con, parts: Sequence[Part], sha: str, election: str, kind: Kind
) -> Iterator[ImportReport]:
    """Log and write each part; run the kind's checks once each round is written."""
    for i, part in enumerate(parts):
        import_id = log_import(
            con,
            sha256=sha,
            source=part.source,
            kind=kind.name,
            election=election,
            round_=part.round,
            level=part.level,
            areas=part.areas,
            rows=part.rows,
            exported_at=part.exported_at,
        )
        out = part.write(con, import_id)
        yield ImportReport(
            part.source,
            sha,
            election,
            part.round,
            part.level,
            part.areas,
            out.rows,
            False,
            out.warnings,
        )
        if i + 1 == len(parts) or parts[i + 1].round != part.round:
            kind.check(con, election, part.round)


def only(reports: tuple[ImportReport, ...]) -> ImportReport:
    """The one report of a kind that gives one part."""
    (report,) = reports
    return report
