"""Drop what costs more than it collects: a repair of prize-collecting solutions after the search.

A search may end in a local optimum that keeps a route (or one trip of it) whose stops' prizes
do not pay for it: taking out any one stop saves less than its prize, taking out all of them
saves more (the drive out and back is shared). This pass tries, on every route, leaving out the
whole route, each trip between reloads, and each optional stop, keeps the best that lowers the
objective and that the checker finds valid, and repeats until nothing lowers it. So no route
that is kept costs more than the prizes it collects.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from hubflow.dispatch.checker import route_stats
from hubflow.dispatch.problem import RoutingProblem
from hubflow.dispatch.result import Route

MAX_STOPS = 400  # the stops of a problem this pass looks at: meant for waves of optional stops


def applies(problem: RoutingProblem) -> bool:
    """Worth trying: some client is optional and the problem is small."""
    return any(not c.required for c in problem.clients) and len(problem.clients) <= MAX_STOPS


def drop_unprofitable(
    problem: RoutingProblem, routes: list[Route], frozen: int = 0
) -> tuple[list[Route], int]:
    """Routes without the stops, trips and routes that cost more than their prizes, and the
    cost change (negative: cheaper). The first ``frozen`` routes (pinned ones) are not changed."""
    prize = {c.location: c.prize for c in problem.clients if not c.required}
    depots = {d.location for d in problem.depots}
    routes = list(routes)
    saved = 0
    for i in range(frozen, len(routes)):
        old = route_stats(problem, routes[i]).cost
        while routes[i].visits:
            best: tuple[int, Route] | None = None
            for cand in _without(routes[i], prize, depots):
                new = route_stats(problem, cand) if cand.visits else None
                if new is not None and new.violations:
                    continue
                lost = sum(prize.get(x, 0) for x in set(routes[i].visits) - set(cand.visits))
                delta = (new.cost if new else 0) - old + lost
                if delta < 0 and (best is None or delta < best[0]):
                    best = (delta, cand)
            if best is None:
                break
            saved += best[0]
            routes[i] = best[1]
            old = route_stats(problem, routes[i]).cost if routes[i].visits else 0
    return routes, saved


def _without(route: Route, prize: dict[int, int], depots: set[int]) -> Iterator[Route]:
    """``route`` without each trip between reloads (all of it when it has one trip) whose stops
    are all optional, with the reload before it (the first trip: after it), and without each
    optional stop."""
    v = route.visits
    cuts = [-1, *(i for i, x in enumerate(v) if x in depots), len(v)]
    for a, b in itertools.pairwise(cuts):
        trip = v[a + 1 : b]
        if trip and all(x in prize for x in trip):
            yield _tidy(route, [*v[: max(a, 0)], *v[b + (a < 0) :]], depots)
    for pos, x in enumerate(v):
        if x in prize:
            yield _tidy(route, [*v[:pos], *v[pos + 1 :]], depots)


def _tidy(route: Route, visits: list[int], depots: set[int]) -> Route:
    """Reloads at either end or twice in a row are no reloads."""
    out: list[int] = []
    for x in visits:
        if x in depots and (not out or out[-1] in depots):
            continue
        out.append(x)
    while out and out[-1] in depots:
        out.pop()
    return Route(route.vehicle_type, tuple(out))
