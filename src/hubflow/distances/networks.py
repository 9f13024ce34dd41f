"""Distances along offline networks that ship inside packages: road, rail and sea.

Road and rail come from ``scgraph_data`` 2.0.0 (world highway and railway graphs derived from
OpenStreetMap, MIT; needs ``scgraph<3``: ``pip install 'hubflow[networks]'``), sea from
``searoute`` (Apache-2.0, a core dependency). Nothing is downloaded. Air and inland waterway,
a site far from every network, or a network that is not installed fall back to great circle x
the mode's circuity, labelled as such. Each (network, site pair) is looked up once per object;
the shared graphs are only read.
"""

from __future__ import annotations

import heapq
import importlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from hubflow.model import Parameters, Site

GIVEN = "given"
ROAD_NETWORK = "road network"
RAIL_NETWORK = "rail network"
SEA_LANES = "sea lanes"
CIRCUITY = "great circle x circuity"
METHODS = (GIVEN, ROAD_NETWORK, RAIL_NETWORK, SEA_LANES, CIRCUITY)

MIN_KM = 1.0  # two different sites are at least this far apart on any network (gate to gate)
SNAP_KM = {ROAD_NETWORK: 50.0, RAIL_NETWORK: 50.0, SEA_LANES: 400.0}  # site to its network
EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius

# The network each mode travels on; the other modes (air, waterway) use circuity.
NETWORK_OF_MODE = {
    "road": ROAD_NETWORK,
    "rail": RAIL_NETWORK,
    "rail_express": RAIL_NETWORK,
    "hsr_express": RAIL_NETWORK,
    "sea": SEA_LANES,
}
GRAPHS = {  # scgraph_data module, and what the method's source says
    ROAD_NETWORK: "world_highways",
    RAIL_NETWORK: "world_railways",
}
NETWORK_SOURCE = {
    ROAD_NETWORK: "scgraph_data 2.0.0 world_highways, from OpenStreetMap",
    RAIL_NETWORK: "scgraph_data 2.0.0 world_railways, from OpenStreetMap",
    SEA_LANES: "searoute maritime lanes (Eurostat marnet)",
}
INSTALL_HINT = "pip install 'hubflow[networks]'"


@dataclass(frozen=True, slots=True)
class Distance:
    """A distance in km, the method that gave it (one of METHODS) and where it comes from."""

    km: float
    method: str
    source: str


class Networks:
    """Network distances between sites by mode, each (network, pair) asked once.

    Road and rail graphs are treated as undirected; sea lanes too (searoute's are).
    """

    def __init__(self, params: Parameters) -> None:
        self.params = params
        self._km: dict[tuple[str, tuple[float, float], tuple[float, float]], float | None] = {}
        self._missing: dict[str, str] = {}  # network -> why it is not installed
        self._nodes: dict[str, np.ndarray] = {}  # network -> its nodes' (lat, lon) degrees
        self._nearest: dict[tuple[str, tuple[float, float]], tuple[int, float]] = {}

    def between(self, mode: str, a: Site, b: Site) -> Distance:
        """The distance from ``a`` to ``b`` by ``mode``: along its network when one answers,
        else great circle x the mode's circuity (never below MIN_KM between two sites)."""
        network = NETWORK_OF_MODE.get(mode)
        gc = great_circle_km(a, b)
        if network is not None:
            pa, pb = min((a.lat, a.lon), (b.lat, b.lon)), max((a.lat, a.lon), (b.lat, b.lon))
            key = (network, pa, pb)
            if key not in self._km:
                self._km[key] = self._lookup(network, pa, pb)
            km = self._km[key]
            if km is not None:
                return Distance(round(max(km, gc, MIN_KM), 1), network, NETWORK_SOURCE[network])
        factor = circuity(mode, self.params)
        why = ""
        if network is not None:
            why = self._missing.get(network, f"off the {network} or no path on it")
            why = f"; {why}"
        return Distance(
            round(max(gc * factor, MIN_KM), 1), CIRCUITY, f"great circle x {factor:g}{why}"
        )

    def _lookup(self, network: str, a: tuple[float, float], b: tuple[float, float]) -> float | None:
        if network == SEA_LANES:
            route = sea_route((a[1], a[0]), (b[1], b[0]))
            return None if route is None else route[1]
        graph = self._graph(network)
        if graph is None:
            return None
        if network not in self._nodes:
            self._nodes[network] = np.asarray(graph.nodes, dtype=float)[:, :2]
        nodes = self._nodes[network]

        def nearest(point: tuple[float, float]) -> tuple[int, float]:
            key = (network, point)
            if key not in self._nearest:
                self._nearest[key] = nearest_node(nodes, point)
            return self._nearest[key]

        return graph_km(graph.graph, nodes, nearest, a, b, SNAP_KM[network])

    def _graph(self, network: str) -> Any:
        if network in self._missing:
            return None
        name = GRAPHS[network]
        try:
            module = importlib.import_module(f"scgraph_data.{name}")
        except ImportError:  # absent, or beside scgraph 3, which removed scgraph.core
            self._missing[network] = f"scgraph_data not installed ({INSTALL_HINT})"
            return None
        return getattr(module, f"{name}_geograph")


