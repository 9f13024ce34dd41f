"""The distance of each service and of each truck trip, with the method that gave it.

A service's own ``distance_km`` wins ("given"). Otherwise the scenario's ``distances``
parameter decides: ``circuity`` (the default) takes great circle x the mode's circuity,
``networks`` asks the offline road, rail and sea networks first (:mod:`.networks`).
The loader fills the missing distances once (:func:`with_network_distances`) and writes each
one with its method into the service's source, so that a plan, its checker and the user all
see the same number and can override it.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from hubflow.distances.networks import (
    CIRCUITY,
    GIVEN,
    METHODS,
    MIN_KM,
    Networks,
    circuity,
    great_circle_km,
)
from hubflow.model import Scenario, Service


@dataclass(frozen=True, slots=True)
class ServiceDistance:
    """One service's distance and how it was found (``method`` one of METHODS)."""

    service: str
    mode: str
    distance_km: float
    method: str
    source: str


def uses_networks(scenario: Scenario) -> bool:
    """Whether the scenario asks for network distances where none is given."""
    return scenario.parameters.distances == "networks"


def service_distance_km(scenario: Scenario, service: Service) -> float:
    """The service's stated distance, else great-circle × the mode's circuity (at least
    MIN_KM between two different sites). A scenario loaded with ``distances = "networks"``
    states every distance already."""
    if service.distance_km is not None:
        return service.distance_km
    a, b = scenario.site(service.origin), scenario.site(service.destination)
    return max(great_circle_km(a, b) * circuity(service.mode, scenario.parameters), MIN_KM)


def service_distances(
    scenario: Scenario, *, networks: bool | None = None
) -> tuple[ServiceDistance, ...]:
    """Every service's distance with its method, in the scenario's order. ``networks``
    None follows the scenario's ``distances`` parameter; True or False forces it."""
    use = uses_networks(scenario) if networks is None else networks
    net = Networks(scenario.parameters)
    out = []
    for s in scenario.services:
        if s.distance_km is not None:
            method = recorded_method(s) or GIVEN
            out.append(ServiceDistance(s.id, s.mode, s.distance_km, method, s.source))
            continue
        a, b = scenario.site(s.origin), scenario.site(s.destination)
        if use:
            d = net.between(s.mode, a, b)
            out.append(ServiceDistance(s.id, s.mode, d.km, d.method, d.source))
        else:
            factor = circuity(s.mode, scenario.parameters)
            km = service_distance_km(scenario, s)
            out.append(ServiceDistance(s.id, s.mode, km, CIRCUITY, f"great circle x {factor:g}"))
    return tuple(out)


_NOTE = re.compile(r"distance_km (\S+) computed: ([a-z ]+?) \(")


def recorded_method(service: Service) -> str | None:
    """The method a loader or the example's build recorded in the service's source for its
    stated ``distance_km`` (``distance_km 961 computed: rail network (...)``); None when no
    note matches the number now stated, e.g. after a user typed another distance."""
    for km, method in _NOTE.findall(service.source or ""):
        if method in METHODS and km == f"{service.distance_km:g}":
            return method
    return None


def with_network_distances(scenario: Scenario) -> Scenario:
    """The scenario with every missing service distance filled from the networks and its
    method appended to the service's source; unchanged unless ``distances = "networks"``
    and some service lacks a distance."""
    if not uses_networks(scenario) or all(s.distance_km is not None for s in scenario.services):
        return scenario
    found = {d.service: d for d in service_distances(scenario, networks=True)}
    services = tuple(
        s
        if s.distance_km is not None
        else dataclasses.replace(
            s, distance_km=found[s.id].distance_km, source=_with_note(s.source, found[s.id])
        )
        for s in scenario.services
    )
    return dataclasses.replace(scenario, services=services)


def _with_note(source: str, d: ServiceDistance) -> str:
    note = f"distance_km {d.distance_km:g} computed: {d.method} ({d.source})"
    return f"{source}; {note}" if source else note


class RoadDistances:
    """Road km for own trucks between a scenario's sites: a road service's stated
    ``distance_km`` between them (either direction; the shortest when several), else the road
    network when the scenario uses networks, else great circle × road circuity; rounded to the
    metre so integer routers agree. 0 from a site to itself, and between two sites at one
    coordinate with no stated distance: dispatch never drives that hop and the checker flags
    it. The stated distances are indexed once, each pair computed once."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._stated: dict[tuple[str, str], float] = {}
        for s in scenario.services:
            if s.mode == "road" and s.distance_km is not None and s.origin != s.destination:
                key = _pair(s.origin, s.destination)
                self._stated[key] = min(s.distance_km, self._stated.get(key, s.distance_km))
        self._networks = Networks(scenario.parameters) if uses_networks(scenario) else None
        self._km: dict[tuple[str, str], float] = {}

    def __call__(self, a: str, b: str) -> float:
        if a == b:
            return 0.0
        key = _pair(a, b)
        if key not in self._km:
            km = self._stated.get(key)
            if km is None:
                sa, sb = self.scenario.site(a), self.scenario.site(b)
                gc = great_circle_km(sa, sb)
                if self._networks is not None and gc > 0:
                    km = self._networks.between("road", sa, sb).km
                else:
                    km = gc * self.scenario.parameters.road_circuity
            self._km[key] = round(1000 * km) / 1000
        return self._km[key]


def road_km(scenario: Scenario, a: str, b: str) -> float:
    """Road distance between two sites for own trucks (see :class:`RoadDistances`; build one
    of those to ask about many pairs)."""
    return RoadDistances(scenario)(a, b)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)
