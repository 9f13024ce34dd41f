"""``solve``: screen out stops no truck can serve, keep pinned routes, call a back-end."""

from __future__ import annotations

import time

import numpy as np

from hubflow.dispatch import prizes, reloads
from hubflow.dispatch.backends import get_backend
from hubflow.dispatch.checker import route_stats
from hubflow.dispatch.problem import RoutingProblem
from hubflow.dispatch.result import Route, RoutingResult, Status, Unassigned
from hubflow.dispatch.subproblem import restrict


def unservable(problem: RoutingProblem) -> dict[int, str]:
    """Stops no vehicle type can serve even alone on a route, with the reason (by location)."""
    out: dict[int, str] = {}
    dist, dur = problem.distance, problem.duration
    vts = problem.vehicle_types

    def reach(
        loc: int, load: int, early: int, late: int, service: int, back: int = -1
    ) -> str | None:
        reasons = []
        for vt in vts:
            if load > vt.capacity:
                reasons.append("load")
                continue
            s, e = vt.start_depot, vt.end_depot
            dep = problem.depots[s]
            arrive = max(vt.tw_early, dep.tw_early) + int(dur[s, loc])
            if arrive > late:
                reasons.append("early")
                continue
            last = back if back >= 0 else loc
            done = max(arrive, early) + service
            ret = done + int(dur[last, e]) if back < 0 else None
            end_late = min(vt.tw_late, problem.depots[e].tw_late)
            if ret is not None and ret > end_late:
                reasons.append("late")
                continue
            out_t = int(dur[s, loc])
            latest_start = max(min(late - out_t, dep.tw_late), vt.tw_early, dep.tw_early)
            shortest = max(out_t, early - latest_start) + service + int(dur[last, e])
            if back < 0 and shortest > vt.shift_duration:
                reasons.append("shift")
                continue
            if int(dist[s, loc]) + int(dist[last, e]) > vt.max_distance:
                reasons.append("distance")
                continue
            return None
        if all(r == "load" for r in reasons):
            cap = max(vt.capacity for vt in vts)
            return f"load {load} exceeds the largest truck capacity {cap}"
        if "early" in reasons and all(r in ("early", "load") for r in reasons):
            return f"time window closes at {late}, before any truck can get there"
        if "late" in reasons:
            return "no truck can serve it within its time window and be back before its shift ends"
        if "shift" in reasons:
            return "an out-and-back trip alone exceeds every truck's shift duration"
        return "an out-and-back trip alone exceeds every truck's maximum distance"

    for c in problem.clients:
        why = reach(
            c.location, max(c.delivery, c.pickup), c.tw_early, c.tw_late, c.service_duration
        )
        if why:
            out[c.location] = why
    for s in problem.shipments:
        why = reach(
            s.pickup_location,
            s.amount,
            s.pickup_tw_early,
            s.pickup_tw_late,
            s.pickup_service_duration,
        )
        why = why or reach(
            s.delivery_location,
            s.amount,
            s.delivery_tw_early,
            s.delivery_tw_late,
            s.delivery_service_duration,
        )
        if why:
            out[s.pickup_location] = why
            out[s.delivery_location] = why
    return out


def solve(
    problem: RoutingProblem,
    *,
    backend: str = "hubflow",
    time_limit: float = 10.0,
    seed: int = 0,
    warm_start: list[Route] | None = None,
    max_iterations: int | None = None,
    **options: object,
) -> RoutingResult:
    """Solve ``problem`` with the named back-end.

    Stops that no truck can serve on its own (too heavy, unreachable time window, ...) are
    taken out first and returned in ``unassigned`` with the reason (status ``PARTIAL`` if any
    is required). Pinned routes (``problem.pinned``) are kept as given and their stops and
    vehicles are not re-planned. Other stops go to the back-end; ``options`` are passed on
    to it. ``max_iterations`` (back-ends that take it: ``pyvrp``, ``hubflow``) stops the search
    on a count, so the routes do not depend on the machine; ``time_limit`` is then a ceiling and
    ``info["stopped_by"]`` says which came first. Optional stops left out are then tried as trips
    of their own from a reload depot (:mod:`hubflow.dispatch.reloads`), and stops, trips and routes
    that cost more than the prizes they collect are left out (:mod:`hubflow.dispatch.prizes`).
    """
    t0 = time.perf_counter()
    bad = unservable(problem)
    pinned_locs = {v for _, visits in problem.pinned for v in visits}
    used = np.zeros(len(problem.vehicle_types), dtype=int)
    for k, _ in problem.pinned:
        used[k] += 1
    keep = [
        loc
        for loc in range(problem.num_depots, problem.num_locations)
        if loc not in bad and loc not in pinned_locs
    ]
    simple = not bad and not problem.pinned
    impl = get_backend(backend)
    if max_iterations is not None:
        options["max_iterations"] = max_iterations
    if simple:
        res = impl.solve(
            problem, time_limit=time_limit, seed=seed, warm_start=warm_start, **options
        )
        routes = list(res.routes)
        claimed = res.cost
    else:
        counts = [
            vt.num_available - int(u) for vt, u in zip(problem.vehicle_types, used, strict=True)
        ]
        if min(counts) < 0:
            raise ValueError("pinned routes use more vehicles than available")
        sub = restrict(problem, keep, counts)
        has_stops = bool(sub.problem.clients or sub.problem.shipments)
        ws = sub.lower(warm_start) if warm_start else None
        if has_stops:
            res = impl.solve(
                sub.problem, time_limit=time_limit, seed=seed, warm_start=ws, **options
            )
            routes = sub.lift(res.routes)
            claimed = res.cost
        else:
            res = RoutingResult(Status.FEASIBLE, 0, ())
            routes, claimed = [], 0
        pinned_routes = [Route(k, visits) for k, visits in problem.pinned]
        claimed += sum(route_stats(problem, r).cost for r in pinned_routes)
        claimed += sum(c.prize for c in problem.clients if c.location in bad)
        claimed += sum(s.prize for s in problem.shipments if s.pickup_location in bad)
        routes = pinned_routes + routes
    if res.status.solved and reloads.applies(problem):
        frozen = len(problem.pinned)
        routes, delta = reloads.insert_with_reloads(problem, list(routes), frozen=frozen)
        claimed += delta
    if res.status.solved and prizes.applies(problem):
        routes, delta = prizes.drop_unprofitable(problem, list(routes), frozen=len(problem.pinned))
        claimed += delta
    unassigned = [Unassigned(loc, why) for loc, why in sorted(bad.items())]
    required_bad = any(c.required and c.location in bad for c in problem.clients) or any(
        s.required and s.pickup_location in bad for s in problem.shipments
    )
    status = res.status
    if status is Status.FEASIBLE and required_bad:
        status = Status.PARTIAL
    return RoutingResult(
        status=status,
        cost=claimed,
        routes=tuple(r for r in routes if r.visits),
        unassigned=tuple(unassigned) + tuple(res.unassigned),
        runtime=time.perf_counter() - t0,
        lower_bound=res.lower_bound,
        backend=backend,
        info=res.info,
    )
