"""Vehicles that must come back: each balance recomputed from the listed departures and the
legs' loads, empty runs checked against the timetables, and the figures a plan states.

Its own arithmetic (nothing from the KPI module): the unladen share of each vehicle-km on a
balance's return services is empty running, at the balance's kg CO2e per empty vehicle-km or
the mode's ``EMPTY_SHARE`` of the vehicle's full CO2e (intensity × capacity).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from hubflow.check.facts import TOL_T, Facts
from hubflow.emissions import EMPTY_SHARE, intensity_g_per_tkm
from hubflow.model import Balance


def returning(facts: Facts) -> set[str]:
    """The return services of every balance (their departures may run empty)."""
    return {sid for b in facts.scenario.balances for sid in b.returns}


def check_balances(facts: Facts) -> Iterable[str]:
    """No balance sends out more vehicles than come back plus its slack; every empty run is
    a return service's, on its timetable, within its vehicles."""
    load = leg_loads(facts)
    for run in facts.plan.departures:
        svc = facts.services.get(run.service)
        if svc is None or load.get((run.service, run.departure), 0.0) > TOL_T:
            continue
        at = f"{run.service} at {run.departure}"
        if not facts.departs(svc, run.departure):
            yield f"{at}: runs empty but the service has no departure then"
        if run.vehicles > svc.max_vehicles:
            yield f"{at}: {run.vehicles} vehicles > {svc.max_vehicles} allowed"
        if abs(run.capacity_t - run.vehicles * svc.capacity_t) > TOL_T:
            yield f"{at}: capacity_t is not vehicles × capacity per vehicle"
        if (run.mode, run.origin, run.destination) != (svc.mode, svc.origin, svc.destination):
            yield f"{at}: listed mode or route differs from the service's"
    for b in facts.scenario.balances:
        out, back = _count(facts, b.outbound), _count(facts, b.returns)
        if out > back + b.slack:
            yield (
                f"balance {b.id}: {out} vehicles out but {back} back (slack {b.slack}): "
                f"{out - back - b.slack} must still come back"
            )


def leg_loads(facts: Facts) -> dict[tuple[str, int], float]:
    """Tonnes the legs put on each (service, departure)."""
    load: dict[tuple[str, int], float] = defaultdict(float)
    for it in facts.plan.itineraries:
        for leg in it.legs:
            load[leg.service, leg.departure] += leg.tonnes
    return dict(load)


def _count(facts: Facts, services: tuple[str, ...]) -> int:
    return sum(r.vehicles for r in facts.plan.departures if r.service in services)


def balance_claims(facts: Facts) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Per balance its figures (as the KPIs name them), and the empty CO2e (kg) per mode."""
    load = leg_loads(facts)
    per_mode: dict[str, float] = defaultdict(float)
    table = {}
    for b in facts.scenario.balances:
        table[b.id] = _balance(facts, b, load, per_mode)
    return table, dict(per_mode)


def _balance(
    facts: Facts, b: Balance, load: dict[tuple[str, int], float], per_mode: dict[str, float]
) -> dict[str, float]:
    loaded = empty = 0
    km = kg = cost = 0.0
    for run in facts.plan.departures:
        svc = facts.services.get(run.service)
        if svc is None or run.service not in b.returns:
            continue
        tonnes = load.get((run.service, run.departure), 0.0)
        full = min(run.vehicles, math.ceil(tonnes / svc.capacity_t - 1e-7))
        loaded, empty = loaded + full, empty + run.vehicles - full
        run_km = facts.km[svc.id] * (run.vehicles - tonnes / svc.capacity_t)
        per_km = b.empty_co2e_kg_per_km
        if per_km is None:
            per_km = EMPTY_SHARE[svc.mode] * intensity_g_per_tkm(svc) * svc.capacity_t / 1000
        km, kg = km + run_km, kg + run_km * per_km
        per_mode[svc.mode] += run_km * per_km
        cost += svc.fixed_cost * (run.vehicles - full) + (svc.departure_cost if not full else 0)
    price = facts.scenario.parameters.carbon_price
    return {
        "vehicles_out": float(_count(facts, b.outbound)),
        "vehicles_back_loaded": float(loaded),
        "vehicles_back_empty": float(empty),
        "slack": float(b.slack),
        "empty_vehicle_km": km,
        "empty_co2e_t": kg / 1000,
        "repositioning_cost": cost + price * kg / 1000,
    }
