"""Read the Ministry of the Interior's result files in their wide layout.

One row per area (region, department, legislative constituency, canton or commune), the
turnout columns, then one repeating block per list: ``N°Liste``, ``Nuance Liste``, ``Libellé
Abrégé Liste``, ``Libellé Etendu Liste``, ``Nom Tête de Liste``, ``Voix``, ``% Voix/Ins``,
``% Voix/Exp`` (and ``Sièges`` at region level). The workbook repeats the block headers as they
are; CSV exports number them (``Voix 1``, ``Voix 2``...). Both are read, from ``.xlsx`` (with
python-calamine) or ``;``-separated text (UTF-8 or Latin-1). The round is not in the file: the
same reader reads round 1 and round 2.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ballottage import limits
from ballottage.data.reference import normalize_name, reference, region_code
from ballottage.data.sources.grids import BOOKS, read_grids
from ballottage.data.sources.tables import department_codes, first
from ballottage.errors import InconsistentData, InvalidInput, UnreadableFile

COUNTS = ("inscrits", "abstentions", "votants", "blancs", "nuls", "exprimes")

_AREA_FIELDS = {
    "code de la region": ("region", "code"),
    "libelle de la region": ("region", "name"),
    "code du departement": ("department", "code"),
    "libelle du departement": ("department", "name"),
    "code de la circonscription": ("constituency", "code"),
    "libelle de la circonscription": ("constituency", "name"),
    "code du canton": ("canton", "code"),
    "libelle du canton": ("canton", "name"),
    "code de la commune": ("commune", "code"),
    "libelle de la commune": ("commune", "name"),
}
_BLOCK_FIELDS = {
    "n liste": "number",
    "n panneau": "number",
    "nuance liste": "nuance",
    "code nuance": "nuance",
    "libelle abrege liste": "label_short",
    "libelle etendu liste": "label",
    "nom tete de liste": "head",
    "voix": "votes",
    "sieges": "seats",
}
_FINEST_FIRST = ("commune", "canton", "constituency", "department", "region")
_MISSING = {"", "nan", "none", "<na>", "nat"}

AREA_COLUMNS = ("area", "level", "code", "name", "parent", "region", *COUNTS)
LIST_COLUMNS = (
    "area",
    "region",
    "number",
    "nuance",
    "label_short",
    "label",
    "head",
    "votes",
    "seats",
)


@dataclass(frozen=True, eq=False)
class ResultsTable:
    """One sheet or file, normalised: ``areas`` (one row per area, turnout) and ``lists``.

    ``areas`` columns: :data:`AREA_COLUMNS`; ``lists`` columns: :data:`LIST_COLUMNS` (one row
    per area and list). Counts are nullable integers; areas carry INSEE codes and an ``area``
    id ``level:code``; ``region`` is the INSEE 2016 region of the area.
    """

    source: str
    level: str
    areas: pd.DataFrame
    lists: pd.DataFrame
    exported_at: str | None


def _key(header: object) -> str:
    return re.sub(r" \d+$", "", normalize_name(str(header)))


def _header_row(grid: pd.DataFrame) -> int | None:
    for i in range(min(len(grid), 20)):
        keys = {_key(v) for v in grid.iloc[i]}
        if {"inscrits", "exprimes", "voix"} <= keys:
            return i
    return None


def _text(col: pd.Series) -> pd.Series:
    """Cells as stripped strings, ``None`` where empty; ``1.0`` becomes ``1``."""
    text = col.astype(str).str.strip()
    text = text.str.replace(r"^(-?\d+)\.0+$", r"\1", regex=True)
    return text.where(~text.str.lower().isin(_MISSING), None)


def _integers(col: pd.Series, what: str, source: str, places: pd.Series) -> pd.Series:
    text = _text(col).str.replace(r"[\s\u00a0\u202f]", "", regex=True)
    numbers = pd.to_numeric(text, errors="coerce")
    bad = (text.notna() & numbers.isna()) | (numbers.notna() & (numbers % 1 != 0))
    if bad.any():
        i = first(bad)
        raise InvalidInput(
            f"{source}: {places.iloc[i]}: {what}", col.iloc[i], "is not a whole number"
        )
    huge = numbers.notna() & (numbers.abs() > limits.COUNT)
    if huge.any():
        i = first(huge)
        raise InvalidInput(
            f"{source}: {places.iloc[i]}: {what}",
            col.iloc[i],
            f"is over {limits.COUNT:.0e}, more than any electorate",
            rule="limit COUNT",
        )
    return numbers.astype("Int64")


def read_minint(path: str | Path, *, sheet: str | None = None) -> tuple[ResultsTable, ...]:
    """Read every wide-layout result table of a Ministry file (a workbook has several).

    Sheets without the layout (the workbook's national summary) are skipped; a text file
    without it is an error.
    """
    path = Path(path)
    if not path.is_file():
        raise InvalidInput("file", str(path), "does not exist")
    with closing(read_grids(path, sheet, _header_row)) as grids:
        tables = _parse_all(grids, path, sheet)
    if not tables:
        raise InvalidInput("file", path.name, "has no sheet in the Ministry's wide layout")
    for table in tables:
        if table.areas.empty:
            raise UnreadableFile(
                table.source,
                "has a header but no rows",
                rule="a file holds its header and its rows",
            )
    return tuple(tables)


def _parse_all(
    grids: Iterator[tuple[str, pd.DataFrame]], path: Path, sheet: str | None
) -> list[ResultsTable]:
    """Each grid parsed; the chunks of one text file joined back into one table."""
    tables: list[ResultsTable] = []
    parts: list[ResultsTable] = []
    for source, grid in grids:
        if parts and parts[-1].source != source:
            tables.append(_joined(parts))
            parts = []
        header = _header_row(grid)
        if header is None:
            if sheet or path.suffix.lower() not in BOOKS:
                raise InvalidInput(source, "header", "no Inscrits/Exprimés/Voix columns found")
            continue
        parts.append(parse_wide(grid.iloc[header:].reset_index(drop=True), source))
    if parts:
        tables.append(_joined(parts))
    return tables


def _joined(parts: list[ResultsTable]) -> ResultsTable:
    """The chunks of one table as one (areas must not repeat across chunks either)."""
    if len(parts) == 1:
        return parts[0]
    areas = pd.concat([p.areas for p in parts], ignore_index=True)
    lists = pd.concat([p.lists for p in parts], ignore_index=True)
    dupes = areas["area"].duplicated()
    if dupes.any():
        row = areas[dupes].iloc[0]
        raise InconsistentData(
            f"{row['level']} {row['code']}", f"appears twice in {parts[0].source}"
        )
    return ResultsTable(parts[0].source, parts[0].level, areas, lists, parts[0].exported_at)


def _area_columns(keys: Sequence[str]) -> tuple[dict[tuple[str, str], int], dict[str, int], int]:
    area: dict[tuple[str, str], int] = {}
    counts: dict[str, int] = {}
    start = len(keys)
    for i, key in enumerate(keys):
        if key in _BLOCK_FIELDS:
            start = i
            break
        if key in _AREA_FIELDS:
            area[_AREA_FIELDS[key]] = i
        elif key in COUNTS:
            counts[key] = i
        elif key.startswith("code du b vote"):
            raise InvalidInput("file", key, "polling-station files are not supported")
    return area, counts, start


def _blocks(keys: Sequence[str], start: int) -> list[dict[str, int]]:
    blocks: list[dict[str, int]] = []
    opening = keys[start] if start < len(keys) else None
    for i in range(start, len(keys)):
        key = keys[i]
        if key == opening:
            blocks.append({})
        if key in _BLOCK_FIELDS and blocks:
            blocks[-1].setdefault(_BLOCK_FIELDS[key], i)
    return [b for b in blocks if "votes" in b]


def parse_wide(grid: pd.DataFrame, source: str) -> ResultsTable:
    """Normalise a wide table whose first row is the header (vectorised over areas)."""
    keys = [_key(v) for v in grid.iloc[0]]
    body = grid.iloc[1:].reset_index(drop=True)
    area_cols, count_cols, start = _area_columns(keys)
    level = next((lv for lv in _FINEST_FIRST if (lv, "code") in area_cols), None)
    if level is None:
        raise InvalidInput(source, "header", "no area code column (Code du département...)")
    if "exprimes" not in count_cols:
        raise InvalidInput(source, "header", "no Exprimés column")
    blocks = _blocks(keys, start)
    if not blocks or any("head" not in b and "number" not in b for b in blocks):
        raise InvalidInput(source, "header", "no list blocks (N°Liste, Nom Tête de Liste, Voix)")
    code = _text(body[area_cols[(level, "code")]])
    body = body[code.notna()].reset_index(drop=True)
    code = code[code.notna()].reset_index(drop=True)
    areas = _area_frame(body, level, code, area_cols, source)
    places = areas["level"] + " " + areas["code"] + " " + areas["name"].fillna("")
    for count in COUNTS:
        column = body[count_cols[count]] if count in count_cols else pd.Series([None] * len(body))
        areas[count] = _integers(column, count, source, places)
    lists = _list_frame(body, blocks, areas, places, source)
    dupes = areas["area"].duplicated()
    if dupes.any():
        raise InconsistentData(str(places.iloc[first(dupes)]), f"appears twice in {source}")
    exported = None
    if "date de l export" in keys:
        stamps = _text(body[keys.index("date de l export")]).dropna()
        exported = str(stamps.iloc[0]) if len(stamps) else None
    return ResultsTable(source, level, areas[list(AREA_COLUMNS)], lists, exported)


def _area_frame(
    body: pd.DataFrame,
    level: str,
    code: pd.Series,
    cols: dict[tuple[str, str], int],
    source: str,
) -> pd.DataFrame:
    ref = reference()
    name_col = cols.get((level, "name"))
    names = _text(body[name_col]) if name_col is not None else pd.Series([None] * len(body))
    frame = pd.DataFrame({"level": level, "name": names})
    if level == "region":
        frame["code"] = _known_regions(code, source)
        frame["region"] = frame["code"]
        frame["parent"] = None
        ref_names = {r.region.code: r.region.name for r in ref.regions}
        frame["name"] = frame["code"].map(ref_names).fillna(frame["name"])
    else:
        if (("department", "code")) not in cols:
            raise InvalidInput(source, "header", "no Code du département column")
        deps = department_codes(
            _text(body[cols[("department", "code")]]), source, "Code du département"
        )
        dep_region = {d.code: d.region for d in ref.departments}
        frame["region"] = deps.map(dep_region)
        if level == "department":
            frame["code"] = deps
            frame["parent"] = "region:" + frame["region"]
            frame["name"] = deps.map({d.code: d.name for d in ref.departments})
        else:
            frame["parent"] = "department:" + deps
            if level == "commune":
                frame["code"] = _commune_codes(deps, code)
            else:
                frame["code"] = deps + "-" + code.str.zfill(2)
    frame["area"] = level + ":" + frame["code"]
    return frame


def _known_regions(code: pd.Series, source: str) -> pd.Series:
    """Region codes of the reference table (a code 99 is a damaged file, not a region)."""
    known = {r.region.code for r in reference().regions}
    out = []
    for raw in code:
        try:
            value = region_code(raw)
        except InvalidInput:
            value = None
        if value not in known:
            raise InvalidInput(
                f"{source}: Code de la région",
                raw,
                f"is not a region code of the reference table ({', '.join(sorted(known))})",
                rule="region codes of INSEE 2016",
            )
        out.append(value)
    return pd.Series(out, index=code.index, dtype=object)


def _commune_codes(deps: pd.Series, code: pd.Series) -> pd.Series:
    """INSEE codes of communes: ``59`` + ``350``; overseas ``ZA`` + ``105`` → ``97105``.

    Codes already of five digits are kept; other codes (arrondissements...) are prefixed
    with the department.
    """
    short = code.str.fullmatch(r"\d{1,3}")
    prefix = deps.where(deps.str.len() == 2, "97")
    insee = prefix + code.str.zfill(3)
    full = code.str.fullmatch(r"\d{5}")
    return insee.where(short, code.where(full, deps + code))


def _list_frame(
    body: pd.DataFrame,
    blocks: list[dict[str, int]],
    areas: pd.DataFrame,
    places: pd.Series,
    source: str,
) -> pd.DataFrame:
    parts = []
    empty = pd.Series([None] * len(body), dtype=object)
    for block in blocks:
        part = pd.DataFrame({"area": areas["area"], "region": areas["region"]})
        for field in ("number", "nuance", "label_short", "label", "head", "votes", "seats"):
            part[field] = body[block[field]] if field in block else empty
        part["place"] = places
        parts.append(part)
    stacked = pd.concat(parts, ignore_index=True)
    for field in ("nuance", "label_short", "label", "head"):
        stacked[field] = _text(stacked[field])
    votes_text = _text(stacked["votes"])
    present = votes_text.notna() | stacked["head"].notna()
    stacked = stacked[present].reset_index(drop=True)
    place = stacked["place"]
    stacked["votes"] = _integers(stacked["votes"], "Voix", source, place)
    stacked["number"] = _integers(stacked["number"], "N°Liste", source, place)
    stacked["seats"] = _integers(stacked["seats"], "Sièges", source, place)
    missing = stacked["votes"].isna() | stacked["head"].isna() | stacked["number"].isna()
    if missing.any():
        i = first(missing)
        raise InvalidInput(
            f"{source}: {place.iloc[i]}",
            "list block",
            "a list block lacks its number, head of list or votes",
        )
    twice = stacked.duplicated(["area", "number"])
    if twice.any():
        i = first(twice)
        raise InconsistentData(
            str(place.iloc[i]), f"list {stacked['number'].iloc[i]} appears twice ({source})"
        )
    return stacked[list(LIST_COLUMNS)]
