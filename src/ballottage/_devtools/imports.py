"""The import graph of ``src/ballottage``: which module imports which, and its cycles.

``python -m ballottage._devtools.imports`` prints each module and the package's modules it
imports (every ``import`` statement, including those inside functions and under
``TYPE_CHECKING``, read with :mod:`ast`, nothing executed), then every cycle (strongly
connected component); it exits with status 1 if there is one. ``--dot`` prints the graph in
Graphviz's language instead (``--dot FILE`` writes it to FILE)::

    python -m ballottage._devtools.imports --dot graph.dot && dot -Tsvg graph.dot > graph.svg

``from package import name`` counts as importing ``package.name`` when that is a module, else
``package`` (as import-linter counts it).
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from ballottage._devtools import modules

Graph = Mapping[str, frozenset[str]]


def _target(name: str, known: Collection[str]) -> str | None:
    """The package module ``name`` is, or the closest package containing it."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def _from_base(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute module a ``from ... import`` statement imports from."""
    base = node.module or ""
    if not node.level:
        return base
    parts = module.split(".")
    keep = len(parts) - node.level + (1 if is_package else 0)
    return ".".join([*parts[:keep], *([base] if base else [])])


def _imported(tree: ast.AST, module: str, is_package: bool, known: Collection[str]) -> set[str]:
    """The package modules a module's ``import`` statements import, wherever they are."""
    out: set[str | None] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(_target(alias.name, known) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _from_base(node, module, is_package)
            for alias in node.names:
                name = f"{base}.{alias.name}"
                out.add(name if name in known else _target(base, known))
    return {m for m in out if m is not None and m != module}


def import_graph(root: Path | None = None) -> dict[str, frozenset[str]]:
    """``{module: package modules it imports}`` for every module of the package."""
    files = dict(modules(root))
    graph: dict[str, frozenset[str]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[module] = frozenset(_imported(tree, module, path.name == "__init__.py", files))
    return graph


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def reachable(graph: Graph, start: str) -> set[str]:
    """Every module ``start`` imports, directly or through others."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def dot(graph: Graph, loops: Sequence[Sequence[str]] = ()) -> str:
    """The graph in Graphviz's language; modules on a cycle drawn in red."""
    red = {m for loop in loops for m in loop}
    lines = ["digraph ballottage {", "  rankdir=LR;", "  node [shape=box, fontsize=10];"]
    for module in sorted(graph):
        style = ", color=red" if module in red else ""
        lines.append(f'  "{module}" [label="{module.removeprefix("ballottage.")}"{style}];')
    for module in sorted(graph):
        for target in sorted(graph[module]):
            lines.append(f'  "{module}" -> "{target}";')
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None, *, root: Path | None = None) -> int:
    """Print the graph (or ``--dot``) and the cycles; 1 if there is a cycle."""
    parser = argparse.ArgumentParser(prog="python -m ballottage._devtools.imports")
    parser.add_argument(
        "--dot",
        nargs="?",
        const="-",
        default=None,
        metavar="FILE",
        help="print the graph in Graphviz's language (to FILE if given)",
    )
    args = parser.parse_args(argv)
    graph = import_graph(root)
    loops = cycles(graph)
    if args.dot is not None:
        text = dot(graph, loops)
        if args.dot == "-":
            sys.stdout.write(text)
        else:
            Path(args.dot).write_text(text, encoding="utf-8")
    else:
        for module in sorted(graph):
            print(f"{module} -> {', '.join(sorted(graph[module])) or '(nothing)'}")
    out = sys.stderr if args.dot == "-" else sys.stdout
    for loop in loops:
        print(f"cycle: {' ↔ '.join(loop)}", file=out)
    print(f"{len(graph)} modules, {len(loops)} cycle(s)", file=out)
    return 1 if loops else 0


if __name__ == "__main__":
    raise SystemExit(main())
