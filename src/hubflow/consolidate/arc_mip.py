"""The arc-based MIP for fixed-charge network design, solved by HiGHS.

Variables: ``x[k, a]`` units of demand k on its allowed arc a; integer vehicles ``y[a]`` on design
arcs; binary ``z[a]`` (the arc runs at all) where it has an open cost, with ``y[a] <= max_a z[a]``
and ``x[k, a] <= q_k z[a]``; unmet ``u[k]``. Constraints: flow conservation per demand and node, aggregate capacity
``sum_k x[k, a] <= cap_a y[a]``, the strong linking inequalities ``x[k, a] <= min(q_k, cap_a) y[a]``
(added where q_k < cap_a, since otherwise the aggregate row implies them), vehicle limits over
sets of arcs, vehicle balances (vehicles out at most vehicles back plus a slack; the return arcs
get a ``y`` even where no demand may use them), and resource limits.
A demand's ``size`` weighs its flow in the capacity rows (``x[k, a] <= min(q_k, cap_a / size)
y[a]`` in the linking ones). The columns of an unsplittable demand are scaled by its quantity
and made binary (one path, all or nothing); ``_Layout.scale`` maps them back.
"""

from __future__ import annotations

import dataclasses
import time
from typing import TYPE_CHECKING

import highspy
import numpy as np

from hubflow.consolidate.highs import SparseModel, new_highs, report_progress
from hubflow.consolidate.problem import DesignProblem, DesignResult, FloatArray, IntArray, Status
from hubflow.consolidate.solvers import SolverSettings
from hubflow.consolidate.work import Phase, seconds_per_branch
from hubflow.deadline import Deadline, Progress, ProgressEvent
from hubflow.highs_run import run as run_highs

if TYPE_CHECKING:
    from hubflow.consolidate.colgen import WarmStart

__all__ = ["ArcMipSolver"]

AT_LIMIT = "design_phases_at_time_limit"  # 1 when the clock stopped the solve, else 0
#: HiGHS's presolve reads the clock only between its reductions and ran up to several seconds
#: past its time limit on generated weeks (bench/results/time_limit_notes.md): HiGHS is not
#: started with less than this per nonzero left, and its time limit keeps as much back
PRESOLVE_SECONDS_PER_NONZERO = 1e-6


class ArcMipSolver:
    """Solve a DesignProblem as one MIP; the reference formulation, exact up to the time limit."""

    name = "highs-arc-mip"
    takes_warm_start = True

    def __init__(
        self, settings: SolverSettings | None = None, *, strong_linking: bool = True
    ) -> None:
        self.settings = settings or SolverSettings()
        self.strong_linking = strong_linking

    def solve(
        self,
        problem: DesignProblem,
        *,
        deadline: Deadline | float = 60.0,
        seed: int = 0,
        progress: Progress | None = None,
        start_from: DesignResult | None = None,
        warm_start: WarmStart | None = None,
        phase: Phase | None = None,
    ) -> DesignResult:
        """Build the MIP and solve it until ``deadline`` (building counts) or the gap is met.

        ``start_from``: a plan of this problem (flows, vehicles, unmet) given to HiGHS as its
        first incumbent; else the incumbent of ``warm_start`` (an earlier, similar solve's).
        ``phase``: column generation's stop for its last phase (on work: a count of nodes, the
        deadline a ceiling); without, on the clock. The deadline is checked between the build
        stages, none of which HiGHS can interrupt: when they leave too little for HiGHS, the
        plan to start from (or none) is returned rather than run past the deadline."""
        deadline = Deadline.of(deadline)
        phase = phase or Phase(deadline)
        if start_from is None and warm_start is not None:
            start_from = warm_start.plan(problem)
        start = time.perf_counter()
        if progress:
            progress(ProgressEvent("solve", solver=self.name, detail="building the MIP"))
        layout = _Layout(problem)
        if not problem.demands:
            return _nothing_to_route(problem, time.perf_counter() - start)
        model = _build(problem, layout, self.strong_linking)
        late = _TooLate(problem, start_from, start, deadline)
        if deadline.expired:
            return late.result("building the MIP")
        lp = model.to_highs_lp()  # before HiGHS reads what is left of the deadline
        if deadline.expired:
            return late.result("converting the MIP for HiGHS")
        h = new_highs(deadline, self.settings.mip_gap, seed, self.settings.threads)
        if progress:
            report_progress(h, progress, self.name)
        h.passModel(lp)
        if start_from is not None and start_from.status.has_solution:
            h.setSolution(_start(problem, layout, start_from))
        presolve = PRESOLVE_SECONDS_PER_NONZERO * len(model.vals)
        if deadline.left() < presolve:
            return late.result("passing the MIP to HiGHS")
        nodes = phase.size(seconds_per_branch(len(model.vals)))
        if nodes is not None:
            h.setOptionValue("mip_max_nodes", nodes)
        # what the build stages left, less what presolve may run past its limit
        h.setOptionValue("time_limit", max(0.1, phase.time_left() - presolve))
        run_highs(h)
        phase.tick(max(0, int(h.getInfo().mip_node_count)))  # its work, for what comes after
        return _result(h, problem, layout, model, time.perf_counter() - start)


