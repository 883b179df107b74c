"""The scenario file (TOML): its sections read into a :class:`ScenarioSpec`, and written from one.

The format is described in ``docs/scenarios.md``. In short::

    [scenario]
    election = "regionales-2015"    # or 2015
    region = "HDF"                  # code, name or abbreviation

    [lineup]                        # optional: by default every list that may stand, stands
    withdraw = ["DE SAINTIGNON"]    # or stand = [...]; merge = { HOST = [PARTNERS] }

    [turnout]                       # optional: round2 = 0.61 or change = 0.064
    round2 = 0.612

    [transfers."DE SAINTIGNON"]     # optional rows; any row left out comes from the defaults
    BERTRAND = 0.75
    "LE PEN" = "0.08 ± 0.03"
    abstention = 0.12
    blank-null = 0.05

Each error names the file and the key as the file writes it (``turnout.round2``,
``transfers."PETIT"."DURAND"``).

>>> text = '[scenario]\\nelection = 2015\\nregion = "HDF"\\n[turnout]\\nround2 = 0.6\\n'
>>> spec = spec_from_toml(text, "hdf.toml")
>>> spec.election, spec.turnout
('2015', 0.6)
>>> print(scenario_text(spec))
[scenario]
election = "2015"
region = "HDF"
<BLANKLINE>
[turnout]
round2 = 0.6
<BLANKLINE>
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import tomli_w

from ballottage import limits
from ballottage.bounded import loads_toml, read_bytes
from ballottage.errors import InvalidInput, UnreadableFile
from ballottage.scenarios.places import Location, checked_spec
from ballottage.scenarios.spec import CellSpec, ScenarioSpec

SECTIONS: dict[str, frozenset[str] | None] = {
    "scenario": frozenset({"election", "region", "title", "description"}),
    "lineup": frozenset({"stand", "withdraw", "merge"}),
    "turnout": frozenset({"round2", "change"}),
    "transfers": None,
}
"""The sections of a scenario file and their keys (``transfers``: one table per row)."""

FIELD_KEYS = {
    "title": "scenario.title",
    "description": "scenario.description",
    "election": "scenario.election",
    "region": "scenario.region",
    "stand": "lineup.stand",
    "withdraw": "lineup.withdraw",
    "merge": "lineup.merge",
    "turnout": "turnout.round2",
    "turnout_change": "turnout.change",
    "transfers": "transfers",
}
"""Where each field of :class:`ScenarioSpec` is written in the file."""


def quoted(name: str) -> str:
    """A key as TOML writes it in a dotted key, always quoted: ``"LE PEN"``."""
    return json.dumps(name, ensure_ascii=False)


def toml_key(loc: Location) -> str:
    """A place in the spec as the file's key.

    >>> toml_key(("transfers", "PETIT", "cells", "DURAND", "share"))
    'transfers."PETIT"."DURAND"'
    >>> toml_key(("merge", "DURAND", 0)), toml_key(("turnout_change",))
    ('lineup.merge.DURAND', 'turnout.change')
    """
    if not loc:
        return "scenario"
    head, rest = str(loc[0]), loc[1:]
    key = FIELD_KEYS.get(head, head)
    if head == "transfers" and rest:
        key += f".{quoted(str(rest[0]))}"
        if len(rest) > 2 and rest[1] == "cells":
            key += f".{quoted(str(rest[2]))}"
        elif len(rest) > 1 and rest[1] != "cells":
            key += f".{rest[1]}"
    elif head == "merge" and rest:
        key += f".{rest[0]}"
    return key


def spec_fields(document: Mapping[str, Any], source: str) -> dict[str, Any]:
    """The file's sections as the fields of a :class:`ScenarioSpec`; an unknown section or
    key, or a section that is not a table, is refused here."""
    for section, value in document.items():
        if section not in SECTIONS:
            raise InvalidInput(
                section,
                None,
                f"unknown section ({', '.join(SECTIONS)})",
                kind="section",
                where=source,
            )
        if not isinstance(value, dict):
            raise InvalidInput(
                section, value, "must be a table (a section)", kind="section", where=source
            )
        allowed = SECTIONS[section]
        if allowed is None:
            continue
        for key in value:
            if key not in allowed:
                raise InvalidInput(
                    f"{section}.{key}",
                    value[key],
                    f"unknown key ({', '.join(sorted(allowed))})",
                    kind="extra_forbidden",
                    where=source,
                )
    fields = {
        field: document[section][name]
        for field, key in FIELD_KEYS.items()
        for section, _, name in [key.partition(".")]
        if section in document and name in document[section]
    }
    if "transfers" in document:
        fields["transfers"] = document["transfers"]
    return fields


def spec_from_toml(text: str, source: str = "<scenario>") -> ScenarioSpec:
    """The scenario written in ``text`` (TOML), checked; errors name ``source`` and the key."""
    if len(text) > limits.INPUT_BYTES:
        raise InvalidInput(source, None, f"over {limits.describe_bytes(limits.INPUT_BYTES)}")
    document = loads_toml(text, source)
    return checked_spec(spec_fields(document, source), where=source, key_of=toml_key)


def read_scenario_text(path: str | Path) -> str:
    """The text of the scenario file at ``path`` (UTF-8, within the input limit)."""
    data = read_bytes(path, limits.INPUT_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            str(path), None, f"is not UTF-8 text (byte {exc.start}); TOML files must be UTF-8"
        ) from None
    if "\x00" in text:
        raise UnreadableFile(str(path), "holds NUL bytes: it is not a text file")
    return text


def _cell(cell: CellSpec) -> float | str:
    return cell.share if cell.spread is None else f"{cell.share!r} ± {cell.spread!r}"


def toml_document(spec: ScenarioSpec) -> dict[str, Any]:
    """The spec as the file's sections, without the rows (:func:`scenario_text` adds them)."""
    document: dict[str, Any] = {}
    for field, key in FIELD_KEYS.items():
        value = getattr(spec, field)
        if field == "transfers" or value is None or value in ((), {}):
            continue
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, dict):
            value = {host: list(partners) for host, partners in value.items()}
        section, _, name = key.partition(".")
        document.setdefault(section, {})[name] = value
    return document


def scenario_text(
    spec: ScenarioSpec,
    *,
    header: Sequence[str] = (),
    row_notes: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """The spec as a scenario file: ``header`` comment lines first, then the sections, each
    row preceded by its ``row_notes`` as comments. Reading it back gives the same spec."""
    parts = [*(f"# {line}" if line else "" for line in header)]
    if parts:
        parts.append("")
    parts.append(tomli_w.dumps(toml_document(spec)))
    for source, row in spec.transfers.items():
        table: dict[str, Any] = {dest: _cell(cell) for dest, cell in row.cells.items()}
        for key in ("concentration", "spread"):
            value = getattr(row, key)
            if value is not None:
                table[key] = value if math.isfinite(value) else math.inf
        parts += [f"# {note}" for note in (row_notes or {}).get(source, ())]
        parts.append(tomli_w.dumps({"transfers": {source: table}}))
    return "\n".join(parts)
