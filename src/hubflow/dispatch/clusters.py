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

import numpy as np

from hubflow.dispatch.problem import RoutingProblem
from hubflow.dispatch.result import Route

__all__ = ["balanced_runs", "route_clusters"]


def route_clusters(
    problem: RoutingProblem, routes: list[Route], size: float, offset: float = 0.0
) -> list[list[Route]]:
    """``routes`` (those with stops) in clusters of about ``size`` stops: by start depot, then
    consecutive in the polar angle of each route's barycentre around that depot, cut where
    the angular gap between neighbouring routes is widest, shifted by ``offset`` of a cluster
    (another cut through the same routes)."""
    by_depot: dict[int, list[Route]] = defaultdict(list)
    for r in routes:
        if any(v >= problem.num_depots for v in r.visits):
            by_depot[problem.vehicle_types[r.vehicle_type].start_depot].append(r)
    out: list[list[Route]] = []
    for depot, rs in sorted(by_depot.items()):
        angles = np.array([_angle(problem, depot, r) for r in rs])
        stops = np.array([_stops(problem, r) for r in rs], dtype=float)
        out += [[rs[i] for i in run] for run in balanced_runs(angles, stops, size, offset)]
    return out


def balanced_runs(
    angles: np.ndarray, weights: np.ndarray, size: float, offset: float = 0.0
) -> list[np.ndarray]:
    """Indices in runs of consecutive ``angles`` with about ``size`` of ``weights`` each: from
    the widest angular gap round the circle, shifted by ``offset`` of a run (another cut)."""
    order = np.argsort(angles, kind="stable")
    if len(order) > 1:
        sorted_ang = angles[order]
        gaps = np.diff(np.concatenate([sorted_ang, sorted_ang[:1] + 2 * math.pi]))
        order = np.roll(order, -((int(np.argmax(gaps)) + 1) % len(order)))
    w = weights[order]
    total = float(w.sum())
    parts = max(1, round(total / max(size, 1)))
    middle = np.cumsum(w) - w / 2 + offset * total / parts  # each item's middle, in weight
    index = (middle * parts / total).astype(int) % parts
    return [run for k in range(parts) if len(run := order[index == k])]


def _stops(problem: RoutingProblem, route: Route) -> int:
    return sum(1 for v in route.visits if v >= problem.num_depots)


def _angle(problem: RoutingProblem, depot: int, route: Route) -> float:
    """The polar angle of the route's barycentre around ``depot``."""
    d = problem.locations[problem.depots[depot].location]
    pts = [problem.locations[v] for v in route.visits if v >= problem.num_depots]
    x = sum(p.x or 0.0 for p in pts) / len(pts)
    y = sum(p.y or 0.0 for p in pts) / len(pts)
    return math.atan2(y - (d.y or 0.0), x - (d.x or 0.0))
