"""``dispatch_plan``: solve every wave of a plan within one deadline and put the routes in the plan.

Waves of a truck group are solved day by day; a route may run into the next day (the wave's
horizon is two days), so the trucks it holds there are taken from the next day's wave: no
(group, day) starts more routes than the group has trucks.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections import Counter
from collections.abc import Iterator

from hubflow.deadline import Deadline, Progress, ProgressEvent
from hubflow.dispatch import RoutingResult, Status, check_routes, solve
from hubflow.model import CarrierLoad, Plan, Scenario, TruckRoute
from hubflow.trucking.waves import DAY, MONEY, Wave, build_waves, carrier, routes_of

MIN_WAVE_SECONDS = 0.05  # a wave whose share has run out still gets a short search


def dispatch_plan(
    scenario: Scenario,
    plan: Plan,
    *,
    deadline: Deadline,
    backend: str = "hubflow",
    seed: int = 0,
    progress: Progress | None = None,
) -> Plan:
    """The plan with own-fleet truck routes for its local road legs (``routes``, ``unrouted``).

    The waves share what is left of ``deadline`` in proportion to their stops, re-computed
    before each wave so that time a wave did not use goes to the later ones.
    """
    waves, unrouted = build_waves(scenario, plan)
    stops_left = sum(len(w.jobs) for w in waves)
    busy: Counter[tuple[str, int]] = Counter()  # trucks of (group, day) held by earlier waves
    routes: list[TruckRoute] = []
    for i, wave in enumerate(waves, start=1):
        share = len(wave.jobs) / stops_left if stops_left else 1.0
        stops_left -= len(wave.jobs)
        free = wave.group.count - busy[wave.group.id, wave.day]
        result = _solve_wave(wave, free, deadline.share(share), backend, seed)
        mine = list(routes_of(wave, result))
        busy.update((r.fleet, r.start // DAY) for r in mine if r.start // DAY > wave.day)
        routes.extend(mine)
        unrouted.extend(_left_over(wave, mine))
        if progress is not None:
            progress(
                ProgressEvent(
                    stage="dispatch",
                    objective=result.cost / MONEY if result.status.solved else None,
                    solver=result.backend or backend,
                    detail=f"wave {i}/{len(waves)}",
                )
            )
    return dataclasses.replace(
        plan, dispatched=True, routes=tuple(routes), unrouted=tuple(unrouted)
    )


def _solve_wave(
    wave: Wave, free: int, deadline: Deadline, backend: str, seed: int
) -> RoutingResult:
    """The wave's routes with ``free`` trucks; nothing when no truck is free or the back-end's
    answer does not pass the checker."""
    if free <= 0:
        return RoutingResult(status=Status.NO_SOLUTION, cost=0, routes=(), backend=backend)
    (vt,) = wave.problem.vehicle_types
    problem = wave.problem.replace(vehicle_types=(dataclasses.replace(vt, num_available=free),))
    with warnings.catch_warnings():  # PyVRP warns on waves the fleet cannot fully serve
        warnings.simplefilter("ignore")
        budget = max(MIN_WAVE_SECONDS, deadline.left())
        result = solve(problem, backend=backend, time_limit=budget, seed=seed)
    if not result.status.solved or check_routes(problem, result):
        return dataclasses.replace(result, status=Status.NO_SOLUTION, routes=())
    return result


def _left_over(wave: Wave, mine: list[TruckRoute]) -> Iterator[CarrierLoad]:
    """Carrier loads for the wave's jobs that no route serves."""
    served = Counter(
        (x.order, x.service, x.departure, x.action, x.tonnes) for r in mine for x in r.stops
    )
    for job in wave.jobs:
        key = (job.order, job.leg.service, job.leg.departure, job.action, job.tonnes)
        if served[key]:
            served[key] -= 1
        else:
            yield carrier(
                job.order,
                job.leg,
                "cheaper by carrier, or no own truck free in its window",
                job.tonnes,
            )
