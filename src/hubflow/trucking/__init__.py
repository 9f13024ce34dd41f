"""Own-fleet trucking for a plan: its local road legs become routing problems for ``dispatch``.

The adapter between the planner's words (scenario, plan, truck groups) and the pure routing
engine :mod:`hubflow.dispatch`; the engine knows nothing of freight.
"""

from hubflow.trucking.dispatch import dispatch_plan as dispatch_plan

__all__ = ["dispatch_plan"]
