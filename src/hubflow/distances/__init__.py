"""Distances between sites: given, along offline road, rail and sea networks, or great-circle
length times a mode's circuity factor.

Circuity defaults (road 1.30, rail 1.25, air 1.05, water 1.20) are ASSUMPTIONS for China: the
nearest sourced value is 1.26 for South Korea's roads (Kim et al. 2015, J. Korean Soc. Agric.
Eng. 57(4):39-49); see the example's sources.csv. A service's own ``distance_km`` wins; with
``distances = "networks"`` the loader fills the others from the networks (:mod:`.networks`).
"""

from __future__ import annotations

from hubflow.distances.networks import (
    CIRCUITY,
    EARTH_RADIUS_KM,
    GIVEN,
    METHODS,
    MIN_KM,
    RAIL_NETWORK,
    ROAD_NETWORK,
    SEA_LANES,
    Distance,
    Networks,
    circuity,
    great_circle_km,
    sea_route,
)
from hubflow.distances.services import (
    RoadDistances,
    ServiceDistance,
    road_km,
    service_distance_km,
    service_distances,
    with_network_distances,
)

__all__ = [
    "CIRCUITY",
    "EARTH_RADIUS_KM",
    "GIVEN",
    "METHODS",
    "MIN_KM",
    "RAIL_NETWORK",
    "ROAD_NETWORK",
    "SEA_LANES",
    "Distance",
    "Networks",
    "RoadDistances",
    "ServiceDistance",
    "circuity",
    "great_circle_km",
    "road_km",
    "sea_route",
    "service_distance_km",
    "service_distances",
    "with_network_distances",
]
