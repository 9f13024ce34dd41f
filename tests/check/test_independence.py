"""The checker shares no code with what it checks: its import graph avoids the engines and KPIs."""

from __future__ import annotations

import ast
from pathlib import Path

import hubflow

SRC = Path(hubflow.__file__).parent
FORBIDDEN = ("dispatch", "network", "kpi", "consolidate", "planning")
ALLOWED_START = ("hubflow.check", "hubflow.model", "hubflow.distances", "hubflow.emissions")


def _module_file(name: str) -> Path | None:
    """The source file of a hubflow module (package or plain module), None outside hubflow."""
    parts = name.split(".")
    if parts[0] != "hubflow":
        return None
    base = SRC.joinpath(*parts[1:])
    for path in (base / "__init__.py", base.with_suffix(".py")):
        if path.is_file():
            return path
    return None


def _imports(path: Path, name: str) -> set[str]:
    """Every module a source file imports, absolute names (relative ones resolved)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):  # imports only for type checkers never run
        if isinstance(node, ast.If) and ast.unparse(node.test) in (
            "TYPE_CHECKING",
            "typing.TYPE_CHECKING",
        ):
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names if _module_file(f"{base}.{a.name}")}
    return found


def _reachable(start: str) -> dict[str, str]:
    """Every hubflow module reachable by imports from ``start``, with the module importing it."""
    seen, todo = {start: ""}, [start]
    while todo:
        name = todo.pop()
        path = _module_file(name)
        if path is None:
            continue
        for dep in _imports(path, name):
            for prefix in _prefixes(dep):
                if prefix not in seen and _module_file(prefix):
                    seen[prefix] = name
                    todo.append(prefix)
    return seen


def _prefixes(name: str) -> list[str]:
    """'a.b.c' -> ['a', 'a.b', 'a.b.c']: importing a module runs its parent packages too."""
    parts = name.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def test_the_checker_reaches_no_engine_and_no_kpi_module():
    reached = _reachable("hubflow.check")
    bad = {
        m: by
        for m, by in reached.items()
        if m.startswith("hubflow.") and m.split(".")[1] in FORBIDDEN
    }
    assert bad == {}, f"imported (module: by) {bad}"


def test_the_checker_reaches_only_data_classes_and_input_lookups():
    reached = {m for m in _reachable("hubflow.check") if m.startswith("hubflow.")}
    assert len(reached) > 5  # the walk follows the checker's own modules
    assert {m for m in reached if not m.startswith(ALLOWED_START)} <= {"hubflow", "hubflow.errors"}


def test_the_walk_sees_an_engine_import_where_there_is_one():
    assert "hubflow.dispatch" in _reachable("hubflow.planning")
