"""Check a plan: delivery, flow over time, timetables, capacities, yards, costs and CO2e."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import accumulate
from typing import Any

from hubflow.check.balances import check_balances, returning
from hubflow.check.claims import check_claims
from hubflow.check.facts import (
    TOL_T,
    Facts,
    facts_of,
    late_minutes,
    pool_periods,
    pool_vehicle_periods,
)
from hubflow.check.routes_check import check_routes_of_plan
from hubflow.check.yards import yard_limits, yard_series
from hubflow.model import Itinerary, Order, Plan, Scenario


def check_plan(
    scenario: Scenario, plan: Plan, claimed: Mapping[str, Any] | None = None
) -> list[str]:
    """All violations found; an empty list means the plan is valid and its claims are true.

    ``claimed`` is the KPI dictionary a plan was published with (``plan.json["kpis"]``); every
    figure in it, and the plan's objective and bound, are compared with recomputed values.
    """
    facts = facts_of(scenario, plan)
    out: list[str] = []
    out += _delivery(facts)
    out += _not_split(facts)
    for it in plan.itineraries:
        order = facts.orders.get(it.order)
        if order is not None:
            out += _legs_match_services(facts, it)
            out += _flow_over_time(facts, order, it)
    out += _departures(facts)
    out += _pools(facts)
    out += check_balances(facts)
    series = yard_series(facts)
    out += yard_limits(facts, series)
    out += check_routes_of_plan(scenario, plan)
    out += check_claims(facts, series, claimed)
    return out


def _delivery(facts: Facts) -> Iterable[str]:
    seen: set[str] = set()
    delivered: dict[str, float] = defaultdict(float)
    for it in facts.plan.itineraries:
        order = facts.orders.get(it.order)
        if order is None:
            yield f"itinerary for unknown order {it.order}"
            continue
        if it.order in seen:
            yield f"order {it.order} has more than one itinerary"
        seen.add(it.order)
        delivered[it.order] += sum(
            leg.tonnes for leg in it.legs if leg.destination == order.destination
        )
    for u in facts.plan.unserved:
        if u.order not in facts.orders:
            yield f"unserved entry for unknown order {u.order}"
    for o in facts.scenario.orders:
        got, left = delivered[o.id], facts.unserved_t.get(o.id, 0.0)
        if abs(got + left - o.tonnes) > TOL_T * max(1.0, o.tonnes):
            yield (
                f"order {o.id}: {got:.4f} t delivered + {left:.4f} t "
                f"unserved != {o.tonnes:.4f} t ordered"
            )


def _not_split(facts: Facts) -> Iterable[str]:
    """An order that must not be split is delivered whole on one chain of legs, or not at all:
    every leg carries all of it (flow over time then makes the legs one chain)."""
    carried = {it.order: it for it in facts.plan.itineraries}
    for o in facts.scenario.orders:
        it = carried.get(o.id)
        if not (o.no_split or facts.scenario.parameters.no_split) or it is None:
            continue
        tol = TOL_T * max(1.0, o.tonnes)
        parts = sorted({leg.tonnes for leg in it.legs if abs(leg.tonnes - o.tonnes) > tol})
        if parts:
            shown = ", ".join(f"{t:.2f}" for t in parts)
            yield f"order {o.id} must not be split: legs carry {shown} t of its {o.tonnes:.2f} t"


def _legs_match_services(facts: Facts, it: Itinerary) -> Iterable[str]:
    for leg in it.legs:
        svc = facts.services.get(leg.service)
        if svc is None:
            yield f"order {it.order}: leg on unknown service {leg.service}"
            continue
        if (leg.origin, leg.destination, leg.mode) != (svc.origin, svc.destination, svc.mode):
            yield f"order {it.order}: leg on {svc.id} does not match the service's route or mode"
        if not facts.departs(svc, leg.departure):
            yield f"order {it.order}: {svc.id} has no departure at minute {leg.departure}"
        order = facts.orders[it.order]
        if not facts.may_carry(svc, order):
            yield f"order {it.order}: {svc.id} may not carry {order.commodity}"
        earliest = leg.departure + svc.transit_minutes + facts.border(svc)[1]
        if not earliest <= leg.arrival < earliest + facts.step:
            yield (
                f"order {it.order}: {svc.id} departing {leg.departure} arrives at {earliest}, "
                f"not {leg.arrival}"
            )
        if leg.tonnes <= 0:
            yield f"order {it.order}: leg on {svc.id} carries {leg.tonnes} t"


def _flow_over_time(facts: Facts, order: Order, it: Itinerary) -> Iterable[str]:
    """Goods leave a site only after they arrived (plus handling), and only hubs transfer."""
    scn = facts.scenario
    allowed = scn.parameters.allowed_lateness
    tol = TOL_T * max(1.0, it.tonnes)
    inflow: dict[str, list[tuple[int, float]]] = defaultdict(list)
    outflow: dict[str, list[tuple[int, float]]] = defaultdict(list)
    inflow[order.origin].append((order.release, it.tonnes))
    for leg in it.legs:
        at_end = leg.destination == order.destination
        ready = leg.arrival + (0 if at_end else scn.site(leg.destination).handling_minutes)
        inflow[leg.destination].append((ready, leg.tonnes))
        outflow[leg.origin].append((facts.leaves(leg), leg.tonnes))
        if at_end and leg.arrival > order.due + allowed:
            yield (
                f"order {order.id}: {leg.tonnes:.2f} t arrive {(leg.arrival - order.due) / 60:.1f}"
                f" h after due (allowed {allowed / 60:.1f} h)"
            )
    if outflow.get(order.destination):
        yield f"order {order.id}: goods leave their destination {order.destination}"
    for site, outs in outflow.items():
        if site != order.origin and not scn.site(site).hub:
            yield f"order {order.id}: transfer at {site}, which is not a hub"
        yield from _no_early_leaving(order, site, sorted(inflow.get(site, [])), sorted(outs), tol)
    for site, ins in inflow.items():
        if site == order.destination:
            continue
        total_in = sum(q for _, q in ins)
        total_out = sum(q for _, q in outflow.get(site, []))
        if abs(total_in - total_out) > tol:
            yield f"order {order.id}: {total_in:.3f} t reach {site} but {total_out:.3f} t leave it"
    if late_minutes(order, it) != it.late_minutes:
        yield f"order {order.id}: claims {it.late_minutes} min late, legs say {late_minutes(order, it)}"


def _no_early_leaving(
    order: Order,
    site: str,
    ins: list[tuple[int, float]],
    outs: list[tuple[int, float]],
    tol: float,
) -> Iterable[str]:
    """By every departure, no more has left the site than has arrived and been handled there."""
    i, avail = 0, 0.0
    for t, gone in zip((t for t, _ in outs), accumulate(q for _, q in outs), strict=True):
        while i < len(ins) and ins[i][0] <= t:
            avail += ins[i][1]
            i += 1
        if gone > avail + tol:
            yield (
                f"order {order.id}: {gone:.3f} t leave {site} by minute {t} but only "
                f"{avail:.3f} t are there and handled"
            )
            return


def _departures(facts: Facts) -> Iterable[str]:
    load: dict[tuple[str, int], float] = defaultdict(float)
    trucks: dict[tuple[str, int], float] = defaultdict(float)  # vehicles' worth, by payload
    for it in facts.plan.itineraries:
        order = facts.orders.get(it.order)
        for leg in it.legs:
            load[leg.service, leg.departure] += leg.tonnes
            svc = facts.services.get(leg.service)
            if order is not None and svc is not None and svc.payload_t:
                trucks[leg.service, leg.departure] += leg.tonnes / facts.payload(svc, order)
    runs = {(r.service, r.departure): r for r in facts.plan.departures}
    if len(runs) != len(facts.plan.departures):
        yield "a departure is listed twice"
    for key, tonnes in load.items():
        run, svc = runs.get(key), facts.services.get(key[0])
        if run is None or svc is None:
            yield f"{key[0]} at minute {key[1]} carries {tonnes:.2f} t but is not listed as run"
            continue
        if abs(run.load_t - tonnes) > TOL_T * max(1.0, tonnes):
            yield f"{key[0]} at {key[1]}: listed load {run.load_t:.3f} t, legs carry {tonnes:.3f} t"
        if run.vehicles > svc.max_vehicles:
            yield f"{key[0]} at {key[1]}: {run.vehicles} vehicles > {svc.max_vehicles} allowed"
        if tonnes > run.vehicles * svc.capacity_t + TOL_T:
            yield (
                f"{key[0]} at {key[1]}: {tonnes:.2f} t exceed {run.vehicles} × {svc.capacity_t} t"
            )
        if trucks.get(key, 0.0) > run.vehicles + TOL_T:
            yield (
                f"{key[0]} at {key[1]}: its commodities' payloads fill "
                f"{trucks[key]:.3f} vehicles, more than the {run.vehicles} run"
            )
        if tonnes < svc.min_load_t * run.vehicles - TOL_T:
            yield (
                f"{key[0]} at {key[1]}: {tonnes:.2f} t on {run.vehicles} vehicles, below the "
                f"minimum load of {svc.min_load_t:g} t per vehicle"
            )
        if abs(run.capacity_t - run.vehicles * svc.capacity_t) > TOL_T:
            yield f"{key[0]} at {key[1]}: capacity_t is not vehicles × capacity per vehicle"
        if (run.mode, run.origin, run.destination) != (svc.mode, svc.origin, svc.destination):
            yield f"{key[0]} at {key[1]}: listed mode or route differs from the service's"
    may_run_empty = returning(facts)  # a vehicle that must come back may come back empty
    for key in runs.keys() - load.keys():
        if key[0] not in may_run_empty:
            yield f"{key[0]} at minute {key[1]} is listed as run but carries nothing"


def _pools(facts: Facts) -> Iterable[str]:
    """No pool carries more tonnes (or runs more vehicles) than its limit in any day or week."""
    limit = {q.id: q for q in facts.scenario.pools}
    tonnes, vehicles = pool_periods(facts), pool_vehicle_periods(facts)
    for pool, q in limit.items():
        use = tonnes[pool] if q.unit == "t" else vehicles[pool]
        for period, amount in sorted(use.items()):
            if amount > q.limit + TOL_T * max(1.0, q.limit):
                shown = f"{amount:.2f} t" if q.unit == "t" else f"{amount:g} vehicles"
                yield (
                    f"pool {pool}: {shown} in {q.period} {period + 1} exceed its "
                    f"limit of {q.limit:g} {q.unit}"
                )
