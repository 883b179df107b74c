"""Documents as read from, or written to, JSON and TOML files: the file edge, before typing.

A scenario file, the store's bundle manifest, a third-party results file: each is parsed into
nested ``dict``/``list`` values whose shape the reader then checks and turns into typed values
(or, on the way out, is built from typed values just before it is written). This module holds
the one name for such a document, so that an untyped mapping appears nowhere else. Importing
it loads nothing (no pydantic).
"""

from __future__ import annotations

from typing import Any, TypeAlias

ParsedDocument: TypeAlias = dict[str, Any]
"""A JSON or TOML document (or one of its tables) as read or written at the file edge."""
