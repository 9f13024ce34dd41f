"""Restrict a problem to some stops (for pinned stops, pre-filtering and decomposition)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from hubflow.dispatch.problem import RoutingProblem
from hubflow.dispatch.result import Route


@dataclass(frozen=True)
class SubProblem:
    problem: RoutingProblem
    #: ``locations[i]`` is the parent's location index of the sub-problem's location ``i``
    locations: np.ndarray

    def lift(self, routes: Iterable[Route]) -> list[Route]:
        """Routes in the parent's location numbering."""
        m = self.locations
        return [Route(r.vehicle_type, tuple(int(m[v]) for v in r.visits)) for r in routes]

    def lower(self, routes: Iterable[Route]) -> list[Route]:
        """Parent routes in the sub-problem's numbering (stops outside it are dropped)."""
        inv = {int(p): i for i, p in enumerate(self.locations)}
        out = []
        for r in routes:
            visits = tuple(inv[v] for v in r.visits if v in inv)
            if visits:
                out.append(Route(r.vehicle_type, visits))
        return out


def restrict(
    problem: RoutingProblem,
    keep: Iterable[int],
    num_available: Sequence[int] | None = None,
) -> SubProblem:
    """The sub-problem with all depots and the stops at locations ``keep``.

    A shipment is kept when its pickup location is kept (its delivery follows). Vehicle types
    keep their indices; ``num_available`` may lower their counts (a type whose count drops to
    zero keeps one vehicle with a prohibitive fixed cost, so indices stay stable).
    """
    keep_set = set(int(v) for v in keep)
    for s in problem.shipments:
        if s.pickup_location in keep_set or s.delivery_location in keep_set:
            keep_set.update((s.pickup_location, s.delivery_location))
    nd = problem.num_depots
    locs = list(range(nd)) + sorted(v for v in keep_set if v >= nd)
    new_of = {p: i for i, p in enumerate(locs)}
    clients = tuple(
        replace(c, location=new_of[c.location]) for c in problem.clients if c.location in new_of
    )
    shipments = tuple(
        replace(
            s,
            pickup_location=new_of[s.pickup_location],
            delivery_location=new_of[s.delivery_location],
        )
        for s in problem.shipments
        if s.pickup_location in new_of
    )
    vts = problem.vehicle_types
    if num_available is not None:
        big = 10**12
        vts = tuple(
            replace(vt, num_available=n) if n > 0 else replace(vt, num_available=1, fixed_cost=big)
            for vt, n in zip(vts, num_available, strict=True)
        )
    idx = np.array(locs, dtype=np.int64)
    sub = RoutingProblem(
        locations=tuple(problem.locations[p] for p in locs),
        depots=problem.depots,
        clients=clients,
        vehicle_types=vts,
        distance=problem.distance[np.ix_(idx, idx)],
        duration=problem.duration[np.ix_(idx, idx)],
        shipments=shipments,
        scale=problem.scale,
        name=problem.name,
    )
    return SubProblem(sub, idx)
