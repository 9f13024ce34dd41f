"""A stored plan back as objects: the scenario as planned (its overrides applied), the plan
and its KPIs, for the compare endpoint, the downloads and the dashboard's drawings."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from hubflow.io import apply_overrides, scenario_from_dict
from hubflow.kpi import Kpis, compute_kpis
from hubflow.model import Plan, Scenario
from hubflow.store.tables import PlanRow, ScenarioRow


@dataclass(frozen=True, slots=True)
class Planned:
    scenario: Scenario
    plan: Plan
    kpis: Kpis


def planned(plan_row: PlanRow, scenario_row: ScenarioRow) -> Planned:
    """Rebuild the objects of a stored plan; KPIs are recomputed when the stored ones are not
    a whole ``Kpis`` (plans stored by the CLI keep the summary only)."""
    plan = Plan.from_dict(plan_row.content)
    overrides = tuple(plan.options.get("overrides", ()))
    scenario = apply_overrides(
        scenario_from_dict(scenario_row.content), overrides, source="options.overrides"
    )
    names = {f.name for f in fields(Kpis)}
    stored: dict[str, Any] = plan_row.kpis
    if names <= set(stored):
        kpis = Kpis(**{k: stored[k] for k in names})
    else:
        kpis = compute_kpis(scenario, plan)
    return Planned(scenario, plan, kpis)


def carbon_price(plan_document: dict[str, Any]) -> float | None:
    """The carbon price the plan's options set (``None``: the scenario's own)."""
    for item in plan_document.get("options", {}).get("overrides", []):
        key, _, value = str(item).partition("=")
        if key.strip() == "carbon_price":
            try:
                return float(value)
            except ValueError:
                return None
    return None
