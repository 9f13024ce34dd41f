"""OR-Tools routing back-end (guided local search); needs ``pip install hubflow[ortools]``."""

from __future__ import annotations

import time

import numpy as np

from hubflow.dispatch.problem import RoutingProblem
from hubflow.dispatch.result import Route, RoutingResult, Status
from hubflow.errors import BackendUnavailable, SolverError

BIG = 2**50
FIRST = None


def _c(v: int) -> int:
    return int(min(v, BIG))


class ORToolsBackend:
    """OR-Tools' routing library: a first solution (parallel cheapest insertion with time
    windows, savings above 1,000 stops, else path cheapest arc), then guided local search.

    Simultaneous pickup and delivery is modelled with a load dimension whose start equals
    the route's total delivery. Reload depots are not supported.
    """

    name = "ortools"

    def solve(
        self,
        problem: RoutingProblem,
        *,
        time_limit: float,
        seed: int = 0,
        warm_start: list[Route] | None = None,
    ) -> RoutingResult:
        try:
            from ortools.constraint_solver import pywrapcp, routing_enums_pb2
        except ImportError as e:
            raise BackendUnavailable(
                "The OR-Tools back-end needs ortools: pip install 'hubflow[ortools]'"
            ) from e
        if any(vt.reload_depots for vt in problem.vehicle_types):
            raise SolverError("The OR-Tools back-end does not support reload depots.")
        t0 = time.perf_counter()
        n = problem.num_locations
        veh_type = [
            k for k, vt in enumerate(problem.vehicle_types) for _ in range(vt.num_available)
        ]
        vts = problem.vehicle_types
        starts = [vts[k].start_depot for k in veh_type]
        ends = [vts[k].end_depot for k in veh_type]
        manager = pywrapcp.RoutingIndexManager(n, len(veh_type), starts, ends)
        model = pywrapcp.RoutingModel(manager)
        kinds = problem.stop_kinds()
        service = [0] * n
        early = [0] * n
        late = [BIG] * n
        delivery = [0] * n
        pickup = [0] * n
        for c in problem.clients:
            service[c.location] = c.service_duration
            early[c.location], late[c.location] = c.tw_early, _c(c.tw_late)
            delivery[c.location], pickup[c.location] = c.delivery, c.pickup
        for s in problem.shipments:
            for loc, sv, opens, lt in (
                (s.pickup_location, s.pickup_service_duration, s.pickup_tw_early, s.pickup_tw_late),
                (
                    s.delivery_location,
                    s.delivery_service_duration,
                    s.delivery_tw_early,
                    s.delivery_tw_late,
                ),
            ):
                service[loc], early[loc], late[loc] = sv, opens, _c(lt)
            pickup[s.pickup_location] += s.amount
            delivery[s.delivery_location] += s.amount

        node = manager.IndexToNode
        # Matrices and vectors are registered on the C++ side (no Python call per arc).
        cost_cb: dict[int, int] = {}
        for v, k in enumerate(veh_type):
            u = vts[k].unit_distance_cost
            if u not in cost_cb:
                cost_cb[u] = model.RegisterTransitMatrix((problem.distance * u).tolist())
            model.SetArcCostEvaluatorOfVehicle(cost_cb[u], v)
            model.SetFixedCostOfVehicle(vts[k].fixed_cost, v)

        # Time: travel + service at the origin; waiting allowed (slack).
        time_cb = model.RegisterTransitMatrix(
            (problem.duration + np.asarray(service, dtype=np.int64)[:, None]).tolist()
        )
        model.AddDimension(time_cb, BIG, BIG, False, "time")
        tdim = model.GetDimensionOrDie("time")
        for loc in range(problem.num_depots, n):
            tdim.CumulVar(manager.NodeToIndex(loc)).SetRange(early[loc], late[loc])
        for v, k in enumerate(veh_type):
            vt = vts[k]
            sd, ed = problem.depots[vt.start_depot], problem.depots[vt.end_depot]
            tdim.CumulVar(model.Start(v)).SetRange(
                max(vt.tw_early, sd.tw_early), _c(min(vt.tw_late, sd.tw_late))
            )
            tdim.CumulVar(model.End(v)).SetRange(
                max(vt.tw_early, ed.tw_early), _c(min(vt.tw_late, ed.tw_late))
            )
            if vt.shift_duration < BIG:
                tdim.SetSpanUpperBoundForVehicle(vt.shift_duration, v)
            if vt.unit_duration_cost:
                tdim.SetSpanCostCoefficientForVehicle(vt.unit_duration_cost, v)
            model.AddVariableMinimizedByFinalizer(tdim.CumulVar(model.Start(v)))
            model.AddVariableMinimizedByFinalizer(tdim.CumulVar(model.End(v)))

        if any(vt.max_distance < BIG for vt in vts):
            dcb = model.RegisterTransitMatrix(problem.distance.tolist())
            model.AddDimensionWithVehicleCapacity(
                dcb, 0, [_c(vts[k].max_distance) for k in veh_type], True, "distance"
            )

        caps = [_c(vts[k].capacity) for k in veh_type]
        has_del = any(c.delivery for c in problem.clients)
        has_pick = problem.has_pickups or bool(problem.shipments)
        if has_del and not has_pick:  # classic CVRP: load grows with what is dropped
            dcb = model.RegisterUnaryTransitVector(delivery)
            model.AddDimensionWithVehicleCapacity(dcb, 0, caps, True, "load")
        elif has_pick:
            load_cb = model.RegisterUnaryTransitVector(
                [a - b for a, b in zip(pickup, delivery, strict=True)]
            )
            # On board = the route's total client delivery + picked up - dropped so far.
            model.AddDimensionWithVehicleCapacity(load_cb, 0, caps, not has_del, "load")
            ldim = model.GetDimensionOrDie("load")
            if has_del:
                dcb2 = model.RegisterUnaryTransitVector(
                    [delivery[i] if kinds[i][0] == "client" else 0 for i in range(n)]
                )
                model.AddDimension(dcb2, 0, BIG, True, "delivered")
                ddim = model.GetDimensionOrDie("delivered")
                for v in range(len(veh_type)):
                    model.solver().Add(ldim.CumulVar(model.Start(v)) == ddim.CumulVar(model.End(v)))
        for s in problem.shipments:
            pi, di = (
                manager.NodeToIndex(s.pickup_location),
                manager.NodeToIndex(s.delivery_location),
            )
            model.AddPickupAndDelivery(pi, di)
            model.solver().Add(model.VehicleVar(pi) == model.VehicleVar(di))
            model.solver().Add(tdim.CumulVar(pi) <= tdim.CumulVar(di))
            if not s.required:
                model.AddDisjunction([pi, di], s.prize, 2)
        for c in problem.clients:
            if not c.required:
                model.AddDisjunction([manager.NodeToIndex(c.location)], c.prize)
        for d in range(problem.num_depots):
            if d not in starts and d not in ends:
                model.AddDisjunction([manager.NodeToIndex(d)], 0)

        params = pywrapcp.DefaultRoutingSearchParameters()
        fs = routing_enums_pb2.FirstSolutionStrategy
        has_tw = any(late[i] < BIG for i in range(n)) or bool(problem.shipments)
        # Path-cheapest-arc often finds no first solution with tight windows (e.g. R102).
        params.first_solution_strategy = FIRST or (
            fs.PARALLEL_CHEAPEST_INSERTION
            if has_tw
            else (fs.SAVINGS if n > 1000 else fs.PATH_CHEAPEST_ARC)
        )
        params.local_search_metaheuristic = (
            routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
        )
        left = max(0.1, time_limit - (time.perf_counter() - t0))
        params.time_limit.FromMilliseconds(int(left * 1000))
        sol = None
        if warm_start:
            by_type: dict[int, list[int]] = {}
            for v, k in enumerate(veh_type):
                by_type.setdefault(k, []).append(v)
            init: list[list[int]] = [[] for _ in veh_type]
            for r in warm_start:
                if by_type.get(r.vehicle_type):
                    init[by_type[r.vehicle_type].pop(0)] = [
                        v for v in r.visits if kinds[v][0] != "depot"
                    ]
            model.CloseModelWithParameters(params)
            first = model.ReadAssignmentFromRoutes(init, True)
            sol = model.SolveFromAssignmentWithParameters(first, params) if first else None
        if sol is None:
            sol = model.SolveWithParameters(params)
        if sol is None:
            return RoutingResult(
                Status.NO_SOLUTION, 0, (), runtime=time.perf_counter() - t0, backend=self.name
            )
        routes = []
        for v, k in enumerate(veh_type):
            idx = sol.Value(model.NextVar(model.Start(v)))
            visits = []
            while not model.IsEnd(idx):
                visits.append(node(idx))
                idx = sol.Value(model.NextVar(idx))
            if visits:
                routes.append(Route(k, tuple(visits)))
        return RoutingResult(
            status=Status.FEASIBLE,
            cost=int(sol.ObjectiveValue()),
            routes=tuple(routes),
            runtime=time.perf_counter() - t0,
            backend=self.name,
            info={"seed_ignored": seed},
        )
