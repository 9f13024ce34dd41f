"""CVRP with 10,000-30,000 stops without a full distance matrix: distances on demand.

A dense matrix pair for 30,000 stops is 14 GB (int64), more than the machine has, and PyVRP
would copy it. Here the instance keeps only coordinates and demands; distances (Euclidean,
rounded, as VRPLIB's EUC_2D) are computed for one part at a time. The search is a
decomposition: stops cut into angular sectors of about ``part_size`` around the depot, each
solved by PyVRP on its own dense matrix in the pool; then the joined routes are grouped by the
angle of their barycentres (as :mod:`hubflow.dispatch.clusters`) at an offset of half a group,
so that routes along the old cuts meet, and each group is re-solved from its routes and kept
when cheaper. Memory is that of ``workers`` parts at a time, not of the instance squared.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hubflow.dispatch.backends.portfolio import RETURN_MARGIN, _run
from hubflow.dispatch.clusters import balanced_runs
from hubflow.dispatch.executor import Executor, LocalExecutor
from hubflow.dispatch.problem import Client, Depot, Location, RoutingProblem, VehicleType

__all__ = ["LargeCVRP", "read_coordinates", "solve_large"]


@dataclass(frozen=True)
class LargeCVRP:
    """Coordinates (row 0 the depot), demands and one truck capacity; no matrix."""

    name: str
    xy: np.ndarray
    demand: np.ndarray
    capacity: int

    def distance(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Rounded Euclidean distances between stop indices ``a`` and ``b`` (element-wise)."""
        d = np.hypot(*(self.xy[a] - self.xy[b]).T)
        return np.floor(d + 0.5).astype(np.int64)

    def route_cost(self, route: np.ndarray) -> int:
        path = np.concatenate([[0], route, [0]])
        return int(self.distance(path[:-1], path[1:]).sum())

    def part(self, stops: np.ndarray) -> RoutingProblem:
        """The depot and ``stops`` as a RoutingProblem with its own dense matrix."""
        idx = np.concatenate([[0], stops])
        sub = self.xy[idx]
        dist = np.floor(np.hypot(*(sub[:, None, :] - sub[None, :, :]).transpose(2, 0, 1)) + 0.5)
        dist = dist.astype(np.int64)
        return RoutingProblem(
            locations=tuple(Location(x=float(x), y=float(y)) for x, y in sub),
            depots=(Depot(0),),
            clients=tuple(Client(i, delivery=int(self.demand[s])) for i, s in enumerate(stops, 1)),
            vehicle_types=(VehicleType(num_available=len(stops), capacity=self.capacity),),
            distance=dist,
            duration=dist,
            name=self.name,
        )


def read_coordinates(path: Path) -> LargeCVRP:
    """A VRPLIB CVRP file with EUC_2D coordinates and one depot (node 1), read without
    building its matrix."""
    lines = Path(path).read_text().splitlines()
    head: dict[str, str] = {}
    sections: dict[str, list[list[float]]] = {}
    current = None
    for line in lines:
        text = line.strip()
        if not text or text == "EOF":
            continue
        if text.endswith("_SECTION"):
            current = text
            sections[current] = []
        elif ":" in text and current is None:
            key, value = text.split(":", 1)
            head[key.strip()] = value.strip()
        elif current is not None:
            sections[current].append([float(v) for v in text.split()])
    if head.get("EDGE_WEIGHT_TYPE") != "EUC_2D":
        raise ValueError(f"{path}: only EUC_2D coordinates are read without a matrix")
    coords = np.array(sections["NODE_COORD_SECTION"])[:, 1:]
    demand = np.array(sections["DEMAND_SECTION"])[:, 1].astype(np.int64)
    return LargeCVRP(head.get("NAME", Path(path).stem), coords, demand, int(head["CAPACITY"]))


def solve_large(
    cvrp: LargeCVRP,
    time_limit: float,
    *,
    seed: int = 0,
    part_size: int = 1000,
    first_share: float = 0.6,
    workers: int = 2,
    executor: Callable[[int], Executor] = LocalExecutor,
) -> tuple[list[np.ndarray], dict]:
    """Routes (arrays of stop indices, depot 0 left out) and what was done (``info``)."""
    t0 = time.perf_counter()
    n = len(cvrp.xy) - 1
    angle = _angles(cvrp, [np.array([i]) for i in range(1, n + 1)])
    parts = [np.arange(1, n + 1)[p] for p in balanced_runs(angle, np.ones(n), part_size)]
    info: dict = {"parts": len(parts)}
    with executor(workers) as pool:
        routes = _solve_parts(pool, cvrp, parts, None, time_limit * first_share, t0, seed)
        info["first_cost"] = sum(cvrp.route_cost(r) for r in routes)
        stops = np.array([len(r) for r in routes], dtype=float)
        angle = _angles(cvrp, routes)
        groups = balanced_runs(angle, stops, part_size, offset=0.5)
        parts = [np.concatenate([routes[i] for i in g]) for g in groups]
        starts = [[routes[i] for i in g] for g in groups]
        routes = _solve_parts(pool, cvrp, parts, starts, time_limit, t0, seed + 1)
    info["cost"] = sum(cvrp.route_cost(r) for r in routes)
    return routes, info


def _angles(cvrp: LargeCVRP, groups: list[np.ndarray]) -> np.ndarray:
    """The polar angle of each group's barycentre around the depot."""
    centre = np.array([cvrp.xy[g].mean(axis=0) for g in groups])
    return np.arctan2(centre[:, 1] - cvrp.xy[0, 1], centre[:, 0] - cvrp.xy[0, 0])


def _solve_parts(pool, cvrp, parts, starts, end, t0, seed) -> list[np.ndarray]:
    """Each part solved in the pool until ``end`` seconds after ``t0``; a part's new routes
    replace its starting routes only when cheaper."""
    waves = math.ceil(len(parts) / pool.workers)
    left = end - (time.perf_counter() - t0)
    share = max(0.5, left / waves)
    until = time.time() + max(left, 0.5 * waves) - RETURN_MARGIN
    futs = []
    for k, stops in enumerate(parts):
        warm = None
        if starts is not None:
            local = {int(s): i for i, s in enumerate(stops, 1)}
            warm = [(0, tuple(local[int(v)] for v in r)) for r in starts[k]]
        futs.append(pool.submit(_run, cvrp.part(stops), share, seed * 1000 + k, warm, until))
    out: list[np.ndarray] = []
    for k, (stops, fut) in enumerate(zip(parts, futs, strict=True)):
        feasible, _, routes, _ = fut.result()
        new = [stops[np.array(v) - 1] for _, v in routes if v]
        if starts is not None:
            old = starts[k]
            if not feasible or sum(map(cvrp.route_cost, new)) >= sum(map(cvrp.route_cost, old)):
                new = old
        elif not feasible:
            raise RuntimeError(f"no feasible routes for a part of {len(stops)} stops")
        out += new
    return out
