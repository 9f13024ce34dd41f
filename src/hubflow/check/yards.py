"""Yard occupancy recomputed from the itineraries: m² per watched site and time step.

Goods occupy a site's yard from the first time step at or after their arrival (at their origin:
after release) until the time step of the departure that takes them away, first in first
out. Delivered goods leave the yard at their destination at once. The series cover the planning
horizon (``horizon_days``), longer only to the step of a later last arrival; watched sites are hubs and sites with a yard limit or a
storage cost.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from hubflow.check.facts import Facts
from hubflow.model import Itinerary, Order

Stay = tuple[str, int, int, float]  # site, first step, step it leaves, tonnes


def yard_series(facts: Facts) -> dict[str, list[float]]:
    """m² occupied per watched site at each time step (every site's list equally long)."""
    scn, step = facts.scenario, facts.step
    watched = sorted(
        s.id for s in scn.sites if s.hub or s.yard_m2 is not None or s.storage_cost_per_m2_day > 0
    )
    change: dict[str, dict[int, float]] = {site: defaultdict(float) for site in watched}
    horizon_steps = -(-round(scn.parameters.horizon_days * 1440) // step)
    last = horizon_steps - 1
    for it in facts.plan.itineraries:
        order = facts.orders.get(it.order)
        if order is None:
            continue
        per_t = facts.commodity(order).m2_per_t
        last = max([last, *(-(-leg.arrival // step) for leg in it.legs)])
        for site, b0, b1, tonnes in _stays(facts, order, it):
            if site in change and b1 > b0:
                change[site][b0] += per_t * tonnes
                change[site][b1] -= per_t * tonnes
    return {site: _running_sum(change[site], last + 1) for site in watched}


def _running_sum(change: dict[int, float], n: int) -> list[float]:
    level, out = 0.0, []
    for b in range(n):
        level += change.get(b, 0.0)
        out.append(level if level > 1e-9 else 0.0)
    return out


def _stays(facts: Facts, order: Order, it: Itinerary) -> Iterable[Stay]:
    """Each site's arrivals paired first in first out with the departures leaving it (goods
    under export clearance before a leg that crosses a border are out of the yard)."""
    step = facts.step
    arrivals: dict[str, list[tuple[int, float]]] = defaultdict(list)
    leaving: dict[str, list[tuple[int, float]]] = defaultdict(list)
    arrivals[order.origin].append((-(-order.release // step), it.tonnes))
    for leg in it.legs:
        if leg.destination != order.destination:
            arrivals[leg.destination].append((-(-leg.arrival // step), leg.tonnes))
        leaving[leg.origin].append((facts.leaves(leg) // step, leg.tonnes))
    for site, ins in arrivals.items():
        yield from _fifo(site, sorted(ins), sorted(leaving.get(site, [])))


def _fifo(site: str, ins: list[tuple[int, float]], outs: list[tuple[int, float]]) -> list[Stay]:
    stays: list[Stay] = []
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


def yard_limits(facts: Facts, series: dict[str, list[float]]) -> Iterable[str]:
    """The first time step at which a site's yard holds more than its limit."""
    for site, values in series.items():
        limit = facts.scenario.site(site).yard_m2
        if limit is None:
            continue
        for b, area in enumerate(values):
            if area > limit + 1e-3:
                yield f"yard {site}: {area:.1f} m² at minute {b * facts.step} > {limit:.1f} m²"
                break