class _TooLate:
    """What the arc MIP returns when building it used up the deadline: the plan it was to start
    from (a plan known, no better bound), or no plan; never a run past the deadline."""

    def __init__(
        self, p: DesignProblem, known: DesignResult | None, start: float, deadline: Deadline
    ) -> None:
        self.p, self.start, self.deadline = p, start, deadline
        self.known = known if known is not None and known.status.has_solution else None

    def result(self, stage: str) -> DesignResult:
        runtime = time.perf_counter() - self.start
        message = f"HiGHS not started: the time limit ran out {stage} ({runtime:.1f} s)"
        stats = {AT_LIMIT: 1.0, "mip_nodes": 0.0}
        p, known = self.p, self.known
        if known is None:
            return DesignResult(
                status=Status.NO_SOLUTION_IN_TIME,
                objective=None,
                lower_bound=-np.inf,
                runtime=runtime,
                flows=tuple(np.zeros(len(d.arcs)) for d in p.demands),
                vehicles=np.zeros(p.n_arcs, dtype=np.int64),
                unmet=np.array([d.quantity for d in p.demands]),
                stats=stats,
                message=message,
            )
        objective = known.objective if known.objective is not None else _cost(p, known)
        return dataclasses.replace(
            known,
            status=Status.FEASIBLE_AT_LIMIT,
            objective=objective,
            lower_bound=min(known.lower_bound, objective),
            runtime=runtime,
            stats=stats,
            message=message,
        )


def _cost(p: DesignProblem, r: DesignResult) -> float:
    """The objective of plan ``r``: flow, vehicle, open and unmet costs."""
    cost = sum(float(p.demand_arc_cost(k) @ f) for k, f in enumerate(r.flows))
    cost += float(p.fixed_cost @ r.vehicles)
    if p.open_cost is not None:
        cost += float(p.open_cost[r.vehicles > 0].sum())
    return cost + float(sum(d.penalty * u for d, u in zip(p.demands, r.unmet, strict=True)))


class _Layout:
    """Column numbering: all x (demand by demand), then y of the used design arcs, then u."""

    def __init__(self, p: DesignProblem) -> None:
        sizes = [len(d.arcs) for d in p.demands]
        self.x_start = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        n_x = int(self.x_start[-1])
        all_arcs = np.concatenate([d.arcs for d in p.demands]) if p.demands else np.zeros(0, int)
        used = np.union1d(all_arcs, p.return_arcs()).astype(np.int64)
        self.design_arcs: IntArray = used[p.max_vehicles[used] > 0]
        self.y_col = np.full(p.n_arcs, -1, dtype=np.int64)
        self.y_col[self.design_arcs] = n_x + np.arange(len(self.design_arcs))
        open_cost = p.open_cost if p.open_cost is not None else np.zeros(p.n_arcs)
        self.open_arcs: IntArray = self.design_arcs[open_cost[self.design_arcs] > 0]
        self.z_col = np.full(p.n_arcs, -1, dtype=np.int64)
        z_start = n_x + len(self.design_arcs)
        self.z_col[self.open_arcs] = z_start + np.arange(len(self.open_arcs))
        self.u_start = z_start + len(self.open_arcs)
        self.n_cols = self.u_start + len(p.demands)
        self.x_arc = all_arcs.astype(np.int64)  # arc of each x column
        self.x_demand = np.repeat(np.arange(len(p.demands)), sizes)
        self.x_size = np.concatenate([d.sizes() for d in p.demands]) if p.demands else np.zeros(0)
        # units of each column: 1, or the whole quantity for an unsplittable demand's flows
        self.scale = np.ones(self.n_cols)
        self.whole = np.zeros(self.n_cols, dtype=bool)  # binary: an unsplittable demand's flows
        for k, d in enumerate(p.demands):
            if d.unsplittable:
                self.scale[self.x_start[k] : self.x_start[k + 1]] = d.quantity
                self.whole[self.x_start[k] : self.x_start[k + 1]] = True


