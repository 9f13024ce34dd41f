"""Earliest-arrival and latest-departure labels on the time grid, per site.

``earliest``: from (origin, bucket) the earliest bucket an order can be ready to depart from each
hub (after handling) and the earliest arrival (the runs' ``arrival`` minute) at every site.
``latest``: the latest bucket an order can depart each site and still arrive at the destination
by a deadline minute. Only hubs
(and the origin) may be departed from; labels are exact on the grid, so pruning by them loses
no feasible path.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from hubflow.network.grid import ServiceRuns


@dataclass(frozen=True, slots=True)
class SiteGraph:
    """Services grouped by origin and destination site, with each site's handling in buckets."""

    runs: Sequence[ServiceRuns]
    out_of: dict[str, list[int]]
    into: dict[str, list[int]]
    handling: dict[str, int]  # buckets of transfer time at hubs (the runs' ready_bucket has it)
    hubs: frozenset[str]


def earliest(g: SiteGraph, origin: str, start: int) -> tuple[dict[str, int], dict[str, int]]:
    """(ready, arrive): earliest departure-ready bucket per site, earliest arrival minute per site."""
    ready = {origin: start}
    arrive: dict[str, int] = {}
    heap = [(start, origin)]
    while heap:
        b, site = heapq.heappop(heap)
        if b > ready[site]:
            continue
        for s in g.out_of.get(site, ()):
            run = g.runs[s]
            i = bisect_left(run.dep_bucket, b)
            if i == len(run.dep_bucket):
                continue
            a, dest = run.arrival[i], run.service.destination
            if a < arrive.get(dest, 1 << 60):
                arrive[dest] = a
            if dest in g.hubs and dest != origin:
                r = run.ready_bucket[i]
                if r < ready.get(dest, 1 << 60):
                    ready[dest] = r
                    heapq.heappush(heap, (r, dest))
    return ready, arrive


def latest(g: SiteGraph, destination: str, deadline: int) -> dict[str, int]:
    """Latest departure bucket per site from which ``destination`` is reached by the minute
    ``deadline``."""
    depart: dict[str, int] = {}
    heap: list[tuple[int, str]] = []

    def relax(site: str, by: int) -> None:
        """Runs into ``site`` that arrive by the minute ``by`` (at the destination) or are ready
        to leave by the bucket ``by`` (at a hub)."""
        for s in g.into.get(site, ()):
            run = g.runs[s]
            i = bisect_right(run.arrival if site == destination else run.ready_bucket, by) - 1
            if i < 0:
                continue
            d, src = run.dep_bucket[i], run.service.origin
            if src != destination and d > depart.get(src, -1):
                depart[src] = d
                heapq.heappush(heap, (-d, src))

    relax(destination, deadline)  # a minute here, a bucket at every hub below
    while heap:
        neg, site = heapq.heappop(heap)
        if -neg < depart[site] or site not in g.hubs:
            continue
        relax(site, depart[site])
    return depart
