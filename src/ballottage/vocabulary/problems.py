"""Errors as documents: what ``--json`` prints on standard output, and the web API answers."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import Field

from ballottage.vocabulary.common import Document, Model, word


class Problem(Model):
    """What went wrong: the kind of error, one line, and where and which rule, where known."""

    kind: str = Field(description="The error's kind (InvalidInput, IllegalLineup, UsageError…).")
    message: str
    article: str | None = Field(default=None, description="Article of the Code électoral.")
    field: str | None = None
    file: str | None = None
    rule: str | None = None
    limit: int | None = None

    @classmethod
    def of(cls, message: str, fields: Mapping[str, object]) -> Problem:
        """An error from its line and the fields the error carries (``BallottageError.fields``)."""

        def text(key: str) -> str | None:
            value = fields.get(key)
            return None if value is None else word(value)

        limit = fields.get("limit")
        return cls(
            kind=text("kind") or text("error") or "BallottageError",
            message=message,
            article=text("article"),
            field=text("field"),
            file=text("file"),
            rule=text("rule"),
            limit=limit if isinstance(limit, int) else None,
        )


class ErrorDoc(Document):
    """An error under ``--json`` (exit status non-zero) or from the web API (HTTP 4xx/5xx)."""

    error: Problem
