"""PyVRP (iterated local search) back-end: the default."""

from __future__ import annotations

import time
from collections.abc import Callable

import pyvrp
from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria

from hubflow.dispatch.problem import INF, RoutingProblem
from hubflow.dispatch.result import Route, RoutingResult, Status


def _lim(v: int) -> int:
    return int(min(v, INF))


def to_pyvrp(problem: RoutingProblem) -> pyvrp.ProblemData:
    """The same problem as PyVRP ``ProblemData`` (locations, clients and shipments 1:1)."""
    locs = [pyvrp.Location(x=loc.x or 0, y=loc.y or 0) for loc in problem.locations]
    depots = [
        pyvrp.Depot(location=d.location, tw_early=d.tw_early, tw_late=d.tw_late)
        for d in problem.depots
    ]
    clients = [
        pyvrp.Client(
            location=c.location,
            delivery=[c.delivery],
            pickup=[c.pickup],
            service_duration=c.service_duration,
            tw_early=c.tw_early,
            tw_late=c.tw_late,
            prize=c.prize,
            required=c.required,
        )
        for c in problem.clients
    ]
    shipments = [
        pyvrp.Shipment(
            pickup_location=s.pickup_location,
            delivery_location=s.delivery_location,
            pickup_tw_early=s.pickup_tw_early,
            pickup_tw_late=s.pickup_tw_late,
            pickup_service_duration=s.pickup_service_duration,
            delivery_tw_early=s.delivery_tw_early,
            delivery_tw_late=s.delivery_tw_late,
            delivery_service_duration=s.delivery_service_duration,
            amount=[s.amount],
            prize=s.prize,
            required=s.required,
        )
        for s in problem.shipments
    ]
    vts = [
        pyvrp.VehicleType(
            num_available=vt.num_available,
            capacity=[_lim(vt.capacity)],
            start_depot=vt.start_depot,
            end_depot=vt.end_depot,
            fixed_cost=vt.fixed_cost,
            tw_early=vt.tw_early,
            tw_late=vt.tw_late,
            shift_duration=vt.shift_duration,
            max_distance=vt.max_distance,
            unit_distance_cost=vt.unit_distance_cost,
            unit_duration_cost=vt.unit_duration_cost,
            reload_depots=list(vt.reload_depots),
            max_reloads=min(vt.max_reloads, 2**63 - 1),
        )
        for vt in problem.vehicle_types
    ]
    return pyvrp.ProblemData(
        locations=locs,
        clients=clients,
        depots=depots,
        vehicle_types=vts,
        distance_matrices=[problem.distance],  # type: ignore[list-item]
        duration_matrices=[problem.duration],  # type: ignore[list-item]
        shipments=shipments,
    )


def _activity_of(problem: RoutingProblem) -> dict[int, pyvrp.Activity]:
    A, T = pyvrp.Activity, pyvrp.ActivityType
    out = {d.location: A(T.DEPOT, i) for i, d in enumerate(problem.depots)}
    out.update({c.location: A(T.CLIENT, i) for i, c in enumerate(problem.clients)})
    for i, s in enumerate(problem.shipments):
        out[s.pickup_location] = A(T.PICKUP, i)
        out[s.delivery_location] = A(T.DELIVERY, i)
    return out


def to_solution(
    problem: RoutingProblem, data: pyvrp.ProblemData, routes: list[Route]
) -> pyvrp.Solution:
    """Routes (location indices) as a PyVRP solution, e.g. for a warm start."""
    act = _activity_of(problem)
    out = []
    for r in routes:
        if not r.visits:
            continue
        acts = [act[v] for v in r.visits]  # start and end depots are implied
        out.append(pyvrp.Route(data, acts, r.vehicle_type))
    return pyvrp.Solution(data, out)


def from_solution(problem: RoutingProblem, sol: pyvrp.Solution) -> list[Route]:
    """PyVRP routes as location-index routes (start and end depot dropped, reloads kept)."""
    data_loc = {}
    for i, d in enumerate(problem.depots):
        data_loc[(pyvrp.ActivityType.DEPOT, i)] = d.location
    for i, c in enumerate(problem.clients):
        data_loc[(pyvrp.ActivityType.CLIENT, i)] = c.location
    for i, s in enumerate(problem.shipments):
        data_loc[(pyvrp.ActivityType.PICKUP, i)] = s.pickup_location
        data_loc[(pyvrp.ActivityType.DELIVERY, i)] = s.delivery_location
    routes = []
    for r in sol.routes():
        acts = list(r.schedule())
        visits = tuple(data_loc[(a.type, a.idx)] for a in acts[1:-1])
        routes.append(Route(r.vehicle_type(), visits))
    return routes


def solution_cost(sol: pyvrp.Solution) -> int:
    return int(
        sol.fixed_vehicle_cost()
        + sol.distance_cost()
        + sol.duration_cost()
        + sol.uncollected_prizes()
    )


class PyVRPBackend:
    """One PyVRP search on one core, stopped by wall time or, given ``max_iterations``, by a
    count of iterations (with the wall time as a ceiling)."""

    name = "pyvrp"

    def solve(
        self,
        problem: RoutingProblem,
        *,
        time_limit: float,
        seed: int = 0,
        warm_start: list[Route] | None = None,
        data: pyvrp.ProblemData | None = None,
        max_iterations: int | None = None,
        params: pyvrp.SolveParams | None = None,
        search: Callable[..., pyvrp.Result] = pyvrp.solve,
    ) -> RoutingResult:
        """``max_iterations`` (optional) also stops the search: with it the result depends
        only on the seed, not on the machine's speed, unless ``time_limit`` comes first;
        ``info["stopped_by"]`` says which did (``iterations`` or ``time_limit``). ``params``
        are PyVRP's solver parameters (default: PyVRP's defaults); ``search`` the function
        with :func:`pyvrp.solve`'s signature that runs it (the anchor's follower passes its own)."""
        t0 = time.perf_counter()
        data = data if data is not None else to_pyvrp(problem)
        init = to_solution(problem, data, warm_start) if warm_start else None
        remaining = max(0.0, time_limit - (time.perf_counter() - t0))
        stop: MaxRuntime | MultipleCriteria = MaxRuntime(remaining)
        if max_iterations is not None:
            stop = MultipleCriteria([stop, MaxIterations(max_iterations)])
        res = search(
            data,
            stop,
            seed=seed,
            collect_stats=False,
            params=params if params is not None else pyvrp.SolveParams(),
            initial_solution=init,
        )
        best = res.best
        routes = from_solution(problem, best)
        counted = max_iterations is not None and res.num_iterations >= max_iterations
        return RoutingResult(
            status=Status.FEASIBLE if best.is_feasible() else Status.NO_SOLUTION,
            cost=solution_cost(best),
            routes=tuple(routes),
            runtime=time.perf_counter() - t0,
            backend=self.name,
            info={
                "iterations": res.num_iterations,
                "seed": seed,
                "stopped_by": "iterations" if counted else "time_limit",
            },
        )
