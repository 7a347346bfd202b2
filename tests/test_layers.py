"""The floors of the code, read from its own imports (every `import`, also inside a function
or under TYPE_CHECKING): no circles; states reach neither the database's tables, the ORM
nor the app; components know no state and no page; no page imports another page."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "strengthsapp"
UPPER = ("strengthsapp.pages", "strengthsapp.components", "strengthsapp.states")


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imported(name: str, path: Path | None = None) -> set[str]:
    """Every module `name` imports, and every name it imports from one (`a.b` for `from a
    import b`: a submodule or a name in it)."""
    path = path or MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, up level - 1
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([base] if base else [])])
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def own_imports(name: str) -> set[str]:
    """The modules of this package that `name` imports."""
    return {other for other in imported(name) if other in MODULES and other != name}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            part = []
            while True:
                member = stack.pop()
                part.append(member)
                if member == node:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def in_layer(name: str, *layers: str) -> bool:
    return any(name == layer or name.startswith(layer + ".") for layer in layers)


def is_page(name: str) -> bool:
    """A page module: one file of pages/ (pages/parts/ holds what pages share)."""
    return (
        in_layer(name, "strengthsapp.pages")
        and not in_layer(name, "strengthsapp.pages.parts")
        and (name != "strengthsapp.pages")
    )


def test_the_import_walk_sees_the_app():
    assert len(MODULES) > 50
    assert "strengthsapp.states.board" in own_imports("strengthsapp.strengthsapp")
    assert "strengthsapp.states.board" in own_imports("strengthsapp.states.today")


def test_circles_are_found():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_circles_in_the_package():
    graph = {name: own_imports(name) for name in MODULES}
    assert circles(graph) == []


def test_no_circle_runs_through_the_upper_floors():
    graph = {
        name: {o for o in own_imports(name) if in_layer(o, *UPPER)}
        for name in MODULES
        if in_layer(name, *UPPER)
    }
    assert circles(graph) == []


@pytest.mark.parametrize("name", sorted(n for n in MODULES if in_layer(n, "strengthsapp.states")))
def test_a_state_reaches_no_table_no_orm_and_not_the_app(name):
    reached = {
        other
        for other in imported(name)
        if in_layer(other, "strengthsapp.db.models", "strengthsapp.strengthsapp", "sqlmodel", "sqlalchemy")
    }
    assert reached == set(), f"{name} imports {sorted(reached)}: a service does that"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if in_layer(n, "strengthsapp.components")))
def test_a_component_knows_no_state_and_no_page(name):
    reached = {o for o in own_imports(name) if in_layer(o, "strengthsapp.states", "strengthsapp.pages")}
    assert reached == set()


@pytest.mark.parametrize("name", sorted(n for n in MODULES if is_page(n)))
def test_a_page_imports_no_other_page(name):
    assert {o for o in own_imports(name) if is_page(o)} == set()
    # ... and holds one page.
    source = MODULES[name].read_text()
    assert sum(line.startswith("def ") and "_page(" in line for line in source.splitlines()) == 1


def test_the_walk_sees_imports_inside_functions_and_relative_ones(tmp_path):
    source = tmp_path / "example.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from ..db.models import User\n"
        "def later():\n    import sqlmodel\n    from . import base\n"
    )
    found = imported("strengthsapp.states.example", source)
    assert {"strengthsapp.db.models.User", "sqlmodel", "strengthsapp.states.base"} <= found
