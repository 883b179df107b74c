"""The raw grids of a Ministry file: the sheets of a workbook (python-calamine), or a
``;``-separated text file (UTF-8 or Windows-1252) streamed in chunks of
:data:`TEXT_CHUNK_ROWS` rows, each chunk starting with the header row."""

from __future__ import annotations

import codecs
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pandas as pd

from ballottage import limits
from ballottage.bounded import check_size
from ballottage.data.sources.workbook import check_rows, open_workbook, sheet_rows
from ballottage.errors import InvalidInput, UnreadableFile

BOOKS = {".xlsx", ".xlsm", ".xls", ".ods"}
"""Suffixes of the files read as workbooks."""
HeaderRow = Callable[[pd.DataFrame], int | None]
"""Finds the header row of a grid (None: not the layout)."""


def read_grids(
    path: Path, sheet: str | None, header_row: HeaderRow
) -> Generator[tuple[str, pd.DataFrame]]:
    """``(source, grid)`` of every sheet of a workbook (or ``sheet``), else of every chunk
    of a text file, each chunk starting with the header row ``header_row`` finds."""
    if path.suffix.lower() in BOOKS:
        book = open_workbook(path)
        names = [sheet] if sheet else list(book.sheet_names)
        if sheet and sheet not in book.sheet_names:
            raise InvalidInput("sheet", sheet, f"not in {path.name}: {book.sheet_names}")
        for name in names:
            rows = sheet_rows(book, path, name)
            if rows:
                yield f"{path.name}[{name}]", pd.DataFrame(rows, dtype=object)
        return
    yield from _text_chunks(path, header_row)


TEXT_CHUNK_ROWS = 20_000
"""Rows of a ``;`` text file parsed at a time: a whole-France commune file streams through."""


def _encoding(path: Path) -> str:
    """UTF-8 (BOM or not) if the whole file decodes so, else Windows-1252 (read in blocks)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        head = handle.read(3)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise UnreadableFile(
                path.name, "is UTF-16 text; save it as UTF-8", rule="text encoding"
            )
        handle.seek(0)
        if b"\x00" in handle.read(65536):
            raise UnreadableFile(path.name, "holds NUL bytes: it is not a text table")
        handle.seek(0)
        try:
            for block in iter(lambda: handle.read(1 << 20), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig" if head == codecs.BOM_UTF8 else "utf-8"


def _text_chunks(path: Path, header_row: HeaderRow) -> Generator[tuple[str, pd.DataFrame]]:
    """The file's rows in chunks, each starting with the header row (streamed, not loaded)."""
    check_size(
        path,
        limits.ministry_file_bytes(),
        name="MINISTRY_FILE_BYTES",
        env=limits.MINISTRY_FILE_ENV,
    )
    if path.stat().st_size == 0:
        raise UnreadableFile(path.name, "is empty", rule="a file holds its header and its rows")
    encoding = _encoding(path)
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        first_line = handle.readline()
    sep = ";" if ";" in first_line or "\t" not in first_line else "\t"
    try:
        with pd.read_csv(
            path,
            sep=sep,
            header=None,
            dtype=str,
            keep_default_na=False,
            encoding=encoding,
            encoding_errors="replace",
            chunksize=TEXT_CHUNK_ROWS,
        ) as reader:
            yield from _chunks(path, reader, header_row)
    except pd.errors.EmptyDataError:
        raise UnreadableFile(
            path.name, "is empty", rule="a file holds its header and its rows"
        ) from None
    except pd.errors.ParserError as exc:
        raise UnreadableFile(
            path.name, f"is not a readable {sep!r}-separated table ({_first_line(exc)})"
        ) from None


def _chunks(
    path: Path, reader: Iterator[pd.DataFrame], header_row: HeaderRow
) -> Iterator[tuple[str, pd.DataFrame]]:
    header: pd.DataFrame | None = None
    seen = 0
    for chunk in reader:
        seen += len(chunk)
        check_rows(path.name, seen, chunk.shape[1])
        if header is None:
            found = header_row(chunk)
            if found is None:
                raise InvalidInput(path.name, "header", "no Inscrits/Exprimés/Voix columns found")
            header = chunk.iloc[[found]]
            chunk = chunk.iloc[found:]
        else:
            chunk = pd.concat([header, chunk], ignore_index=True)
        yield path.name, chunk.reset_index(drop=True)


def _first_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:160]
