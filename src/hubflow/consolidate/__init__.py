"""Fixed-charge capacitated multicommodity network design on a generic DesignProblem.

``consolidate`` never imports the freight model: the network module translates a scenario into
a DesignProblem and reads the DesignResult back. Solvers sit behind :class:`DesignSolver` and
are looked up by method name with :func:`get_solver` (``mip``: the arc MIP on HiGHS).
"""

from hubflow.consolidate.arc_mip import ArcMipSolver
from hubflow.consolidate.problem import (
    Demand,
    DesignProblem,
    DesignResult,
    Resource,
    Status,
    VehicleBalance,
    VehicleLimit,
)
from hubflow.consolidate.solvers import (
    DesignSolver,
    SolverSettings,
    available_solvers,
    get_solver,
    register_solver,
)

__all__ = [
    "ArcMipSolver",
    "Demand",
    "DesignProblem",
    "DesignResult",
    "DesignSolver",
    "Resource",
    "SolverSettings",
    "Status",
    "VehicleBalance",
    "VehicleLimit",
    "available_solvers",
    "get_solver",
    "register_solver",
]
