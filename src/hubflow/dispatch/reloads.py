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
    while todo:
        best: tuple[int, int, Route, int] | None = None  # (delta, client, route, index)
        for ci, c in enumerate(todo):
            for i in range(frozen, len(routes)):
                old = route_stats(problem, routes[i])
                for cand in _candidates(problem, routes[i], c.location):
                    new = route_stats(problem, cand)
                    if new.violations:
                        continue
                    delta = new.cost - old.cost - c.prize
                    if delta < 0 and (best is None or delta < best[0]):
                        best = (delta, ci, cand, i)
        if best is None:
            break
        delta, ci, cand, i = best
        routes[i] = cand
        saved += delta
        del todo[ci]
    return routes, saved


def _candidates(problem: RoutingProblem, route: Route, loc: int) -> Iterator[Route]:
    """``route`` with ``loc`` inserted at every position, alone and with a reload next to it."""
    reloads = problem.vehicle_types[route.vehicle_type].reload_depots
    v = route.visits
    for pos in range(len(v) + 1):
        head, tail = v[:pos], v[pos:]
        yield Route(route.vehicle_type, (*head, loc, *tail))
        for d in reloads:
            if head and head[-1] != d:
                yield Route(route.vehicle_type, (*head, d, loc, *tail))
            if tail and tail[0] != d:
                yield Route(route.vehicle_type, (*head, loc, d, *tail))
