"""Yard occupancy over time, sampled at the planning grid.

Goods occupy a site's yard from the first grid time at or after a leg's arrival, or after their
release at their origin, until the start of the time step of the departure that takes them away
(of its export clearance when the leg crosses a border: goods under clearance are not in the
yard). Series cover the planning horizon (longer only if a leg arrives after it).
"""

from __future__ import annotations

from collections import defaultdict

from hubflow.model import Plan, Scenario
from hubflow.model.handling import clearance

FULL = 0.999  # a yard counts as full when its occupancy is within 0.1 % of its area


def yard_occupancy(scenario: Scenario, plan: Plan) -> dict[str, list[float]]:
    """m² occupied per watched site (hubs, yard limits, storage costs) at grid times 0, step, ..."""
    step = scenario.parameters.time_step_minutes
    orders = {o.id: o for o in scenario.orders}
    services = {s.id: s for s in scenario.services}
    watched = {
        s.id
        for s in scenario.sites
        if s.hub or s.yard_m2 is not None or s.storage_cost_per_m2_day > 0
    }
    delta: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    last = -(-round(scenario.parameters.horizon_days * 1440) // step) - 1  # the horizon at least
    for it in plan.itineraries:
        order = orders[it.order]
        m2 = scenario.commodity(order.commodity).m2_per_t
        if order.origin in watched:
            delta[order.origin][-(-order.release // step)] += m2 * it.tonnes
        for leg in it.legs:
            if leg.origin in watched:
                export = clearance(scenario, services[leg.service]).outbound_minutes
                delta[leg.origin][(leg.departure - export) // step] -= m2 * leg.tonnes
            if leg.destination in watched and leg.destination != order.destination:
                delta[leg.destination][-(-leg.arrival // step)] += m2 * leg.tonnes
            last = max(last, -(-leg.arrival // step))
    series: dict[str, list[float]] = {}
    for site in sorted(watched):
        level, values = 0.0, []
        changes = delta.get(site, {})
        for b in range(last + 1):
            level += changes.get(b, 0.0)
            values.append(max(0.0, level) if abs(level) > 1e-9 else 0.0)
        series[site] = values
    return series


def binding_hours(scenario: Scenario, series: dict[str, list[float]]) -> dict[str, float]:
    """Hours each yard with a limit is full (occupancy within 0.1 % of its area) in a plan's
    occupancy ``series``: the hours in which its limit binds."""
    step_h = scenario.parameters.time_step_minutes / 60
    return {
        s.id: step_h * sum(v >= s.yard_m2 * FULL and v > 0 for v in series.get(s.id, []))
        for s in scenario.sites
        if s.yard_m2 is not None
    }
