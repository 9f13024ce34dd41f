"""Method ``auto``: the arc MIP for problems it solves quickly, column generation beyond.

The rule is the arc MIP's size: with at most ``ARC_MIP_PAIRS`` (demand, allowed arc) pairs, i.e.
flow variables, and at most ``ARC_MIP_DESIGN_ARCS`` design arcs (its integer variables), HiGHS
proves the optimum of the monolithic model or comes close within a minute (Canad C files of 40
commodities on 230-294 arcs, C+ files of 25 nodes and 100 arcs: the same plans as ``colgen`` or
better, c25_100_30_F_L_5 optimal in 42 s where colgen stops at +1.3 %). Beyond either, the arc
MIP falls behind: on C+ files of 100 nodes and 400 arcs (4,000-12,000 pairs) its plans were up
to 74 % dearer than colgen's at 60 s, and with 200 commodities (46k pairs) it may not finish its
root LP in a minute (bench/results/mcnd_C_60s.md, mcnd_CPlus_60s.md), while ``colgen`` has a
plan and a bound within seconds and hands time left over to the arc MIP itself. The chosen
method shows in the solver's name (``auto->mip`` or ``auto->colgen``) after a solve.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hubflow.consolidate.problem import DesignProblem, DesignResult
from hubflow.consolidate.solvers import SolverSettings, get_solver
from hubflow.deadline import Deadline, Progress

if TYPE_CHECKING:
    from hubflow.consolidate.colgen import WarmStart

__all__ = ["ARC_MIP_DESIGN_ARCS", "ARC_MIP_PAIRS", "AutoSolver", "choose_method"]

ARC_MIP_PAIRS = 20_000
ARC_MIP_DESIGN_ARCS = 300


def choose_method(problem: DesignProblem) -> str:
    """``mip`` for small problems, ``colgen`` for large ones (by the arc MIP's flow variables
    and design arcs)."""
    pairs = sum(len(d.arcs) for d in problem.demands)
    design_arcs = int((problem.max_vehicles > 0).sum())
    small = pairs <= ARC_MIP_PAIRS and design_arcs <= ARC_MIP_DESIGN_ARCS
    return "mip" if small else "colgen"


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
