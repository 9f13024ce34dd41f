"""Every figure a plan states, recomputed from the scenario and the plan's decisions alone.

``recompute`` is one table keyed like the KPI dictionary (``plan.json["kpis"]``); nested dicts
and lists are compared entry by entry. A figure the KPI module rounds carries its decimals.
Run-time figures (``solve_seconds``) are not claims about the plan and are not checked; nor
are the estimates a solver derives, which the plan states as such: ``land_dual_per_m2_week``
(the LP duals of the yard limits with the plan's vehicles fixed) is what one more m² of yard
would save, not a fact of the plan. The hours each yard is full (``yard_binding_hours``) are
a fact, recomputed here from the occupancy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from hubflow.check.balances import balance_claims
from hubflow.check.facts import Facts, late_minutes, pool_use, pool_vehicles
from hubflow.emissions import intensity_g_per_tkm
from hubflow.model import Itinerary, Order

# the eight cost items at tariffs, stated here on purpose rather than taken from the KPI module
COST_ITEMS = (
    "departure",
    "vehicle_fixed",
    "per_tonne",
    "per_tonne_km",
    "handling",
    "storage",
    "lateness",
    "carbon",
)
NEW_KEYS = frozenset(
    {
        "partly_delivered_orders",
        "pool_peak_t",
        "pool_peak_vehicles",
        "yard_binding_hours",
        "empty_vehicle_km",
        "empty_co2e_t",
        "balances",
    }
)  # skipped while plans do not state them yet
FULL_SHARE = 0.999  # a yard is full within 0.1 % of its area (as docs/whatif.md defines it)
NO_PLAN = frozenset({"NO_SOLUTION_IN_TIME", "INFEASIBLE", "SOLVER_FAILED"})


@dataclass(frozen=True, slots=True)
class Figure:
    """A recomputed value (number, dict of numbers or list of numbers) and its rounding."""

    value: Any  # unrounded: a claim rounded to ``decimals`` must be within half a unit of it
    decimals: int | None = None


def check_claims(
    facts: Facts, series: dict[str, list[float]], claimed: Mapping[str, Any] | None
) -> list[str]:
    """The plan's objective, bound and status, and every claimed KPI, against recomputation."""
    plan = facts.plan
    table = recompute(facts, series)
    objective = table["objective"].value
    out = [f"plan.objective{v}" for v in _compare(plan.objective, Figure(objective))]
    bound = plan.lower_bound
    if (
        objective is not None
        and bound is not None
        and bound > objective + 1e-6 * max(1.0, abs(objective))
    ):
        out.append(f"lower bound {plan.lower_bound:.2f} exceeds the plan's cost {objective:.2f}")
    if plan.status in NO_PLAN and (plan.itineraries or plan.departures):
        out.append(f"the plan has itineraries but its status is {plan.status}")
    if claimed is None:
        return out
    for key, figure in table.items():
        if key not in claimed:
            if key not in NEW_KEYS:
                out.append(f"the plan does not state {key}")
            continue
        out += [f"{key}{v}" for v in _compare(claimed[key], figure)]
    return out


def _compare(got: Any, figure: Figure, path: str = "") -> Iterable[str]:
    """'': claim and figure agree; else what differs, prefixed by the sub-key path."""
    want = figure.value
    if isinstance(want, dict):
        got = got if isinstance(got, Mapping) else {}
        for k in sorted(set(want) | set(got)):
            if k not in got and want[k]:
                yield f"{path}.{k}: the plan does not state it"
            else:
                yield from _compare(
                    got.get(k, 0.0), Figure(want.get(k, 0.0), figure.decimals), f"{path}.{k}"
                )
    elif isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            stated = len(got) if isinstance(got, list) else "no"
            yield f"{path}: the plan states {stated} values, recomputed {len(want)}"
            return
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            if not _close(g, w, figure.decimals):
                yield f"{path}[{i}]: the plan claims {g}, recomputed {_shown(w)}"
                return
    elif isinstance(want, str):
        if got != want:
            yield f"{path}: the plan claims {got!r}, recomputed {want!r}"
    elif not _close(got, want, figure.decimals):
        yield f"{path}: the plan claims {got}, recomputed {_shown(want)}"


def _shown(value: float | None) -> str:
    if value is None:
        return "none"
    return str(value) if isinstance(value, int) else f"{value:.4f}"


def _close(got: Any, want: float | None, decimals: int | None) -> bool:
    if want is None or got is None:
        return want is None and got is None  # "none": no solution, no bound
    try:
        got = float(got)
    except (TypeError, ValueError):
        return False
    if decimals is not None:
        return abs(got - want) <= 0.5 * 10.0**-decimals + 1e-9 * max(1.0, abs(want))
    return abs(got - want) <= 1e-6 * max(1.0, abs(want)) + 1e-3


