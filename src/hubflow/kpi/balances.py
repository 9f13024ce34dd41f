"""Vehicles that must come back (``balances.csv``): boxes out, back loaded and back empty, the
empty running and what repositioning costs.

Empty running is the unladen share of each vehicle-km on a balance's return services: a box
back full runs none, a box back empty its whole km, a box back half full half of it. Its CO2e
is counted (as GLEC counts empty running) at the balance's kg CO2e per empty vehicle-km.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hubflow.distances import service_distance_km
from hubflow.emissions import empty_co2e_kg_per_km
from hubflow.model import Balance, DepartureRun, Plan, Scenario


@dataclass(frozen=True, slots=True)
class EmptyRun:
    """One return departure's vehicles: those its load fills, and its empty vehicle-km."""

    run: DepartureRun
    loaded: int
    empty_km: float
    co2e_kg: float


def empty_runs(scenario: Scenario, plan: Plan) -> dict[str, list[EmptyRun]]:
    """Per balance, its return departures with their loaded vehicles and empty running."""
    kg_per_km = empty_co2e_kg_per_km(scenario)
    services = {s.id: s for s in scenario.services}
    out: dict[str, list[EmptyRun]] = {b.id: [] for b in scenario.balances}
    for b in scenario.balances:
        for run in plan.departures:
            if run.service in b.returns:
                svc = services[run.service]
                cap = svc.capacity_t
                loaded = min(run.vehicles, math.ceil(run.load_t / cap - 1e-7))
                km = service_distance_km(scenario, svc) * (run.vehicles - run.load_t / cap)
                out[b.id].append(EmptyRun(run, loaded, km, km * kg_per_km[svc.id]))
    return out


def balance_figures(scenario: Scenario, plan: Plan) -> dict[str, dict[str, float]]:
    """Per balance: vehicles out, back loaded, back empty, slack, empty vehicle-km, empty CO2e
    (t) and the cost of repositioning (empty vehicles' fixed cost, departures run empty only,
    the carbon price of the empty running)."""
    runs = empty_runs(scenario, plan)
    return {b.id: _figures(scenario, plan, b, runs[b.id]) for b in scenario.balances}


def _figures(scenario: Scenario, plan: Plan, b: Balance, back: list[EmptyRun]) -> dict[str, float]:
    services = {s.id: s for s in scenario.services}
    out = sum(r.vehicles for r in plan.departures if r.service in b.outbound)
    empty = sum(e.run.vehicles - e.loaded for e in back)
    co2e_t = sum(e.co2e_kg for e in back) / 1000
    cost = sum(
        services[e.run.service].fixed_cost * (e.run.vehicles - e.loaded)
        + (services[e.run.service].departure_cost if e.loaded == 0 else 0.0)
        for e in back
    )
    return {
        "vehicles_out": float(out),
        "vehicles_back_loaded": float(sum(e.loaded for e in back)),
        "vehicles_back_empty": float(empty),
        "slack": float(b.slack),
        "empty_vehicle_km": sum(e.empty_km for e in back),
        "empty_co2e_t": co2e_t,
        "repositioning_cost": cost + scenario.parameters.carbon_price * co2e_t,
    }
