"""``plan.json``'s ``land`` block: per site with a yard limit, the figures of its land."""

from __future__ import annotations

from typing import Any

from hubflow.kpi.indicators import Kpis
from hubflow.model import Scenario

__all__ = ["DUAL_METHOD", "land_block"]

DUAL_METHOD = (
    "estimate: LP duals of the yard limits with the plan's vehicles fixed, summed over the "
    "horizon, per week; not checked (hubflow land re-plans for the finite difference)"
)


def land_block(scenario: Scenario, kpis: Kpis) -> dict[str, Any] | None:
    """Area, peak, hours full (a checked figure), the dual value of one more m² per week (an
    estimate, ``null`` when there is none) and the land price, per site with a yard limit;
    None when no site has one."""
    yards = [s for s in scenario.sites if s.yard_m2 is not None]
    if not yards:
        return None
    return {
        "currency": kpis.currency,
        "dual_method": DUAL_METHOD,
        "hubs": [
            {
                "hub": s.id,
                "yard_m2": s.yard_m2,
                "peak_m2": max(kpis.yard_series_m2.get(s.id, []), default=0.0),
                "binding_hours": kpis.yard_binding_hours.get(s.id, 0.0),
                "dual_per_m2_week": kpis.land_dual_per_m2_week.get(s.id),
                "land_cost_per_m2_week": (
                    None if s.land_cost_per_m2_year is None else s.land_cost_per_m2_year * 7 / 365
                ),
            }
            for s in yards
        ],
    }
