"""Check a plan's truck routes against the scenario: loads, windows, shifts, fleet, cost.

Re-simulates every route from the scenario's coordinates and fleet on its own, and checks that
each truck-load of a local road leg is either on a route or listed as left to carriers.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from fractions import Fraction

from hubflow.distances import great_circle_km
from hubflow.model import Plan, Scenario, TruckGroup, TruckRoute
from hubflow.trucking.waves import DAY, local_jobs

TOL_T = 1e-3


def check_routes_of_plan(scenario: Scenario, plan: Plan) -> list[str]:
    """All violations of the plan's truck routes (empty when valid)."""
    if not plan.dispatched:
        if plan.routes or plan.unrouted:
            return ["the plan has truck routes but says it was not dispatched"]
        return []
    jobs, impossible = local_jobs(scenario, plan)
    windows = {
        (j.order, j.leg.service, j.leg.departure, j.action): (
            day * DAY + j.early,
            day * DAY + j.late,
        )
        for (_, day), js in jobs.items()
        for j in js
    }
    groups = {g.id: g for g in scenario.fleet}
    out: list[str] = []
    used: Counter[tuple[str, int]] = Counter()
    for n, route in enumerate(plan.routes, start=1):
        group = groups.get(route.fleet)
        if group is None or route.depot != group.depot:
            out.append(f"truck route {n}: unknown fleet {route.fleet} or wrong depot")
            continue
        used[route.fleet, route.start // DAY] += 1
        out += [
            f"truck route {n} ({route.fleet}): {v}"
            for v in _simulate(scenario, group, route, windows)
        ]
    for (fleet, day), k in used.items():
        if k > groups[fleet].count:
            out.append(f"{fleet} uses {k} trucks on day {day}, has {groups[fleet].count}")
    for fleet, group in groups.items():
        k, when = _most_at_once([(r.start, r.end) for r in plan.routes if r.fleet == fleet])
        if k > group.count:
            out.append(f"{fleet} has {k} routes under way at minute {when}, has {group.count}")
    out += _coverage(jobs, impossible, plan)
    return out


def _simulate(
    scenario: Scenario,
    group: TruckGroup,
    route: TruckRoute,
    windows: dict[tuple[str, str, int, str], tuple[int, int]],
) -> Iterable[str]:
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
    speeds = scenario.parameters.road_speed_profile
    t, here, km = route.start, group.depot, 0.0
    for stop in route.stops:
        d = _km(scenario, here, stop.site)
        if d == 0 and here != stop.site:
            yield f"drives from {here} to {stop.site}, co-located with no road distance between"
        km += d
        t = _arrival(t, _drive(d, group), speeds)
        if stop.action != "reload":
            key = (stop.order, stop.service, stop.departure, stop.action)
            if key not in windows:
                yield f"stop at {stop.site} serves no local road leg {key}"
                continue
            early, late = windows[key]
            t = max(t, early)
            if t > late:
                yield f"reaches {stop.site} at minute {t}, after its window closes at {late}"
        if stop.arrival != t:
            yield f"claims arrival {stop.arrival} at {stop.site}, recomputed {t}"
        here = stop.site
    d = _km(scenario, here, group.depot)
    if d == 0 and here != group.depot:
        yield f"drives from {here} to {group.depot}, co-located with no road distance between"
    km += d
    end = _arrival(t, _drive(d, group), speeds)
    if end != route.end:
        yield f"claims to end at minute {route.end}, recomputed {end}"
    if end - route.start > group.shift_hours * 60:
        yield f"lasts {end - route.start} min > shift of {group.shift_hours:g} h"
    if abs(km - route.distance_km) > 0.01 + 1e-6 * km:
        yield f"claims {route.distance_km:.3f} km, recomputed {km:.3f}"
    cost = (
        group.fixed_cost + group.cost_per_km * km + group.cost_per_hour * (end - route.start) / 60
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


def _coverage(jobs, impossible, plan: Plan) -> Iterable[str]:  # type: ignore[no-untyped-def]
    """Every local leg's tonnes are on routes or left to carriers, exactly once."""
    need: dict[tuple[str, str, int], float] = defaultdict(float)
    for js in jobs.values():
        for j in js:
            need[j.order, j.leg.service, j.leg.departure] += j.tonnes
    for c in impossible:
        need[c.order, c.service, c.departure] += c.tonnes
    got: dict[tuple[str, str, int], float] = defaultdict(float)
    for r in plan.routes:
        for s in r.stops:
            if s.action != "reload":
                got[s.order, s.service, s.departure] += s.tonnes
    for u in plan.unrouted:
        got[u.order, u.service, u.departure] += u.tonnes
    for key in need.keys() | got.keys():
        if abs(got[key] - need[key]) > TOL_T * max(1.0, need[key]):
            yield (
                f"order {key[0]}: its local leg on {key[1]} at minute {key[2]} has "
                f"{need[key]:.3f} t, routes and carriers account for {got[key]:.3f} t"
            )


def _km(scenario: Scenario, a: str, b: str) -> float:
    """A road service's stated distance between the two sites (the shortest), else great circle
    x road circuity; to the metre."""
    if a == b:
        return 0.0
    stated = [
        s.distance_km
        for s in scenario.services
        if s.mode == "road" and s.distance_km is not None and {s.origin, s.destination} == {a, b}
    ]
    if stated:
        return round(1000 * min(stated)) / 1000
    gc = great_circle_km(scenario.site(a), scenario.site(b)) * scenario.parameters.road_circuity
    return round(1000 * gc) / 1000


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


def _drive(km: float, group: TruckGroup) -> int:
    return math.ceil(km / group.speed_kmh * 60) if km else 0
