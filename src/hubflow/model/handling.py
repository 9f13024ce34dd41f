"""Handling by direction: clearance where a leg leaves one country and enters another.

A site may state outbound handling (export clearance: dwell, cost and CO2e per tonne before a
leg to a site of another country departs) and inbound handling (import clearance: after a leg
from a site of another country arrives). A leg crosses a border when both of its sites name a
country and the two differ. Without countries nothing crosses: today's symmetric handling at
hub transfers is unchanged either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from hubflow.model.scenario import Scenario, Service, Site


@dataclass(frozen=True, slots=True)
class Clearance:
    """What a crossing leg adds at its two ends (all zero when it crosses no border)."""

    outbound_minutes: int = 0  # goods ready at the origin this long before the departure
    inbound_minutes: int = 0  # goods available at the destination this long after arrival
    cost_per_t: float = 0.0  # origin's outbound + destination's inbound cost
    co2e_kg_per_t: float = 0.0  # origin's outbound + destination's inbound CO2e


NO_CLEARANCE = Clearance()


def crosses(a: Site, b: Site) -> bool:
    """Whether a leg from ``a`` to ``b`` crosses a border (both name a country, not the same)."""
    return a.country != "" and b.country != "" and a.country != b.country


def clearance(scenario: Scenario, service: Service) -> Clearance:
    """The export clearance at the service's origin and import clearance at its destination."""
    a, b = scenario.site(service.origin), scenario.site(service.destination)
    if not crosses(a, b):
        return NO_CLEARANCE
    return Clearance(
        outbound_minutes=a.outbound_minutes,
        inbound_minutes=b.inbound_minutes,
        cost_per_t=a.outbound_cost_per_t + b.inbound_cost_per_t,
        co2e_kg_per_t=a.outbound_co2e_kg_per_t + b.inbound_co2e_kg_per_t,
    )
