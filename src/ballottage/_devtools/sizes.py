"""Modules and functions over the size limits of the developers' guide.

``python -m ballottage._devtools.sizes`` lists the modules of ``src/ballottage`` over 400 lines
and the functions (methods, nested functions) over 50 lines, longest first. It is a report:
it exits 0 whatever it finds. ``--module-lines`` and ``--function-lines`` change the limits.
"""

from __future__ import annotations

import argparse
import ast
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ballottage._devtools import modules

MODULE_LINES = 400
FUNCTION_LINES = 50


@dataclass(frozen=True)
class Oversize:
    """A module or function over its limit: where it is and how many lines it has."""

    name: str
    file: Path
    line: int
    lines: int


def _functions(tree: ast.AST, prefix: str) -> Iterator[tuple[str, ast.AST]]:
    """Every function of a module with its dotted name (``Class.method``, ``f.inner``)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield f"{prefix}{node.name}", node
            yield from _functions(node, f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, f"{prefix}{node.name}.")
        else:
            yield from _functions(node, prefix)


def oversized(
    root: Path | None = None,
    *,
    module_lines: int = MODULE_LINES,
    function_lines: int = FUNCTION_LINES,
) -> tuple[list[Oversize], list[Oversize]]:
    """The modules over ``module_lines`` and the functions over ``function_lines``, longest
    first (a function's lines run from its ``def`` to its last line)."""
    big_modules: list[Oversize] = []
    big_functions: list[Oversize] = []
    for module, path in modules(root):
        text = path.read_text(encoding="utf-8")
        count = len(text.splitlines())
        if count > module_lines:
            big_modules.append(Oversize(module, path, 1, count))
        for name, node in _functions(ast.parse(text, filename=str(path)), ""):
            first, last = getattr(node, "lineno", 0), getattr(node, "end_lineno", 0) or 0
            if last - first + 1 > function_lines:
                big_functions.append(Oversize(f"{module}.{name}", path, first, last - first + 1))
    return (
        sorted(big_modules, key=lambda o: (-o.lines, o.name)),
        sorted(big_functions, key=lambda o: (-o.lines, o.name)),
    )


def main(argv: Sequence[str] | None = None, *, root: Path | None = None) -> int:
    """Print the report; always 0."""
    parser = argparse.ArgumentParser(prog="python -m ballottage._devtools.sizes")
    parser.add_argument("--module-lines", type=int, default=MODULE_LINES)
    parser.add_argument("--function-lines", type=int, default=FUNCTION_LINES)
    args = parser.parse_args(argv)
    big_modules, big_functions = oversized(
        root, module_lines=args.module_lines, function_lines=args.function_lines
    )
    print(f"{len(big_modules)} module(s) over {args.module_lines} lines:")
    for o in big_modules:
        print(f"  {o.lines:5d}  {o.name}")
    print(f"{len(big_functions)} function(s) over {args.function_lines} lines:")
    for o in big_functions:
        print(f"  {o.lines:5d}  {o.name}  ({o.file.name}:{o.line})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
