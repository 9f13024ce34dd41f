"""Lookups the checks share, built once per check from the scenario and the plan alone.

Everything here is an input lookup (ids, timetables, stated distances), never a result of the
engines, so that a bug there cannot hide itself from the checker.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from hubflow.distances import service_distance_km
from hubflow.model import Commodity, Itinerary, Leg, Order, Plan, Scenario, Service

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
        """Whether the local date of this minute lies in the service's valid dates, not a day off
        (by its columns and by the calendar in its timetable text)."""
        day = (self.scenario.parameters.start + timedelta(minutes=minute)).date()
        return all(
            (first is None or first <= day) and (last is None or day <= last) and day not in off
            for first, last, off in (
                (service.valid_from, service.valid_until, service.days_off),
                (
                    service.timetable.valid_from,
                    service.timetable.valid_until,
                    service.timetable.days_off,
                ),
            )
        )

    def border(self, service: Service) -> tuple[int, int, float, float]:
        """(export minutes, import minutes, cost per t, kg CO2e per t) that a leg on the service
        adds at its ends: the origin's outbound and the destination's inbound handling when
        both sites name a country and the countries differ, else nothing."""
        a = self.scenario.site(service.origin)
        b = self.scenario.site(service.destination)
        if not (a.country and b.country) or a.country == b.country:
            return 0, 0, 0.0, 0.0
        return (
            a.outbound_minutes,
            b.inbound_minutes,
            a.outbound_cost_per_t + b.inbound_cost_per_t,
            a.outbound_co2e_kg_per_t + b.inbound_co2e_kg_per_t,
        )

    def leaves(self, leg: Leg) -> int:
        """When a leg's goods must be ready at its origin: its departure less export clearance."""
        svc = self.services.get(leg.service)
        return leg.departure - (0 if svc is None else self.border(svc)[0])

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
