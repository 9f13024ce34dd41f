"""VROOM back-end (pyvroom); needs ``pip install hubflow[vroom]``."""

from __future__ import annotations

import time
from datetime import timedelta

from hubflow.dispatch.problem import RoutingProblem
from hubflow.dispatch.result import Route, RoutingResult, Status, Unassigned
from hubflow.errors import BackendUnavailable, SolverError

U32 = 2**32 - 1


class VroomBackend:
    """VROOM with ``exploration_level`` (default 5) and ``threads`` (default 2).

    Cost = distance matrix x the (common) unit distance cost, plus fixed costs. VROOM has no
    prizes, reload depots, duration costs or per-type unit costs, and no limit on a route's
    duration (its ``max_travel_time`` counts driving only, not service and waiting): such
    problems are refused, as are matrix entries beyond its 32-bit integers (the forbidden
    arcs of backhaul files), which it would wrap into cheap arcs.
    """

    name = "vroom"

    def __init__(self, exploration_level: int = 5, threads: int = 2) -> None:
        self.exploration_level = exploration_level
        self.threads = threads

    def solve(
        self,
        problem: RoutingProblem,
        *,
        time_limit: float,
        seed: int = 0,
        warm_start: list[Route] | None = None,
    ) -> RoutingResult:
        try:
            import vroom
        except ImportError as e:
            raise BackendUnavailable(
                "The VROOM back-end needs pyvroom: pip install 'hubflow[vroom]'"
            ) from e
        vts = problem.vehicle_types
        units = {vt.unit_distance_cost for vt in vts}
        if len(units) > 1 or any(vt.unit_duration_cost for vt in vts):
            raise SolverError("VROOM back-end: vehicle types must share one unit distance cost.")
        if any(vt.reload_depots for vt in vts) or any(not c.required for c in problem.clients):
            raise SolverError("VROOM back-end: reload depots and optional stops unsupported.")
        _refuse_what_vroom_cannot_hold(problem, units)
        t0 = time.perf_counter()
        unit = units.pop()
        inp = vroom.Input()
        inp.set_durations_matrix("car", problem.duration)
        inp.set_costs_matrix("car", problem.distance * unit)

        def tw(e: int, lt: int) -> list:
            return [] if lt >= U32 and e == 0 else [vroom.TimeWindow(e, min(lt, U32))]

        vid = 0
        veh_type = {}
        for k, vt in enumerate(vts):
            sd, ed = problem.depots[vt.start_depot], problem.depots[vt.end_depot]
            early = max(vt.tw_early, sd.tw_early)
            late = min(vt.tw_late, ed.tw_late, U32)
            for _ in range(vt.num_available):
                kw = {}
                if vt.max_distance < U32:
                    kw["max_distance"] = int(vt.max_distance)
                inp.add_vehicle(
                    vroom.Vehicle(
                        vid,
                        start=vt.start_depot,
                        end=vt.end_depot,
                        capacity=[min(vt.capacity, U32)],
                        time_window=vroom.TimeWindow(early, late),
                        costs=vroom.VehicleCosts(fixed=vt.fixed_cost),
                        **kw,
                    )
                )
                veh_type[vid] = k
                vid += 1
        for c in problem.clients:
            inp.add_job(
                vroom.Job(
                    c.location,
                    c.location,
                    default_service=c.service_duration,
                    delivery=[c.delivery],
                    pickup=[c.pickup],
                    time_windows=tw(c.tw_early, c.tw_late),
                )
            )
        for s in problem.shipments:
            inp.add_shipment(
                vroom.ShipmentStep(
                    s.pickup_location,
                    s.pickup_location,
                    default_service=s.pickup_service_duration,
                    time_windows=tw(s.pickup_tw_early, s.pickup_tw_late),
                ),
                vroom.ShipmentStep(
                    s.delivery_location,
                    s.delivery_location,
                    default_service=s.delivery_service_duration,
                    time_windows=tw(s.delivery_tw_early, s.delivery_tw_late),
                ),
                amount=vroom.Amount([s.amount]),
            )
        left = max(0.1, time_limit - (time.perf_counter() - t0))
        sol = inp.solve(
            exploration_level=self.exploration_level,
            nb_threads=self.threads,
            timeout=timedelta(seconds=left),
        )
        df = sol.routes
        routes = []
        for v, grp in df.groupby("vehicle_id", sort=True):
            visits = tuple(
                int(i)
                for t, i in zip(grp["type"], grp["id"], strict=True)
                if t in ("job", "pickup", "delivery")
            )
            if visits:
                routes.append(Route(veh_type[int(v)], visits))
        served = {v for r in routes for v in r.visits}
        missing = [c.location for c in problem.clients if c.location not in served]
        missing += [
            loc
            for s in problem.shipments
            for loc in (s.pickup_location, s.delivery_location)
            if loc not in served
        ]
        return RoutingResult(
            status=Status.NO_SOLUTION if missing else Status.FEASIBLE,
            cost=int(sol.summary.cost),
            routes=tuple(routes),
            unassigned=tuple(Unassigned(m, "left unassigned by VROOM") for m in missing),
            runtime=time.perf_counter() - t0,
            backend=self.name,
            info={"seed_ignored": seed},
        )


def _refuse_what_vroom_cannot_hold(problem: RoutingProblem, units: set[int]) -> None:
    """Raise ``SolverError`` on matrix entries beyond VROOM's 32-bit integers and on a shift
    shorter than its vehicle's time window (a limit VROOM cannot state)."""
    unit = max(units)
    if problem.distance.max(initial=0) * unit > U32 or problem.duration.max(initial=0) > U32:
        raise SolverError(
            "VROOM back-end: matrix entries above 2^32 - 1 (VROOM's integers; e.g. the "
            "forbidden arcs of backhaul files) unsupported."
        )
    for k, vt in enumerate(problem.vehicle_types):
        start, end = problem.depots[vt.start_depot], problem.depots[vt.end_depot]
        window = min(vt.tw_late, end.tw_late) - max(vt.tw_early, start.tw_early)
        if vt.shift_duration < window:
            raise SolverError(
                f"VROOM back-end: vehicle type {k}'s shift of {vt.shift_duration} is shorter "
                f"than its time window ({window}): VROOM cannot limit a route's duration."
            )
