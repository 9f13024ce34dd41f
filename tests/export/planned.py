"""A small solved case (two orders consolidated onto one train) to write as plan folders."""

from __future__ import annotations

from functools import cache

from hubflow.kpi import Kpis, compute_kpis
from hubflow.model import Plan, Scenario
from hubflow.planning import make_plan
from tests import cases


@cache
def consolidation() -> tuple[Scenario, Plan, Kpis]:
    """Scenario, plan and KPIs of ``cases.consolidation()``, solved once per test process."""
    scenario = cases.consolidation()
    plan = make_plan(scenario, time_limit=20)
    return scenario, plan, compute_kpis(scenario, plan)