def _build(p: DesignProblem, lay: _Layout, strong: bool) -> SparseModel:
    rows: list[IntArray] = []
    cols: list[IntArray] = []
    vals: list[FloatArray] = []
    lo: list[FloatArray] = []
    hi: list[FloatArray] = []
    n_rows = 0

    def add(r: IntArray, c: IntArray, v: FloatArray) -> None:
        rows.append(r.astype(np.int64))
        cols.append(c.astype(np.int64))
        vals.append(v.astype(np.float64))

    # Flow conservation: out - in (+/- u) = +q at origin, -q at destination, 0 elsewhere.
    for k, d in enumerate(p.demands):
        xs = np.arange(lay.x_start[k], lay.x_start[k + 1])
        nodes, inv = np.unique(
            np.concatenate([p.tail[d.arcs], p.head[d.arcs], [d.origin, d.destination]]),
            return_inverse=True,
        )
        m = len(d.arcs)
        add(n_rows + inv[:m], xs, np.ones(m))
        add(n_rows + inv[m : 2 * m], xs, -np.ones(m))
        o, t = n_rows + inv[2 * m], n_rows + inv[2 * m + 1]
        add(np.array([o, t]), np.array([lay.u_start + k] * 2), np.array([1.0, -1.0]))
        rhs = np.zeros(len(nodes))
        rhs[inv[2 * m]], rhs[inv[2 * m + 1]] = d.quantity, -d.quantity
        lo.append(rhs)
        hi.append(rhs)
        n_rows += len(nodes)

    # Aggregate capacity per design arc.
    is_design = lay.y_col[lay.x_arc] >= 0
    x_design = np.flatnonzero(is_design)
    cap_row = np.full(p.n_arcs, -1, dtype=np.int64)
    cap_row[lay.design_arcs] = n_rows + np.arange(len(lay.design_arcs))
    add(cap_row[lay.x_arc[x_design]], x_design, lay.x_size[x_design])
    add(cap_row[lay.design_arcs], lay.y_col[lay.design_arcs], -p.capacity[lay.design_arcs])
    lo.append(np.full(len(lay.design_arcs), -np.inf))
    hi.append(np.zeros(len(lay.design_arcs)))
    n_rows += len(lay.design_arcs)

    # Strong linking x[k,a] <= min(q_k, cap_a / size_ka) y[a] where it is not implied.
    if strong:
        q = np.array([d.quantity for d in p.demands])[lay.x_demand[x_design]]
        cap = p.capacity[lay.x_arc[x_design]] / lay.x_size[x_design]
        pick = x_design[q < cap - 1e-9]
        coef = np.minimum(q, cap)[q < cap - 1e-9]
        r = n_rows + np.arange(len(pick))
        add(r, pick, np.ones(len(pick)))
        add(r, lay.y_col[lay.x_arc[pick]], -coef)
        lo.append(np.full(len(pick), -np.inf))
        hi.append(np.zeros(len(pick)))
        n_rows += len(pick)

    # Open arcs: y[a] <= max_a z[a] and x[k,a] <= q_k z[a].
    opened = lay.open_arcs
    if len(opened):
        r = n_rows + np.arange(len(opened))
        add(r, lay.y_col[opened], np.ones(len(opened)))
        add(r, lay.z_col[opened], -p.max_vehicles[opened].astype(float))
        n_rows += len(opened)
        x_open = np.flatnonzero(lay.z_col[lay.x_arc] >= 0)
        q = np.array([d.quantity for d in p.demands])[lay.x_demand[x_open]]
        r2 = n_rows + np.arange(len(x_open))
        add(r2, x_open, np.ones(len(x_open)))
        add(r2, lay.z_col[lay.x_arc[x_open]], -q)
        n_rows += len(x_open)
        lo.append(np.full(len(opened) + len(x_open), -np.inf))
        hi.append(np.zeros(len(opened) + len(x_open)))

    # Minimum loads: sum_k x[k,a] >= min_load_a y[a].
    if p.min_load is not None:
        low = lay.design_arcs[p.min_load[lay.design_arcs] > 0]
        min_row = np.full(p.n_arcs, -1, dtype=np.int64)
        min_row[low] = n_rows + np.arange(len(low))
        x_low = x_design[min_row[lay.x_arc[x_design]] >= 0]
        add(min_row[lay.x_arc[x_low]], x_low, np.ones(len(x_low)))
        add(min_row[low], lay.y_col[low], -p.min_load[low])
        lo.append(np.zeros(len(low)))
        hi.append(np.full(len(low), np.inf))
        n_rows += len(low)

    # Vehicle limits: sum over arcs in V of y[a] <= limit (before the resources, which come last).
    for lim in p.vehicle_limits:
        ys = lay.y_col[lim.arcs]
        ys = ys[ys >= 0]
        add(np.full(len(ys), n_rows), ys, np.ones(len(ys)))
        lo.append(np.array([-np.inf]))
        hi.append(np.array([lim.limit]))
        n_rows += 1

    # Vehicle balances: sum of y over outbound arcs - sum over return arcs <= slack.
    for bal in p.balances:
        ys, sign = bal.row(lay.y_col)
        add(np.full(len(ys), n_rows), ys, sign)
        lo.append(np.array([-np.inf]))
        hi.append(np.array([bal.slack]))
        n_rows += 1

    # Resources: sum over arcs in R of weight_k x[k,a] <= limit (weight 1 for unit_weight).
    weights = np.array([d.weight for d in p.demands])[lay.x_demand] if p.demands else np.zeros(0)
    res_row: dict[int, list[int]] = {}
    for i, res in enumerate(p.resources):
        for a in res.arcs:
            res_row.setdefault(int(a), []).append(i)
    if res_row:
        xr, rr = [], []
        for col, a in enumerate(lay.x_arc):
            for i in res_row.get(int(a), ()):
                xr.append(col)
                rr.append(i)
        xr_a = np.array(xr, dtype=np.int64)
        rr_a = np.array(rr, dtype=np.int64)
        unit = np.array([res.unit_weight for res in p.resources], dtype=bool)
        add(n_rows + rr_a, xr_a, np.where(unit[rr_a], 1.0, weights[xr_a]))
        lo.append(np.full(len(p.resources), -np.inf))
        hi.append(np.array([res.limit for res in p.resources]))
        n_rows += len(p.resources)

    cost = np.zeros(lay.n_cols)
    cost[: len(lay.x_arc)] = p.unit_cost[lay.x_arc] + weights * p.weight_cost[lay.x_arc]
    cost[lay.y_col[lay.design_arcs]] = p.fixed_cost[lay.design_arcs]
    if p.open_cost is not None and len(lay.open_arcs):
        cost[lay.z_col[lay.open_arcs]] = p.open_cost[lay.open_arcs]
    cost[lay.u_start :] = [d.penalty for d in p.demands]
    upper = np.full(lay.n_cols, np.inf)
    upper[lay.y_col[lay.design_arcs]] = p.max_vehicles[lay.design_arcs]
    upper[lay.u_start :] = [d.quantity for d in p.demands]
    integer = np.zeros(lay.n_cols, dtype=bool)
    integer[lay.y_col[lay.design_arcs]] = True
    integer[lay.z_col[lay.open_arcs]] = True
    upper[lay.z_col[lay.open_arcs]] = 1.0
    # Unsplittable demands: their flows in units of the whole quantity, 0 or 1 on each arc.
    integer |= lay.whole
    upper[lay.whole] = 1.0
    empty = np.zeros(0)
    all_cols = np.concatenate(cols) if cols else empty.astype(np.int64)
    all_vals = np.concatenate(vals) if vals else empty
    return SparseModel(
        cost=cost * lay.scale,
        col_lower=np.zeros(lay.n_cols),
        col_upper=upper,
        integer=integer,
        rows=np.concatenate(rows) if rows else empty.astype(np.int64),
        cols=all_cols,
        vals=all_vals * lay.scale[all_cols],
        row_lower=np.concatenate(lo) if lo else empty,
        row_upper=np.concatenate(hi) if hi else empty,
    )


