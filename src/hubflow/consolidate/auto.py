"""Method ``auto``: the arc MIP for problems it solves quickly, column generation beyond.

The rule is the arc MIP's size. With at most ``ARC_MIP_PAIRS`` (demand, allowed arc) pairs, i.e.
flow variables, the problem is small: its arc MIP's root takes seconds, and, as the arc MIP
alone does, the solve runs on the clock (its plan repeats when it proves the gap):
- with at most ``ARC_MIP_DESIGN_ARCS`` design arcs (the arc MIP's integer variables) the arc
  MIP itself (Canad C files of 40 commodities on 230-294 arcs, C+ files of 25 nodes and 100
  arcs: the same plans as ``colgen`` or better; c25_100_30_F_L_5 optimal in 42 s on an idle
  machine where colgen on counts of work stops at +1.3 %);
- with more, ``colgen`` on the clock, whose last phase is the arc MIP started from its plan: on
  C+ files of 100 nodes and 400 arcs (4,000-12,000 pairs) the plain arc MIP's plans were up to
  74 % dearer than colgen's at 60 s under load; on an idle machine it beat colgen on counts of
  work on one of them (c100_400_10_F_T_10, by 1.6 %), and colgen on the clock beat both
  (bench/results/mcnd_CPlus_60s*.md).
Beyond ``ARC_MIP_PAIRS`` the arc MIP may not even finish its root LP in a minute (Canad C with
200 commodities, 46k pairs; bench/results/mcnd_C_60s.md) while ``colgen`` has a plan and a bound
within seconds and hands time left over to the arc MIP itself; it stops on counts of work when
the settings say so, unless the budget is long for the problem's size: at
``CLOCK_PAIRS_PER_SECOND`` pairs per second of the budget or fewer (20,000 pairs at 60 s, 100,000
at 300 s) the solve runs on the clock too, as its last phase is then the whole arc MIP, which a
stop on work sized for half the budget would cut short (Canad C at 300 s: colgen on work stopped
after 55-145 s and lost to the plain arc MIP on the clock by up to 0.33 %,
bench/results/mcnd_C_300s_auto_mip.md; on the clock none of the 31 worse, -5.2 % on average,
``mcnd_C_300s_auto_mip_merged.md``). The chosen method shows in the solver's name (``auto->mip`` or
``auto->colgen``) after a solve.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from hubflow.consolidate.problem import DesignProblem, DesignResult
from hubflow.consolidate.solvers import SolverSettings, get_solver
from hubflow.deadline import Deadline, Progress

if TYPE_CHECKING:
    from hubflow.consolidate.colgen import WarmStart

__all__ = [
    "ARC_MIP_DESIGN_ARCS",
    "ARC_MIP_PAIRS",
    "CLOCK_PAIRS_PER_SECOND",
    "AutoSolver",
    "choose_method",
    "is_small",
    "runs_on_clock",
]

ARC_MIP_PAIRS = 20_000
ARC_MIP_DESIGN_ARCS = 300
#: pairs per second of a budget stopped on work at or below which auto runs on the clock anyway:
#: the arc MIP's root then fits in two thirds of the budget (``ROOT_SECONDS_PER_PAIR``, 2 ms a pair)
CLOCK_PAIRS_PER_SECOND = ARC_MIP_PAIRS / 60.0


def is_small(problem: DesignProblem) -> bool:
    """Whether ``problem``'s arc MIP has at most ``ARC_MIP_PAIRS`` flow variables."""
    return problem.n_pairs <= ARC_MIP_PAIRS


def runs_on_clock(problem: DesignProblem, work_seconds: float | None) -> bool:
    """Whether ``auto`` solves ``problem`` on the clock: always when told to (no
    ``work_seconds``), else when it is small (:func:`is_small`) or the budget long for its size
    (at most ``CLOCK_PAIRS_PER_SECOND`` pairs per second of ``work_seconds``). The choice
    depends on the stated budget only, never on the clock."""
    if work_seconds is None:
        return True
    return problem.n_pairs <= max(ARC_MIP_PAIRS, CLOCK_PAIRS_PER_SECOND * work_seconds)


def choose_method(problem: DesignProblem) -> str:
    """``mip`` for small problems with few design arcs, ``colgen`` for the others."""
    design_arcs = int((problem.max_vehicles > 0).sum())
    return "mip" if is_small(problem) and design_arcs <= ARC_MIP_DESIGN_ARCS else "colgen"


class AutoSolver:
    """Delegates to the method :func:`choose_method` picks, on the clock for small problems and
    long budgets (:func:`runs_on_clock`); ``name`` then says which method."""

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
        settings = self.settings
        if runs_on_clock(problem, settings.work_seconds):  # as the arc MIP alone is
            settings = dataclasses.replace(settings, work_seconds=None)
        solver = get_solver(method, settings)
        more = {"warm_start": warm_start} if warm_start is not None else {}
        return solver.solve(
            problem, deadline=Deadline.of(deadline), seed=seed, progress=progress, **more
        )
