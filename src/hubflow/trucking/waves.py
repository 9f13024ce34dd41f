"""Own-fleet truck routes for a plan's local road legs: one routing problem per depot and day.

A road leg is *local* to a truck group when it starts or ends at the group's depot and an
out-and-back trip fits in one shift. Legs from the depot are deliveries, legs to it pickups; a
leg heavier than a truck is split into truck-loads. Each (group, day) is a wave: a small
vehicle-routing problem whose stops must be served inside the network plan's times: a delivery
between its goods' ready time plus the direct drive and the leg's planned arrival; a pickup from
the leg's departure until the direct drive back still meets its arrival. Local legs no truck can
serve stay with carriers (their tariff is already in the plan) and are listed as ``unrouted``
with the reason.

Distances are the scenario's own (:func:`hubflow.distances.road_km`: a road service's stated
distance wins). Two different sites are never 0 km apart on a route: the loads of a site that
shares its place with the depot, with no road distance between them, stay with carriers; two
stops of a wave that share a place are both routed, but the direct drive between them (unknown)
is forbidden by a prohibitive distance and duration, so a route reaches the second one through
another stop or the depot.

With a road speed profile (``Parameters.road_speeds``), drives take longer at rush hour
(:mod:`hubflow.dispatch.traffic`): the windows of the loads use the drive at its hour, the
search uses each arc at the slowest speed of the hours its drive can fall in (so a route on time
in the search is on time in traffic), and every route is then timed exactly in traffic, leaving
at the departure with the shortest duty.

Integer units inside: metres, minutes, 0.1 t and 1/10,000 of the currency, so that a cost per km
with one decimal is a whole number per metre (3.6 per km: 36 per metre) and the search prices a
route as the KPIs and the checker do (to 0.05 per km for finer prices). With 1/1000, 3.6 per km
was 4 per metre in the search (profitable routes left out) and 3.4 was 3 (losing routes kept).
Finer units do not help: PyVRP caps its penalty per minute late at 100,000 units, and a
minute's wage must stay well below it.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from hubflow.dispatch import Client, Depot, Location, RoutingProblem, RoutingResult, VehicleType
from hubflow.dispatch.traffic import SpeedProfile, conservative
from hubflow.distances import RoadDistances, service_distance_km
from hubflow.model import CarrierLoad, Leg, Plan, Scenario, TruckGroup, TruckRoute, TruckStop

TONNE = 10  # integer load units per tonne
MONEY = 10_000  # integer cost units per currency unit
DAY = 1440


class Roads:
    """Road km between a scenario's sites (:class:`hubflow.distances.RoadDistances`), and
    which different sites have none between them."""

    def __init__(self, scenario: Scenario) -> None:
        self.km = RoadDistances(scenario)

    def co_located(self, a: str, b: str) -> bool:
        """Two different sites with no road distance between them (same place, none stated)."""
        return a != b and self.km(a, b) == 0.0


@dataclass(frozen=True, slots=True)
class Job:
    """A truck-load of one leg: where, what, and the window in wave minutes."""

    order: str
    leg: Leg
    site: str
    action: str
    tonnes: float
    early: int
    late: int
    carrier_cost: float  # what the carrier tariff charges for this truck-load


@dataclass(frozen=True, slots=True)
class Wave:
    """One routing problem: a truck group's day, its jobs and the problem built from them."""

    group: TruckGroup
    day: int
    jobs: tuple[Job, ...]
    problem: RoutingProblem
    #: road speeds by hour, and the free-flow minutes between the wave's locations
    profile: SpeedProfile | None = None
    free: np.ndarray | None = None

    @property
    def origin(self) -> int:
        """Minute (from the scenario start) at which wave time 0 falls."""
        return self.day * DAY

    def arrive(self, a: int, b: int, t: int) -> int:
        """Wave minute of arrival at location ``b`` leaving ``a`` at wave minute ``t``."""
        if self.profile is None or self.free is None:
            return t + int(self.problem.duration[a, b])
        return self.profile.arrive(self.origin + t, int(self.free[a, b])) - self.origin


