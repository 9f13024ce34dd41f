"""Fixed-charge capacitated multicommodity network design on a generic DesignProblem.

``consolidate`` never imports the freight model: the network module translates a scenario into
a DesignProblem and reads the DesignResult back.
"""

from hubflow.consolidate.arc_mip import ArcMipSolver
from hubflow.consolidate.problem import Demand, DesignProblem, DesignResult, Resource, Status

__all__ = ["ArcMipSolver", "Demand", "DesignProblem", "DesignResult", "Resource", "Status"]
