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
from hubflow.dispatch.readers import Outline, check_size, memory_budget, size_text
from hubflow.dispatch.result import Route, RoutingResult, Status, Unassigned
from hubflow.dispatch.vrplib_text import VrplibText, check, scan
from hubflow.errors import Problem, ScenarioError

__all__ = ["LargeCVRP", "choose_method", "read_coordinates", "route_large", "solve_large"]

#: plain CVRP files with at least this many stops go to the large solver under ``--method
#: auto``, where the dense path no longer pays (docs/dispatch.md). At 4,000 stops (Leuven2) the
#: two gave the same gap within the noise (120 s: 4.53 and 4.54 %; ``hubflow route`` at 60 s,
#: two runs each: 4.02 and 4.39 % large, 5.32 and 4.27 % dense) in half the memory; at 10,000
#: (Ghent1) the large solver was 1-1.6 points better in a seventh of the memory. Smaller files
#: were not measured with it and keep the dense path (the portfolio's own decomposition).
LARGE_FROM = 4_000

#: bytes per location squared on the dense path, as measured: ``hubflow route`` on Ghent1
#: (10,001 locations) peaked at 4.5 GB, 45 bytes per location squared (hubflow's int64 distance
#: and duration matrices, the reader's and PyVRP's copies, the workers' share)
DENSE_BYTES = 48


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
        return np.round(d).astype(np.int64)

    def route_cost(self, route: np.ndarray) -> int:
        path = np.concatenate([[0], route, [0]])
        return int(self.distance(path[:-1], path[1:]).sum())

    def part(self, stops: np.ndarray) -> RoutingProblem:
        """The depot and ``stops`` as a RoutingProblem with its own dense matrix."""
        idx = np.concatenate([[0], stops])
        sub = self.xy[idx]
        dist = np.round(np.hypot(*(sub[:, None, :] - sub[None, :, :]).transpose(2, 0, 1)))
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
    building its matrix; a bad value raises ``ScenarioError`` naming its line and section."""
    check_size(path)
    try:
        text = scan(path, Path(path).read_text(errors="replace"))
    except OSError as e:
        raise _refuse(path, f"cannot read file: {e.strerror}") from e
    check(text)
    if text.head.get("EDGE_WEIGHT_TYPE", "").upper() != "EUC_2D":
        raise _refuse(path, "only EUC_2D coordinates are read without a matrix")
    coords = _columns(text, "NODE_COORD_SECTION", 3)[:, 1:]
    demand = _columns(text, "DEMAND_SECTION", 2)[:, 1].astype(np.int64)
    try:
        capacity = int(text.head["CAPACITY"])
    except (KeyError, ValueError):
        raise ScenarioError(
            Problem(str(path), None, "CAPACITY", "expected a whole number")
        ) from None
    return LargeCVRP(text.head.get("NAME", Path(path).stem), coords, demand, capacity)


def _columns(text: VrplibText, section: str, width: int) -> np.ndarray:
    """The ``width`` numbers of each row of ``section`` as a float array."""
    rows = text.sections.get(section)
    if not rows:
        raise text.bad("missing", None, section)
    values = []
    for line, tokens in rows:
        try:
            if len(tokens) != width:
                raise ValueError
            values.append([float(t) for t in tokens])
        except ValueError:
            raise text.bad(
                f"expected {width} numbers, got {' '.join(tokens)[:60]!r}", line, section
            ) from None
    return np.array(values)


def solve_large(
    cvrp: LargeCVRP,
    time_limit: float,
    *,
    seed: int = 0,
    part_size: int = 1000,
    first_share: float = 0.6,
    workers: int = 2,
    executor: Callable[[int], Executor] = LocalExecutor,
    stops: np.ndarray | None = None,
) -> tuple[list[np.ndarray], dict]:
    """Routes (arrays of stop indices, depot 0 left out) and what was done (``info``); only
    ``stops`` are routed when given (all by default)."""
    t0 = time.perf_counter()
    todo = np.arange(1, len(cvrp.xy)) if stops is None else np.asarray(stops, dtype=np.int64)
    if not len(todo):
        return [], {"parts": 0, "first_cost": 0, "cost": 0}
    angle = _angles(cvrp, [np.array([i]) for i in todo])
    parts = [todo[p] for p in balanced_runs(angle, np.ones(len(todo)), part_size)]
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


def dense_bytes(locations: int) -> int:
    """The memory the dense path takes for ``locations``, from its measured peak."""
    return DENSE_BYTES * locations * locations


def choose_method(
    path: Path | str,
    outline: Outline,
    method: str = "auto",
    *,
    round_func: str = "round",
    backend: str = "hubflow",
    iterations: int | None = None,
) -> str:
    """``dense`` or ``large`` for a file: ``auto`` takes the large solver for a plain CVRP of
    :data:`LARGE_FROM` stops or more, or whose dense matrices exceed this machine. Raises ``ScenarioError`` when the method asked for cannot
    take the file, or when only the dense path could and its matrices exceed this machine."""
    blockers = [
        outline.not_plain,
        f"--round {round_func} (it rounds each arc to an integer)" if round_func != "round" else "",
        f"--backend {backend} (it solves its parts with PyVRP)"
        if backend not in ("hubflow", "pyvrp")
        else "",
        "--iterations (it stops on time only)" if iterations is not None else "",
    ]
    why = next((b for b in blockers if b), "")
    plain = "plain CVRP only (coordinates, one depot, one truck type, no time windows)"
    if method == "large":
        if why:
            raise _refuse(path, f"--method large takes {plain}; here: {why}")
        return "large"
    stops = max(outline.locations - 1, 0)
    need, have = dense_bytes(outline.locations), memory_budget()
    if method == "auto" and not why and (stops >= LARGE_FROM or need > have):
        return "large"
    if need > have:
        instead = (
            "use --method large or auto (distances on demand, no matrix)"
            if not why
            else f"the large solver, which needs no matrix, takes {plain}; here: {why}"
        )
        raise _refuse(
            path,
            f"{stops:,} stops: the dense path needs about {size_text(need)} for its matrices "
            f"({DENSE_BYTES} bytes per location squared), more than this machine's "
            f"{size_text(have)}; {instead}",
        )
    return "dense"


def _refuse(path: Path | str, message: str) -> ScenarioError:
    return ScenarioError(Problem(str(path), None, None, message))


def route_large(
    path: Path | str,
    time_limit: float,
    *,
    seed: int = 0,
    workers: int = 2,
    executor: Callable[[int], Executor] = LocalExecutor,
) -> tuple[LargeCVRP, RoutingResult]:
    """A plain CVRP file solved by :func:`solve_large`, as a :class:`RoutingResult` (locations
    numbered as the file's nodes, 0 the depot); stops heavier than a truck are left out with
    the reason, as :func:`hubflow.dispatch.solve` does."""
    cvrp = read_coordinates(Path(path))
    t0 = time.perf_counter()
    load = cvrp.demand[1:]
    stops = np.flatnonzero(load <= cvrp.capacity) + 1
    routes, info = solve_large(
        cvrp, time_limit, seed=seed, workers=workers, executor=executor, stops=stops
    )
    unassigned = tuple(
        Unassigned(
            int(s), f"load {int(cvrp.demand[s])} exceeds the largest truck capacity {cvrp.capacity}"
        )
        for s in np.flatnonzero(load > cvrp.capacity) + 1
    )
    result = RoutingResult(
        status=Status.PARTIAL if unassigned else Status.FEASIBLE,
        cost=int(info["cost"]),
        routes=tuple(Route(0, tuple(int(v) for v in r)) for r in routes if len(r)),
        unassigned=unassigned,
        runtime=time.perf_counter() - t0,
        backend="pyvrp",
        info=info | {"stopped_by": "time_limit"},
    )
    return cvrp, result
