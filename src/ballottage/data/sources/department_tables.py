"""Department-level results in two long tables: one row per department and list, and one row
of turnout per department.

This is the shape of the 2021 round-1 files of ``shared/data/regionales_2021`` (reworked from
the Ministry's workbook): ``;``-separated, UTF-8 with or without a byte-order mark, CRLF or LF,
decimal commas in the percentages, department labels with or without accents. The lists table
gives department codes as the Ministry writes them (``1``, ``2A``, ``ZA``); the totals table
only names its departments, so names are matched to ``reference/departments.csv`` with case,
accents and punctuation ignored. The ``Bloc`` column of the lists table is not read (it is not
the Ministry's and is misaligned in places); families come from ``reference/nuances.csv``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ballottage.data.reference import normalize_name, reference
from ballottage.data.sources.minint import AREA_COLUMNS, COUNTS, LIST_COLUMNS, ResultsTable
from ballottage.data.sources.tables import department_codes, first, read_table, whole_numbers
from ballottage.errors import InconsistentData, InvalidInput, UnknownName

_LIST_FIELDS = {
    "code du departement": "code",
    "libelle du departement": "name",
    "n liste": "number",
    "nuance liste": "nuance",
    "libelle abrege liste": "label_short",
    "libelle etendu liste": "label",
    "nom tete de liste": "head",
    "voix": "votes",
}
_TOTAL_FIELDS = {"libelle du departement": "name", **{c: c for c in COUNTS}}


def _table(path: Path, fields: dict[str, str]) -> pd.DataFrame:
    """A ``;`` table with its columns renamed by ``fields`` (headers matched loosely)."""
    if not path.is_file():
        raise InvalidInput("file", str(path), "does not exist")
    frame = read_table(path)
    columns = {c: fields.get(normalize_name(str(c))) for c in frame.columns}
    missing = set(fields.values()) - {v for v in columns.values() if v}
    if missing:
        raise InvalidInput(path.name, "header", f"lacks columns for {sorted(missing)}")
    frame = frame[[c for c, v in columns.items() if v]].rename(columns=columns)
    for column in frame.columns:
        frame[column] = frame[column].str.strip()
    return frame


def department_by_name(name: str) -> str:
    """INSEE code of a department named with or without accents.

    >>> [department_by_name(n) for n in ("Correze", "Côtes-d'Armor", "LA REUNION")]
    ['19', '22', '974']
    """
    key = normalize_name(name)
    for dep in reference().departments:
        if normalize_name(dep.name) == key:
            return dep.code
    raise UnknownName("department", name, [d.name for d in reference().departments])


def _department_lists(path: Path) -> pd.DataFrame:
    """The lists table: one row per department and list, labels checked against codes."""
    ref = reference()
    raw = _table(path, _LIST_FIELDS)
    raw = raw[(raw["head"] != "") | (raw["votes"] != "")].reset_index(drop=True)
    codes = department_codes(raw["code"], path.name, "Code du departement")
    for code, name in (
        raw.assign(dep=codes)[["dep", "name"]].drop_duplicates().itertuples(index=False)
    ):
        if name and normalize_name(name) != normalize_name(ref.department(code).name):
            raise InconsistentData(
                f"{path.name}: department {code}",
                f"is labelled {name!r}, not {ref.department(code).name!r}",
            )
    names = {d.code: d.name for d in ref.departments}
    places = "department " + codes + " " + codes.map(names)
    lists = pd.DataFrame(
        {
            "area": "department:" + codes,
            "region": codes.map({d.code: d.region for d in ref.departments}),
            "number": whole_numbers(raw["number"], "N°Liste", path.name, places),
            "nuance": raw["nuance"].where(raw["nuance"] != "", None),
            "label_short": raw["label_short"].where(raw["label_short"] != "", None),
            "label": raw["label"].where(raw["label"] != "", None),
            "head": raw["head"],
            "votes": whole_numbers(raw["votes"], "Voix", path.name, places),
            "seats": pd.array([None] * len(raw), dtype="Int64"),
        }
    )
    lacking = lists["number"].isna() | lists["votes"].isna() | (lists["head"] == "")
    if lacking.any():
        raise InvalidInput(
            f"{path.name}: {places.iloc[first(lacking)]}",
            "list row",
            "lacks its number, head of list or votes",
        )
    twice = lists.duplicated(["area", "number"])
    if twice.any():
        raise InconsistentData(
            str(places.iloc[first(twice)]),
            f"list {lists['number'].iloc[first(twice)]} appears twice ({path.name})",
        )
    return lists


def _department_totals(path: Path) -> pd.DataFrame:
    """The totals table: one area per department (matched by name), its counts."""
    ref = reference()
    names = {d.code: d.name for d in ref.departments}
    regions = {d.code: d.region for d in ref.departments}
    totals = _table(path, _TOTAL_FIELDS)
    deps = totals["name"].map(department_by_name)
    areas = pd.DataFrame(
        {
            "area": "department:" + deps,
            "level": "department",
            "code": deps,
            "name": deps.map(names),
            "parent": "region:" + deps.map(regions),
            "region": deps.map(regions),
        }
    )
    where = "department " + deps + " " + deps.map(names)
    for count in COUNTS:
        areas[count] = whole_numbers(totals[count], count, path.name, where)
    if areas["area"].duplicated().any():
        i = first(areas["area"].duplicated())
        raise InconsistentData(str(where.iloc[i]), f"appears twice in {path.name}")
    return areas


def read_department_tables(lists_path: str | Path, totals_path: str | Path) -> ResultsTable:
    """Read the lists and totals tables into one department-level :class:`ResultsTable`.

    Every department of one table must be in the other, and a department's label in the
    lists table must be that of its code.
    """
    lists_path, totals_path = Path(lists_path), Path(totals_path)
    lists = _department_lists(lists_path)
    areas = _department_totals(totals_path)
    only_lists = sorted(set(lists["area"]) - set(areas["area"]))
    only_totals = sorted(set(areas["area"]) - set(lists["area"]))
    if only_lists or only_totals:
        first_one, in_which = (
            (only_lists[0], totals_path.name) if only_lists else (only_totals[0], lists_path.name)
        )
        raise InconsistentData(first_one, f"is not in {in_which}")
    source = f"{lists_path.name} + {totals_path.name}"
    return ResultsTable(
        source, "department", areas[list(AREA_COLUMNS)], lists[list(LIST_COLUMNS)], None
    )
