"""Dual values of the resource limits in a design's LP with its vehicle numbers fixed.

The arc MIP's model (same columns and rows, :mod:`hubflow.consolidate.arc_mip`) with every
vehicle count ``y`` fixed by its bounds to a given design and ``z = [y > 0]``: what is left is a
multicommodity flow LP whose row duals say what one more unit of each resource limit saves while
the vehicles stay as they are (design changes are outside it: finite differences see those).
Flow on a vehicle arc without vehicles is 0 anyway, so those columns are left out, and so are
the strong linking rows, which fixed vehicles make redundant: the same LP, a fraction of its
size (the example: 35,000 columns and rows instead of 56,000 and 44,000).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import highspy
import numpy as np

from hubflow.consolidate.arc_mip import _build, _Layout
from hubflow.consolidate.highs import new_highs
from hubflow.consolidate.problem import DesignProblem, FloatArray, IntArray
from hubflow.deadline import Deadline
from hubflow.highs_run import run as run_highs

__all__ = ["ResourceDuals", "resource_duals"]


@dataclass(frozen=True, slots=True)
class ResourceDuals:
    """``marginal[i]``: change of the LP objective per unit more of resource i's limit (<= 0);
    ``activity[i]``: the resource's use in the LP solution; ``objective`` the LP's optimum."""

    objective: float
    marginal: FloatArray
    activity: FloatArray
    status: str


def resource_duals(
    problem: DesignProblem, vehicles: IntArray, *, deadline: Deadline | float = 60.0
) -> ResourceDuals:
    """Solve the flow LP with ``vehicles`` per arc fixed and read the resource rows' duals."""
    n_res = len(problem.resources)
    if not problem.demands or not n_res:
        return ResourceDuals(0.0, np.zeros(n_res), np.zeros(n_res), "EMPTY")
    problem = _open_arcs_only(problem, vehicles)
    lay = _Layout(problem)
    model = _build(problem, lay, strong=False)
    y = np.minimum(vehicles[lay.design_arcs], problem.max_vehicles[lay.design_arcs]).astype(float)
    model.col_lower[lay.y_col[lay.design_arcs]] = y
    model.col_upper[lay.y_col[lay.design_arcs]] = y
    opened = (vehicles[lay.open_arcs] > 0).astype(float)
    model.col_lower[lay.z_col[lay.open_arcs]] = opened
    model.col_upper[lay.z_col[lay.open_arcs]] = opened
    model.integer[:] = False
    h = new_highs(Deadline.of(deadline), 0.0, 0)
    h.passModel(model.to_highs_lp())
    run_highs(h)
    status = h.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        nan = np.full(n_res, np.nan)
        return ResourceDuals(np.nan, nan, nan, h.modelStatusToString(status))
    sol = h.getSolution()
    rows = slice(len(model.row_lower) - n_res, None)  # resource rows come last
    return ResourceDuals(
        objective=float(h.getInfo().objective_function_value),
        marginal=np.minimum(np.asarray(sol.row_dual)[rows], 0.0),
        activity=np.asarray(sol.row_value)[rows],
        status="OPTIMAL",
    )


def _open_arcs_only(problem: DesignProblem, vehicles: IntArray) -> DesignProblem:
    """``problem`` with each demand kept to the arcs that can carry flow with ``vehicles``:
    flow arcs, and vehicle arcs that have vehicles."""
    closed = (problem.max_vehicles > 0) & (vehicles <= 0)
    demands = tuple(dataclasses.replace(d, arcs=d.arcs[~closed[d.arcs]]) for d in problem.demands)
    return dataclasses.replace(problem, demands=demands)
