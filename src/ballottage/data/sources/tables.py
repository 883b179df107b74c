"""Reading the compiled ``;`` tables of ``shared/data`` whole or not at all.

A table must be complete to be read: not empty, not a header alone, every row with the
header's number of fields (a file cut in the middle of a row is refused, not read as a row
with empty cells), within :data:`~ballottage.limits.TABLE_BYTES` and
:data:`~ballottage.limits.SHEET_ROWS`.

>>> import tempfile, pathlib
>>> cut = pathlib.Path(tempfile.mkdtemp()) / "cut.csv"
>>> _ = cut.write_text("code_region;voix\\n27;402948\\n27")
>>> try:
...     read_table(cut)
... except UnreadableFile as exc:
...     print(exc.problem)
line 3 has 1 field(s), the header 2: the file is cut short or damaged
"""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pandas as pd

from ballottage import limits
from ballottage.bounded import read_bytes, utf8_or_cp1252
from ballottage.data.reference import department_code, reference, region_code
from ballottage.errors import InvalidInput, LimitExceeded, UnreadableFile

COMPLETE_ROWS = "every row has the header's fields"


def decode_table(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 (the Ministry's older files); anything
    else is refused, naming the file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(name, "is UTF-16 text; save it as UTF-8", rule="text encoding")
    if b"\x00" in data[:65536]:
        raise UnreadableFile(name, "holds NUL bytes: it is not a text table")
    return utf8_or_cp1252(data, name)


def _rows(text: str, sep: str, name: str) -> list[list[str]]:
    """The text's rows, refused beyond :data:`limits.SHEET_ROWS` rows or
    :data:`limits.SHEET_CELLS` cells."""
    rows: list[list[str]] = []
    try:
        for row in csv.reader(StringIO(text), delimiter=sep):
            rows.append(row)
            if len(rows) > limits.SHEET_ROWS + 1 or len(row) * len(rows) > limits.SHEET_CELLS:
                raise LimitExceeded(
                    "rows", None, limits.SHEET_ROWS, "rows", name="SHEET_ROWS", file=name
                )
    except csv.Error as exc:
        raise UnreadableFile(name, f"is not a readable {sep!r}-separated table ({exc})") from None
    return rows


def read_table(
    path: str | Path,
    *,
    sep: str = ";",
    limit: int = limits.TABLE_BYTES,
    limit_name: str = "TABLE_BYTES",
    keep_cut_last: bool = False,
) -> pd.DataFrame:
    """The rows of a ``sep``-separated table as strings, the first line as the header.

    ``keep_cut_last``: a last row cut short is kept, padded with empty cells, and its line
    number left in ``frame.attrs["cut_line"]`` (the caller checks the figures first, so the
    refusal can name them, then refuses the file).
    """
    path = Path(path)
    name = path.name
    text = decode_table(read_bytes(path, limit, name=limit_name), name)
    if not text.strip():
        raise UnreadableFile(name, "is empty", rule="a file holds its header and its rows")
    rows = _rows(text, sep, name)
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    header = [cell.strip() for cell in rows[0]]
    body = rows[1:]
    if not body:
        raise UnreadableFile(
            name, "has a header but no rows", rule="a file holds its header and its rows"
        )
    cut_line = None
    if keep_cut_last and len(body[-1]) < len(header) and not text.endswith(("\n", "\r")):
        cut_line = len(body) + 1
        body[-1] = body[-1] + [""] * (len(header) - len(body[-1]))
    for line, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise UnreadableFile(
                name,
                f"line {line} has {len(row)} field(s), the header {len(header)}: "
                "the file is cut short or damaged",
                rule=COMPLETE_ROWS,
            )
    frame = pd.DataFrame(body, columns=header, dtype=object).astype(str)
    if cut_line is not None:
        frame.attrs["cut_line"] = cut_line
    return frame


def refuse_cut(frame: pd.DataFrame, name: str) -> None:
    """Refuse a table read with ``keep_cut_last`` whose last row was cut short."""
    line = frame.attrs.get("cut_line")
    if line is not None:
        cells = [str(c) for c in frame.iloc[-1] if str(c)]
        shown = ";".join(cells)[:120]
        raise UnreadableFile(
            name,
            f"line {line} is cut short (fewer fields than the header, no line end): {shown!r}",
            rule=COMPLETE_ROWS,
        )


def first(mask: pd.Series) -> int:
    """Position of the first true value of a boolean mask."""
    return int(mask.to_numpy().argmax())


def whole_numbers(
    col: pd.Series, what: str, source: str, places: pd.Series | None = None
) -> pd.Series:
    """The whole numbers of a column of counts (empty cells stay empty); a cell that is not a
    whole number, or is over :data:`~ballottage.limits.COUNT`, is refused, naming ``what`` in
    ``source`` (and the row's place, from ``places``, if given)."""
    text = col.str.replace(r"[\s\u00a0\u202f]", "", regex=True)
    numbers = pd.to_numeric(text.where(text != "", None), errors="coerce")
    bad = (text != "") & (numbers.isna() | (numbers % 1 != 0))
    if bad.any():
        i = first(bad)
        where = f"{source}: {what}" if places is None else f"{source}: {places.iloc[i]}: {what}"
        raise InvalidInput(where, col.iloc[i], "is not a whole number")
    huge = numbers.notna() & (numbers.abs() > limits.COUNT)
    if huge.any():
        raise InvalidInput(
            f"{source}: {what}",
            col.iloc[first(huge)],
            f"is over {limits.COUNT:.0e}, more than any electorate",
            rule="limit COUNT",
        )
    return numbers.astype("Int64")


def region_codes(raw: pd.Series, file: str, column: str, *, first_line: int = 2) -> pd.Series:
    """INSEE 2016 codes of the regions a column gives; a code that is not a region of the
    reference table (``reference/regions.csv``) is refused, naming the file and the line."""
    known = {r.region.code for r in reference().regions}
    codes = []
    for i, value in enumerate(raw):
        try:
            code = region_code(value)
        except InvalidInput:
            code = None
        if code not in known:
            raise InvalidInput(
                f"{file}: line {i + first_line}: {column}",
                value,
                f"is not a region code of the reference table ({', '.join(sorted(known))})",
                rule="region codes of INSEE 2016",
                file=file,
            )
        codes.append(code)
    return pd.Series(codes, index=raw.index, dtype=object)


def department_codes(raw: pd.Series, file: str, column: str) -> pd.Series:
    """INSEE codes of the departments a column gives (the Ministry's ``1``, ``ZA``...); a code
    not in ``reference/departments.csv`` is refused, naming the file."""
    known = {d.code for d in reference().departments}
    out = []
    for value in raw:
        try:
            code = department_code(value)
        except InvalidInput:
            code = None
        if code not in known:
            raise InvalidInput(
                f"{file}: {column}",
                value,
                "is not a department code of the reference table",
                rule="department codes of INSEE",
                file=file,
            )
        out.append(code)
    return pd.Series(out, index=raw.index, dtype=object)
