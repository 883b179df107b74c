"""Reading votes from the command line and from files (CSV or JSON), checked on the way in."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

from ballottage.errors import InvalidInput

MAX_COUNT = 10**12
"""More than any electorate: a count above it is a typo."""


def read_text(path: Path) -> str:
    """A text file as UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252.

    Spreadsheets often save CSV files in Windows-1252; any other encoding is refused.
    """
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            str(path),
            None,
            f"is not UTF-8 or Windows-1252 text (byte {exc.start}); save it as UTF-8",
        ) from None


def _count(field: str, text: str, what: str = "votes") -> int:
    cleaned = text.strip().replace("\u202f", "").replace(" ", "").replace("_", "")
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
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput(str(path), f"line {exc.lineno}", exc.msg) from None
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
            if isinstance(count, bool) or not isinstance(count, int | str):
                raise InvalidInput(f"{path}: votes[{name}]", count, "must be a whole number")
            _add(votes, name, _count(f"{path}: votes[{name}]", str(count)), str(path))
        return votes
    rows = _csv_rows(path, text, ("list", "votes"))
    for line, row in rows:
        _add(votes, row["list"], _count(f"{path}:{line}: votes", row["votes"]), f"{path}:{line}")
    return votes


def sections_from_file(path: Path) -> dict[str, dict[str, int]]:
    """Section votes from a CSV file with columns ``list,section,votes``."""
    result: dict[str, dict[str, int]] = {}
    for line, row in _csv_rows(
        path, path.read_text(encoding="utf-8-sig"), ("list", "section", "votes")
    ):
        per_list = result.setdefault(row["list"].strip(), {})
        section = row["section"].strip()
        if section in per_list:
            raise InvalidInput(f"{path}:{line}", section, "section appears twice for this list")
        per_list[section] = _count(f"{path}:{line}: votes", row["votes"])
    return result


def populations_from_file(path: Path) -> dict[str, int]:
    """Section populations from a CSV file with columns ``section,population``."""
    return {
        row["section"].strip(): _count(f"{path}:{line}: population", row["population"])
        for line, row in _csv_rows(
            path, path.read_text(encoding="utf-8-sig"), ("section", "population")
        )
    }


def _csv_rows(path: Path, text: str, columns: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    original = [c.strip() for c in reader.fieldnames or []]
    header = [c.lower() for c in original]
    missing = [c for c in columns if c not in header]
    if missing:
        raise InvalidInput(
            str(path), ",".join(original), f"missing column(s): {', '.join(missing)}"
        )
    rows = []
    for line, row in enumerate(reader, start=2):
        if None in row:
            raise InvalidInput(
                f"{path}:{line}",
                text.splitlines()[line - 1],
                f"more fields than the header ({len(original)})",
            )
        clean = {(k or "").strip().lower(): (v or "") for k, v in row.items()}
        rows.append((line, clean))
    return rows
