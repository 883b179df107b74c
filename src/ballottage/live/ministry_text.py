"""The Ministry's ``;`` text export of results, in its wide layout (one row per area).

Area columns (``Code du département``, and ``Code du canton`` or ``Code de la commune`` in finer
files), the turnout columns, then one block of columns per list ending with ``Voix``; a unit with
fewer lists leaves the last blocks empty (``ballottage.data.minint`` reads the same layout for
imports). Pure parsing: every error names the file, the line and the field.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

from ballottage.data.reference import normalize_name
from ballottage.errors import UnreadableFile
from ballottage.live.feed import (
    ListResult,
    UnitResult,
    department_region,
    optional_count,
    parse_count,
    unit_code,
)

_AREA_COLUMNS = {
    "code du departement": "department",
    "code du canton": "canton",
    "code de la commune": "commune",
}
_TURNOUT = {
    "inscrits": "inscrits",
    "votants": "votants",
    "blancs": "blancs",
    "nuls": "nuls",
    "exprimes": "exprimes",
}


def read_ministry_text(text: str, name: str) -> tuple[UnitResult, ...]:
    """Read the Ministry's ``;`` export in its wide layout (one row per area, then a block of
    columns per list ending with ``Voix``); the finest area column gives the unit level."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    if not rows:
        raise UnreadableFile(name, "is empty")
    header = [normalize_name(h).rstrip("0123456789 ") for h in rows[0]]
    columns = {h: i for i, h in reversed(list(enumerate(header)))}
    levels = [lvl for col, lvl in _AREA_COLUMNS.items() if col in columns]
    if "department" not in levels:
        raise UnreadableFile(name, "no 'Code du département' column: not the Ministry's layout")
    level = levels[-1]
    missing = [t for t in ("inscrits", "votants", "exprimes") if t not in columns]
    if missing:
        raise UnreadableFile(name, f"missing column(s) {', '.join(missing)}")
    blocks = _blocks(header)
    if not blocks:
        raise UnreadableFile(name, "no list columns (N°Liste … Voix)")
    out = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        out.append(_text_unit(row, line, name, level, columns, blocks))
    return tuple(out)


def _blocks(header: Sequence[str]) -> list[dict[str, int]]:
    """Each list block: its ``head``, ``nuance`` and ``votes`` column positions."""
    blocks: list[dict[str, int]] = []
    current: dict[str, int] = {}
    for i, h in enumerate(header):
        if h in ("n liste", "n panneau"):
            current = {}
        elif h in ("nuance liste", "code nuance"):
            current["nuance"] = i
        elif h == "nom tete de liste":
            current["head"] = i
        elif h == "voix" and "head" in current:
            current["votes"] = i
            blocks.append(current)
            current = {}
    return blocks


def _cell(row: Sequence[str], i: int) -> str:
    return row[i].strip() if i < len(row) else ""


def _text_unit(
    row: Sequence[str],
    line: int,
    name: str,
    level: str,
    columns: Mapping[str, int],
    blocks: Iterable[Mapping[str, int]],
) -> UnitResult:
    dep, code, label = _area(row, line, name, level, columns)
    counts = {
        key: parse_count(_cell(row, columns[col]), file=name, field=col, line=line)
        for col, key in _TURNOUT.items()
        if key in ("inscrits", "votants", "exprimes")
    }
    spoilt = {
        key: optional_count(_cell(row, columns[col]), file=name, field=col, line=line)
        if col in columns
        else None
        for col, key in _TURNOUT.items()
        if key in ("blancs", "nuls")
    }
    lists = []
    for block in blocks:
        head = _cell(row, block["head"])
        if not head:
            continue
        votes = parse_count(_cell(row, block["votes"]), file=name, field="Voix", line=line)
        nuance = _cell(row, block["nuance"]) if "nuance" in block else ""
        lists.append(ListResult(head, votes, nuance or None))
    return UnitResult(
        level,
        code,
        label,
        department_region(dep),
        counts["inscrits"],
        counts["votants"],
        spoilt["blancs"],
        spoilt["nuls"],
        counts["exprimes"],
        tuple(lists),
    )


_LABELS = {
    "department": "libelle du departement",
    "canton": "libelle du canton",
    "commune": "libelle de la commune",
}


def _area(
    row: Sequence[str], line: int, name: str, level: str, columns: Mapping[str, int]
) -> tuple[str, str, str]:
    """The row's department, unit code and unit name."""
    dep = unit_code("department", _cell(row, columns["code du departement"]), file=name, line=line)
    label = _cell(row, columns[_LABELS[level]]) if _LABELS[level] in columns else ""
    if level == "department":
        return dep, dep, label
    if level == "canton":
        raw = _cell(row, columns["code du canton"])
        return dep, unit_code("canton", f"{dep}-{raw}", file=name, line=line), label
    raw = _cell(row, columns["code de la commune"])
    return dep, unit_code("commune", _commune_code(dep, raw), file=name, line=line), label


def _commune_code(department: str, raw: str) -> str:
    """INSEE code of a commune from the Ministry's department and commune codes.

    >>> _commune_code("59", "350"), _commune_code("2A", "4"), _commune_code("971", "101")
    ('59350', '2A004', '97101')
    """
    if len(raw) == 5:
        return raw
    if len(department) == 3:
        return department + raw.zfill(3)[-2:]
    return department + raw.zfill(3)
