"""Insert left-out optional stops as new trips from a reload depot (a repair after the search).

PyVRP inserts an optional stop that a solution leaves out only next to other stops, never with
a reload depot in between; so a stop that can only be reached on a trip of its own (a truck
that is busy all day, or two stops with a forbidden direct drive between them) stays out even
when serving it pays. This pass tries, for each left-out optional client, every position of
every route, alone or as a trip ``depot, stop`` / ``stop, depot``, and keeps the best
improvement that the checker finds valid; repeated until nothing improves.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import numpy as np

from hubflow.dispatch.checker import route_stats
from hubflow.dispatch.problem import RoutingProblem
from hubflow.dispatch.result import Route

MAX_STOPS = 400  # quadratic in the stops per pass: meant for waves, not for large instances


def applies(problem: RoutingProblem) -> bool:
    """Worth trying: some vehicle type reloads, some client is optional, the problem is small."""
    return (
        any(vt.reload_depots for vt in problem.vehicle_types)
        and any(not c.required for c in problem.clients)
        and len(problem.clients) <= MAX_STOPS
    )


def insert_with_reloads(
    problem: RoutingProblem, routes: list[Route], frozen: int = 0
) -> tuple[list[Route], int]:
    """Routes with left-out optional clients inserted where it pays, and the cost change
    (negative: cheaper). The first ``frozen`` routes (pinned ones) are not changed."""
    routes = list(routes)
    visited = {v for r in routes for v in r.visits}
    todo = [c for c in problem.clients if not c.required and c.location not in visited]
    saved = 0
    old = {i: route_stats(problem, routes[i]) for i in range(frozen, len(routes))}
    while todo:
        best: tuple[int, int, Route, int] | None = None  # (delta, client, route, index)
        for ci, c in enumerate(todo):
            for i in range(frozen, len(routes)):
                per_km = problem.vehicle_types[routes[i].vehicle_type].unit_distance_cost
                for cand, added in _candidates(problem, routes[i], c.location):
                    # an insertion never shortens the route's duration, so its distance alone
                    # bounds the change: skip what cannot beat the best so far
                    if per_km * added - c.prize >= min(0, best[0] if best else 0):
                        continue
                    new = route_stats(problem, cand)
                    if new.violations:
                        continue
                    delta = new.cost - old[i].cost - c.prize
                    if delta < 0 and (best is None or delta < best[0]):
                        best = (delta, ci, cand, i)
        if best is None:
            break
        delta, ci, cand, i = best
        routes[i] = cand
        old[i] = route_stats(problem, cand)
        saved += delta
        del todo[ci]
    return routes, saved


def _candidates(problem: RoutingProblem, route: Route, loc: int) -> Iterator[tuple[Route, int]]:
    """``route`` with ``loc`` inserted at every position, alone and with a reload next to it,
    each with the distance it adds."""
    vt = problem.vehicle_types[route.vehicle_type]
    dist, dur = problem.distance, problem.duration
    late = problem.clients[problem.stop_kinds()[loc][1]].tw_late
    v = route.visits
    path = (vt.start_depot, *v, vt.end_depot)
    leave = _departures(problem, path, vt.tw_early)
    for pos in range(len(v) + 1):
        head, tail = v[:pos], v[pos:]
        a, b = path[pos], path[pos + 1]
        base = int(dist[a, b])
        if leave[pos] + int(dur[a, loc]) <= late:  # else it arrives after the window for sure
            yield Route(route.vehicle_type, (*head, loc, *tail)), _added(dist, (a, loc, b)) - base
        for d in vt.reload_depots:
            reloaded = max(leave[pos] + int(dur[a, d]), problem.depots[d].tw_early)
            if head and head[-1] != d and reloaded + int(dur[d, loc]) <= late:
                extra = _added(dist, (a, d, loc, b)) - base
                yield Route(route.vehicle_type, (*head, d, loc, *tail)), extra
            if tail and tail[0] != d:
                extra = _added(dist, (a, loc, d, b)) - base
                yield Route(route.vehicle_type, (*head, loc, d, *tail)), extra


def _departures(problem: RoutingProblem, path: tuple[int, ...], start: int) -> list[int]:
    """The earliest departure from each location of ``path`` (leaving at the shift start and
    waiting when early, as the checker times a route); an insertion leaves the prefix as it is."""
    kinds = problem.stop_kinds()
    t = max(start, problem.depots[path[0]].tw_early)
    out = [t]
    for a, b in pairwise(path[:-1]):
        kind, idx = kinds[b]
        if kind == "depot":
            early, service = problem.depots[idx].tw_early, 0
        elif kind == "client":
            c = problem.clients[idx]
            early, service = c.tw_early, c.service_duration
        else:  # a shipment's end: no wait or service counted, so the time stays a lower bound
            early, service = 0, 0
        t = max(t + int(problem.duration[a, b]), early) + service
        out.append(t)
    return out


def _added(dist: np.ndarray, path: tuple[int, ...]) -> int:
    return sum(int(dist[x, y]) for x, y in pairwise(path))
