"""Read ``regionales.json`` of the GitHub repository pollsposition/data (region level).

``{year: {"source": url, "resultats": {region name: {"premier_tour" | "second_tour":
{"inscrits", "votants", "exprimes", "resultats": {"Prénom Nom": votes}}}}}}``. It has no
blancs, nuls, nuances, list numbers or seats: those stay missing. Its ``votants`` are not
trusted as they are (some round-1 values are abstentions, see
``regionales_2021/SOURCE.md``): the store reviews them on import
(:mod:`ballottage.data.imports.turnout_review`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ballottage import limits
from ballottage.bounded import loads_json, read_bytes
from ballottage.data.model import Region
from ballottage.data.reference import reference, resolve_region
from ballottage.data.sources.minint import AREA_COLUMNS, COUNTS, LIST_COLUMNS, ResultsTable
from ballottage.data.sources.tables import decode_table
from ballottage.errors import InvalidInput, UnknownName

ROUNDS = {"premier_tour": 1, "second_tour": 2}


@dataclass(frozen=True)
class RegionRounds:
    """The rounds of one year, region level, keyed by round number; ``url`` is the source
    the file names."""

    source: str
    url: str | None
    rounds: dict[int, ResultsTable]


def _count(value: Any, place: str, what: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInput(f"{place}: {what}", value, "is not a whole number of votes")
    return value


def _votes(value: Any, place: str, head: str) -> int:
    count = _count(value, place, head)
    if count is None:
        raise InvalidInput(f"{place}: {head}", value, "a list needs its votes")
    return count


def _region_round(
    region: Region, figures: dict[str, Any], place: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The area row and the list rows of one region's round, lists numbered in order."""
    row: dict[str, Any] = {
        "area": f"region:{region.code}",
        "level": "region",
        "code": region.code,
        "name": region.name,
        "parent": None,
        "region": region.code,
    }
    for count in COUNTS:
        row[count] = _count(figures.get(count), place, count)
    lists = [
        {
            "area": row["area"],
            "region": region.code,
            "number": number,
            "nuance": None,
            "label_short": None,
            "label": None,
            "head": str(head).strip(),
            "votes": _votes(votes, place, str(head)),
            "seats": None,
        }
        for number, (head, votes) in enumerate(figures["resultats"].items(), 1)
    ]
    return row, lists


def _table(source: str, areas: list[dict[str, Any]], lists: list[dict[str, Any]]) -> ResultsTable:
    a = pd.DataFrame(areas)
    for count in COUNTS:
        a[count] = a[count].astype("Int64")
    frame = pd.DataFrame(lists, columns=list(LIST_COLUMNS))
    for column in ("votes", "seats", "number"):
        frame[column] = frame[column].astype("Int64")
    return ResultsTable(source, "region", a[list(AREA_COLUMNS)], frame, None)


def _year(path: Path, year: int) -> dict[str, Any]:
    """The file's entry for ``year`` (its ``resultats`` by region, its ``source``)."""
    if not path.is_file():
        raise InvalidInput("file", str(path), "does not exist")
    try:
        data = loads_json(
            decode_table(read_bytes(path, limits.TABLE_BYTES, name="TABLE_BYTES"), path.name),
            path.name,
        )
        entry = data[str(year)]
        entry["resultats"].items()
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InvalidInput(path.name, year, f"has no results for this year ({exc})") from None
    return dict(entry)


def read_pollsposition(path: str | Path, year: int) -> RegionRounds:
    """Read the regions of ``year``: region names become INSEE codes, lists are numbered in
    the file's order (heads as the file spells them)."""
    path = Path(path)
    entry = _year(path, year)
    known = [r.region for r in reference().regions]
    areas: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    lists: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    for name, rounds in entry["resultats"].items():
        try:
            region = resolve_region(name, known)
        except UnknownName as exc:
            exc.file = path.name
            raise
        for key, figures in rounds.items():
            if key not in ROUNDS:
                raise InvalidInput(
                    f"{path.name}: {name}", key, f"is not a round ({', '.join(ROUNDS)})"
                )
            round_ = ROUNDS[key]
            row, rows = _region_round(region, figures, f"{path.name}: {name}, round {round_}")
            areas[round_].append(row)
            lists[round_].extend(rows)
    tables = {r: _table(path.name, areas[r], lists[r]) for r in (1, 2) if areas[r]}
    url = entry.get("source")
    return RegionRounds(path.name, str(url) if url else None, tables)