def recompute(facts: Facts, series: dict[str, list[float]]) -> dict[str, Figure]:
    """The KPI table recomputed: key as in the KPI dictionary, value and rounding."""
    table = (
        _orders(facts)
        | _money_and_emissions(facts, series)
        | _vehicles(facts)
        | _yards(facts, series)
        | {"pool_peak_t": Figure(pool_use(facts))}
        | {"pool_peak_vehicles": Figure(pool_vehicles(facts))}
    )
    return table | _trucks(facts, table["total_cost"].value)


def _itineraries(facts: Facts) -> Iterable[tuple[Order, Itinerary]]:
    for it in facts.plan.itineraries:
        order = facts.orders.get(it.order)
        if order is not None:
            yield order, it


def _orders(facts: Facts) -> dict[str, Figure]:
    n = len(facts.scenario.orders)
    served = {o.id: it for o, it in _itineraries(facts)}
    short = {oid for oid, t in facts.unserved_t.items() if t >= 1e-6}  # below 1 g: rounding
    whole = [(facts.orders[oid], it) for oid, it in served.items() if oid not in short]
    on_time = sum(1 for order, it in whole if late_minutes(order, it) == 0)
    arrived = sum(
        leg.tonnes
        for o, it in _itineraries(facts)
        for leg in it.legs
        if leg.destination == o.destination
    )
    return {
        "orders": Figure(n, 0),
        "delivered_orders": Figure(len(whole), 0),
        "partly_delivered_orders": Figure(len(served.keys() & short), 0),
        "unserved_orders": Figure(n - len(served), 0),
        "on_time_orders": Figure(on_time, 0),
        "on_time_pct": Figure(100.0 * on_time / n if n else 100.0, 2),
        "tonnes": Figure(sum(o.tonnes for o in facts.scenario.orders)),
        "tonnes_delivered": Figure(arrived),
    }


def _money_and_emissions(facts: Facts, series: dict[str, list[float]]) -> dict[str, Figure]:
    """The cost items at tariffs, tonne-km and CO2e by mode, objective, bound and gap."""
    scn, p, services, km = facts.scenario, facts.scenario.parameters, facts.services, facts.km
    cost = dict.fromkeys(COST_ITEMS, 0.0)
    tkm: dict[str, float] = defaultdict(float)
    co2e_kg: dict[str, float] = defaultdict(float)
    for order, it in _itineraries(facts):
        for leg in it.legs:
            svc = services.get(leg.service)
            if svc is None:
                continue
            cost["per_tonne"] += svc.cost_per_t * leg.tonnes
            cost["per_tonne_km"] += svc.cost_per_tkm * km[svc.id] * leg.tonnes
            tkm[svc.mode] += leg.tonnes * km[svc.id]
            co2e_kg[svc.mode] += leg.tonnes * km[svc.id] * intensity_g_per_tkm(svc) / 1000
            if leg.origin != order.origin:
                hub = scn.site(leg.origin)
                cost["handling"] += hub.handling_cost_per_t * leg.tonnes
                co2e_kg["handling"] += hub.handling_co2e_kg_per_t * leg.tonnes
            _, _, border_cost, border_kg = facts.border(svc)
            cost["handling"] += border_cost * leg.tonnes
            co2e_kg["handling"] += border_kg * leg.tonnes
            if leg.destination == order.destination:
                late_h = max(0, leg.arrival - order.due) / 60
                cost["lateness"] += p.lateness_cost_per_t_hour * late_h * leg.tonnes
    for run in facts.plan.departures:
        svc = services.get(run.service)
        if svc is not None:
            cost["departure"] += svc.departure_cost
            cost["vehicle_fixed"] += svc.fixed_cost * run.vehicles
    balances, empty_kg = balance_claims(facts)
    for mode, kg in empty_kg.items():
        co2e_kg[mode] += kg
    step_days = facts.step / 1440
    cost["storage"] = sum(
        scn.site(site).storage_cost_per_m2_day * sum(values) * step_days
        for site, values in series.items()
    )
    co2e_t = sum(co2e_kg.values()) / 1000
    cost["carbon"] = p.carbon_price * co2e_t
    total = sum(cost.values())
    unserved_t = sum(facts.unserved_t.values())
    penalty = p.unserved_cost_per_t * unserved_t
    objective = None if str(facts.plan.status) in NO_PLAN else total + penalty
    bound = facts.plan.lower_bound
    gap = None
    if objective is not None and bound is not None:
        gap = 100 * (objective - bound) / objective if objective > 0 else 0.0
    return {
        "cost": Figure(cost),
        "total_cost": Figure(total),
        "unserved_penalty": Figure(penalty),
        "unserved_tonnes": Figure(unserved_t),
        "objective": Figure(objective),
        "lower_bound": Figure(facts.plan.lower_bound),
        "gap_pct": Figure(gap, 4),
        "tonne_km": Figure(sum(tkm.values())),
        "co2e_t": Figure(co2e_t),
        "tonne_km_by_mode": Figure(dict(tkm)),
        "co2e_t_by_mode": Figure({m: kg / 1000 for m, kg in co2e_kg.items()}),
        "empty_vehicle_km": Figure(sum(b["empty_vehicle_km"] for b in balances.values())),
        "empty_co2e_t": Figure(sum(kg for kg in empty_kg.values()) / 1000),
        "balances": Figure(balances),
        "currency": Figure(p.currency),
        "status": Figure(facts.plan.status),
    }


