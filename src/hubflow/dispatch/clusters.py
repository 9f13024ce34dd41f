"""Route-based clusters: the routes of a solution grouped by depot, then by the angle of their
barycentre around it, for decomposition (Santini, Schneider, Vidal and Vigo 2023,
"Decomposition strategies for vehicle routing heuristics": barycentre clustering of routes
beat clustering of customers).

Routes rather than stops: a cluster is a set of whole routes, so each sub-problem starts from
its part of the incumbent (a warm start it can only improve), and stops that share a route stay
together. By depot first: a multi-depot fleet's routes from one depot form their own
sub-problems, with that depot's vehicles.
"""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import pairwise

import numpy as np

from hubflow.dispatch.problem import RoutingProblem
from hubflow.dispatch.result import Route

__all__ = ["route_clusters"]


def route_clusters(problem: RoutingProblem, routes: list[Route], size: int) -> list[list[Route]]:
    """``routes`` (those with stops) in clusters of about ``size`` stops: by start depot, then
    consecutive in the polar angle of each route's barycentre around that depot, cut where
    the angular gap between neighbouring routes is widest."""
    by_depot: dict[int, list[Route]] = defaultdict(list)
    for r in routes:
        if any(v >= problem.num_depots for v in r.visits):
            by_depot[problem.vehicle_types[r.vehicle_type].start_depot].append(r)
    out: list[list[Route]] = []
    for depot, rs in sorted(by_depot.items()):
        ordered = _by_angle(problem, depot, rs)
        stops = np.array([_stops(problem, r) for r in ordered])
        parts = max(1, round(int(stops.sum()) / max(size, 1)))
        out += [list(part) for part in _balanced(ordered, stops, parts)]
    return out


def _stops(problem: RoutingProblem, route: Route) -> int:
    return sum(1 for v in route.visits if v >= problem.num_depots)


def _by_angle(problem: RoutingProblem, depot: int, routes: list[Route]) -> list[Route]:
    """Routes sorted by the angle of their barycentre around ``depot``, starting after the
    widest angular gap (so that no cluster straddles it)."""
    d = problem.locations[problem.depots[depot].location]
    angles = []
    for r in routes:
        pts = [problem.locations[v] for v in r.visits if v >= problem.num_depots]
        x = sum(p.x or 0.0 for p in pts) / len(pts)
        y = sum(p.y or 0.0 for p in pts) / len(pts)
        angles.append(math.atan2(y - (d.y or 0.0), x - (d.x or 0.0)))
    order = sorted(range(len(routes)), key=lambda i: (angles[i], i))
    if len(order) > 1:
        sorted_ang = [angles[i] for i in order]
        gaps = [b - a for a, b in pairwise(sorted_ang)]
        gaps.append(sorted_ang[0] + 2 * math.pi - sorted_ang[-1])
        shift = (gaps.index(max(gaps)) + 1) % len(order)
        order = order[shift:] + order[:shift]
    return [routes[i] for i in order]


def _balanced(routes: list[Route], stops: np.ndarray, parts: int) -> list[list[Route]]:
    """Consecutive runs of ``routes`` with about the same number of stops each."""
    total = float(stops.sum())
    bounds = np.cumsum(stops) - stops / 2  # each route's middle, in stops
    index = np.minimum((bounds * parts / total).astype(int), parts - 1)
    out: list[list[Route]] = [[] for _ in range(parts)]
    for r, k in zip(routes, index, strict=True):
        out[int(k)].append(r)
    return [part for part in out if part]
