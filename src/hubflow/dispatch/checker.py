"""An independent checker: recomputes everything from the problem data, trusts no back-end."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from hubflow.dispatch.problem import INF, RoutingProblem
from hubflow.dispatch.result import Route, RoutingResult, Status


@dataclass(frozen=True, slots=True)
class RouteStats:
    distance: int
    duration: int
    cost: int
    violations: tuple[str, ...]


def route_stats(problem: RoutingProblem, route: Route, label: str = "route") -> RouteStats:
    """Distance, (minimal) duration, cost and violations of one route."""
    out: list[str] = []
    k = route.vehicle_type
    if not 0 <= k < len(problem.vehicle_types):
        return RouteStats(0, 0, 0, (f"{label}: unknown vehicle type {k}",))
    vt = problem.vehicle_types[k]
    kinds = problem.stop_kinds()
    dist, dur = problem.distance, problem.duration
    start, end = vt.start_depot, vt.end_depot
    path = [start, *route.visits, end]

    # Split into trips at reload depots; check capacity on each trip (delivery goes down,
    # pickup goes up: the load peaks somewhere, so check every prefix).
    trips: list[list[int]] = [[]]
    reloads = 0
    for v in route.visits:
        if not 0 <= v < problem.num_locations:
            out.append(f"{label}: location {v} does not exist")
            return RouteStats(0, 0, 0, tuple(out))
        kind, idx = kinds[v]
        if kind == "depot":
            if idx not in vt.reload_depots:
                out.append(f"{label}: depot {idx} is not a reload depot of vehicle type {k}")
            reloads += 1
            trips.append([])
        else:
            trips[-1].append(v)
    if reloads > vt.max_reloads:
        out.append(f"{label}: {reloads} reloads > max {vt.max_reloads}")
    for t, trip in enumerate(trips):
        load = 0  # deliveries still on board + pickups collected
        for v in trip:
            kind, idx = kinds[v]
            if kind == "client":
                load += problem.clients[idx].delivery
        peak = load
        on_board: set[int] = set()
        for v in trip:
            kind, idx = kinds[v]
            if kind == "client":
                c = problem.clients[idx]
                load += c.pickup - c.delivery
            elif kind == "pickup":
                load += problem.shipments[idx].amount
                on_board.add(idx)
            elif kind == "delivery":
                if idx not in on_board:
                    out.append(
                        f"{label}: shipment {idx} delivered before pickup or on another trip"
                    )
                load -= problem.shipments[idx].amount
                on_board.discard(idx)
            peak = max(peak, load)
        if on_board:
            out.append(f"{label}: shipments {sorted(on_board)} picked up but not delivered")
        if peak > vt.capacity:
            where = f" (trip {t})" if len(trips) > 1 else ""
            out.append(f"{label}: load {peak} exceeds capacity {vt.capacity}{where}")

    # Distance.
    distance = int(sum(int(dist[a, b]) for a, b in pairwise(path)))
    if distance > vt.max_distance:
        out.append(f"{label}: distance {distance} exceeds max {vt.max_distance}")

    # Time: leave at the shift start, wait when early; service must start by tw_late.
    def window(v: int) -> tuple[int, int, int]:
        kind, idx = kinds[v]
        if kind == "client":
            c = problem.clients[idx]
            return c.tw_early, c.tw_late, c.service_duration
        if kind == "pickup":
            s = problem.shipments[idx]
            return s.pickup_tw_early, s.pickup_tw_late, s.pickup_service_duration
        if kind == "delivery":
            s = problem.shipments[idx]
            return s.delivery_tw_early, s.delivery_tw_late, s.delivery_service_duration
        d = problem.depots[idx]
        return d.tw_early, d.tw_late, 0

    depot_tw = problem.depots[start]
    t = max(vt.tw_early, depot_tw.tw_early)
    travel_service = 0
    late_bound = [INF] * len(path)
    for i in range(1, len(path)):
        a, b = path[i - 1], path[i]
        t += int(dur[a, b])
        travel_service += int(dur[a, b])
        if i < len(path) - 1:
            early, late, service = window(b)
        else:
            early, late = problem.depots[end].tw_early, min(problem.depots[end].tw_late, vt.tw_late)
            service = 0
        late_bound[i] = late
        if t > late:
            out.append(
                f"{label}: arrives at location {b} at {t}, after its window closes at {late}"
            )
        t = max(t, early) + service
        travel_service += service
    finish = t
    # Minimal duration: the latest start that keeps every window (backward pass).
    latest = INF  # latest time to leave path[i] (after its service)
    for i in range(len(path) - 1, 0, -1):
        service = window(path[i])[2] if i < len(path) - 1 else 0
        latest = min(late_bound[i], latest - service) - int(dur[path[i - 1], path[i]])
    start_time = max(vt.tw_early, depot_tw.tw_early)
    start_time = max(start_time, min(latest, depot_tw.tw_late))
    duration = max(travel_service, finish - start_time)
    if duration > vt.shift_duration:
        out.append(f"{label}: duration {duration} exceeds shift {vt.shift_duration}")
    cost = vt.fixed_cost + vt.unit_distance_cost * distance + vt.unit_duration_cost * duration
    return RouteStats(distance, duration, cost, tuple(out))


def solution_cost(problem: RoutingProblem, routes: tuple[Route, ...] | list[Route]) -> int:
    """The objective of a set of routes, recomputed: route costs + prizes of unvisited stops."""
    visited = {v for r in routes for v in r.visits}
    cost = sum(route_stats(problem, r).cost for r in routes if r.visits)
    cost += sum(c.prize for c in problem.clients if c.location not in visited)
    cost += sum(s.prize for s in problem.shipments if s.pickup_location not in visited)
    return cost


def check_routes(problem: RoutingProblem, result: RoutingResult) -> list[str]:
    """Every violation found in ``result`` (empty list: the solution is valid).

    Checks: each required stop is visited exactly once or explained in ``unassigned``, no stop
    twice, vehicle counts per type, capacity along each trip (pickups and deliveries),
    time windows with waiting, route duration and distance limits, pickup before delivery on
    the same route, and that the claimed cost equals the recomputed cost.
    """
    out: list[str] = []
    kinds = problem.stop_kinds()
    seen: dict[int, int] = {}
    used = [0] * len(problem.vehicle_types)
    total = 0
    for r_idx, route in enumerate(result.routes):
        label = f"route {r_idx}"
        if not route.visits:
            continue
        if 0 <= route.vehicle_type < len(used):
            used[route.vehicle_type] += 1
        stats = route_stats(problem, route, label)
        out.extend(stats.violations)
        total += stats.cost
        for v in route.visits:
            if 0 <= v < problem.num_locations and kinds[v][0] != "depot":
                if v in seen:
                    out.append(f"location {v} visited by route {seen[v]} and route {r_idx}")
                seen[v] = r_idx
        for v in route.visits:
            kind, idx = kinds[v] if 0 <= v < problem.num_locations else ("", -1)
            if kind in ("pickup", "delivery"):
                s = problem.shipments[idx]
                other = s.delivery_location if kind == "pickup" else s.pickup_location
                if other not in route.visits:
                    out.append(f"{label}: shipment {idx} has its {kind} but not its other end")
    for k, n in enumerate(used):
        if n > problem.vehicle_types[k].num_available:
            avail = problem.vehicle_types[k].num_available
            out.append(f"vehicle type {k}: {n} routes, only {avail} available")
    explained = {u.location for u in result.unassigned}
    for c in problem.clients:
        if c.location not in seen:
            total += c.prize
            if c.required and c.location not in explained:
                out.append(f"required client at location {c.location} is not visited")
    for i, s in enumerate(problem.shipments):
        if s.pickup_location not in seen:
            total += s.prize
            if s.required and s.pickup_location not in explained:
                out.append(f"required shipment {i} is not served")
    missing_required = any(c.required and c.location not in seen for c in problem.clients) or any(
        s.required and s.pickup_location not in seen for s in problem.shipments
    )
    if result.status is Status.FEASIBLE and missing_required:
        out.append("status is FEASIBLE but required stops are unserved")
    if result.status.solved and total != result.cost:
        out.append(f"claimed cost {result.cost} != recomputed cost {total}")
    return out


def check_coordinate_routes(
    xy: np.ndarray, demand: np.ndarray, capacity: int, result: RoutingResult
) -> list[str]:
    """:func:`check_routes` for a plain CVRP held as coordinates (row 0 the depot), with no
    matrix: each stop once or explained, one truck type, loads within capacity, and the claimed
    cost against costs recomputed route by route (Euclidean, each arc rounded, as VRPLIB)."""
    out: list[str] = []
    n = len(xy)
    seen = np.full(n, -1)
    total = 0
    for r_idx, route in enumerate(result.routes):
        label = f"route {r_idx}"
        visits = np.array(route.visits, dtype=np.int64)
        if route.vehicle_type != 0:
            out.append(f"{label}: unknown vehicle type {route.vehicle_type}")
        if len(visits) and (visits.min() < 1 or visits.max() >= n):
            out.append(f"{label}: a location outside [1, {n}) (the depot is not a stop)")
            continue
        for v in visits[seen[visits] >= 0]:
            out.append(f"location {v} visited by route {seen[v]} and route {r_idx}")
        seen[visits] = r_idx
        load = int(demand[visits].sum())
        if load > capacity:
            out.append(f"{label}: load {load} exceeds capacity {capacity}")
        path = xy[np.concatenate([[0], visits, [0]])]
        total += int(np.round(np.hypot(*np.diff(path, axis=0).T)).sum())
    explained = {u.location for u in result.unassigned}
    missing = [v for v in np.flatnonzero(seen < 0)[1:] if int(v) not in explained]
    out += [f"required client at location {v} is not visited" for v in missing[:20]]
    if len(missing) > 20:
        out.append(f"... and {len(missing) - 20} more clients not visited")
    if result.status is Status.FEASIBLE and (seen[1:] < 0).any():
        out.append("status is FEASIBLE but required stops are unserved")
    if result.status.solved and total != result.cost:
        out.append(f"claimed cost {result.cost} != recomputed cost {total}")
    return out
