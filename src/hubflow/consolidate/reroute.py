"""Local improvement of a path-based plan: close or reroute one design arc.

A move takes flow off one arc of the plan, enough to close it or to drop one of its vehicles,
and re-routes the demands it carried by shortest paths over the other arcs: room left on the
vehicles already running costs only the per-unit costs, a vehicle more its fixed (and open)
cost spread over the amount moved, and leaving the amount unmet its penalty. The caller prices
the result exactly and keeps it only if it is cheaper.
"""

from __future__ import annotations

import numpy as np

from hubflow.consolidate.master import Master
from hubflow.consolidate.pricing import PairGraph
from hubflow.consolidate.problem import DesignProblem, FloatArray, IntArray

__all__ = ["Rerouter"]


class Rerouter:
    """Close/reroute moves on the paths of ``master`` (new paths join the master)."""

    def __init__(self, p: DesignProblem, pairs: PairGraph, master: Master, base: FloatArray):
        self.p, self.pairs, self.m, self.base = p, pairs, master, base
        self.open_cost = p.open_cost if p.open_cost is not None else np.zeros(p.n_arcs)
        self.penalty = np.array([d.penalty for d in p.demands], dtype=np.float64)

    def loads(self, lam: FloatArray) -> FloatArray:
        """Flow on every arc."""
        _, a, x = self.m.arc_loads(lam)
        return np.bincount(a, weights=x, minlength=self.p.n_arcs).astype(np.float64)

    def candidates(self, lam: FloatArray, vehicles: IntArray) -> list[int]:
        """Design arcs with vehicles and load, dearest first: fixed cost saved per unit that must
        move (a vehicle that runs empty only for a balance has nothing to move: the plan's
        pricing drops or keeps it with the vehicles it balances)."""
        p = self.p
        load = self.loads(lam)
        used = np.flatnonzero((vehicles > 0) & (p.max_vehicles > 0) & (load > 1e-9))
        last = load[used] - (vehicles[used] - 1) * p.capacity[used]  # on the last vehicle
        saving = p.fixed_cost[used] + np.where(vehicles[used] == 1, self.open_cost[used], 0.0)
        score = saving / np.maximum(last, 1e-9)
        return [int(a) for a in used[np.argsort(-score, kind="stable")]]

    def move(
        self, lam: FloatArray, unmet: FloatArray, vehicles: IntArray, arc: int
    ) -> tuple[FloatArray, FloatArray]:
        """Path flows and unmet after taking ``arc`` down one vehicle and re-routing what it
        carried, demand by demand (largest first), each seeing the vehicles the ones before
        it added."""
        p, m, pairs = self.p, self.m, self.pairs
        lam = np.concatenate([lam, np.zeros(m.n_paths - len(lam))])
        unmet = unmet.copy()
        moved = self._take_off(lam, arc, (vehicles[arc] - 1) * p.capacity[arc])
        load, fleet = self.loads(lam), vehicles.copy()
        design = p.max_vehicles > 0
        for k, amount in sorted(moved.items(), key=lambda kv: -kv[1]):
            per_unit, route = pairs.shortest_path(k, self._pair_costs(fleet, load, arc, k, amount))
            if not len(route) or per_unit >= self.penalty[k]:
                unmet[k] += amount  # no path cheaper than its penalty
                continue
            arcs = pairs.arc[route]
            m.add_paths([k], [arcs])
            lam = np.concatenate([lam, np.zeros(m.n_paths - len(lam))])
            lam[m.seen[(k, arcs.tobytes())]] += amount
            load[arcs] += amount
            on = arcs[design[arcs]]
            need = np.ceil(load[on] / p.capacity[on] - 1e-6).astype(np.int64)
            fleet[on] = np.maximum(fleet[on], need)
        return lam, unmet

    def _take_off(self, lam: FloatArray, arc: int, keep: float) -> dict[int, float]:
        """Zero the smallest path flows over ``arc`` until at most ``keep`` is left on it;
        the amount taken off per demand."""
        m = self.m
        on = [int(j) for j in np.flatnonzero(lam > 1e-12) if (m.path_arcs[j] == arc).any()]
        on.sort(key=lambda j: lam[j])
        load = float(sum(lam[j] for j in on))
        moved: dict[int, float] = {}
        for j in on:
            if load <= keep + 1e-9:
                break
            k = m.path_demand[j]
            moved[k] = moved.get(k, 0.0) + float(lam[j])
            load -= float(lam[j])
            lam[j] = 0.0
        return moved

    def _pair_costs(
        self, fleet: IntArray, load: FloatArray, closed: int, k: int, amount: float
    ) -> FloatArray:
        """Per-unit cost of each pair of demand ``k`` (in pair order) for re-routing ``amount``
        (inf on the closed arc and on arcs out of vehicles)."""
        p, pairs = self.p, self.pairs
        idx = np.arange(pairs.start[k], pairs.start[k + 1])
        arc = pairs.arc[idx]
        design = p.max_vehicles[arc] > 0
        cap = np.where(design, p.capacity[arc], 1.0)  # no capacity on the other arcs
        short = np.where(design, np.maximum(amount - (fleet[arc] * cap - load[arc]), 0.0), 0.0)
        extra = np.ceil(short / np.maximum(cap, 1e-12) - 1e-9)
        fixed = p.fixed_cost[arc] * extra + np.where(
            (fleet[arc] == 0) & (extra > 0), self.open_cost[arc], 0.0
        )
        cost = self.base[idx] + fixed / max(amount, 1e-12)
        cost[(fleet[arc] + extra > p.max_vehicles[arc]) & design] = np.inf
        cost[arc == closed] = np.inf
        return cost
