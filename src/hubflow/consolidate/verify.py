"""Check a design solution of a Canad ``.dow`` file from the file alone, sharing no solver code.

A solution is ``{"open": [arc, ...], "flows": [[commodity, arc, amount], ...]}`` (0-based, file
order). The check recomputes the cost (unit cost × flow + fixed cost of each open arc) and lists
every broken rule: flow on a closed arc, an arc over capacity, conservation at any node of any
commodity (all demand delivered).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["SolutionCheck", "check_dow_solution"]

TOL = 1e-6


@dataclass(frozen=True, slots=True)
class SolutionCheck:
    """The recomputed cost and the violations found (empty when the solution is valid)."""

    cost: float
    violations: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.violations


def check_dow_solution(path: str | Path, solution: dict[str, Any]) -> SolutionCheck:
    """Recompute cost, conservation and capacities of ``solution`` on the file at ``path``."""
    tok = Path(path).read_text().split()
    n, m, k = (int(t) for t in tok[1:4])
    at = 4
    arcs = []
    for _ in range(m):
        t, h, c, u, f = (int(x) for x in tok[at : at + 5])
        arcs.append((t, h, c, u, f))
        at += 7
    comms = []
    for _ in range(k):
        comms.append(tuple(int(x) for x in tok[at : at + 3]))
        at += 3
    problems: list[str] = []
    opened = {int(a) for a in solution.get("open", [])}
    bad_open = sorted(a for a in opened if not 0 <= a < m)
    if bad_open:
        problems.append(f"open arcs outside 0..{m - 1}: {bad_open[:5]}")
    cost = float(sum(arcs[a][4] for a in opened if 0 <= a < m))
    load: dict[int, float] = defaultdict(float)
    balance: dict[tuple[int, int], float] = defaultdict(float)
    for entry in solution.get("flows", []):
        c, a, amount = int(entry[0]), int(entry[1]), float(entry[2])
        if not (0 <= c < k and 0 <= a < m):
            problems.append(f"flow entry {entry} names an unknown commodity or arc")
            continue
        if amount < -TOL:
            problems.append(f"negative flow {amount} of commodity {c} on arc {a}")
        t, h, unit, _, _ = arcs[a]
        cost += unit * amount
        load[a] += amount
        balance[c, t] -= amount
        balance[c, h] += amount
    for a, total in sorted(load.items()):
        if total > TOL and a not in opened:
            problems.append(f"arc {a} carries {total:g} but is not open")
        if total > arcs[a][3] * (1 + TOL) + TOL:
            problems.append(f"arc {a} carries {total:g} over its capacity {arcs[a][3]}")
    for c, (o, d, q) in enumerate(comms):
        for node in range(1, n + 1):
            want = q if node == d else -q if node == o else 0.0
            got = balance.get((c, node), 0.0)
            if abs(got - want) > TOL * max(1.0, q):
                problems.append(f"commodity {c}: net inflow {got:g} at node {node}, want {want:g}")
    return SolutionCheck(cost=float(cost), violations=tuple(problems))
