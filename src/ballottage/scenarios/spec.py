"""A scenario as a user writes it, before the round-1 figures and the law are applied.

One model, checked once by Pydantic: the scenario file (``docs/scenarios.md``, read by
:mod:`ballottage.scenarios.toml_file`), the body of the web API's ``/api/project`` and
``/api/simulate``, and the file the transfer estimator writes with ``-o`` are all a
:class:`ScenarioSpec`. What needs the region's figures (which list a name means, whether the
law lets it stand, whether a turnout is reachable) is checked when the spec becomes a
:class:`~ballottage.scenarios.model.Scenario` (:func:`ballottage.scenarios.scenario_from_spec`).

>>> spec = ScenarioSpec(election=2015, region="HDF", withdraw=["DE SAINTIGNON"],
...                     transfers={"DE SAINTIGNON": {"BERTRAND": "0.75 ± 0.05", "LE PEN": 0.25}})
>>> spec.election, spec.transfers["DE SAINTIGNON"].shares
('2015', (0.75, 0.25))
>>> round(spec.transfers["DE SAINTIGNON"].concentration_asked(), 6)
74.0
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from ballottage.errors import InvalidInput
from ballottage.scenarios.uncertainty import concentration_for_spread

ROW_TOLERANCE = 1e-9
"""How far from 1 a row may add up (floating-point writing of shares)."""

SHARE_FORMS = 'write a share (0.7) or "share ± spread" ("0.7 ± 0.05")'
_PLUS_MINUS = re.compile(r"^\s*([0-9.eE+-]+)\s*(?:±|\+-|\+/-)\s*([0-9.eE+-]+)\s*$")
_ROW_KEYS = ("concentration", "spread")


def _refuse(kind: str, message: str, **context: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, message, context or None)


def _number(value: object, kind: str, message: str) -> float:
    """``value`` as a finite float, or the error ``kind``."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _refuse(kind, message)
    return float(value)


def _text(message: str, kind: str = "text") -> BeforeValidator:
    def check(value: object) -> object:
        if not isinstance(value, str):
            raise _refuse(kind, message)
        return value

    return BeforeValidator(check)


