"""Shortest paths for every demand at once, each in its own allowed-arc subgraph.

The (demand, arc) pairs of all demands form one flat array; each demand's nodes get their own
labels. On an acyclic union graph (a time-expanded network) the pairs are relaxed level by level
in topological order, one pass in all; otherwise (e.g. a static network) by vectorised
Bellman-Ford rounds. Either way each demand's path is exact for the given pair costs.
"""

from __future__ import annotations

import numpy as np

from hubflow.consolidate.problem import DesignProblem, FloatArray, IntArray

__all__ = ["PairGraph"]


class PairGraph:
    """The pairs of a problem, their node labels and a relaxation order, built once per solve."""

    def __init__(self, p: DesignProblem) -> None:
        sizes = np.array([len(d.arcs) for d in p.demands], dtype=np.int64)
        self.n_demands = len(sizes)
        self.start = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        self.demand = np.repeat(np.arange(self.n_demands, dtype=np.int64), sizes)
        self.arc = (
            np.concatenate([d.arcs for d in p.demands]).astype(np.int64)
            if p.demands
            else np.zeros(0, np.int64)
        )
        n = np.int64(p.n_nodes)
        ends = np.array([[d.origin, d.destination] for d in p.demands], dtype=np.int64)
        ends = ends.reshape(-1, 2)  # also with no demand at all
        keys = np.concatenate(
            [
                self.demand * n + p.tail[self.arc],
                self.demand * n + p.head[self.arc],
                np.arange(self.n_demands) * n + ends[:, 0],
                np.arange(self.n_demands) * n + ends[:, 1],
            ]
        )
        m, k = len(self.arc), self.n_demands
        if k * int(n) <= 8 * m + 1_000_000:  # few enough: (demand, node) is the label itself
            labels, self.n_labels = keys, k * int(n)
        else:
            _, labels = np.unique(keys, return_inverse=True)
            self.n_labels = int(labels.max()) + 1 if len(labels) else 0
        self.tail_label, self.head_label = labels[:m], labels[m : 2 * m]
        self.origin_label, self.dest_label = labels[2 * m : 2 * m + k], labels[2 * m + k :]
        # (demand, arc) -> pair index, by binary search in the sorted keys
        self.n_arcs = np.int64(p.n_arcs)
        key = self.demand * self.n_arcs + self.arc
        if len(key) < 2 or bool((key[1:] > key[:-1]).all()):  # arcs listed in order already
            self._order = np.arange(len(key))
            self._sorted_key = key
        else:
            self._order = np.argsort(key, kind="stable")
            self._sorted_key = key[self._order]
        self._levels = _levels(p.n_nodes, p.tail, p.head)
        if self._levels is None:
            self._out_order = np.argsort(self.tail_label, kind="stable")
            self._out_start = np.searchsorted(
                self.tail_label[self._out_order], np.arange(self.n_labels + 1)
            )
        if self._levels is not None:
            lev = self._levels[p.tail[self.arc]]
            self._pair_level = lev
            self._by_level = np.argsort(lev, kind="stable")
            self._cuts = np.flatnonzero(np.diff(lev[self._by_level])) + 1

    @property
    def acyclic(self) -> bool:
        return self._levels is not None

    def pair_index(self, demand: IntArray, arc: IntArray) -> IntArray:
        """Pair index of each (demand, arc), -1 where the arc is not allowed for the demand."""
        key = demand.astype(np.int64) * self.n_arcs + arc.astype(np.int64)
        pos = np.searchsorted(self._sorted_key, key)
        pos = np.minimum(pos, len(self._sorted_key) - 1)
        hit = self._sorted_key[pos] == key if len(self._sorted_key) else np.zeros(len(key), bool)
        return np.where(hit, self._order[pos], -1)

    def shortest(self, cost: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Distance of every label from its demand's origin under pair ``cost``; and the dest
        distance per demand (inf where unreachable)."""
        dist = np.full(self.n_labels, np.inf)
        dist[self.origin_label] = 0.0
        tl, hl = self.tail_label, self.head_label
        if self._levels is not None:
            for chunk in np.split(self._by_level, self._cuts):
                np.minimum.at(dist, hl[chunk], dist[tl[chunk]] + cost[chunk])
        else:  # Bellman-Ford, relaxing only the pairs whose tail label just improved
            active = np.flatnonzero(np.isin(tl, self.origin_label))
            for _ in range(self.n_labels):
                if not len(active):
                    break
                before = dist[hl[active]]
                np.minimum.at(dist, hl[active], dist[tl[active]] + cost[active])
                changed = np.unique(hl[active][dist[hl[active]] < before])
                active = self._out_pairs(changed)
        return dist, dist[self.dest_label]

    def shortest_path(self, k: int, cost: FloatArray) -> tuple[float, IntArray]:
        """Demand ``k``'s cheapest path under ``cost`` (one value per pair of ``k``, in pair
        order): its cost (inf if none) and its pair indices, origin to destination. Relaxes
        only ``k``'s own pairs, so one demand costs its size, not the whole problem's."""
        lo, hi = int(self.start[k]), int(self.start[k + 1])
        m = hi - lo
        ends = [self.origin_label[k], self.dest_label[k]]
        _, local = np.unique(
            np.concatenate([self.tail_label[lo:hi], self.head_label[lo:hi], ends]),
            return_inverse=True,
        )
        t, h, origin, dest = local[:m], local[m : 2 * m], local[2 * m], local[2 * m + 1]
        dist = np.full(int(local.max()) + 1, np.inf)
        dist[origin] = 0.0
        if self._levels is not None:
            lev = self._pair_level[lo:hi]
            order = np.argsort(lev, kind="stable")
            for chunk in np.split(order, np.flatnonzero(np.diff(lev[order])) + 1):
                np.minimum.at(dist, h[chunk], dist[t[chunk]] + cost[chunk])
        else:  # Bellman-Ford over the demand's pairs
            for _ in range(len(dist)):
                before = dist.copy()
                np.minimum.at(dist, h, dist[t] + cost)
                if np.array_equal(before, dist):
                    break
        if not np.isfinite(dist[dest]):
            return np.inf, np.zeros(0, np.int64)
        with np.errstate(invalid="ignore"):
            slack = dist[t] + cost - dist[h]
        tight = np.flatnonzero(np.isfinite(dist[t]) & (slack <= 1e-9 * (1 + np.abs(dist[h]))))
        pred = np.full(len(dist), -1, np.int64)
        pred[h[tight]] = tight
        pred[origin] = -1
        path: list[int] = []
        node = dest
        while node != origin and len(path) < len(dist):
            j = int(pred[node])
            if j < 0:
                return np.inf, np.zeros(0, np.int64)
            path.append(j)
            node = t[j]
        if node != origin:
            return np.inf, np.zeros(0, np.int64)
        return float(dist[dest]), lo + np.array(path[::-1], dtype=np.int64)

    def _out_pairs(self, labels: IntArray) -> IntArray:
        """The pairs leaving the given labels."""
        if not len(labels):
            return labels
        lo, hi = self._out_start[labels], self._out_start[labels + 1]
        cnt = hi - lo
        return self._out_order[np.repeat(lo - np.cumsum(cnt) + cnt, cnt) + np.arange(cnt.sum())]

    def paths(self, dist: FloatArray, cost: FloatArray, demands: IntArray) -> list[IntArray]:
        """The pair indices of one shortest path per demand in ``demands`` (origin to dest)."""
        tl, hl = self.tail_label, self.head_label
        with np.errstate(invalid="ignore"):  # inf - inf where a label is unreachable
            slack = dist[tl] + cost - dist[hl]
            ok = slack <= 1e-9 * (1 + np.abs(dist[hl]))
        tight = np.flatnonzero(np.isfinite(dist[tl]) & ok)
        pred = np.full(self.n_labels, -1, dtype=np.int64)
        pred[hl[tight]] = tight
        pred[self.origin_label] = -1
        cur = self.dest_label[demands].copy()
        steps: list[IntArray] = []
        alive = np.ones(len(demands), dtype=bool)
        for _ in range(self.n_labels):
            p = np.where(alive, pred[cur], -1)
            alive &= p >= 0
            if not alive.any():
                break
            steps.append(np.where(alive, p, -1))
            cur = np.where(alive, tl[np.maximum(p, 0)], cur)
        done = cur == self.origin_label[demands]
        table = np.array(steps, dtype=np.int64).T if steps else np.zeros((len(demands), 0), int)
        return [
            row[row >= 0][::-1] if ok else np.zeros(0, np.int64)
            for row, ok in zip(table, done, strict=True)
        ]


def _levels(n_nodes: int, tail: IntArray, head: IntArray) -> IntArray | None:
    """Topological level of every node (Kahn's algorithm by fronts), or None if there is a cycle."""
    indeg = np.bincount(head, minlength=n_nodes)
    order = np.argsort(tail, kind="stable")
    out_start = np.searchsorted(tail[order], np.arange(n_nodes + 1))
    level = np.full(n_nodes, -1, dtype=np.int64)
    front = np.flatnonzero(indeg == 0)
    depth = 0
    seen = 0
    while len(front):
        level[front] = depth
        seen += len(front)
        counts = out_start[front + 1] - out_start[front]
        if counts.sum() == 0:
            break
        offs = np.repeat(out_start[front] - np.cumsum(counts) + counts, counts)
        arcs = order[offs + np.arange(counts.sum())]
        dec = np.bincount(head[arcs], minlength=n_nodes)
        indeg = indeg - dec
        touched = np.unique(head[arcs])
        front = touched[indeg[touched] == 0]
        depth += 1
    return level if seen == n_nodes else None
