"""The path-based restricted master of fixed-charge network design, kept in one HiGHS object.

Columns: flow ``lam[p]`` on path p of a demand; vehicles ``y[a]`` per design arc (relaxed in the
LP, integer in the restricted-master MIP); ``z[a]`` (the arc runs at all) where an open cost is
paid; unmet ``u[k]``. Rows: one per demand (paths + unmet = quantity), aggregate capacity per
design arc (each demand's flow weighed by its ``size`` there), ``y[a] <= max_a z[a]``, resource
limits, minimum loads, vehicle limits, vehicle balances (``y`` of return arcs even where no path
runs), and the strong linking cuts ``x[k,a] <= min(q_k, cap_a)
y[a]`` (and ``x[k,a] <= q_k z[a]``) added when separated. Columns and rows are added in place so
that HiGHS restarts from its last basis.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from hubflow.consolidate.highs import SparseModel
from hubflow.consolidate.pricing import PairGraph
from hubflow.consolidate.problem import DesignProblem, FloatArray, IntArray

__all__ = ["Master", "MasterSolution"]

INF = highspy.kHighsInf


@dataclass(frozen=True, slots=True)
class MasterSolution:
    """Values of the master's columns: path flows, vehicles, open flags, unmet."""

    lam: FloatArray
    y: FloatArray  # per design arc (in ``Master.design`` order)
    z: FloatArray  # per open arc
    u: FloatArray