def _election(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise _refuse("election", "give an election (regionales-2015) or a year")
    return value.strip()


def _names(message: str) -> BeforeValidator:
    def check(value: object) -> object:
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise _refuse("names", message)
        return value

    return BeforeValidator(check)


def _turnout(value: object) -> float:
    return _number(value, "turnout", "must be a number (share of inscrits)")


def _round2_turnout(value: object) -> float:
    turnout = _turnout(value)
    if not 0.0 < turnout <= 1.0:
        raise _refuse("turnout", f"gives a turnout of {turnout:.4f}, outside (0, 1]")
    return turnout


Name = Annotated[
    str,
    _text("must be the head of a list (text)", "name"),
    StringConstraints(strip_whitespace=True, min_length=1, max_length=120),
]
Names = Annotated[tuple[Name, ...], Field(max_length=60), _names("must be a list of heads of list")]
Election = Annotated[str, BeforeValidator(_election), StringConstraints(max_length=64)]
Region = Annotated[
    str,
    _text("give a region (code, name or abbreviation)", "region"),
    StringConstraints(strip_whitespace=True, min_length=1, max_length=120),
]
Title = Annotated[str, _text("must be text"), StringConstraints(max_length=200)]
Description = Annotated[str, _text("must be text"), StringConstraints(max_length=2000)]
Share = Annotated[float, Field(ge=0.0, le=1.0), BeforeValidator(lambda v: _share(v))]
Spread = Annotated[float, BeforeValidator(lambda v: _spread(v))]
Turnout = Annotated[float, Field(ge=-1.0, le=1.0), BeforeValidator(_turnout)]
Round2Turnout = Annotated[float, Field(gt=0.0, le=1.0), BeforeValidator(_round2_turnout)]


def _share(value: object) -> float:
    share = _number(value, "share", "a share must be a number between 0 and 1")
    if not 0.0 <= share <= 1.0:
        raise _refuse("share", "a share must be between 0 and 1")
    return share


def _spread(value: object) -> float:
    return _number(value, "spread", "a spread must be a finite number")


def _concentration(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise _refuse("concentration", "must be a number above 0 (inf: no uncertainty)")
    return float(value)


def _checked_concentration(share: float, spread: float) -> float:
    try:
        return concentration_for_spread(share, spread)
    except InvalidInput as exc:
        raise _refuse("spread", exc.problem, value=exc.value) from None


class CellSpec(BaseModel):
    """One cell of a transfer row: a share, and its spread (one standard deviation) if given.

    Written as a number (``0.7``), as text (``"0.7 ± 0.05"``) or as a table
    (``{share = 0.7, spread = 0.05}``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    share: Share
    spread: Spread | None = None

    @model_validator(mode="before")
    @classmethod
    def _written(cls, value: object) -> object:
        if isinstance(value, Mapping):
            if set(value) - {"share", "spread"}:
                raise _refuse("cell", "a cell table has only share and spread")
            return value
        if isinstance(value, str):
            found = _PLUS_MINUS.match(value)
            try:
                if found:
                    return {"share": float(found.group(1)), "spread": float(found.group(2))}
            except ValueError:
                pass
            raise _refuse("cell", SHARE_FORMS)
        return {"share": value}

    @model_validator(mode="after")
    def _not_too_wide(self) -> CellSpec:
        if self.spread is not None:
            _checked_concentration(self.share, self.spread)
        return self


class TransferRowSpec(BaseModel):
    """Where one round-1 electorate goes: destination → cell, adding up to 1, and the row's
    uncertainty (a Dirichlet ``concentration``, or spreads on cells or on the ``spread`` of
    its largest share; neither: the default row's)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    cells: dict[Name, CellSpec] = Field(max_length=80)
    concentration: Annotated[float, BeforeValidator(_concentration)] | None = None
    spread: Spread | None = None

    @model_validator(mode="before")
    @classmethod
    def _written(cls, value: object) -> object:
        """A row is written as one table: destinations, plus ``concentration``/``spread``."""
        if not isinstance(value, Mapping):
            raise _refuse("row", "must be a table of destination = share")
        if isinstance(value.get("cells"), Mapping):
            return value  # already in fields (a model_dump)
        row = {k: value[k] for k in _ROW_KEYS if k in value}
        return {**row, "cells": {k: v for k, v in value.items() if k not in _ROW_KEYS}}

    @model_validator(mode="after")
    def _adds_up(self) -> TransferRowSpec:
        total = math.fsum(self.shares)
        if abs(total - 1.0) > ROW_TOLERANCE:
            raise _refuse(
                "row-sum",
                f"the row adds up to {total:.12g}, not 1 (tolerance 1e-9)",
                value=round(total, 12),
            )
        spreads = any(c.spread is not None for c in self.cells.values())
        if self.concentration is not None and (spreads or self.spread is not None):
            raise _refuse(
                "uncertainty-twice",
                "give a concentration or spreads, not both",
                value=self.concentration,
            )
        if self.spread is not None:
            _checked_concentration(max(self.shares, default=0.0), self.spread)
        return self

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """As written: one table of destination = cell, plus ``concentration`` or ``spread``."""
        share = {"type": "number", "minimum": 0.0, "maximum": 1.0}
        cell = {
            "anyOf": [
                share,
                {"type": "string", "description": 'share ± spread: "0.7 ± 0.05"'},
                {
                    "type": "object",
                    "properties": {"share": share, "spread": {"type": "number"}},
                    "required": ["share"],
                    "additionalProperties": False,
                },
            ]
        }
        return {
            "type": "object",
            "title": "TransferRow",
            "description": "DESTINATION: share (a round-2 list, abstention or blank-null), "
            "adding up to 1; concentration or spread give the row's uncertainty.",
            "properties": {
                "concentration": {"type": "number", "exclusiveMinimum": 0.0},
                "spread": {"type": "number"},
            },
            "additionalProperties": cell,
        }

    @property
    def shares(self) -> tuple[float, ...]:
        """The cells' shares, in writing order."""
        return tuple(c.share for c in self.cells.values())

    def concentration_asked(self) -> float | None:
        """The row's concentration: as given, else the widest its spreads imply, else None
        (the default row's)."""
        if self.concentration is not None:
            return self.concentration
        pairs = [(c.share, c.spread) for c in self.cells.values() if c.spread is not None]
        if self.spread is not None:
            pairs.append((max(self.shares, default=0.0), self.spread))
        if not pairs:
            return None
        return min(concentration_for_spread(share, spread) for share, spread in pairs)


class ScenarioSpec(BaseModel):
    """One region's round 2 as a user asks for it: who stands, who merges, the turnout, and
    transfer rows (a round-1 list, ``abstention`` or ``blank-null`` → {destination: share})."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    election: Election = Field(description="Election id (regionales-2015) or year (2015).")
    region: Region = Field(description="Region: INSEE code, name or abbreviation.")
    title: Title | None = None
    description: Description | None = None
    stand: Names | None = Field(
        default=None,
        description="The round-2 lists; default: every list that may stand, except withdraw.",
    )
    withdraw: Names = Field(default=(), description="Lists that could stand and do not.")
    merge: Annotated[
        dict[Name, Names], Field(max_length=30), BeforeValidator(lambda v: _merge_table(v))
    ] = Field(default_factory=dict, description="HOST: [partners merged into it].")
    turnout: Round2Turnout | None = Field(
        default=None, description="Round-2 votants over inscrits."
    )
    turnout_change: Turnout | None = Field(
        default=None,
        description="Round-2 turnout as the round-1 turnout plus this (not with turnout).",
    )
    transfers: dict[Name, TransferRowSpec] = Field(
        default_factory=dict,
        max_length=80,
        description=(
            "Rows SOURCE: {DESTINATION: share}; a source is a round-1 list, abstention or "
            "blank-null; each row adds up to 1. Rows left out come from the defaults."
        ),
    )

    @field_validator("turnout_change")
    @classmethod
    def _one_turnout(cls, value: float | None, info: ValidationInfo) -> float | None:
        if value is not None and info.data.get("turnout") is not None:
            raise _refuse("turnout-twice", "give a round-2 turnout or a change, not both")
        return value

    @property
    def asks_lineup(self) -> bool:
        """Whether the spec says who stands, withdraws or merges."""
        return self.stand is not None or bool(self.withdraw) or bool(self.merge)

    @property
    def asks_turnout_or_rows(self) -> bool:
        """Whether the spec asks for a turnout or writes a transfer row."""
        return self.turnout is not None or self.turnout_change is not None or bool(self.transfers)


def _merge_table(value: object) -> object:
    if not isinstance(value, Mapping):
        raise _refuse("merge", "must be a table HOST = [PARTNERS]")
    return value