def _start(p: DesignProblem, lay: _Layout, r: DesignResult) -> highspy.HighsSolution:
    """The columns' values of plan ``r`` in this layout."""
    sol = np.zeros(lay.n_cols)
    sol[: len(lay.x_arc)] = np.concatenate(r.flows)
    sol[lay.y_col[lay.design_arcs]] = r.vehicles[lay.design_arcs]
    sol[lay.z_col[lay.open_arcs]] = (r.vehicles[lay.open_arcs] > 0).astype(float)
    sol[lay.u_start :] = r.unmet
    out = highspy.HighsSolution()
    out.col_value = (sol / lay.scale).tolist()
    return out


def _result(
    h: highspy.Highs, p: DesignProblem, lay: _Layout, model: SparseModel, runtime: float
) -> DesignResult:
    status = h.getModelStatus()
    info = h.getInfo()
    stats = {
        "variables": float(lay.n_cols),
        "integer_variables": float(
            len(lay.design_arcs) + len(lay.open_arcs) + int(lay.whole.sum())
        ),
        "constraints": float(len(model.row_lower)),
        "nonzeros": float(len(model.vals)),
        "mip_nodes": float(info.mip_node_count),
        AT_LIMIT: float(status == highspy.HighsModelStatus.kTimeLimit),
    }
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    limits = (
        highspy.HighsModelStatus.kTimeLimit,
        highspy.HighsModelStatus.kInterrupt,
        highspy.HighsModelStatus.kSolutionLimit,  # the node count of a phase stopped on work
    )
    message = "" if status == highspy.HighsModelStatus.kOptimal else h.modelStatusToString(status)
    if status == highspy.HighsModelStatus.kInfeasible:
        kind = Status.INFEASIBLE
    elif status == highspy.HighsModelStatus.kOptimal and has_solution:
        kind = Status.OPTIMAL
    elif has_solution:
        kind = Status.FEASIBLE_AT_LIMIT
    elif status in limits:
        kind = Status.NO_SOLUTION_IN_TIME
    else:
        kind = Status.SOLVER_FAILED
    if not has_solution:
        bound = float(info.mip_dual_bound)
        empty = tuple(np.zeros(len(d.arcs)) for d in p.demands)
        return DesignResult(
            status=kind,
            objective=None,
            lower_bound=bound if np.isfinite(bound) else -np.inf,
            runtime=runtime,
            flows=empty,
            vehicles=np.zeros(p.n_arcs, dtype=np.int64),
            unmet=np.array([d.quantity for d in p.demands]),
            stats=stats,
            message=f"HiGHS: {message} after {runtime:.1f} s",
        )
    sol = np.asarray(h.getSolution().col_value) * lay.scale
    flows = tuple(
        np.clip(sol[lay.x_start[k] : lay.x_start[k + 1]], 0.0, None) for k in range(len(p.demands))
    )
    vehicles = np.zeros(p.n_arcs, dtype=np.int64)
    vehicles[lay.design_arcs] = np.rint(sol[lay.y_col[lay.design_arcs]]).astype(np.int64)
    objective = float(info.objective_function_value)
    bound = float(info.mip_dual_bound) if len(lay.design_arcs) else objective
    if not np.isfinite(bound):
        bound = objective if kind is Status.OPTIMAL else 0.0
    return DesignResult(
        status=kind,
        objective=objective,
        lower_bound=min(bound, objective),
        runtime=runtime,
        flows=flows,
        vehicles=vehicles,
        unmet=np.clip(sol[lay.u_start :], 0.0, None),
        stats=stats,
        message=f"HiGHS: {message}" if message else "",
    )


def _nothing_to_route(p: DesignProblem, runtime: float) -> DesignResult:
    """No demand: the empty plan is optimal at cost 0 (HiGHS would call the model empty)."""
    return DesignResult(
        status=Status.OPTIMAL,
        objective=0.0,
        lower_bound=0.0,
        runtime=runtime,
        flows=(),
        vehicles=np.zeros(p.n_arcs, dtype=np.int64),
        unmet=np.zeros(0),
    )
