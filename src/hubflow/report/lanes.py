"""The line a flow is drawn along: sea legs on shipping lanes, everything else straight.

Sea lanes come from ``searoute`` (Apache-2.0), a maritime network that ships inside the
package and answers offline. No offline rail or road network is shipped, so rail, road, air and
inland-waterway legs are drawn straight, as the crow flies, and the map's legend says so.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from hubflow.model import Scenario

SEA_LANE = "sea lane"
STRAIGHT = "straight"
SNAP_KM = 400.0  # a lane that starts or ends further than this from its site is not trusted


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
    try:
        import searoute  # offline: the network ships inside the package
    except ImportError:
        return None
    route = searoute.searoute(list(start), list(end))
    coords = [(float(x), float(y)) for x, y in route["geometry"]["coordinates"]]
    if len(coords) < 2 or max(km(start, coords[0]), km(end, coords[-1])) > SNAP_KM:
        return None
    return Lane(unwrap((start, *coords, end)), SEA_LANE)


def unwrap(points: Iterable[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """Longitudes made continuous (a lane across the 180° meridian keeps going east)."""
    out: list[tuple[float, float]] = []
    for lon, lat in points:
        if out:
            prev = out[-1][0]
            lon += 360.0 * round((prev - lon) / 360.0)
        out.append((lon, lat))
    return tuple(out)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lon, lat) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
