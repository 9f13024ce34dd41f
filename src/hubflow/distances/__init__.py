"""Distances between sites: great-circle length times a mode's circuity factor.

Circuity defaults (road 1.30, rail 1.25, air 1.05, water 1.20) are ASSUMPTIONS for China: the
nearest sourced value is 1.26 for South Korea's roads (Kim et al. 2015, J. Korean Soc. Agric.
Eng. 57(4):39-49); see the example's sources.csv. A service's own ``distance_km`` wins.
"""

from __future__ import annotations

from math import asin, cos, radians, sin, sqrt

from hubflow.model import Parameters, Scenario, Service, Site

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius

__all__ = ["RoadDistances", "circuity", "great_circle_km", "road_km", "service_distance_km"]


def great_circle_km(a: Site, b: Site) -> float:
    """Haversine distance in km between two sites."""
    la1, lo1, la2, lo2 = map(radians, (a.lat, a.lon, b.lat, b.lon))
    h = sin((la2 - la1) / 2) ** 2 + cos(la1) * cos(la2) * sin((lo2 - lo1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))


def circuity(mode: str, params: Parameters) -> float:
    """Network length over great-circle length for a mode."""
    if mode == "road":
        return params.road_circuity
    if mode in ("rail", "rail_express", "hsr_express"):
        return params.rail_circuity
    if mode == "air":
        return params.air_circuity
    return params.water_circuity


def service_distance_km(scenario: Scenario, service: Service) -> float:
    """The service's stated distance, else great-circle × the mode's circuity."""
    if service.distance_km is not None:
        return service.distance_km
    a, b = scenario.site(service.origin), scenario.site(service.destination)
    return great_circle_km(a, b) * circuity(service.mode, scenario.parameters)


class RoadDistances:
    """Road km for own trucks between a scenario's sites: a road service's stated
    ``distance_km`` between them (either direction; the shortest when several), else great
    circle × road circuity; 0 only from a site to itself; rounded to the metre so integer
    routers agree. The stated distances are indexed once and each pair is computed once."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._stated: dict[tuple[str, str], float] = {}
        for s in scenario.services:
            if s.mode == "road" and s.distance_km is not None and s.origin != s.destination:
                key = _pair(s.origin, s.destination)
                self._stated[key] = min(s.distance_km, self._stated.get(key, s.distance_km))
        self._km: dict[tuple[str, str], float] = {}

    def __call__(self, a: str, b: str) -> float:
        if a == b:
            return 0.0
        key = _pair(a, b)
        if key not in self._km:
            km = self._stated.get(key)
            if km is None:
                gc = great_circle_km(self.scenario.site(a), self.scenario.site(b))
                km = gc * self.scenario.parameters.road_circuity
            self._km[key] = round(1000 * km) / 1000
        return self._km[key]


def road_km(scenario: Scenario, a: str, b: str) -> float:
    """Road distance between two sites for own trucks (see :class:`RoadDistances`; build one
    of those to ask about many pairs)."""
    return RoadDistances(scenario)(a, b)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)
