"""hubflow: planning system for regional multimodal freight.

The public surface, in the order of the data flow::

    scenario = load_scenario("my-scenario/")            # or hubflow.example.EXAMPLE_DIR
    outcome = plan_scenario(scenario, PlanOptions(time_limit=30))
    outcome.plan, outcome.kpis, outcome.violations     # violations == () when the plan checks
    check_plan(scenario, plan, claimed_kpis)            # the independent checker on its own
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the public names, imported on first use so that engines load alone
    from hubflow.check import check_plan
    from hubflow.deadline import Deadline, ProgressEvent
    from hubflow.errors import HubflowError, ScenarioError
    from hubflow.io import load_scenario
    from hubflow.model import Plan, PlanStatus, Scenario
    from hubflow.planning import PlanOptions, PlanOutcome, plan_scenario

_PUBLIC = {
    "check_plan": "hubflow.check",
    "Deadline": "hubflow.deadline",
    "ProgressEvent": "hubflow.deadline",
    "HubflowError": "hubflow.errors",
    "ScenarioError": "hubflow.errors",
    "load_scenario": "hubflow.io",
    "Plan": "hubflow.model",
    "PlanStatus": "hubflow.model",
    "Scenario": "hubflow.model",
    "PlanOptions": "hubflow.planning",
    "PlanOutcome": "hubflow.planning",
    "plan_scenario": "hubflow.planning",
}


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'hubflow' has no attribute {name!r}")


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
