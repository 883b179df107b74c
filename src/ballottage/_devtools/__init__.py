"""Tools for the developers of ballottage (not used at run time).

* ``python -m ballottage._devtools.imports`` — the import graph and its cycles;
* ``python -m ballottage._devtools.sizes`` — modules and functions over the size limits.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path


def package_root() -> Path:
    """The directory of the ``ballottage`` package (found without importing it)."""
    spec = find_spec("ballottage")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover
        raise RuntimeError("ballottage is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def modules(root: Path | None = None) -> Iterator[tuple[str, Path]]:
    """``(dotted module name, file)`` of every module of the package, sorted by name."""
    base = root or package_root()
    found = []
    for path in base.rglob("*.py"):
        parts = (base.name, *path.relative_to(base).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.append((".".join(parts), path))
    yield from sorted(found)
