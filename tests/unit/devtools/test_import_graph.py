"""The import graph of ballottage: no cycle anywhere, and the web page reaches no reader."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ballottage._devtools import imports, sizes
from ballottage._devtools.imports import cycles, dot, import_graph, reachable


def package(tmp_path: Path, files: dict[str, str]) -> Path:
    """A throwaway package ``pkg`` made of ``files`` (relative path → source)."""
    root = tmp_path / "pkg"
    for name, text in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def test_ballottage_has_no_import_cycle() -> None:
    graph = import_graph()
    assert "ballottage.data.store.connection" in graph  # the whole package was read
    assert cycles(graph) == []


def test_the_web_page_and_the_store_reach_no_reader_and_no_importer() -> None:
    graph = import_graph()
    for start in ("ballottage.web.app", "ballottage.data.store"):
        reached = reachable(graph, start)
        assert "ballottage.data.store.queries" in reached or start == "ballottage.data.store"
        readers = sorted(
            m
            for m in reached
            if m.startswith(("ballottage.data.sources", "ballottage.data.imports"))
        )
        assert readers == [], start
    # The sources import no store, the store no bundle builder.
    for module in import_graph():
        if module.startswith("ballottage.data.sources"):
            assert not {
                m for m in reachable(graph, module) if m.startswith("ballottage.data.store")
            }, module


def test_a_cycle_hidden_in_a_function_is_found(tmp_path: Path) -> None:
    root = package(
        tmp_path,
        {
            "a.py": "from pkg.b import g\n",
            "b.py": "def g():\n    from pkg import a\n    return a\n",
            "sub/__init__.py": "from .c import x\n",
            "sub/c.py": "from .. import a\nx = 1\n",
        },
    )
    graph = import_graph(root)
    assert graph["pkg.a"] == {"pkg.b"} and graph["pkg.b"] == {"pkg.a"}
    assert graph["pkg.sub"] == {"pkg.sub.c"} and graph["pkg.sub.c"] == {"pkg.a"}
    assert cycles(graph) == [["pkg.a", "pkg.b"]]
    assert reachable(graph, "pkg.sub") == {"pkg.sub.c", "pkg.a", "pkg.b"}
    assert '"pkg.a" [label="pkg.a", color=red]' in dot(graph, cycles(graph))


def test_the_command_exits_non_zero_on_a_cycle_and_writes_graphviz(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = package(tmp_path, {"a.py": "import pkg.b\n", "b.py": "import pkg.a\n"})
    assert imports.main([], root=root) == 1
    out = capsys.readouterr().out
    assert "pkg.a -> pkg.b" in out and "cycle: pkg.a ↔ pkg.b" in out
    target = tmp_path / "graph.dot"
    assert imports.main(["--dot", str(target)], root=root) == 1
    assert '"pkg.a" -> "pkg.b";' in target.read_text(encoding="utf-8")
    fine = package(tmp_path / "fine", {"a.py": "import pkg.b\n", "b.py": "x = 1\n"})
    assert imports.main([], root=fine) == 0


def test_sizes_reports_long_modules_and_functions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "\n".join(f"        x{i} = {i}" for i in range(60))
    root = package(
        tmp_path,
        {"long.py": f"class C:\n    def method(self):\n{body}\n\n\ndef short():\n    pass\n"},
    )
    big_modules, big_functions = sizes.oversized(root, module_lines=50)
    assert [(o.name, o.lines) for o in big_modules] == [("pkg.long", 66)]
    assert [(o.name, o.lines) for o in big_functions] == [("pkg.long.C.method", 61)]
    assert sizes.main(["--function-lines", "70"], root=root) == 0
    assert "0 function(s) over 70 lines" in capsys.readouterr().out
