"""Reading votes from the command line and from files (CSV or JSON), checked on the way in."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from ballottage import limits
from ballottage.bounded import loads_json, read_text
from ballottage.errors import InvalidInput, LimitExceeded, UnreadableFile

MAX_COUNT = limits.COUNT
"""More than any electorate: a count above it is a typo."""


def _count(field: str, text: str, what: str = "votes") -> int:
    cleaned = text.strip().replace("\u202f", "").replace(" ", "").replace("_", "")
    if len(cleaned.lstrip("+-")) > limits.INTEGER_DIGITS:
        raise InvalidInput(
            field, text[:40], f"{what} must be at most {MAX_COUNT:,}".replace(",", " ")
        )
    try:
        value = int(cleaned)
    except ValueError:
        raise InvalidInput(field, text, f"{what} must be a whole number") from None
    if value < 0:
        raise InvalidInput(field, text, f"{what} must be at least 0")
    if value > MAX_COUNT:
        raise InvalidInput(field, text, f"{what} must be at most {MAX_COUNT:,}".replace(",", " "))
    return value


def _add(votes: dict[str, int], name: str, count: int, where: str) -> None:
    if len(votes) >= limits.LISTS:
        raise LimitExceeded("lists", None, limits.LISTS, "lists", name="LISTS", file=where)
    name = name.strip()
    if not name:
        raise InvalidInput(where, name, "a list needs a name")
    if "=" in name:
        raise InvalidInput(where, name, "a list name cannot contain '='")
    if name in votes:
        raise InvalidInput(where, name, "this list name appears twice")
    votes[name] = count


def votes_from_arguments(pairs: Sequence[str]) -> dict[str, int]:
    """Votes from ``NAME=VOTES`` arguments."""
    votes: dict[str, int] = {}
    for pair in pairs:
        name, sep, count = pair.partition("=")
        if not sep:
            raise InvalidInput("votes", pair, "expected NAME=VOTES")
        _add(votes, name, _count(f"votes[{name}]", count), "votes")
    return votes


def votes_from_file(path: Path) -> dict[str, int]:
    """Votes from a CSV file with columns ``list,votes`` or a JSON object/array."""
    text = read_text(path)
    votes: dict[str, int] = {}
    if path.suffix.lower() == ".json":
        data = loads_json(text, str(path))
        items = (
            list(data.items())
            if isinstance(data, dict)
            else [(row.get("list", row.get("name")), row.get("votes")) for row in data]
            if isinstance(data, list) and all(isinstance(r, dict) for r in data)
            else None
        )
        if items is None:
            raise InvalidInput(str(path), "JSON", 'expected {"LIST": votes} or [{"list", "votes"}]')
        for name, count in items:
            if not isinstance(name, str):
                raise InvalidInput(str(path), name, "each list needs a name")
            if isinstance(count, bool) or not isinstance(count, int | str) or len(str(count)) > 40:
                raise InvalidInput(f"{path}: votes[{name}]", count, "must be a whole number")
            _add(votes, name, _count(f"{path}: votes[{name}]", str(count)), str(path))
        if not votes:
            raise InvalidInput(str(path), None, "holds no list (at least one list is needed)")
        return votes
    rows = _csv_rows(path, text, ("list", "votes"))
    for line, row in rows:
        _add(votes, row["list"], _count(f"{path}:{line}: votes", row["votes"]), f"{path}:{line}")
    return votes


def sections_from_file(path: Path) -> dict[str, dict[str, int]]:
    """Section votes from a CSV file with columns ``list,section,votes``."""
    result: dict[str, dict[str, int]] = {}
    for line, row in _csv_rows(path, read_text(path), ("list", "section", "votes")):
        per_list = result.setdefault(row["list"].strip(), {})
        section = row["section"].strip()
        if section in per_list:
            raise InvalidInput(f"{path}:{line}", section, "section appears twice for this list")
        per_list[section] = _count(f"{path}:{line}: votes", row["votes"])
    return result


def populations_from_file(path: Path) -> dict[str, int]:
    """Section populations from a CSV file with columns ``section,population``."""
    return {
        row["section"].strip(): _count(
            f"{path}:{line}: population", row["population"], "a population"
        )
        for line, row in _csv_rows(path, read_text(path), ("section", "population"))
    }


def _csv_rows(path: Path, text: str, columns: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    if not text.strip():
        raise UnreadableFile(str(path), "is empty", rule="a file holds its header and its rows")
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    try:
        return _read_rows(path, text, delimiter, columns)
    except csv.Error as exc:
        raise InvalidInput(str(path), None, f"is not a readable CSV file ({exc})") from None


def _read_rows(
    path: Path, text: str, delimiter: str, columns: Sequence[str]
) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    original = [c.strip() for c in reader.fieldnames or []]
    header = [c.lower() for c in original]
    missing = [c for c in columns if c not in header]
    if missing:
        raise InvalidInput(
            str(path), ",".join(original)[:80], f"missing column(s): {', '.join(missing)}"
        )
    rows = []
    for line, row in enumerate(reader, start=2):
        if line > limits.INPUT_ROWS + 1:
            raise LimitExceeded(
                "rows", None, limits.INPUT_ROWS, "rows", name="INPUT_ROWS", file=str(path)
            )
        if None in row:
            raise InvalidInput(
                f"{path}:{line}",
                text.splitlines()[line - 1][:80],
                f"more fields than the header ({len(original)})",
            )
        clean = {(k or "").strip().lower(): (v or "") for k, v in row.items()}
        rows.append((line, clean))
    if not rows:
        raise UnreadableFile(
            str(path), "has a header but no rows", rule="a file holds its header and its rows"
        )
    return rows
