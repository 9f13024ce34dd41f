"""The line a flow is drawn along: sea legs on shipping lanes, everything else straight.

Sea lanes come from ``searoute`` (Apache-2.0), a maritime network that ships inside the
package and answers offline (:func:`hubflow.distances.sea_route`, the same lanes the sea
distances come from). Rail, road, air and inland-waterway legs are drawn straight, as the crow
flies, and the map's legend says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hubflow.distances import sea_route
from hubflow.model import Scenario

SEA_LANE = "sea lane"
STRAIGHT = "straight"


@dataclass(frozen=True, slots=True)
class Lane:
    """A flow's line in degrees (lon, lat), site to site, and how it was found."""

    points: tuple[tuple[float, float], ...]
    kind: str  # SEA_LANE or STRAIGHT


def lanes_for(
    scenario: Scenario, keys: Iterable[tuple[str, str, str]]
) -> dict[tuple[str, str, str], Lane]:
    """(origin, destination, mode) -> :class:`Lane` for every key; sea keys along sea lanes
    when ``searoute`` is installed and its lane reaches both sites, otherwise straight."""
    out: dict[tuple[str, str, str], Lane] = {}
    for key in keys:
        o, d, mode = key
        a, b = scenario.site(o), scenario.site(d)
        start, end = (a.lon, a.lat), (b.lon, b.lat)
        lane = sea_lane(start, end) if mode == "sea" else None
        out[key] = lane or Lane(unwrap((start, end)), STRAIGHT)
    return out


def sea_lane(start: tuple[float, float], end: tuple[float, float]) -> Lane | None:
    """The shortest sea lane from ``start`` to ``end`` (lon, lat), or None without searoute
    or when the lane's ends lie far from the two points (an inland site)."""
    route = sea_route(start, end)
    return None if route is None else Lane(unwrap((start, *route[0], end)), SEA_LANE)


def unwrap(points: Iterable[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """Longitudes made continuous (a lane across the 180° meridian keeps going east)."""
    out: list[tuple[float, float]] = []
    for lon, lat in points:
        if out:
            prev = out[-1][0]
            lon += 360.0 * round((prev - lon) / 360.0)
        out.append((lon, lat))
    return tuple(out)
