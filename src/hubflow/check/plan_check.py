"""Check a plan: delivery, flow over time, timetables, capacities, yards, costs and CO2e."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from hubflow.check.routes_check import check_routes_of_plan
from hubflow.distances import service_distance_km
from hubflow.emissions import intensity_g_per_tkm
from hubflow.model import Itinerary, Leg, Plan, Scenario, Service
from hubflow.network.grid import horizon_minutes

TOL_T = 1e-4  # tonnes


def check_plan(
    scenario: Scenario, plan: Plan, claimed: Mapping[str, Any] | None = None
) -> list[str]:
    """All violations found; an empty list means the plan is valid and its claims are true.

    ``claimed`` is the KPI dictionary a plan was published with (``plan.json["kpis"]``); its
    costs, tonne-km and CO2e are compared with the recomputed values.
    """
    out: list[str] = []
    out += _delivery(scenario, plan)
    services = {s.id: s for s in scenario.services}
    for it in plan.itineraries:
        out += _legs_match_services(scenario, services, it)
        out += _flow_over_time(scenario, it)
    out += _departures(services, plan)
    out += _yards(scenario, plan)
    out += check_routes_of_plan(scenario, plan)
    if claimed is not None:
        out += _claims(scenario, services, plan, claimed)
    return out


def _delivery(scenario: Scenario, plan: Plan) -> Iterable[str]:
    orders = {o.id: o for o in scenario.orders}
    seen: set[str] = set()
    for it in plan.itineraries:
        if it.order not in orders:
            yield f"itinerary for unknown order {it.order}"
            continue
        if it.order in seen:
            yield f"order {it.order} has more than one itinerary"
        seen.add(it.order)
    delivered: dict[str, float] = defaultdict(float)
    for it in plan.itineraries:
        if it.order in orders:
            dest = orders[it.order].destination
            delivered[it.order] += sum(leg.tonnes for leg in it.legs if leg.destination == dest)
    unserved: dict[str, float] = defaultdict(float)
    for u in plan.unserved:
        unserved[u.order] += u.tonnes
        if u.order not in orders:
            yield f"unserved entry for unknown order {u.order}"
    for o in scenario.orders:
        total = delivered[o.id] + unserved[o.id]
        if abs(total - o.tonnes) > TOL_T * max(1.0, o.tonnes):
            yield (
                f"order {o.id}: {delivered[o.id]:.4f} t delivered + {unserved[o.id]:.4f} t "
                f"unserved != {o.tonnes:.4f} t ordered"
            )


def _legs_match_services(
    scenario: Scenario, services: dict[str, Service], it: Itinerary
) -> Iterable[str]:
    step = scenario.parameters.time_step_minutes
    horizon = horizon_minutes(scenario)
    weekday = scenario.parameters.start.weekday()
    for leg in it.legs:
        svc = services.get(leg.service)
        if svc is None:
            yield f"order {it.order}: leg on unknown service {leg.service}"
            continue
        if (leg.origin, leg.destination, leg.mode) != (svc.origin, svc.destination, svc.mode):
            yield f"order {it.order}: leg on {svc.id} does not match the service's route or mode"
        if leg.departure not in set(svc.timetable.departures(weekday, horizon, step)):
            yield f"order {it.order}: {svc.id} has no departure at minute {leg.departure}"
        earliest = leg.departure + svc.transit_minutes
        if not earliest <= leg.arrival < earliest + step:
            yield (
                f"order {it.order}: {svc.id} departing {leg.departure} arrives at {earliest}, "
                f"not {leg.arrival}"
            )
        if leg.tonnes <= 0:
            yield f"order {it.order}: leg on {svc.id} carries {leg.tonnes} t"


def _flow_over_time(scenario: Scenario, it: Itinerary) -> Iterable[str]:
    """Goods leave a site only after they arrived (plus handling), and only hubs transfer."""
    order = next(o for o in scenario.orders if o.id == it.order)
    allowed = scenario.parameters.allowed_lateness
    inflow: dict[str, list[tuple[int, float]]] = defaultdict(list)
    outflow: dict[str, list[tuple[int, float]]] = defaultdict(list)
    inflow[order.origin].append((order.release, it.tonnes))
    for leg in it.legs:
        to = scenario.site(leg.destination)
        ready = leg.arrival + (to.handling_minutes if leg.destination != order.destination else 0)
        inflow[leg.destination].append((ready, leg.tonnes))
        outflow[leg.origin].append((leg.departure, leg.tonnes))
        if leg.destination == order.destination and leg.arrival > order.due + allowed:
            yield (
                f"order {order.id}: {leg.tonnes:.2f} t arrive {(leg.arrival - order.due) / 60:.1f}"
                f" h after due (allowed {allowed / 60:.1f} h)"
            )
    if outflow.get(order.destination):
        yield f"order {order.id}: goods leave their destination {order.destination}"
    for site, outs in outflow.items():
        if site not in (order.origin,) and not scenario.site(site).hub:
            yield f"order {order.id}: transfer at {site}, which is not a hub"
        ins = sorted(inflow.get(site, []))
        for t, _ in sorted(outs):
            avail = sum(q for ti, q in ins if ti <= t)
            gone = sum(q for to, q in outs if to <= t)
            if gone > avail + TOL_T * max(1.0, it.tonnes):
                yield (
                    f"order {order.id}: {gone:.3f} t leave {site} by minute {t} but only "
                    f"{avail:.3f} t are there and handled"
                )
                break
    for site, ins in inflow.items():
        if site == order.destination:
            continue
        total_in = sum(q for _, q in ins)
        total_out = sum(q for _, q in outflow.get(site, []))
        if abs(total_in - total_out) > TOL_T * max(1.0, it.tonnes):
            yield f"order {order.id}: {total_in:.3f} t reach {site} but {total_out:.3f} t leave it"
    late = max(
        (leg.arrival - order.due for leg in it.legs if leg.destination == order.destination),
        default=0,
    )
    if max(0, late) != it.late_minutes:
        yield f"order {order.id}: claims {it.late_minutes} min late, legs say {max(0, late)}"


def _departures(services: dict[str, Service], plan: Plan) -> Iterable[str]:
    load: dict[tuple[str, int], float] = defaultdict(float)
    for it in plan.itineraries:
        for leg in it.legs:
            load[leg.service, leg.departure] += leg.tonnes
    runs = {(r.service, r.departure): r for r in plan.departures}
    if len(runs) != len(plan.departures):
        yield "a departure is listed twice"
    for key, tonnes in load.items():
        run = runs.get(key)
        if run is None:
            yield f"{key[0]} at minute {key[1]} carries {tonnes:.2f} t but is not listed as run"
            continue
        svc = services[key[0]]
        if abs(run.load_t - tonnes) > TOL_T * max(1.0, tonnes):
            yield f"{key[0]} at {key[1]}: listed load {run.load_t:.3f} t, legs carry {tonnes:.3f} t"
        if run.vehicles > svc.max_vehicles:
            yield f"{key[0]} at {key[1]}: {run.vehicles} vehicles > {svc.max_vehicles} allowed"
        if tonnes > run.vehicles * svc.capacity_t + TOL_T:
            yield (
                f"{key[0]} at {key[1]}: {tonnes:.2f} t exceed {run.vehicles} × {svc.capacity_t} t"
            )
        if abs(run.capacity_t - run.vehicles * svc.capacity_t) > TOL_T:
            yield f"{key[0]} at {key[1]}: capacity_t is not vehicles × capacity per vehicle"
    for key in runs.keys() - load.keys():
        yield f"{key[0]} at minute {key[1]} is listed as run but carries nothing"


def _site_m2_by_bucket(scenario: Scenario, plan: Plan) -> dict[str, dict[int, float]]:
    """m² per site and grid bucket: from arrival (or release at origin) to the departure's bucket."""
    step = scenario.parameters.time_step_minutes
    orders = {o.id: o for o in scenario.orders}
    m2: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for it in plan.itineraries:
        order = orders[it.order]
        per_t = scenario.commodity(order.commodity).m2_per_t
        stays: list[tuple[str, int, int, float]] = []
        arrivals: dict[str, list[tuple[int, float]]] = defaultdict(list)
        arrivals[order.origin].append((-(-order.release // step), it.tonnes))
        for leg in it.legs:
            if leg.destination != order.destination:
                arrivals[leg.destination].append((leg.arrival // step, leg.tonnes))
        for site, ins in arrivals.items():
            outs = sorted(
                (leg.departure // step, leg.tonnes) for leg in it.legs if leg.origin == site
            )
            stays += _match_fifo(site, sorted(ins), outs)
        for site, b0, b1, tonnes in stays:
            for b in range(b0, b1):
                m2[site][b] += per_t * tonnes
    return m2


def _match_fifo(
    site: str, ins: list[tuple[int, float]], outs: list[tuple[int, float]]
) -> list[tuple[str, int, int, float]]:
    """Pair arrivals with departures first-in first-out into (site, from, to, tonnes) stays."""
    stays: list[tuple[str, int, int, float]] = []
    left = [q for _, q in ins]
    i = 0
    for b_out, q in outs:
        while q > 1e-12 and i < len(ins):
            take = min(q, left[i])
            stays.append((site, ins[i][0], b_out, take))
            left[i] -= take
            q -= take
            if left[i] <= 1e-12:
                i += 1
    return stays


def _yards(scenario: Scenario, plan: Plan) -> Iterable[str]:
    step = scenario.parameters.time_step_minutes
    for site, by_bucket in _site_m2_by_bucket(scenario, plan).items():
        limit = scenario.site(site).yard_m2
        if limit is None:
            continue
        for b, area in sorted(by_bucket.items()):
            if area > limit + 1e-3:
                yield f"yard {site}: {area:.1f} m² at minute {b * step} > {limit:.1f} m²"
                break


def _claims(
    scenario: Scenario, services: dict[str, Service], plan: Plan, claimed: Mapping[str, Any]
) -> Iterable[str]:
    p = scenario.parameters
    orders = {o.id: o for o in scenario.orders}
    km = {s.id: service_distance_km(scenario, s) for s in scenario.services}
    legs: list[tuple[Leg, str]] = [(leg, it.order) for it in plan.itineraries for leg in it.legs]
    per_t = sum(services[leg.service].cost_per_t * leg.tonnes for leg, _ in legs)
    per_tkm = sum(
        services[leg.service].cost_per_tkm * km[leg.service] * leg.tonnes for leg, _ in legs
    )
    fixed = sum(services[r.service].fixed_cost * r.vehicles for r in plan.departures)
    handled = [
        (scenario.site(leg.origin), leg.tonnes) for leg, o in legs if leg.origin != orders[o].origin
    ]
    handling = sum(s.handling_cost_per_t * t for s, t in handled)
    late = sum(
        p.lateness_cost_per_t_hour * leg.tonnes * max(0, leg.arrival - orders[o].due) / 60
        for leg, o in legs
        if leg.destination == orders[o].destination
    )
    step_days = p.time_step_minutes / 1440
    storage = sum(
        scenario.site(site).storage_cost_per_m2_day * sum(b.values()) * step_days
        for site, b in _site_m2_by_bucket(scenario, plan).items()
    )
    tkm = sum(leg.tonnes * km[leg.service] for leg, _ in legs)
    co2e_t = (
        sum(
            leg.tonnes * km[leg.service] * intensity_g_per_tkm(services[leg.service])
            for leg, _ in legs
        )
        / 1e6
        + sum(s.handling_co2e_kg_per_t * t for s, t in handled) / 1000
    )
    carbon = p.carbon_price * co2e_t
    departure = sum(services[r.service].departure_cost for r in plan.departures)
    recomputed = {
        "cost.departure": departure,
        "cost.vehicle_fixed": fixed,
        "cost.per_tonne": per_t,
        "cost.per_tonne_km": per_tkm,
        "cost.handling": handling,
        "cost.storage": storage,
        "cost.lateness": late,
        "cost.carbon": carbon,
        "total_cost": departure + fixed + per_t + per_tkm + handling + storage + late + carbon,
        "tonne_km": tkm,
        "co2e_t": co2e_t,
    }
    for key, value in recomputed.items():
        top, _, sub = key.partition(".")
        got = claimed.get(top) if not sub else (claimed.get(top) or {}).get(sub)
        if got is None:
            yield f"the plan does not state {key}"
        elif abs(float(got) - value) > 1e-6 * max(1.0, abs(value)) + 1e-3:
            yield f"{key}: the plan claims {float(got):.4f}, recomputed {value:.4f}"
    unserved = sum(u.tonnes for u in plan.unserved)
    cost = recomputed["total_cost"] + unserved * p.unserved_cost_per_t
    if plan.objective is not None and abs(cost - plan.objective) > 1e-6 * abs(cost) + 1e-3:
        yield f"objective: the plan claims {plan.objective:.2f}, recomputed {cost:.2f}"
    if plan.lower_bound is not None and plan.lower_bound > cost * (1 + 1e-6) + 1e-3:
        yield f"lower bound {plan.lower_bound:.2f} exceeds the plan's cost {cost:.2f}"
