"""The seam for design solvers: one protocol, a registry by method name, lazy imports.

A solver takes a :class:`DesignProblem`, a :class:`~hubflow.deadline.Deadline`, a seed and a
progress callback, and returns a :class:`DesignResult`. ``mip`` (the arc MIP on HiGHS) is the
exact reference; ``colgen`` (column generation + restricted-master MIP) scales; ``auto`` picks
one of them by size. They are chosen by ``PlanOptions.method``. A solver whose
``takes_warm_start`` is true also takes ``warm_start=`` (a ``colgen.WarmStart``: paths and plan of
an earlier solve of a similar problem), which what-if re-plans pass on.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from hubflow.consolidate.problem import DesignProblem, DesignResult
from hubflow.deadline import Deadline, Progress

__all__ = ["DesignSolver", "SolverSettings", "available_solvers", "get_solver", "register_solver"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SolverSettings:
    """What every design solver is told: stop at ``mip_gap``, use ``threads`` threads.

    ``work_seconds``: stop each phase on counts of work sized for this many seconds on the
    reference machine (:mod:`hubflow.consolidate.work`, ``WORK_SHARE`` of them), the deadline
    still a hard stop, so the plan repeats on any machine that does the work in time; None: on
    the clock. ``colgen`` reads it; the arc MIP alone
    stays on the clock (its plan repeats when it proves the gap), and so does ``auto`` on
    problems small for it or for the budget (:func:`hubflow.consolidate.auto.runs_on_clock`)."""

    mip_gap: float = 0.005
    threads: int = 1
    work_seconds: float | None = None


@runtime_checkable
class DesignSolver(Protocol):
    """Solve a design problem by ``deadline``; report (objective, bound) through ``progress``.

    ``warm_start`` is a result's ``warm_start`` from an earlier solve, carried to this problem
    (:meth:`hubflow.network.warm.PreviousSolve.warm_start_for`); a solver that cannot use one
    ignores it. It is passed only when there is one, so a solver may leave the parameter out."""

    name: str

    def solve(
        self,
        problem: DesignProblem,
        *,
        deadline: Deadline,
        seed: int = 0,
        progress: Progress | None = None,
        warm_start: Any = None,
    ) -> DesignResult: ...


_REGISTRY: dict[str, tuple[str, str]] = {
    "mip": ("hubflow.consolidate.arc_mip", "ArcMipSolver"),
    "colgen": ("hubflow.consolidate.colgen", "ColGenSolver"),
    "auto": ("hubflow.consolidate.auto", "AutoSolver"),
}


def available_solvers() -> list[str]:
    """Method names accepted by :func:`get_solver`."""
    return list(_REGISTRY)


def get_solver(method: str, settings: SolverSettings | None = None) -> DesignSolver:
    """The solver registered as ``method``, configured by ``settings``; KeyError if unknown."""
    try:
        module, cls = _REGISTRY[method]
    except KeyError:
        raise KeyError(
            f"unknown design method {method!r}; expected one of {available_solvers()}"
        ) from None
    solver: DesignSolver = getattr(importlib.import_module(module), cls)(
        settings or SolverSettings()
    )
    return solver


def register_solver(method: str, module: str, cls: str) -> None:
    """Make another solver available as ``method`` (``module.cls(settings)``, imported on use)."""
    _REGISTRY[method] = (module, cls)