def _vehicles(facts: Facts) -> dict[str, Figure]:
    """Vehicles run per mode; load factors (tonnes carried over capacity run) per service and mode."""
    services = facts.services
    carried: dict[str, float] = defaultdict(float)
    for _, it in _itineraries(facts):
        for leg in it.legs:
            carried[leg.service] += leg.tonnes
    vehicles: dict[str, int] = defaultdict(int)
    capacity: dict[str, float] = defaultdict(float)
    for run in facts.plan.departures:
        svc = services.get(run.service)
        if svc is not None:
            vehicles[svc.mode] += run.vehicles
            capacity[svc.id] += run.vehicles * svc.capacity_t
    by_mode: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for sid, cap in capacity.items():
        by_mode[services[sid].mode][0] += carried[sid]
        by_mode[services[sid].mode][1] += cap
    return {
        "vehicles_by_mode": Figure(dict(vehicles), 0),
        "load_factor_by_service": Figure(
            {s: carried[s] / cap for s, cap in capacity.items() if cap > 0}
        ),
        "load_factor_by_mode": Figure({m: t / cap for m, (t, cap) in by_mode.items() if cap > 0}),
    }


def _yards(facts: Facts, series: dict[str, list[float]]) -> dict[str, Figure]:
    """Yard series per watched site; peak and average per hub; peak of the sum over sites."""
    hubs = [s.id for s in facts.scenario.sites if s.hub]
    n = max(map(len, series.values()), default=0)
    totals = [sum(values[b] for values in series.values()) for b in range(n)]
    return {
        "yard_series_m2": Figure(series),
        "peak_yard_m2": Figure(max(totals, default=0.0)),
        "yard_peak_m2": Figure({h: max(series.get(h) or [0.0]) for h in hubs}),
        "yard_avg_m2": Figure(
            {h: sum(series.get(h, [])) / max(1, len(series.get(h, []))) for h in hubs}
        ),
        "yard_binding_hours": Figure(_hours_full(facts, series)),
    }


def _hours_full(facts: Facts, series: dict[str, list[float]]) -> dict[str, float]:
    """Per site with a yard limit: hours whose occupancy reaches the limit (to 0.1 %)."""
    hours = facts.step / 60
    out = {}
    for site in facts.scenario.sites:
        if site.yard_m2 is None:
            continue
        full = [a for a in series.get(site.id, []) if a > 0 and a >= site.yard_m2 * FULL_SHARE]
        out[site.id] = hours * len(full)
    return out


def _trucks(facts: Facts, total: float) -> dict[str, Figure]:
    """Own-fleet figures from the routes (each re-driven by the route check) and carrier loads."""
    plan, km = facts.plan, facts.km
    tariff = {s.id: s.cost_per_t + s.cost_per_tkm * km[s.id] for s in facts.services.values()}
    replaced = sum(
        tariff.get(x.service, 0.0) * x.tonnes
        for r in plan.routes
        for x in r.stops
        if x.action != "reload"
    )
    own = sum(r.cost for r in plan.routes)
    return {
        "truck_routes": Figure(len(plan.routes), 0),
        "truck_km": Figure(sum(r.distance_km for r in plan.routes)),
        "own_fleet_cost": Figure(own),
        "carrier_cost_replaced": Figure(replaced),
        "fleet_saving": Figure(replaced - own),
        "total_cost_with_fleet": Figure(total - (replaced - own)),
        "carrier_loads": Figure(len(plan.unrouted), 0),
    }