class Master:
    """The restricted master; ``paths`` grows, rows for cuts grow."""

    def __init__(self, p: DesignProblem, pairs: PairGraph, h: highspy.Highs) -> None:
        self.p, self.pairs, self.h = p, pairs, h
        k = len(p.demands)
        self.q = np.array([d.quantity for d in p.demands])
        self.w = np.array([d.weight for d in p.demands])
        # capacity per unit of flow of each (demand, arc) pair, in the pairs' order; None: all 1
        self.pair_size = np.concatenate([d.sizes() for d in p.demands]) if p.sized else None
        used = np.union1d(pairs.arc, p.return_arcs()).astype(np.int64)
        self.design: IntArray = used[p.max_vehicles[used] > 0]
        open_cost = p.open_cost if p.open_cost is not None else np.zeros(p.n_arcs)
        self.opened: IntArray = self.design[open_cost[self.design] > 0]
        nd, no = len(self.design), len(self.opened)
        self.y_col = np.full(p.n_arcs, -1, np.int64)
        self.y_col[self.design] = np.arange(nd)
        self.z_col = np.full(p.n_arcs, -1, np.int64)
        self.z_col[self.opened] = nd + np.arange(no)
        self.u0 = nd + no
        self.n_fixed_cols = self.u0 + k
        # rows: demands, capacity, open, resources; then cuts
        self.cap_row = np.full(p.n_arcs, -1, np.int64)
        self.cap_row[self.design] = k + np.arange(nd)
        self.open_row0 = k + nd
        self.res0 = self.open_row0 + no
        self.n_rows = self.res0 + len(p.resources)
        res_arc = [np.asarray(r.arcs, np.int64) for r in p.resources]
        ra = np.concatenate(res_arc) if res_arc else np.zeros(0, np.int64)
        rid = np.repeat(np.arange(len(res_arc)), [len(a) for a in res_arc]).astype(np.int64)
        order = np.argsort(ra, kind="stable")
        self.res_arc_start = np.searchsorted(ra[order], np.arange(p.n_arcs + 1))
        self.res_of = rid[order]
        self.res_limit = np.array([r.limit for r in p.resources])
        self.res_unit = np.array([r.unit_weight for r in p.resources], dtype=bool)
        # rows L y[a] - load[a] <= 0 of design arcs with a minimum load, after the resources
        min_load = p.min_load if p.min_load is not None else np.zeros(p.n_arcs)
        self.low: IntArray = self.design[min_load[self.design] > 0]
        self.min_row = np.full(p.n_arcs, -1, np.int64)
        self.min_row[self.low] = self.n_rows + np.arange(len(self.low))
        self.n_rows += len(self.low)
        # rows sum y[a] <= limit of the vehicle limits, last of the fixed rows
        self.veh0 = self.n_rows
        self.veh_limit = np.array([v.limit for v in p.vehicle_limits])
        self.n_rows += len(p.vehicle_limits)
        # rows sum y[out] - sum y[back] <= slack of the vehicle balances
        self.bal0 = self.n_rows
        self.bal_slack = np.array([b.slack for b in p.balances], dtype=np.float64)
        self.n_rows += len(p.balances)
        # bookkeeping of paths and cuts
        self.path_demand: list[int] = []
        self.path_arcs: list[IntArray] = []
        self.path_cost: list[float] = []
        self.seen: dict[tuple[int, bytes], int] = {}  # (demand, arcs) -> path number
        self.by_demand: list[list[int]] = [[] for _ in range(k)]
        self.cut_key: dict[tuple[int, int, bool], int] = {}  # (demand, arc, on z) -> row
        self.cut_rows: list[tuple[int, int, int, int, float]] = []  # row, k, arc, fixed, coef
        self._cut_sorted = np.zeros(0, np.int64)  # keys k * n_arcs + a of the cuts, sorted
        self._cut_row_sorted = np.zeros(0, np.int64)
        self._build()

    # -- building -----------------------------------------------------------------------------
    def _build(self) -> None:
        p, nd, no, k = self.p, len(self.design), len(self.opened), len(self.p.demands)
        rows, cols, vals = [], [], []
        rows.append(self.cap_row[self.design])
        cols.append(np.arange(nd))
        vals.append(-p.capacity[self.design])
        if len(self.low):
            rows.append(self.min_row[self.low])
            cols.append(self.y_col[self.low])
            vals.append(np.asarray(p.min_load)[self.low])
        for i, lim in enumerate(p.vehicle_limits):
            ys = self.y_col[lim.arcs]
            ys = ys[ys >= 0]
            rows.append(np.full(len(ys), self.veh0 + i))
            cols.append(ys)
            vals.append(np.ones(len(ys)))
        for i, bal in enumerate(p.balances):
            ys, sign = bal.row(self.y_col)
            rows.append(np.full(len(ys), self.bal0 + i))
            cols.append(ys)
            vals.append(sign)
        if no:
            r = self.open_row0 + np.arange(no)
            rows += [r, r]
            cols += [self.y_col[self.opened], self.z_col[self.opened]]
            vals += [np.ones(no), -p.max_vehicles[self.opened].astype(float)]
        rows.append(np.arange(k))
        cols.append(self.u0 + np.arange(k))
        vals.append(np.ones(k))
        cost = np.concatenate(
            [
                p.fixed_cost[self.design],
                (p.open_cost[self.opened] if p.open_cost is not None else np.zeros(0)),
                [d.penalty for d in p.demands],
            ]
        )
        upper = np.concatenate([p.max_vehicles[self.design].astype(float), np.ones(no), self.q])
        lo = np.concatenate([self.q, np.full(self.n_rows - k, -INF)])
        hi = np.concatenate(
            [
                self.q,
                np.zeros(nd + no),
                self.res_limit,
                np.zeros(len(self.low)),
                self.veh_limit,
                self.bal_slack,
            ]
        )
        model = SparseModel(
            cost=cost.astype(float),
            col_lower=np.zeros(self.n_fixed_cols),
            col_upper=upper,
            integer=np.zeros(self.n_fixed_cols, bool),
            rows=np.concatenate(rows).astype(np.int64),
            cols=np.concatenate(cols).astype(np.int64),
            vals=np.concatenate(vals).astype(float),
            row_lower=lo,
            row_upper=hi,
        )
        self.h.passModel(model.to_highs_lp())
        self._fixed_entries = (model.rows, model.cols, model.vals)

    @property
    def n_paths(self) -> int:
        return len(self.path_demand)

    def arc_costs(self, k: int, arcs: IntArray) -> FloatArray:
        return self.p.unit_cost[arcs] + self.w[k] * self.p.weight_cost[arcs]

    def add_paths(
        self, demands: list[int], paths: list[IntArray], extra: FloatArray | None = None
    ) -> int:
        """Add the new ones among (demand, arcs) paths as columns; return how many were new.

        ``extra`` (per arc) is added to the columns' objective in HiGHS, not to ``path_cost``."""
        new_d: list[int] = []
        new_a: list[IntArray] = []
        for k, arcs in zip(demands, paths, strict=True):
            key = (int(k), arcs.tobytes())
            if len(arcs) == 0 or key in self.seen:
                continue
            self.seen[key] = self.n_paths + len(new_d)
            new_d.append(int(k))
            new_a.append(np.asarray(arcs, np.int64))
        if not new_d:
            return 0
        first = self.n_fixed_cols + self.n_paths
        lens = np.array([len(a) for a in new_a])
        col = np.repeat(np.arange(len(new_d)), lens)
        arcs = np.concatenate(new_a)
        dem = np.asarray(new_d, np.int64)[col]
        r = [np.asarray(new_d, np.int64)]
        c = [np.arange(len(new_d))]
        v = [np.ones(len(new_d))]
        has_cap = self.cap_row[arcs] >= 0
        r.append(self.cap_row[arcs[has_cap]])
        c.append(col[has_cap])
        v.append(self.sizes(dem[has_cap], arcs[has_cap]))
        has_min = self.min_row[arcs] >= 0
        r.append(self.min_row[arcs[has_min]])
        c.append(col[has_min])
        v.append(-np.ones(int(has_min.sum())))
        cnt = self.res_arc_start[arcs + 1] - self.res_arc_start[arcs]
        if cnt.sum():
            offs = np.repeat(self.res_arc_start[arcs] - np.cumsum(cnt) + cnt, cnt)
            res = self.res_of[offs + np.arange(cnt.sum())]
            r.append(self.res0 + res)
            c.append(np.repeat(col, cnt))
            v.append(np.where(self.res_unit[res], 1.0, np.repeat(self.w[dem], cnt)))
        if self.cut_rows:
            for kind in (0, 1):  # cuts on y, cuts on z
                wanted = (dem * np.int64(self.p.n_arcs) + arcs) * 2 + kind
                pos = np.searchsorted(self._cut_sorted, wanted)
                pos = np.minimum(pos, len(self._cut_sorted) - 1)
                hit = self._cut_sorted[pos] == wanted
                r.append(self._cut_row_sorted[pos[hit]])
                c.append(col[hit])
                v.append(np.ones(int(hit.sum())))
        rows, cols, vals = np.concatenate(r), np.concatenate(c), np.concatenate(v)
        cost_arc = self.p.unit_cost[arcs] + self.w[dem] * self.p.weight_cost[arcs]
        cost = np.bincount(col, weights=cost_arc, minlength=len(new_d))
        objective = cost if extra is None else cost + np.bincount(col, extra[arcs], len(new_d))
        # merge duplicate (row, col) entries (two arcs of one path in one resource)
        entry = cols.astype(np.int64) * (self.n_rows + len(self.cut_rows) + 1) + rows
        uk, inv = np.unique(entry, return_inverse=True)
        vals = np.bincount(inv, weights=vals).astype(np.float64)
        ncut = self.n_rows + len(self.cut_rows) + 1
        cols, rows = uk // ncut, uk % ncut
        starts = np.searchsorted(cols, np.arange(len(new_d)))
        self.h.addCols(
            len(new_d),
            np.asarray(objective, dtype=np.float64),
            np.zeros(len(new_d)),
            np.full(len(new_d), INF),
            len(rows),
            starts.astype(np.int32),
            rows.astype(np.int32),
            vals,
        )
        for i, (kk, a) in enumerate(zip(new_d, new_a, strict=True)):
            self.by_demand[kk].append(first - self.n_fixed_cols + i)
            self.path_demand.append(kk)
            self.path_arcs.append(a)
            self.path_cost.append(float(cost[i]))
        return len(new_d)

    def set_extra_costs(self, extra: FloatArray) -> None:
        """Objective of every path column := its cost + the sum of ``extra`` over its arcs."""
        if not self.n_paths:
            return
        lens = np.array([len(a) for a in self.path_arcs])
        col = np.repeat(np.arange(self.n_paths), lens)
        add = np.bincount(col, extra[np.concatenate(self.path_arcs)], self.n_paths)
        idx = (self.n_fixed_cols + np.arange(self.n_paths)).astype(np.int32)
        self.h.changeColsCost(self.n_paths, idx, np.asarray(self.path_cost) + add)

    def add_cuts(self, demand: IntArray, arc: IntArray, on_open: bool) -> int:
        """Add ``x[k,a] <= coef * (y[a] or z[a])`` rows for the given pairs; return how many."""
        rows_added = 0
        for k, a in zip(demand.tolist(), arc.tolist(), strict=True):
            if (k, a, on_open) in self.cut_key:
                continue
            fixed = int(self.z_col[a] if on_open else self.y_col[a])
            room = self.p.capacity[a] / self.sizes(np.array([k]), np.array([a]))[0]
            coef = float(self.q[k] if on_open else min(self.q[k], room))
            members = [
                self.n_fixed_cols + j for j in self.by_demand[k] if a in set(self.path_arcs[j])
            ]
            idx = np.array([*members, fixed], dtype=np.int32)
            val = np.array([*([1.0] * len(members)), -coef])
            row = self.n_rows + len(self.cut_rows)
            self.h.addRow(-INF, 0.0, len(idx), idx, val)
            self.cut_key[(k, a, on_open)] = row
            self.cut_rows.append((row, k, a, fixed, -coef))
            rows_added += 1
        if rows_added:
            keys = np.array(
                [
                    (k * self.p.n_arcs + a) * 2 + int(f >= len(self.design))
                    for _, k, a, f, _ in self.cut_rows
                ],
                np.int64,
            )
            order = np.argsort(keys)
            self._cut_sorted = keys[order]
            self._cut_row_sorted = np.array([r[0] for r in self.cut_rows], np.int64)[order]
        return rows_added

    def sizes(self, demand: IntArray, arc: IntArray) -> FloatArray:
        """Capacity per unit of flow of each (demand, arc) pair."""
        if self.pair_size is None:
            return np.ones(len(arc))
        return self.pair_size[self.pairs.pair_index(demand, arc)]

    # -- reading ------------------------------------------------------------------------------
    def solution(self, col_value: FloatArray) -> MasterSolution:
        nd, no = len(self.design), len(self.opened)
        v = np.asarray(col_value)
        return MasterSolution(
            lam=np.clip(v[self.n_fixed_cols :], 0, None),
            y=v[:nd],
            z=v[nd : nd + no],
            u=np.clip(v[self.u0 : self.n_fixed_cols], 0, None),
        )

    def arc_loads(self, lam: FloatArray) -> tuple[IntArray, IntArray, FloatArray]:
        """(demand, arc, flow) aggregated over the paths with flow."""
        on = np.flatnonzero(lam > 1e-12)
        if not len(on):
            z = np.zeros(0, np.int64)
            return z, z, np.zeros(0)
        arcs = [self.path_arcs[j] for j in on]
        lens = np.array([len(a) for a in arcs])
        a = np.concatenate(arcs)
        k = np.repeat(np.asarray(self.path_demand)[on], lens)
        f = np.repeat(lam[on], lens)
        key = k * np.int64(self.p.n_arcs) + a
        uk, inv = np.unique(key, return_inverse=True)
        flow = np.bincount(inv, weights=f).astype(np.float64)
        return (uk // self.p.n_arcs).astype(np.int64), (uk % self.p.n_arcs).astype(np.int64), flow

    def capacity_use(self, lam: FloatArray) -> FloatArray:
        """Per arc, the capacity that the path flows ``lam`` take (flow × size)."""
        k, a, x = self.arc_loads(lam)
        use = np.bincount(a, weights=x * self.sizes(k, a), minlength=self.p.n_arcs)
        return use.astype(np.float64)

    def fixed_col_reduced_costs(self, row_dual: FloatArray) -> tuple[FloatArray, FloatArray]:
        """c - A^T dual of the y, z and u columns, and their upper bounds."""
        p = self.p
        r, c, v = self._fixed_entries
        cost = np.concatenate(
            [
                p.fixed_cost[self.design],
                (p.open_cost[self.opened] if p.open_cost is not None else np.zeros(0)),
                [d.penalty for d in p.demands],
            ]
        )
        used = np.bincount(c, weights=v * row_dual[r], minlength=self.n_fixed_cols)
        rc = (cost - used).astype(np.float64)
        for row, _, _, fixed, coef in self.cut_rows:
            rc[fixed] -= coef * row_dual[row]
        upper = np.concatenate(
            [p.max_vehicles[self.design].astype(float), np.ones(len(self.opened)), self.q]
        )
        return rc, upper.astype(np.float64)
