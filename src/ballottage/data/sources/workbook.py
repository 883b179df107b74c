"""Opening a workbook without trusting it: sizes checked before anything is unpacked.

An ``.xlsx`` is a zip archive of XML parts. Before python-calamine reads it, the archive's own
directory says what it would unpack to (refused over
:func:`~ballottage.limits.xlsx_uncompressed_bytes`: a zip bomb) and each sheet's
``<dimension>`` says how many rows and cells it holds (refused over
:data:`~ballottage.limits.SHEET_ROWS` / :data:`~ballottage.limits.SHEET_CELLS`). An empty,
truncated or non-zip file is one :class:`~ballottage.errors.UnreadableFile`.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from ballottage import limits
from ballottage.bounded import check_size, too_big
from ballottage.errors import InvalidInput, LimitExceeded, UnreadableFile

ZIPPED = {".xlsx", ".xlsm", ".ods"}
"""Workbook formats that are zip archives (``.xls`` is not)."""

_DIMENSION = re.compile(rb'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def _column_number(letters: bytes) -> int:
    n = 0
    for c in letters.decode():
        n = n * 26 + ord(c) - 64
    return n


def check_rows(name: str, rows: int, columns: int = 1) -> None:
    """Refuse a sheet or table over the row or cell limits."""
    if rows > limits.SHEET_ROWS:
        raise LimitExceeded("rows", rows, limits.SHEET_ROWS, "rows", name="SHEET_ROWS", file=name)
    if rows * columns > limits.SHEET_CELLS:
        raise LimitExceeded(
            "cells", rows * columns, limits.SHEET_CELLS, "cells", name="SHEET_CELLS", file=name
        )


def inspect_archive(path: Path) -> None:
    """Refuse a workbook that is not a readable zip or would unpack beyond the limits."""
    name = path.name
    if path.stat().st_size == 0:
        raise UnreadableFile(name, "is empty", rule="a workbook is a zip archive")
    if not zipfile.is_zipfile(path):
        raise UnreadableFile(
            name,
            "is not a workbook (not a zip archive: cut short or another format)",
            rule="a workbook is a zip archive",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            total = sum(p.file_size for p in parts)
            cap = limits.xlsx_uncompressed_bytes()
            if total > cap:
                raise LimitExceeded(
                    "unpacked size",
                    limits.describe_bytes(total),
                    cap,
                    "bytes",
                    name="XLSX_UNCOMPRESSED_BYTES",
                    file=name,
                    shown_limit=limits.describe_bytes(cap),
                    hint=f"; set {limits.XLSX_UNCOMPRESSED_ENV} (in MB) to raise it",
                )
            for part in parts:
                if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                    with archive.open(part) as handle:
                        head = handle.read(65536)
                    found = _DIMENSION.search(head)
                    if found and found.group(4):
                        rows = int(found.group(4)) - int(found.group(2)) + 1
                        cols = _column_number(found.group(3)) - _column_number(found.group(1)) + 1
                        check_rows(f"{name}[{part.filename.rsplit('/', 1)[-1]}]", rows, cols)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise UnreadableFile(name, f"is a damaged workbook ({exc})") from None
    except NotImplementedError as exc:  # an unsupported compression method
        raise UnreadableFile(name, f"is a workbook this reader cannot unpack ({exc})") from None


def open_workbook(path: Path) -> Any:
    """The python-calamine workbook, after the checks above."""
    check_size(
        path,
        limits.ministry_file_bytes(),
        name="MINISTRY_FILE_BYTES",
        env=limits.MINISTRY_FILE_ENV,
    )
    if path.suffix.lower() in ZIPPED:
        inspect_archive(path)
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own ZipError, XmlError, CalamineError...
        raise UnreadableFile(path.name, f"is not a readable workbook ({_short(exc)})") from None


def sheet_rows(book: Any, path: Path, sheet: str) -> list[list[Any]]:
    """A sheet's cells, refused over the row and cell limits before they become Python."""
    if sheet not in book.sheet_names:
        raise InvalidInput("sheet", sheet, f"not in {path.name}: {book.sheet_names}")
    try:
        data = book.get_sheet_by_name(sheet)
        check_rows(f"{path.name}[{sheet}]", int(data.height), int(data.width))
        rows: list[list[Any]] = data.to_python()
    except (LimitExceeded, InvalidInput):
        raise
    except MemoryError:
        raise too_big(
            f"{path.name}[{sheet}]",
            limits.xlsx_uncompressed_bytes(),
            name="XLSX_UNCOMPRESSED_BYTES",
            env=limits.XLSX_UNCOMPRESSED_ENV,
        ) from None
    except Exception as exc:
        raise UnreadableFile(
            f"{path.name}[{sheet}]", f"is not a readable sheet ({_short(exc)})"
        ) from None
    return rows


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:160]}" if text else type(exc).__name__
