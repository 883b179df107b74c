"""Bring your own units: any R×C problem given as unit margins in a CSV file.

The layout (that of ``ei_datasets_nz_dev``, after Pavía's ei.Datasets): one line per unit, a
first column naming it, then one ``r:<label>`` column per row category (round 1) and one
``c:<label>`` column per column category (round 2), in any order among themselves::

    unit,r:Left,r:Right,r:abstention,c:Left,c:Right,c:abstention
    1,420,310,270,450,330,220

A district folder holds ``units.csv`` and, when the answer is known, ``truth.csv``: one line per
row category (``row`` = ``r:<label>``), one column per column category (``c:<label>``), the true
counts of the cross-table.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import numpy as np

from ballottage import limits
from ballottage.bounded import too_big
from ballottage.errors import InvalidInput
from ballottage.inference.estimate import Array

ROW, COL = "r:", "c:"


@dataclass(frozen=True, eq=False)
class UnitsTable:
    """Counts by unit: ``round1[i, r]`` of ``rows[r]`` and ``round2[i, c]`` of ``cols[c]``."""

    path: Path
    units: tuple[str, ...]
    rows: tuple[str, ...]
    cols: tuple[str, ...]
    round1: Array
    round2: Array

    def usable(self) -> tuple[UnitsTable, tuple[str, ...], int]:
        """The table without units that have no voter and rows that have none in any unit
        (nothing to estimate there); the rows left out and the number of units left out.

        >>> t = UnitsTable(Path("u.csv"), ("1", "2", "3"), ("A", "B"), ("X",),
        ...                np.array([[5.0, 0.0], [0.0, 0.0], [3.0, 0.0]]),
        ...                np.array([[5.0], [0.0], [3.0]]))
        >>> kept, rows, units = t.usable()
        >>> kept.units, kept.rows, rows, units
        (('1', '3'), ('A',), ('B',), 1)
        """
        voters = self.round1.sum(axis=1) + self.round2.sum(axis=1)
        on = voters > 0
        keep = self.round1[on].sum(axis=0) > 0
        kept = UnitsTable(
            path=self.path,
            units=tuple(u for u, k in zip(self.units, on, strict=True) if k),
            rows=tuple(r for r, k in zip(self.rows, keep, strict=True) if k),
            cols=self.cols,
            round1=self.round1[on][:, keep],
            round2=self.round2[on],
        )
        dropped = tuple(r for r, k in zip(self.rows, keep, strict=True) if not k)
        return kept, dropped, int((~on).sum())


def _number(path: Path, line: int, column: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InvalidInput(f"{path}:{line} {column}", text, "must be a number of votes") from None
    if not math.isfinite(value) or value < 0:
        raise InvalidInput(f"{path}:{line} {column}", text, "must be a finite count >= 0")
    return value


def _rows(path: Path) -> list[list[str]]:
    try:
        with path.open("rb") as handle:
            data = handle.read(limits.TABLE_BYTES + 1)  # bounded: /dev/zero stops here
        if len(data) > limits.TABLE_BYTES:
            raise too_big(str(path), limits.TABLE_BYTES, name="TABLE_BYTES")
        text = StringIO(data.decode("utf-8-sig"), newline="")
        return [row for row in csv.reader(text) if row]
    except FileNotFoundError:
        raise InvalidInput("units", str(path), "no such file") from None
    except UnicodeDecodeError:
        raise InvalidInput("units", str(path), "must be UTF-8 CSV text") from None


def read_units(path: Path) -> UnitsTable:
    """Read a units file (module doc); labels lose their ``r:``/``c:`` prefix.

    A unit with no voters at all is refused; so is a file without a row or a column category.
    """
    lines = _rows(path)
    if not lines:
        raise InvalidInput("units", str(path), "is empty")
    header = [h.strip() for h in lines[0]]
    at_rows = [j for j, h in enumerate(header) if h.startswith(ROW)]
    at_cols = [j for j, h in enumerate(header) if h.startswith(COL)]
    if not at_rows or not at_cols:
        raise InvalidInput(
            f"{path} header", ",".join(header[:4]), "needs 'r:<label>' and 'c:<label>' columns"
        )
    first = 0 if 0 in at_rows or 0 in at_cols else 1
    units, x, y = [], [], []
    for line, row in enumerate(lines[1:], start=2):
        if len(row) != len(header):
            raise InvalidInput(f"{path}:{line}", len(row), f"needs {len(header)} fields")
        units.append(row[0] if first else str(line - 1))
        x.append([_number(path, line, header[j], row[j]) for j in at_rows])
        y.append([_number(path, line, header[j], row[j]) for j in at_cols])
    if not units:
        raise InvalidInput("units", str(path), "has no unit")
    return UnitsTable(
        path=path,
        units=tuple(units),
        rows=tuple(header[j][len(ROW) :] for j in at_rows),
        cols=tuple(header[j][len(COL) :] for j in at_cols),
        round1=np.array(x, dtype=float),
        round2=np.array(y, dtype=float),
    )


def read_truth(path: Path, rows: tuple[str, ...], cols: tuple[str, ...]) -> Array:
    """The true counts [R, C] of ``truth.csv``, rows and columns in the order of the units."""
    lines = _rows(path)
    if not lines:
        raise InvalidInput("truth", str(path), "is empty")
    header = [h.strip() for h in lines[0]]
    at = {h[len(COL) :]: j for j, h in enumerate(header) if h.startswith(COL)}
    missing = [c for c in cols if c not in at]
    if missing:
        raise InvalidInput(f"{path} header", missing[0], "column of the units has no truth")
    found: dict[str, list[float]] = {}
    for line, row in enumerate(lines[1:], start=2):
        label = row[0].strip().removeprefix(ROW)
        found[label] = [_number(path, line, f"c:{c}", row[at[c]]) for c in cols]
    lacking = [r for r in rows if r not in found]
    if lacking:
        raise InvalidInput(f"{path}", lacking[0], "row of the units has no truth")
    return np.array([found[r] for r in rows], dtype=float)


def district_folders(folder: Path) -> tuple[Path, ...]:
    """The district folders under ``folder`` (itself, or up to two levels down) with units.

    >>> district_folders(Path("/nonexistent"))
    Traceback (most recent call last):
    ...
    ballottage.errors.InvalidInput: folder='/nonexistent': is not a folder
    """
    if not folder.is_dir():
        raise InvalidInput("folder", str(folder), "is not a folder")
    if (folder / "units.csv").is_file():
        return (folder,)
    found = sorted(
        {p.parent for pattern in ("*/units.csv", "*/*/units.csv") for p in folder.glob(pattern)}
    )
    if not found:
        raise InvalidInput("folder", str(folder), "holds no <district>/units.csv")
    return tuple(found)
