"""Reading inputs within the bounds of :mod:`ballottage.limits`.

Bytes are counted before anything is parsed (``/dev/zero`` stops at the limit); TOML and JSON
are refused when they nest too deep or carry a giant integer, with one
:class:`~ballottage.errors.LimitExceeded` instead of a ``RecursionError``:

>>> loads_json('{"A": 1}', "votes.json")
{'A': 1}
>>> try:
...     loads_json("[" * 40 + "]" * 40, "deep.json")
... except LimitExceeded as exc:
...     print(exc)
deep.json: nesting: over the limit of 32 levels (limit NESTING_DEPTH, docs/limits.md)
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path
from typing import Any

from ballottage import limits
from ballottage.errors import InvalidInput, LimitExceeded, UnreadableFile

STDIN = "-"
"""The file name that means standard input."""


def read_bytes(
    path: str | Path, limit: int, *, name: str = "INPUT_BYTES", env: str | None = None
) -> bytes:
    """At most ``limit`` bytes of ``path`` (``-``: standard input); more is refused, naming
    the limit ``name`` of :mod:`ballottage.limits`."""
    shown = str(path)
    try:
        if shown == STDIN:
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(limit + 1)
    except IsADirectoryError:
        raise UnreadableFile(shown, "is a directory, not a file") from None
    except FileNotFoundError:
        raise UnreadableFile(shown, "does not exist") from None
    except OSError as exc:
        raise UnreadableFile(shown, exc.strerror or str(exc)) from None
    if len(data) > limit:
        raise too_big(shown, limit, name=name, env=env)
    return data


def too_big(file: str, limit: int, *, name: str, env: str | None = None) -> LimitExceeded:
    """The refusal of a file over ``limit`` bytes (the limit ``name``)."""
    return LimitExceeded(
        "size",
        None,
        limit,
        "bytes",
        name=name,
        file=file,
        shown_limit=limits.describe_bytes(limit),
        hint=f"; set {env} (in MB) to raise it" if env else "",
    )


def check_size(path: Path, limit: int, *, name: str, env: str | None = None) -> None:
    """Refuse a regular file over ``limit`` bytes before opening it."""
    try:
        size = path.stat().st_size
    except OSError:
        return
    if path.is_file() and size > limit:
        raise too_big(str(path), limit, name=name, env=env)


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252; anything else refused.

    Spreadsheets often save CSV files in Windows-1252.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableFile(name, f"is not valid UTF-16 text (byte {exc.start})") from None
    if b"\x00" in data:
        raise UnreadableFile(name, "holds NUL bytes: it is not a text file")
    return utf8_or_cp1252(data, name)


def utf8_or_cp1252(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; anything else refused, naming the file."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            name,
            f"is not UTF-8 or Windows-1252 text (byte {exc.start}); save it as UTF-8",
            rule="text encoding",
        ) from None


def read_text(path: str | Path, limit: int = limits.INPUT_BYTES) -> str:
    """A text file (or standard input) of at most ``limit`` bytes, decoded."""
    return decode_text(read_bytes(path, limit), str(path))


def _depth_refusal(name: str) -> LimitExceeded:
    return LimitExceeded(
        "nesting",
        None,
        limits.NESTING_DEPTH,
        "levels",
        name="NESTING_DEPTH",
        file=name,
    )


def _integer_refusal(name: str, digits: str) -> LimitExceeded:
    return LimitExceeded(
        "integer", digits, limits.INTEGER_DIGITS, "digits", name="INTEGER_DIGITS", file=name
    )


def check_nesting(data: object, name: str) -> None:
    """Refuse data nested deeper than :data:`~ballottage.limits.NESTING_DEPTH` or holding an
    integer of more than :data:`~ballottage.limits.INTEGER_DIGITS` digits."""
    big = 10**limits.INTEGER_DIGITS
    stack: list[tuple[object, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth + 1 > limits.NESTING_DEPTH:
                raise _depth_refusal(name)
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= big:
            raise _integer_refusal(name, f"{len(str(abs(value)))} digits")


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > limits.INTEGER_DIGITS:
        raise _BigInteger(len(text.lstrip("-")))
    return int(text)


class _BigInteger(Exception):
    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


def _no_constant(text: str) -> Any:
    raise ValueError(f"{text} is not a number JSON allows")


def loads_json(text: str, name: str) -> Any:
    """JSON within the limits (no NaN or Infinity either)."""
    try:
        data = json.loads(text, parse_int=_json_int, parse_constant=_no_constant)
    except _BigInteger as exc:
        raise _integer_refusal(name, f"{exc.digits} digits") from None
    except RecursionError:
        raise _depth_refusal(name) from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(name, f"line {exc.lineno}", exc.msg) from None
    except ValueError as exc:
        raise InvalidInput(name, None, str(exc)) from None
    check_nesting(data, name)
    return data


def loads_toml(text: str, name: str) -> dict[str, Any]:
    """TOML within the limits. Floats must be finite where the caller needs it."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{name}: TOML", None, str(exc), kind="syntax") from None
    except RecursionError:
        raise _depth_refusal(name) from None
    except ValueError:  # Python's own cap on integer digits (4 300)
        raise _integer_refusal(name, "more than 4300 digits") from None
    check_nesting(data, name)
    return data
