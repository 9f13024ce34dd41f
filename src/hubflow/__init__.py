"""hubflow: planning system for regional multimodal freight.

The public surface, in the order of the data flow::

    scenario = load_scenario("my-scenario/")            # or hubflow.example.EXAMPLE_DIR
    outcome = plan_scenario(scenario, PlanOptions(time_limit=30))
    outcome.plan, outcome.kpis, outcome.violations     # violations == () when the plan checks
    check_plan(scenario, plan, claimed_kpis)            # the independent checker on its own
"""

from __future__ import annotations

import logging

from hubflow.check import check_plan
from hubflow.deadline import Deadline, ProgressEvent
from hubflow.errors import HubflowError, ScenarioError
from hubflow.io import load_scenario
from hubflow.model import Plan, PlanStatus, Scenario
from hubflow.planning import PlanOptions, PlanOutcome, plan_scenario

__version__ = "0.1.0"

__all__ = [
    "Deadline",
    "HubflowError",
    "Plan",
    "PlanOptions",
    "PlanOutcome",
    "PlanStatus",
    "ProgressEvent",
    "Scenario",
    "ScenarioError",
    "check_plan",
    "load_scenario",
    "plan_scenario",
]

logging.getLogger("hubflow").addHandler(logging.NullHandler())
