"""Lookups the checks share, built once per check from the scenario and the plan alone.

Everything here is an input lookup (ids, timetables, stated distances), never a result of the
engines, so that a bug there cannot hide itself from the checker.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from hubflow.distances import service_distance_km
from hubflow.model import Commodity, Itinerary, Order, Plan, Scenario, Service

TOL_T = 1e-4  # tonnes


@dataclass(frozen=True, slots=True)
class Facts:
    """Orders, services and their departures by id; unserved tonnes per order; the time step."""

    scenario: Scenario
    plan: Plan
    step: int
    orders: dict[str, Order]
    services: dict[str, Service]
    km: dict[str, float]  # each service's distance by its stated rule
    timetable: dict[str, frozenset[int]]  # non-continuous services' departure minutes
    unserved_t: dict[str, float]

    def commodity(self, order: Order) -> Commodity:
        return self.scenario.commodity(order.commodity)

    def departs(self, service: Service, minute: int) -> bool:
        """Whether the service's timetable and calendar have a departure at this minute."""
        if minute < 0 or not self.in_calendar(service, minute):
            return False
        if service.timetable.kind == "continuous":
            return minute % self.step == 0
        return minute in self.timetable[service.id]

    def in_calendar(self, service: Service, minute: int) -> bool:
        """Whether the local date of this minute lies in the service's valid dates, not a day off."""
        day = (self.scenario.parameters.start + timedelta(minutes=minute)).date()
        after_first = service.valid_from is None or service.valid_from <= day
        before_last = service.valid_until is None or day <= service.valid_until
        return after_first and before_last and day not in service.days_off

    def may_carry(self, service: Service, order: Order) -> bool:
        """Whether the service's list (empty = all) names the order's commodity or its group."""
        named = set(service.commodities)
        group = self.scenario.commodity(order.commodity).group
        return not named or order.commodity in named or (group != "" and group in named)

    def payload(self, service: Service, order: Order) -> float:
        """Tonnes of the order's commodity one vehicle of the service carries: the payload
        named for the commodity, else for its group, else the service's capacity."""
        named = dict(service.payload_t)
        group = self.scenario.commodity(order.commodity).group
        return named.get(order.commodity, named.get(group, service.capacity_t))


def facts_of(scenario: Scenario, plan: Plan) -> Facts:
    """Build the lookups once; timetables are expanded up to the plan's last departure."""
    p = scenario.parameters
    last = max((leg.departure for it in plan.itineraries for leg in it.legs), default=0)
    last = max([last, *(r.departure for r in plan.departures)])
    weekday = p.start.weekday()
    unserved: dict[str, float] = defaultdict(float)
    for u in plan.unserved:
        unserved[u.order] += u.tonnes
    return Facts(
        scenario=scenario,
        plan=plan,
        step=p.time_step_minutes,
        orders={o.id: o for o in scenario.orders},
        services={s.id: s for s in scenario.services},
        km={s.id: service_distance_km(scenario, s) for s in scenario.services},
        timetable={
            s.id: frozenset(s.timetable.departures(weekday, last + 1, p.time_step_minutes))
            for s in scenario.services
            if s.timetable.kind != "continuous"
        },
        unserved_t=dict(unserved),
    )


def late_minutes(order: Order, it: Itinerary) -> int:
    """How late the order's last tonne arrives, by its legs (0 when on time)."""
    ends = [leg.arrival for leg in it.legs if leg.destination == order.destination]
    return max(0, max(ends, default=order.due) - order.due)


def pool_use(facts: Facts) -> dict[str, float]:
    """Per pool, the tonnes that the legs put on its services in its busiest day or week."""
    return {pool: max(use.values(), default=0.0) for pool, use in pool_periods(facts).items()}


POOL_PERIOD_MINUTES = {"day": 1440, "week": 10080}


def pool_periods(facts: Facts) -> dict[str, dict[int, float]]:
    """Per pool, tonnes on its services' legs per period (day or week from the start)."""
    out: dict[str, dict[int, float]] = {}
    for pool in facts.scenario.pools:
        use: dict[int, float] = defaultdict(float)
        for it in facts.plan.itineraries:
            for leg in it.legs:
                if leg.service in pool.services:
                    use[leg.departure // POOL_PERIOD_MINUTES[pool.period]] += leg.tonnes
        out[pool.id] = dict(use)
    return out


def pool_vehicle_periods(facts: Facts) -> dict[str, dict[int, float]]:
    """Per pool, vehicles its services' listed departures run per period (day or week)."""
    out: dict[str, dict[int, float]] = {}
    for pool in facts.scenario.pools:
        use: dict[int, float] = defaultdict(float)
        for run in facts.plan.departures:
            if run.service in pool.services:
                use[run.departure // POOL_PERIOD_MINUTES[pool.period]] += run.vehicles
        out[pool.id] = dict(use)
    return out


def pool_vehicles(facts: Facts) -> dict[str, float]:
    """Per pool, the vehicles its services run in its busiest day or week."""
    periods = pool_vehicle_periods(facts)
    return {pool: max(use.values(), default=0.0) for pool, use in periods.items()}
