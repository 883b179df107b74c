"""The public JSON vocabulary: every ``--json`` output and every web API answer.

One pydantic model per document, built from the typed values the law, the store, the
elections, the scenarios and the simulation return; nothing else in ballottage writes JSON.
The same concept has the same name everywhere (docs/json.md): a list is ``"list"`` (the label
shown, with ``head``/``nuance``/``family`` beside it where known), seats and bonus seats are
integers, blank and spoiled ballots are ``blank_spoiled``, turnout is one object
(:class:`~ballottage.vocabulary.common.Turnout`), a region is ``{"code", "name"}``, and every
document carries ``"schema": 1``.

Importing this package loads no pydantic: the modules under it do, and the command line
imports them only in the command that prints JSON. The published JSON Schema files
(``docs/schema/*.json``) are written by ``python -m ballottage.vocabulary``.
"""

from __future__ import annotations

SCHEMA = 1
"""The version of the vocabulary, carried by every document as ``"schema"``."""
