"""Check a plan's truck routes against the scenario: loads, windows, shifts, fleet, cost.

Derives the own-fleet work from the itineraries by the stated rule, on its own: a road leg is
local to a truck group when it starts (a delivery) or ends (a pickup) at the group's depot and a
truck can drive out and back within one shift. A delivery is served between the leg's departure
plus the drive from the depot and the leg's arrival; a pickup between the leg's departure and its
arrival less the drive back. Every route is re-driven on road distances, every local leg's
tonnes must be on routes or listed as left to carriers, exactly once, and no route may cost more
than the carrier tariff of the loads it carries (those loads would be cheaper left to carriers).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from hubflow.distances import RoadDistances, service_distance_km
from hubflow.model import Leg, Plan, Scenario, TruckGroup, TruckRoute

TOL_T = 1e-3
DAY = 1440
StopKey = tuple[str, str, int, str]  # order, road service, departure, action


@dataclass(frozen=True, slots=True)
class Stop:
    """Where a local leg is served and the window for one truck group."""

    site: str
    early: int
    late: int


def drive_minutes(km: float, group: TruckGroup) -> int:
    return math.ceil(km / group.speed_kmh * 60) if km else 0


def check_routes_of_plan(scenario: Scenario, plan: Plan) -> list[str]:
    """All violations of the plan's truck routes (empty when valid)."""
    if not plan.dispatched:
        if plan.routes or plan.unrouted:
            return ["the plan has truck routes but says it was not dispatched"]
        return []
    km = RoadDistances(scenario)
    stops, tonnes = _local_legs(scenario, plan, km)
    groups = {g.id: g for g in scenario.fleet}
    out: list[str] = []
    used: Counter[tuple[str, int]] = Counter()
    for n, route in enumerate(plan.routes, start=1):
        group = groups.get(route.fleet)
        if group is None or route.depot != group.depot:
            out.append(f"truck route {n}: unknown fleet {route.fleet} or wrong depot")
            continue
        used[route.fleet, route.start // DAY] += 1
        out += [f"truck route {n} ({route.fleet}): {v}" for v in _simulate(group, route, stops, km)]
    for (fleet, day), k in used.items():
        if k > groups[fleet].count:
            out.append(f"{fleet} uses {k} trucks on day {day}, has {groups[fleet].count}")
    for fleet, group in groups.items():  # a route past midnight still holds its truck
        k, when = _most_at_once([(r.start, r.end) for r in plan.routes if r.fleet == fleet])
        if k > group.count:
            out.append(f"{fleet} has {k} routes under way at minute {when}, has {group.count}")
    out += _coverage(tonnes, plan)
    out += _losses(scenario, plan)
    return out


def _losses(scenario: Scenario, plan: Plan) -> Iterable[str]:
    """Routes that cost more than the carrier tariff (per t and per t-km) of their loads."""
    tariff = {
        s.id: s.cost_per_t + s.cost_per_tkm * service_distance_km(scenario, s)
        for s in scenario.services
    }
    for n, route in enumerate(plan.routes, start=1):
        replaced = sum(tariff.get(s.service, 0.0) * s.tonnes for s in route.stops)
        if route.cost > replaced + 0.01 + 1e-6 * replaced:
            yield (
                f"truck route {n} ({route.fleet}) costs {route.cost:.2f}, more than the "
                f"carrier tariff of its loads {replaced:.2f}"
            )


def _local_legs(
    scenario: Scenario, plan: Plan, km: RoadDistances
) -> tuple[dict[tuple[str, StopKey], Stop], dict[tuple[str, str, int], float]]:
    """Each local leg's stop and window per truck group, and its tonnes."""
    at_depot: dict[str, list[TruckGroup]] = defaultdict(list)
    for g in scenario.fleet:
        if g.count > 0:
            at_depot[g.depot].append(g)
    stops: dict[tuple[str, StopKey], Stop] = {}
    tonnes: dict[tuple[str, str, int], float] = defaultdict(float)
    for it in plan.itineraries:
        for leg in it.legs:
            if leg.mode != "road":
                continue
            local = False
            for group in at_depot.get(leg.origin) or at_depot.get(leg.destination) or ():
                stop = _stop(leg, group, km)
                if stop is not None:
                    action = "deliver" if leg.origin == group.depot else "pickup"
                    stops[group.id, (it.order, leg.service, leg.departure, action)] = stop
                    local = True
            if local:
                tonnes[it.order, leg.service, leg.departure] += leg.tonnes
    return stops, tonnes


def _stop(leg: Leg, group: TruckGroup, km: RoadDistances) -> Stop | None:
    """The leg's stop for this group, or None when out and back does not fit in a shift."""
    far = leg.destination if leg.origin == group.depot else leg.origin
    drive = drive_minutes(km(group.depot, far), group)
    if 2 * drive > group.shift_hours * 60:
        return None
    if far == leg.destination:
        return Stop(far, leg.departure + drive, leg.arrival)
    return Stop(far, leg.departure, leg.arrival - drive)


def _simulate(
    group: TruckGroup,
    route: TruckRoute,
    stops: dict[tuple[str, StopKey], Stop],
    km: RoadDistances,
) -> Iterable[str]:
    yield from _loads(group, route)
    speeds = km.scenario.parameters.road_speed_profile  # drives timed hour by hour in traffic
    t, here, dist = route.start, group.depot, 0.0
    for stop in route.stops:
        d = km(here, stop.site)
        if d == 0 and here != stop.site:
            yield f"drives from {here} to {stop.site}, co-located with no road distance between"
        dist += d
        t = _arrival(t, drive_minutes(d, group), speeds)
        if stop.action == "reload":
            if stop.site != group.depot:
                yield f"reloads at {stop.site}, not at its depot {group.depot}"
        else:
            key = (stop.order, stop.service, stop.departure, stop.action)
            want = stops.get((group.id, key))
            if want is None or want.site != stop.site:
                yield f"stop at {stop.site} serves no local road leg {key} of its depot"
                continue
            t = max(t, want.early)
            if t > want.late:
                yield f"reaches {stop.site} at minute {t}, after its window closes at {want.late}"
        if stop.arrival != t:
            yield f"claims arrival {stop.arrival} at {stop.site}, recomputed {t}"
        here = stop.site
    d = km(here, group.depot)
    if d == 0 and here != group.depot:
        yield f"drives from {here} to {group.depot}, co-located with no road distance between"
    dist += d
    end = _arrival(t, drive_minutes(d, group), speeds)
    if end != route.end:
        yield f"claims to end at minute {route.end}, recomputed {end}"
    if end - route.start > group.shift_hours * 60:
        yield f"lasts {end - route.start} min > shift of {group.shift_hours:g} h"
    if abs(dist - route.distance_km) > 0.01 + 1e-6 * dist:
        yield f"claims {route.distance_km:.3f} km, recomputed {dist:.3f}"
    cost = (
        group.fixed_cost + group.cost_per_km * dist + group.cost_per_hour * (end - route.start) / 60
    )
    if abs(cost - route.cost) > 0.01 + 1e-6 * cost:
        yield f"claims cost {route.cost:.2f}, recomputed {cost:.2f}"


def _most_at_once(spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The largest number of [start, end) spans that overlap, and a minute where they do."""
    events = sorted([(a, 1) for a, _ in spans] + [(b, -1) for _, b in spans])
    k = best = when = 0
    for t, step in events:  # at equal minutes a return (-1) comes before a departure (+1)
        k += step
        if k > best:
            best, when = k, t
    return best, when


def _arrival(t: int, free: int, speeds: tuple[tuple[int, float], ...]) -> int:
    """Minute of arrival leaving at ``t`` on a drive of ``free`` minutes at full speed, with
    the speed factor of each hour of the day (``speeds``), to the minute above."""
    if not speeds:
        return t + free
    now, left = Fraction(t), Fraction(free)
    while left > 0:
        day, minute = divmod(now, DAY)
        k = max(i for i, (m, _) in enumerate(speeds) if m <= minute)
        factor = Fraction(speeds[k][1])
        until = day * DAY + (speeds[k + 1][0] if k + 1 < len(speeds) else DAY)
        step = min(left / factor, until - now)
        now += step
        left -= step * factor
    return math.ceil(now)


def _loads(group: TruckGroup, route: TruckRoute) -> Iterable[str]:
    """No trip (depot to depot or reload) ever carries more than a truck holds."""
    cap = group.capacity_t
    trips: list[list] = [[]]
    for stop in route.stops:
        if stop.action == "reload":
            trips.append([])
        else:
            trips[-1].append(stop)
    for trip in trips:
        load = sum(s.tonnes for s in trip if s.action == "deliver")
        if load > cap + TOL_T:
            yield f"leaves {group.depot} with {load:.2f} t > {cap:g} t"
        for s in trip:
            load += s.tonnes if s.action == "pickup" else -s.tonnes
            if load > cap + TOL_T:
                yield f"carries {load:.2f} t after {s.site} > {cap:g} t"


def _coverage(need: dict[tuple[str, str, int], float], plan: Plan) -> Iterable[str]:
    """Every local leg's tonnes are on routes or left to carriers, exactly once."""
    got: dict[tuple[str, str, int], float] = defaultdict(float)
    for r in plan.routes:
        for s in r.stops:
            if s.action != "reload":
                got[s.order, s.service, s.departure] += s.tonnes
    for u in plan.unrouted:
        got[u.order, u.service, u.departure] += u.tonnes
    for key in need.keys() | got.keys():
        want = need.get(key, 0.0)
        if abs(got[key] - want) > TOL_T * max(1.0, want):
            yield (
                f"order {key[0]}: its local leg on {key[1]} at minute {key[2]} has "
                f"{want:.3f} t, routes and carriers account for {got[key]:.3f} t"
            )
