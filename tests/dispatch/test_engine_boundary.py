"""The routing engine is freight-agnostic: nothing in ``hubflow.dispatch`` imports the planner."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import hubflow.dispatch

PLANNER = ("hubflow.model", "hubflow.network", "hubflow.kpi", "hubflow.distances")
ENGINE = Path(hubflow.dispatch.__file__).parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


def test_no_engine_module_imports_the_planner():
    files = sorted(ENGINE.rglob("*.py"))
    assert len(files) >= 10  # the scan really sees the engine's modules
    bad = {
        f"{f.relative_to(ENGINE)}: {m}"
        for f in files
        for m in _imports(f)
        if m.startswith(PLANNER) or m.startswith("hubflow.trucking")
    }
    assert bad == set()


def test_importing_and_solving_loads_no_planner_module():
    code = (
        "import sys\n"
        "from hubflow.dispatch import RoutingProblem, solve\n"
        "p = RoutingProblem.build(depots=[(0, 0)], clients=[{'xy': (1, 0)}], trucks=[{}])\n"
        "solve(p, backend='pyvrp', time_limit=0.1)\n"
        f"print(sorted(m for m in sys.modules if m.startswith({PLANNER!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