def local_jobs(
    scenario: Scenario, plan: Plan, roads: Roads | None = None
) -> tuple[dict[tuple[str, int], list[Job]], list[CarrierLoad]]:
    """Truck-loads of local road legs grouped by (truck group, day), and legs no truck can do."""
    roads = roads or Roads(scenario)
    profile = speed_profile(scenario)
    groups = {g.depot: g for g in scenario.fleet if g.count > 0}
    tariff = {
        s.id: s.cost_per_t + s.cost_per_tkm * service_distance_km(scenario, s)
        for s in scenario.services
    }
    waves: dict[tuple[str, int], list[Job]] = defaultdict(list)
    unrouted: list[CarrierLoad] = []
    # Truck-minutes of a wave's shifts: each full load takes at least its one-way drive (a
    # truck out with one and back with another), so loads beyond them go to carriers unrouted
    # and a wave never holds more stops than its trucks could drive to.
    shifts = {g.id: g.count * round(g.shift_hours * 60) for g in groups.values()}
    left: dict[tuple[str, int], int] = {}
    for it in plan.itineraries:
        for leg in it.legs:
            if leg.mode != "road":
                continue
            at_depot = leg.origin if leg.origin in groups else leg.destination
            if at_depot not in groups:
                continue
            group = groups[at_depot]
            action = "deliver" if leg.origin == at_depot else "pickup"
            site = leg.destination if action == "deliver" else leg.origin
            if roads.co_located(at_depot, site):
                unrouted.append(carrier(it.order, leg, _no_road(at_depot, site)))
                continue
            drive = _minutes(roads, group, at_depot, site)
            if 2 * drive > group.shift_hours * 60:
                continue  # not local: no out-and-back in one shift; carriers' long haul
            day = leg.departure // DAY
            base = day * DAY
            if action == "deliver":
                early = _arrive(profile, leg.departure, drive) - base
                late = leg.arrival - base
            else:
                early = leg.departure - base
                late = _latest_leave(profile, leg.arrival, drive) - base
            if late < early:
                unrouted.append(
                    carrier(
                        it.order,
                        leg,
                        "the leg's planned times leave no room for a truck from the depot",
                    )
                )
                continue
            per_t = tariff[leg.service]
            loads = _truckloads(leg.tonnes, group.capacity_t)
            room = left.setdefault((group.id, day), shifts[group.id])
            full = sum(load == group.capacity_t for load in loads)
            fit = min(full, room // max(drive, 1))
            left[group.id, day] = room - fit * max(drive, 1)
            kept = loads[:fit] + loads[full:]  # the remainder rides along with the others
            for load in kept:
                waves[group.id, day].append(
                    Job(it.order, leg, site, action, load, early, late, load * per_t)
                )
            if fit < full:
                why = (
                    f"more truck-loads than the {group.count} trucks of {group.id} drive in a shift"
                )
                unrouted.append(carrier(it.order, leg, why, (full - fit) * group.capacity_t))
    return {k: js for k, js in waves.items() if js}, unrouted


def speed_profile(scenario: Scenario) -> SpeedProfile | None:
    """The scenario's road speed profile, or None when the speed is the same all day."""
    steps = scenario.parameters.road_speed_profile
    return SpeedProfile.of(steps) if steps else None


def _arrive(profile: SpeedProfile | None, t: int, drive: int) -> int:
    return t + drive if profile is None else profile.arrive(t, drive)


def _latest_leave(profile: SpeedProfile | None, arrival: int, drive: int) -> int:
    """The latest minute to leave and still arrive by ``arrival`` (FIFO: a binary search)."""
    if profile is None:
        return arrival - drive
    lo, hi = arrival - drive - DAY, arrival - drive  # no drive is a day slower than free flow
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if profile.arrive(mid, drive) <= arrival else (lo, mid - 1)
    return lo


def _no_road(a: str, b: str) -> str:
    return f"no road distance between co-located sites {a} and {b}"


def build_waves(scenario: Scenario, plan: Plan) -> tuple[list[Wave], list[CarrierLoad]]:
    """The routing problem of every (group, day) with local road legs, in a stable order."""
    roads = Roads(scenario)
    jobs, unrouted = local_jobs(scenario, plan, roads)
    by_id = {g.id: g for g in scenario.fleet}
    profile = speed_profile(scenario)
    waves = []
    for (gid, day), js in sorted(jobs.items()):
        problem = _problem(roads, by_id[gid], js)
        if profile is None:
            waves.append(Wave(by_id[gid], day, tuple(js), problem))
            continue
        slow = _in_traffic(problem, profile, day * DAY)
        waves.append(Wave(by_id[gid], day, tuple(js), slow, profile, problem.duration))
    return waves, unrouted


def _in_traffic(problem: RoutingProblem, profile: SpeedProfile, origin: int) -> RoutingProblem:
    """The wave's problem with each drive at the slowest speed of the hours it can fall in:
    a drive from a stop starts once its window opens and ends by the next stop's window
    closing; from or to the depot it lasts at most the free-flow time at the day's slowest
    speed."""
    free = problem.duration
    n = problem.num_locations
    window = [(0, 2 * DAY)] + [(c.tw_early, c.tw_late) for c in problem.clients]
    worst = 1 / min(profile.factors)
    slow = free.copy()
    for a in range(n):
        for b in range(n):
            f = int(free[a, b])
            if a == b or not f or f >= NO_ROAD_MINUTES:
                continue
            longest = math.ceil(f * worst)
            lo = window[b][1] - longest if a == 0 else window[a][0]
            hi = window[a][1] + longest if b == 0 else window[b][1]
            slow[a, b] = conservative(f, profile, origin + lo, origin + max(lo, hi))
    return problem.replace(duration=slow)


def routes_of(
    wave: Wave, result: RoutingResult, starts: Sequence[int] = (0,)
) -> Iterator[TruckRoute]:
    """Translate a wave's solution into the planner's truck routes (times from the start).

    ``starts[k]``: the earliest departure (wave minutes) of vehicle type ``k``, a truck back
    from the previous day's route. A visit to the depot inside a route is a reload: the truck
    unloads its pickups and loads the deliveries of its next trip there.
    """
    p = wave.problem
    for route in result.routes:
        if not route.visits:
            continue
        start = _start(wave, route.visits, starts[route.vehicle_type])
        stops, t, prev = [], start, 0
        for loc in route.visits:
            t = wave.arrive(prev, loc, t)
            if loc == 0:
                stops.append(
                    TruckStop(
                        site=wave.group.depot,
                        order="",
                        service="",
                        departure=-1,
                        action="reload",
                        tonnes=0.0,
                        arrival=wave.origin + t,
                    )
                )
            else:
                job = wave.jobs[loc - 1]
                t = max(t, job.early)
                stops.append(
                    TruckStop(
                        site=job.site,
                        order=job.order,
                        service=job.leg.service,
                        departure=job.leg.departure,
                        action=job.action,
                        tonnes=job.tonnes,
                        arrival=wave.origin + t,
                    )
                )
            prev = loc
        end = wave.arrive(prev, 0, t)
        metres = sum(int(p.distance[a, b]) for a, b in _pairs([0, *route.visits, 0]))
        yield TruckRoute(
            fleet=wave.group.id,
            depot=wave.group.depot,
            start=wave.origin + start,
            end=wave.origin + end,
            stops=tuple(stops),
            distance_km=metres / 1000,
            cost=_route_cost(wave.group, metres, end - start),
        )


def _schedule(wave: Wave, visits: tuple[int, ...], start: int) -> tuple[int, bool]:
    """End minute of a route leaving at ``start`` (waiting where early), and whether it is on time."""
    t, prev, ok = start, 0, True
    for loc in visits:
        t = wave.arrive(prev, loc, t)
        if loc:
            job = wave.jobs[loc - 1]
            t = max(t, job.early)
            ok = ok and t <= job.late
        prev = loc
    return wave.arrive(prev, 0, t), ok


def _start(wave: Wave, visits: tuple[int, ...], earliest: int = 0) -> int:
    """The route's departure, not before ``earliest``: the latest that meets every window (the
    shortest duty), or the wave's last minute of its own day when that duty is as short, so the
    truck counts on the wave's day and is not taken from the next day's wave."""
    late = _latest_start(wave, visits, earliest)
    if wave.profile is not None:
        return _shortest_duty_start(wave, visits, earliest, late)
    last = DAY - 1
    if late <= last or last < earliest:
        return late
    end_late, _ = _schedule(wave, visits, late)
    end_last, ok = _schedule(wave, visits, last)
    return last if ok and end_last - last == end_late - late else late


#: in traffic, departures tried before the latest one (minutes apart): the shortest duty may
#: start earlier, before the rush hour
DEPARTURE_STEP = 5


def _shortest_duty_start(wave: Wave, visits: tuple[int, ...], earliest: int, late: int) -> int:
    """In traffic: the on-time departure with the shortest duty (the latest among equals),
    among ``late`` and every ``DEPARTURE_STEP`` minutes before it within the day before it."""
    best, best_duty = late, _schedule(wave, visits, late)[0] - late
    t = late - late % DEPARTURE_STEP
    while t >= max(earliest, late - DAY):
        end, ok = _schedule(wave, visits, t)
        if ok and end - t < best_duty:
            best, best_duty = t, end - t
        t -= DEPARTURE_STEP
    return best


def _latest_start(wave: Wave, visits: tuple[int, ...], earliest: int = 0) -> int:
    """The latest departure from the depot, not before ``earliest``, that still meets every
    window: the shortest duty."""
    lo, hi = earliest, 2 * DAY - 1  # a wave's routes start on its day or the next
    if not _schedule(wave, visits, lo)[1]:
        return lo
    while lo < hi:  # on-time is monotone: leaving later never makes a stop earlier
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if _schedule(wave, visits, mid)[1] else (lo, mid - 1)
    return lo


def _route_cost(group: TruckGroup, metres: int, minutes: int) -> float:
    """Fixed + per km + per hour (depot to depot, waiting included), in currency."""
    return group.fixed_cost + group.cost_per_km * metres / 1000 + group.cost_per_hour * minutes / 60


#: Distance (m) and duration (min) of a forbidden drive: longer than any wave's horizon, so a
#: route using it misses its windows and no back-end reports it as feasible.
NO_ROAD_METRES = 10**8
NO_ROAD_MINUTES = 100 * DAY


def _problem(roads: Roads, group: TruckGroup, jobs: list[Job]) -> RoutingProblem:
    sites = [group.depot, *(j.site for j in jobs)]
    n = len(sites)
    metres = np.zeros((n, n), dtype=np.int64)
    forbidden = np.zeros((n, n), dtype=bool)
    for a in range(n):
        for b in range(n):
            if roads.co_located(sites[a], sites[b]):
                forbidden[a, b] = True
            elif sites[a] != sites[b]:
                metres[a, b] = round(1000 * roads.km(sites[a], sites[b]))
    minutes = np.ceil(metres / 1000 / group.speed_kmh * 60).astype(np.int64)
    metres[forbidden] = NO_ROAD_METRES
    minutes[forbidden] = NO_ROAD_MINUTES
    clients = tuple(
        Client(
            location=i,
            delivery=math.ceil(j.tonnes * TONNE - 1e-9) if j.action == "deliver" else 0,
            pickup=math.ceil(j.tonnes * TONNE - 1e-9) if j.action == "pickup" else 0,
            tw_early=j.early,
            tw_late=j.late,
            required=False,
            prize=round(j.carrier_cost * MONEY),
            name=f"{j.order}@{j.site}",
        )
        for i, j in enumerate(jobs, start=1)
    )
    return RoutingProblem(
        locations=tuple(Location(name=s) for s in sites),
        depots=(Depot(location=0, name=group.depot),),
        clients=clients,
        vehicle_types=(_vehicle_type(group, 2 * DAY),),
        distance=metres,
        duration=minutes,
        scale=MONEY,
        name=f"{group.id}",
    )


def _vehicle_type(group: TruckGroup, horizon: int) -> VehicleType:
    return VehicleType(
        num_available=group.count,
        capacity=round(group.capacity_t * TONNE),
        fixed_cost=round(group.fixed_cost * MONEY),
        unit_distance_cost=round(group.cost_per_km * MONEY / 1000),
        unit_duration_cost=round(group.cost_per_hour * MONEY / 60),
        tw_early=0,
        tw_late=horizon if horizon else np.iinfo(np.int64).max,
        shift_duration=round(group.shift_hours * 60),
        reload_depots=(0,),  # back at the depot, a truck may load again within its shift
        name=group.id,
    )


def _minutes(roads: Roads, group: TruckGroup, a: str, b: str) -> int:
    return math.ceil(round(1000 * roads.km(a, b)) / 1000 / group.speed_kmh * 60)


def _truckloads(tonnes: float, capacity: float) -> list[float]:
    """Full truck-loads and the remainder (remainders under 1 kg are dropped as rounding)."""
    full = int(tonnes // capacity)
    rest = tonnes - full * capacity
    return [capacity] * full + ([rest] if rest > 1e-3 else [])


def carrier(order: str, leg: Leg, why: str, tonnes: float | None = None) -> CarrierLoad:
    return CarrierLoad(
        order=order,
        service=leg.service,
        departure=leg.departure,
        tonnes=leg.tonnes if tonnes is None else tonnes,
        reason=why,
    )


def _pairs(seq: list[int]) -> Iterator[tuple[int, int]]:
    return itertools.pairwise(seq)
