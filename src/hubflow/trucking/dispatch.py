"""``dispatch_plan``: solve every wave of a plan within one deadline and put the routes in the plan.

Waves of a truck group are solved day by day, and the fleet carries over from one day to the
next: a route may run into the next day (the wave's horizon is two days). A route that *starts*
on a later day takes its truck from that day's wave; a route that starts on its own day and runs
past midnight blocks its truck in the next day's wave until it is back (that truck is a vehicle
type of its own there, available from its return). So no (group, day) starts more routes than
the group has trucks, and no two routes of a group overlap beyond its truck count.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections import Counter, defaultdict
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
    back: dict[tuple[str, int], list[int]] = defaultdict(list)  # return minutes, past midnight
    routes: list[TruckRoute] = []
    for i, wave in enumerate(waves, start=1):
        share = len(wave.jobs) / stops_left if stops_left else 1.0
        stops_left -= len(wave.jobs)
        key = (wave.group.id, wave.day)
        release = sorted(back[key])[: max(0, wave.group.count - busy[key])]
        free = wave.group.count - busy[key] - len(release)
        result, starts = _solve_wave(wave, free, release, deadline.share(share), backend, seed)
        mine = list(routes_of(wave, result, starts))
        for r in mine:
            if r.start // DAY > wave.day:
                busy[r.fleet, r.start // DAY] += 1
            elif r.end > (wave.day + 1) * DAY:
                back[r.fleet, wave.day + 1].append(r.end - (wave.day + 1) * DAY)
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
    wave: Wave, free: int, release: list[int], deadline: Deadline, backend: str, seed: int
) -> tuple[RoutingResult, list[int]]:
    """The wave's routes with ``free`` trucks from the start of its day and one truck from each
    minute in ``release``; and each vehicle type's earliest start. No routes when no truck is
    free or the back-end's answer does not pass the checker."""
    (vt,) = wave.problem.vehicle_types
    types = [dataclasses.replace(vt, num_available=free)] if free > 0 else []
    types += [dataclasses.replace(vt, num_available=1, tw_early=b) for b in release]
    starts = [t.tw_early for t in types]
    if not types:
        return RoutingResult(Status.NO_SOLUTION, cost=0, routes=(), backend=backend), starts
    problem = wave.problem.replace(vehicle_types=tuple(types))
    with warnings.catch_warnings():  # PyVRP warns on waves the fleet cannot fully serve
        warnings.simplefilter("ignore")
        budget = max(MIN_WAVE_SECONDS, deadline.left())
        result = solve(problem, backend=backend, time_limit=budget, seed=seed)
    if not result.status.solved or check_routes(problem, result):
        return dataclasses.replace(result, status=Status.NO_SOLUTION, routes=()), starts
    return result, starts


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
