"""The pieces every document shares: the envelope, a region, turnout, a trace step."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from ballottage.law import Step


class Model(BaseModel):
    """A piece of a document: immutable, and no key beyond those declared."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        populate_by_name=True,
        json_schema_serialization_defaults_required=True,
    )


class Document(Model):
    """A whole ``--json`` output or API answer: it says which vocabulary it speaks."""

    schema_version: Literal[1] = Field(
        default=1, alias="schema", description="Version of the vocabulary (docs/json.md)."
    )

    def json_text(self) -> str:
        """The document as indented JSON text."""
        return self.model_dump_json(by_alias=True, indent=2)


def number(value: Fraction | float | None, places: int = 6) -> float | None:
    """A fraction or float rounded for display (``None`` and infinities stay unknown)."""
    if value is None:
        return None
    result = float(value)
    return None if math.isinf(result) or math.isnan(result) else round(result, places)


def word(value: object) -> str:
    """A status or outcome as its word: an Enum gives its value, a string itself."""
    return str(getattr(value, "value", value))


def share(part: int, whole: int | None) -> float | None:
    """``part`` over ``whole`` rounded to 6 places, unknown without a whole."""
    return round(part / whole, 6) if whole else None


class RegionRef(Model):
    """A region (or a department, a commune...) by its INSEE code and its name."""

    code: str
    name: str | None = None


class Turnout(Model):
    """Turnout of one round in one place. A figure the data lacks is ``null``, never 0.

    ``blank_spoiled`` is blank and spoiled ballots together (blancs + nuls: the only figure a
    projection has); ``rate`` is votants / inscrits."""

    inscrits: int | None = None
    votants: int | None = None
    abstentions: int | None = None
    blancs: int | None = None
    nuls: int | None = None
    blank_spoiled: int | None = None
    exprimes: int | None = None
    rate: float | None = None

    @classmethod
    def of(
        cls,
        *,
        inscrits: int | None,
        votants: int | None,
        exprimes: int | None,
        blancs: int | None = None,
        nuls: int | None = None,
        blank_spoiled: int | None = None,
    ) -> Turnout:
        """Turnout with the figures that follow from the given ones filled in."""
        if blank_spoiled is None and blancs is not None and nuls is not None:
            blank_spoiled = blancs + nuls
        return cls(
            inscrits=inscrits,
            votants=votants,
            abstentions=inscrits - votants if inscrits and votants is not None else None,
            blancs=blancs,
            nuls=nuls,
            blank_spoiled=blank_spoiled,
            exprimes=exprimes,
            rate=share(votants, inscrits) if votants is not None else None,
        )


class TraceStep(Model):
    """One step of the law applied (``--explain``)."""

    kind: str
    text: str
    list: str | None = None
    section: str | None = None
    seats: int | None = None
    average: float | None = None
    average_exact: str | None = Field(default=None, description="The exact quotient, a/b.")
    article: str | None = None

    @classmethod
    def of(cls, step: Step) -> TraceStep:
        """The step of the law as data."""
        return cls(
            kind=step.kind,
            text=step.text,
            list=step.list,
            section=step.section,
            seats=step.seats,
            average=number(step.average, 4),
            average_exact=None if step.average is None else str(step.average),
            article=step.article,
        )