def graph_km(
    graph: list[dict[int, float]],
    nodes: np.ndarray,
    nearest: Callable[[tuple[float, float]], tuple[int, float]],
    a: tuple[float, float],
    b: tuple[float, float],
    snap_km: float,
) -> float | None:
    """Shortest path in km on an scgraph graph (adjacency dicts, km; ``nodes`` its nodes as an
    (n, 2) array of degrees) between (lat, lon) points, including the straight legs to and from
    each point's ``nearest`` node and its km; None when either point lies further than
    ``snap_km`` from the network or no path joins them.

    Replaces scgraph's ``get_shortest_path``, which builds a k-d tree of all nodes first
    (seconds for the road graph), runs a plain Dijkstra, prints to stdout when no path exists
    and adds temporary nodes to the shared graph: this only reads it."""
    (entry, snap_a), (exit_, snap_b) = nearest(a), nearest(b)
    if max(snap_a, snap_b) > snap_km:
        return None
    if entry == exit_:  # both nearest to one node: the straight line is the better guess
        return _km(a, b)
    km = a_star_km(graph, nodes, entry, exit_)
    return None if km is None else km + snap_a + snap_b


def a_star_km(
    graph: list[dict[int, float]], nodes: np.ndarray, source: int, target: int
) -> float | None:
    """Length of the shortest path from node ``source`` to node ``target``, or None when none
    joins them: A* guided by 0.99 x the great circle to the target, which never overestimates
    (scgraph's edge lengths are at least 0.993 x the great circle between their ends), so the
    path is the shortest, found after visiting far fewer nodes than Dijkstra."""
    t_lat, t_lon = math.radians(float(nodes[target, 0])), math.radians(float(nodes[target, 1]))
    cos_t, scale = math.cos(t_lat), 0.99 * 2 * EARTH_RADIUS_KM
    sin, cos, asin, sqrt = math.sin, math.cos, math.asin, math.sqrt

    def to_target(i: int) -> float:
        la, lo = math.radians(float(nodes[i, 0])), math.radians(float(nodes[i, 1]))
        h = sin((t_lat - la) / 2) ** 2 + cos_t * cos(la) * sin((t_lon - lo) / 2) ** 2
        return scale * asin(min(1.0, sqrt(h)))

    best = {source: 0.0}
    frontier = [(to_target(source), 0.0, source)]
    done: set[int] = set()
    while frontier:
        _, km, node = heapq.heappop(frontier)
        if node == target:
            return km
        if node in done:
            continue
        done.add(node)
        for nxt, length in graph[node].items():
            through = km + length
            if through < best.get(nxt, math.inf):
                best[nxt] = through
                heapq.heappush(frontier, (through + to_target(nxt), through, nxt))
    return None


def nearest_node(nodes: np.ndarray, point: tuple[float, float]) -> tuple[int, float]:
    """The index of the node nearest to ``point`` (lat, lon) and its great-circle km; nearest
    on a local flat projection, which is exact enough within the snap distances."""
    lat, lon = point
    dlon = (nodes[:, 1] - lon + 180.0) % 360.0 - 180.0
    flat = (nodes[:, 0] - lat) ** 2 + (dlon * math.cos(math.radians(lat))) ** 2
    i = int(np.argmin(flat))
    return i, _km(point, (float(nodes[i, 0]), float(nodes[i, 1])))


def sea_route(
    start: tuple[float, float], end: tuple[float, float]
) -> tuple[tuple[tuple[float, float], ...], float] | None:
    """The sea lane from ``start`` to ``end`` (lon, lat) as its points and its km, site to
    site; None without searoute or when a lane end lies further than the sea snap distance
    from its site (an inland site)."""
    try:
        import searoute  # offline: the network ships inside the package
    except ImportError:
        return None
    route = searoute.searoute(list(start), list(end), units="km")
    coords = tuple((float(x), float(y)) for x, y in route["geometry"]["coordinates"])
    if len(coords) < 2:
        return None
    snaps = _km(start[::-1], coords[0][::-1]), _km(end[::-1], coords[-1][::-1])
    if max(snaps) > SNAP_KM[SEA_LANES]:
        return None
    return coords, float(route["properties"]["length"]) + sum(snaps)


def great_circle_km(a: Site, b: Site) -> float:
    """Haversine distance in km between two sites."""
    return _km((a.lat, a.lon), (b.lat, b.lon))


def circuity(mode: str, params: Parameters) -> float:
    """Network length over great-circle length for a mode."""
    if mode == "road":
        return params.road_circuity
    if mode in ("rail", "rail_express", "hsr_express"):
        return params.rail_circuity
    if mode == "air":
        return params.air_circuity
    return params.water_circuity


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine km between two (lat, lon) points."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
