"""``dispatch_plan``: solve every wave of a plan within one deadline and put the routes in the plan.

Waves of a truck group are solved day by day, and the fleet carries over from one day to the
next: a route may run into the next day (the wave's horizon is two days). A route that *starts*
on a later day takes its truck from that day's wave; a route that starts on its own day and runs
past midnight blocks its truck in the next day's wave until it is back (that truck is a vehicle
type of its own there, available from its return). So no (group, day) starts more routes than
the group has trucks, and no two routes of a group overlap beyond its truck count.

Determinism: given ``seconds``, each wave's search stops after a count of iterations derived
from ``seconds`` and the plan's number of stops (:func:`wave_iterations`), so the same plan,
seed and options give the same routes on any machine; the deadline is then only a ceiling, and
the plan's ``stats`` count the waves that hit it (``dispatch_waves_at_time_limit``: their routes
depend on the machine's speed). Without ``seconds`` the searches stop on the deadline alone.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterator

from hubflow.deadline import Deadline, Progress, ProgressEvent
from hubflow.dispatch import RoutingResult, Status, check_routes, solve
from hubflow.dispatch.backends import stops_on_iterations
from hubflow.model import CarrierLoad, Plan, Scenario, TruckRoute
from hubflow.trucking.waves import DAY, MONEY, Wave, build_waves, carrier, routes_of

MIN_WAVE_SECONDS = 0.05  # a wave whose share has run out still gets a short search
#: PyVRP's search on a plan's waves: about this many seconds per stop and iteration on one
#: idle core of the reference machine (2 cores, 2026: the example's 46 waves, 1,300 stops,
#: 1,000 iterations each in 10.9 s)
SECONDS_PER_STOP_ITERATION = 8e-6
#: the share of the nominal seconds that the iterations fill on that core: the rest is
#: headroom for a slower or busy machine before the deadline cuts a search short
ITERATION_SHARE = 0.25
MIN_ITERATIONS, MAX_ITERATIONS = 25, 20_000


def wave_iterations(stops: int, seconds: float) -> int:
    """Iterations for each wave's search when all waves together have ``stops`` stops and
    ``seconds`` of routing: a search's time grows with its stops times its iterations, so
    every wave gets the same count, a quarter of what fills ``seconds`` on the reference core."""
    fill = ITERATION_SHARE * seconds / (SECONDS_PER_STOP_ITERATION * max(stops, 1))
    return int(min(MAX_ITERATIONS, max(MIN_ITERATIONS, fill)))


def dispatch_plan(
    scenario: Scenario,
    plan: Plan,
    *,
    deadline: Deadline,
    backend: str = "hubflow",
    seed: int = 0,
    progress: Progress | None = None,
    seconds: float | None = None,
) -> Plan:
    """The plan with own-fleet truck routes for its local road legs (``routes``, ``unrouted``).

    With ``seconds`` (nominal routing seconds, from the options) every wave stops on
    :func:`wave_iterations` and may use what is left of ``deadline`` as its ceiling; without,
    the waves share what is left of ``deadline`` in proportion to their stops, re-computed
    before each wave so that time a wave did not use goes to the later ones.
    """
    waves, unrouted = build_waves(scenario, plan)
    stops_left = sum(len(w.jobs) for w in waves)
    iterations = None
    if seconds is not None and stops_on_iterations(backend):
        iterations = wave_iterations(stops_left, seconds)
    at_limit = 0
    busy: Counter[tuple[str, int]] = Counter()  # trucks of (group, day) held by earlier waves
    back: dict[tuple[str, int], list[int]] = defaultdict(list)  # return minutes, past midnight
    routes: list[TruckRoute] = []
    for i, wave in enumerate(waves, start=1):
        share = len(wave.jobs) / stops_left if stops_left else 1.0
        stops_left -= len(wave.jobs)
        key = (wave.group.id, wave.day)
        release = sorted(back[key])[: max(0, wave.group.count - busy[key])]
        free = wave.group.count - busy[key] - len(release)
        ceiling = deadline if iterations is not None else deadline.share(share)
        result, starts = _solve_wave(wave, free, release, ceiling, backend, seed, iterations)
        at_limit += iterations is None or result.info.get("stopped_by") == "time_limit"
        mine = [r for r in routes_of(wave, result, starts) if _pays(wave, r)]
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
    stats = dict(
        plan.stats,
        dispatch_waves=float(len(waves)),
        dispatch_iterations=float(iterations or 0),
        dispatch_waves_at_time_limit=float(at_limit),
    )
    return dataclasses.replace(
        plan, dispatched=True, routes=tuple(routes), unrouted=tuple(unrouted), stats=stats
    )


def _solve_wave(
    wave: Wave,
    free: int,
    release: list[int],
    deadline: Deadline,
    backend: str,
    seed: int,
    iterations: int | None,
) -> tuple[RoutingResult, list[int]]:
    """The wave's routes with ``free`` trucks from the start of its day and one truck from each
    minute in ``release``; and each vehicle type's earliest start. No routes when no truck is
    free or the back-end's answer does not pass the checker. With ``iterations`` the search
    stops after that many (``deadline`` only as a ceiling)."""
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
        result = solve(
            problem, backend=backend, time_limit=budget, seed=seed, max_iterations=iterations
        )
    if not result.status.solved or check_routes(problem, result):
        return dataclasses.replace(result, status=Status.NO_SOLUTION, routes=()), starts
    return result, starts


def _pays(wave: Wave, route: TruckRoute) -> bool:
    """The route costs less than the carrier tariff of its loads, in the currency: the search
    prices both exactly for costs per km with two decimals, this guards the rest."""
    tariff = {
        (j.order, j.leg.service, j.leg.departure, j.action): j.carrier_cost / j.tonnes
        for j in wave.jobs
    }
    replaced = sum(
        tariff[x.order, x.service, x.departure, x.action] * x.tonnes
        for x in route.stops
        if x.action != "reload"
    )
    return route.cost < replaced


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
