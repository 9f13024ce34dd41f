"""Method ``auto``: the arc MIP for problems it solves quickly, column generation beyond.

The rule is the arc MIP's size: with at most ``ARC_MIP_PAIRS`` (demand, allowed arc) pairs, i.e.
flow variables of the arc MIP, HiGHS proves the optimum of the monolithic model in seconds (the
smallest Canad C files); beyond, the arc MIP may not even finish its root LP in a minute (Canad C
with 200 commodities, 46k pairs; bench/results/mcnd_C_60s.md) while ``colgen`` has a plan and a
bound within seconds and hands time left over to the arc MIP itself. The chosen method shows in
the solver's name (``auto->mip`` or ``auto->colgen``) after a solve.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hubflow.consolidate.problem import DesignProblem, DesignResult
from hubflow.consolidate.solvers import SolverSettings, get_solver
from hubflow.deadline import Deadline, Progress

if TYPE_CHECKING:
    from hubflow.consolidate.colgen import WarmStart

__all__ = ["ARC_MIP_PAIRS", "AutoSolver", "choose_method"]

ARC_MIP_PAIRS = 20_000


def choose_method(problem: DesignProblem) -> str:
    """``mip`` for small problems, ``colgen`` for large ones (by arc-MIP flow variables)."""
    pairs = sum(len(d.arcs) for d in problem.demands)
    return "mip" if pairs <= ARC_MIP_PAIRS else "colgen"


class AutoSolver:
    """Delegates to the method :func:`choose_method` picks; ``name`` then says which."""

    def __init__(self, settings: SolverSettings | None = None) -> None:
        self.settings = settings or SolverSettings()
        self.name = "auto"
        self.takes_warm_start = True  # both methods do

    def solve(
        self,
        problem: DesignProblem,
        *,
        deadline: Deadline | float = 60.0,
        seed: int = 0,
        progress: Progress | None = None,
        warm_start: WarmStart | None = None,
    ) -> DesignResult:
        method = choose_method(problem)
        self.name = f"auto->{method}"
        solver = get_solver(method, self.settings)
        more = {"warm_start": warm_start} if warm_start is not None else {}
        return solver.solve(
            problem, deadline=Deadline.of(deadline), seed=seed, progress=progress, **more
        )
