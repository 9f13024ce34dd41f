"""The time grid and the departures of every service on it.

Times inside are integer minutes; the grid has one bucket per ``time_step_minutes``. A departure
at minute t leaves from bucket floor(t / step) (goods must be ready at that bucket's start) and
its goods are available at bucket ceil((t + transit) / step): both roundings are conservative, so
a plan on the grid is feasible in real minutes. A leg that crosses a border (see
``hubflow.model.handling``) leaves from the bucket of its departure less the export clearance
and is available after its arrival plus the import clearance.

By default a leg's ``arrival`` is the start of that bucket, and goods transferring at a hub
may leave it ``ready_bucket`` = the arrival bucket plus the handling rounded up to whole steps
(two roundings). With the scenario's ``chain_short_legs`` the ``arrival`` is kept in real
minutes (t + transit + import clearance): an order counts as delivered then, and a transfer
chains the handling to it before the one rounding, ready_bucket = ceil((arrival + handling) /
step). Both are feasible in real minutes, since the next departure leaves no earlier than the
start of its bucket; the second is never later, and a 15 km shuttle no longer costs a step of
its own at the end of an itinerary or where a hub's handling leaves room in its last step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from hubflow.distances import service_distance_km
from hubflow.model import Scenario, Service
from hubflow.model.handling import NO_CLEARANCE, Clearance, clearance


@dataclass(frozen=True, slots=True)
class ServiceRuns:
    """All departures of one service inside the horizon, in real minutes and in buckets."""

    service: Service
    distance_km: float
    minutes: tuple[int, ...]
    dep_bucket: tuple[int, ...]
    arr_bucket: tuple[int, ...]  # the first bucket at or after the arrival
    arrival: tuple[int, ...]  # minute the plan states as arrival (arr_bucket's start by default)
    ready_bucket: tuple[int, ...]  # goods transferring at the destination may leave it then
    clearance: Clearance = NO_CLEARANCE


def horizon_minutes(scenario: Scenario) -> int:
    """Enough time for every order to arrive: the release horizon or the last due + lateness."""
    p = scenario.parameters
    last_due = max((o.due for o in scenario.orders), default=0)
    return max(round(p.horizon_days * 1440), last_due + p.allowed_lateness) + p.time_step_minutes


def service_runs(scenario: Scenario) -> list[ServiceRuns]:
    """Expand every timetable over the horizon onto the grid, keeping the days its calendar allows."""
    step = scenario.parameters.time_step_minutes
    horizon = horizon_minutes(scenario)
    start = scenario.parameters.start
    weekday = start.weekday()
    runs = []
    for svc in scenario.services:
        c = clearance(scenario, svc)
        minutes = tuple(
            t
            for t in svc.timetable.departures(weekday, horizon, step)
            if svc.runs_on((start + timedelta(minutes=t)).date())
        )
        available = tuple(t + svc.transit_minutes + c.inbound_minutes for t in minutes)
        runs.append(
            ServiceRuns(
                service=svc,
                distance_km=service_distance_km(scenario, svc),
                minutes=minutes,
                dep_bucket=tuple((t - c.outbound_minutes) // step for t in minutes),
                arr_bucket=tuple(ceil_div(t, step) for t in available),
                arrival=available
                if scenario.parameters.chain_short_legs
                else tuple(ceil_div(t, step) * step for t in available),
                ready_bucket=_ready(scenario, svc.destination, available),
                clearance=c,
            )
        )
    return runs


def _ready(scenario: Scenario, site: str, available: tuple[int, ...]) -> tuple[int, ...]:
    """Buckets from which goods arriving at ``site`` at these minutes may leave it after its
    handling: rounded once with ``chain_short_legs``, else arrival and handling each rounded."""
    step = scenario.parameters.time_step_minutes
    handling = scenario.site(site).handling_minutes
    if scenario.parameters.chain_short_legs:
        return tuple(ceil_div(t + handling, step) for t in available)
    return tuple(ceil_div(t, step) + ceil_div(handling, step) for t in available)


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)
