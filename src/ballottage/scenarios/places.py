"""Where a scenario came from, for messages: a file and its keys, or a request and its fields.

A problem Pydantic finds in a :class:`~ballottage.scenarios.spec.ScenarioSpec` becomes one
:class:`~ballottage.errors.InvalidInput` naming the place (:func:`spec_error`); one found later,
against the figures or the law, names the same place through :class:`Places`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pydantic import ValidationError

from ballottage.errors import InvalidInput
from ballottage.scenarios.spec import ScenarioSpec

Location = tuple[int | str, ...]
KeyOf = Callable[[Location], str]
"""How a place in the spec is written for the user: a TOML key, or a JSON path."""

_MISSING = {
    "election": "give an election (regionales-2015) or a year",
    "region": "give a region (code, name or abbreviation)",
}


def json_key(loc: Location) -> str:
    """A place in a request body as its JSON path (``transfers.PETIT.DURAND.share``).

    >>> json_key(("body", "transfers", "PETIT", "cells", "DURAND", "share"))
    'transfers.PETIT.DURAND.share'
    """
    return ".".join(str(p) for p in loc if p not in ("body", "cells")) or "body"


def spec_error(exc: ValidationError, where: str | None, key_of: KeyOf) -> InvalidInput:
    """The first problem Pydantic found, as one error naming the place and the rule.

    ``kind`` is Pydantic's error type (``share``, ``row-sum``, ``missing``, ``extra_forbidden``…).
    """
    first = exc.errors(include_url=False)[0]
    loc = tuple(first["loc"])
    context = first.get("ctx") or {}
    given = first.get("input")
    scalar = given if isinstance(given, str | int | float) else None
    value = context.get("value", scalar)
    problem = first["msg"]
    if first["type"] == "missing":
        problem = _MISSING.get(str(loc[-1]), "is missing")
        value = None
    return InvalidInput(key_of(loc), value, problem, kind=first["type"], where=where)


def checked_spec(data: Mapping[str, object], *, where: str | None, key_of: KeyOf) -> ScenarioSpec:
    """``data`` as a :class:`ScenarioSpec`, or an :class:`InvalidInput` naming the place."""
    try:
        return ScenarioSpec.model_validate(data)
    except ValidationError as exc:
        raise spec_error(exc, where, key_of) from None


@dataclass(frozen=True)
class Places:
    """Where a spec came from (a file, or None for a request) and how its keys are written,
    so that an error found later, against the figures or the law, names the same place."""

    where: str | None
    key_of: KeyOf = json_key

    def key(self, *loc: int | str) -> str:
        """The key of a place in the spec: ``key("merge", "DURAND")``."""
        return self.key_of(loc)

    def invalid(
        self,
        loc: Location,
        value: object,
        problem: str,
        *,
        kind: str,
        article: str | None = None,
    ) -> InvalidInput:
        """An error at ``loc``."""
        return InvalidInput(
            self.key_of(loc), value, problem, kind=kind, article=article, where=self.where
        )
