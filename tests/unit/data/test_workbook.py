"""Workbooks are sized up before python-calamine unpacks them (``data.workbook``)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ballottage import limits
from ballottage.data.sources.workbook import inspect_archive, open_workbook
from ballottage.errors import LimitExceeded, UnreadableFile


def book(path: Path, sheet: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def test_a_sheet_announcing_too_many_rows_is_refused_unread(tmp_path: Path) -> None:
    rows = limits.SHEET_ROWS + 1
    sheet = f'<worksheet><dimension ref="A1:C{rows}"/><sheetData/></worksheet>'.encode()
    with pytest.raises(LimitExceeded, match="SHEET_ROWS"):
        inspect_archive(book(tmp_path / "rows.xlsx", sheet))


def test_a_sheet_announcing_too_many_cells_is_refused_unread(tmp_path: Path) -> None:
    sheet = b'<worksheet><dimension ref="A1:ZZZ100000"/><sheetData/></worksheet>'
    with pytest.raises(LimitExceeded, match="SHEET_CELLS"):
        inspect_archive(book(tmp_path / "cells.xlsx", sheet))


def test_the_unpacked_size_limit_can_be_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = book(tmp_path / "big.xlsx", b"<worksheet>" + b" " * 3_000_000 + b"</worksheet>")
    monkeypatch.setenv(limits.XLSX_UNCOMPRESSED_ENV, "2")
    with pytest.raises(LimitExceeded, match="BALLOTTAGE_MAX_XLSX_MB"):
        inspect_archive(path)
    monkeypatch.setenv(limits.XLSX_UNCOMPRESSED_ENV, "4")
    inspect_archive(path)


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 cut", b"plain text"])
def test_what_is_not_a_workbook_is_one_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "w.xlsx"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile, match="w.xlsx"):
        open_workbook(path)
