"""The planning layer: the one entry point that the CLI, API jobs and sweep workers call.

``plan_scenario(scenario, PlanOptions(...), deadline=..., progress=...)`` returns a
:class:`PlanOutcome` (plan, KPIs, the checker's violations).
"""

from hubflow.planning.options import PlanOptions
from hubflow.planning.run import PlanOutcome, finish_margin, make_plan, plan_scenario

__all__ = [
    "PlanOptions",
    "PlanOutcome",
    "finish_margin",
    "make_plan",
    "plan_scenario",
]
