"""Column generation and a matheuristic for fixed-charge network design (method ``colgen``).

1. Column generation on the path-based master (:mod:`~hubflow.consolidate.master`): pricing by
   exact shortest paths for all demands per round (:mod:`~hubflow.consolidate.pricing`), strong
   linking inequalities separated as cuts once pricing finds nothing. The lower bound is the
   Lagrangian bound of the current duals (valid at every round; equal to the LP value at the
   end), so the reported bound is always a proven one.
2. Integer vehicles: rounding the LP vehicles up gives a feasible plan at once; slope scaling
   finds designs; a restricted-master MIP over the generated paths (HiGHS, started from the best
   plan) improves it; then local improvement closes a lightly loaded arc (or drops one vehicle
   of it) and re-routes the demands it carried (:mod:`~hubflow.consolidate.reroute`). The best
   plan found is returned at the deadline.
   An unsplittable demand's paths get binary twins in that MIP (a path carries all of the
   demand or none of it), and every other plan puts such a demand on one path before it is
   kept. The bound stays the LP's, which ignores this rule: valid, but weaker.
3. Time left over on a problem of moderate size: the arc MIP started from the best plan, which
   may improve it or prove a better bound. On a small problem (the size ``auto`` gives the arc
   MIP) it gets the restricted master's time too: there the arc MIP alone, at equal time, finds
   better plans than the restricted master, and ``colgen`` should never be worse than it.
   On work, the arc MIP's presolve and root (which no count can stop) are set aside first and
   its nodes get the rest; when they do not fit, the arc MIP over the arcs that carry flow in
   the last LP or the best plan (Canad c57: 10,000 of 68,000 pairs) takes its place:
   it finds better plans, but its bound is none of the whole problem, so the LP's stays.
   When they fit, that cut arc MIP (a neighbourhood of the plan, as RINS's) runs first with
   ``NEAR_SHARE`` of the nodes' seconds, and the whole one after it, started from its plan,
   with the rest; the whole MIP's bound is reported where it beats the LP's. The same work
   then gives better plans: the cut MIP's nodes are cheaper and go deeper, and the whole MIP's
   root starts from a better incumbent (Canad C+ at 60 s, c25_100_30_F_L_5: 37,521 instead of
   37,891, bound 36,020 instead of 35,968; c100_400_10_F_T_10 67,371 instead of 70,831, no
   longer cut by the clock; bench/results/mcnd_CPlus_60s_colgen_never2.md).

Given ``SolverSettings.work_seconds`` every phase stops on a count of work (pricing rounds,
slope-scaling pricing rounds, branch-and-bound nodes, local moves) sized from those nominal
seconds and the problem's size (:mod:`hubflow.consolidate.work`), so the same problem, settings
and seed give the same plan on any machine that does the work in time; the deadline stays a
hard stop, and ``stats["design_phases_at_time_limit"]`` counts the phases it cut short. Without, the phases
stop on their shares of the deadline, as before.

Knows nothing of freight. A :class:`WarmStart` (paths and incumbent of an earlier solve, mapped
to this problem's arcs and demands) seeds the master for what-if re-plans.
"""

from __future__ import annotations

import dataclasses
import math
import time
from dataclasses import dataclass

import highspy
import numpy as np

from hubflow.consolidate.balance import balanced, fewer_out
from hubflow.consolidate.highs import new_highs
from hubflow.consolidate.master import Master, MasterSolution
from hubflow.consolidate.pricing import PairGraph
from hubflow.consolidate.problem import (
    BoolArray,
    DesignProblem,
    DesignResult,
    FloatArray,
    IntArray,
    Status,
)
from hubflow.consolidate.reroute import Rerouter
from hubflow.consolidate.solvers import SolverSettings
from hubflow.consolidate.work import (
    Phase,
    WorkClock,
    arc_mip_root_seconds,
    nominal_seconds,
    seconds_per_move,
    seconds_per_node,
    seconds_per_round,
)
from hubflow.deadline import Deadline, Progress, ProgressEvent, no_progress
from hubflow.highs_run import run as run_highs

__all__ = ["ColGenSolver", "WarmStart"]

LP_SHARE = 0.5  # most of the time left that the LP phase may take before the integer phase
CUTS_PER_ROUND = 2000
REL_TOL = 1e-7
POLISH_MAX_PAIRS = 400_000  # arc MIPs this size may still improve a plan in the time left
POLISH_MIN_SECONDS = 1.0
SLOPE_SHARE = 0.3  # of the time left after the LP, for slope scaling
SLOPE_ROUNDS = 10
MIP_HEURISTIC_EFFORT = 0.3  # HiGHS's default 0.05: the restricted MIP is there to find plans
ARC_MIP_FIRST_PAIRS = 20_000  # arc MIPs this size do better than the restricted master (auto's)
RMP_SHARE = 0.85  # of the time left; local improvement has the rest
DECOMPOSE_MAX_PAIRS = 200_000  # a plan without paths this size is decomposed for a warm start
LOCAL_SHARE = 0.15  # of the time left for local improvement before the arc MIP takes over
NEAR_SHARE = 0.5  # on work, of the final arc MIPs' node seconds for the one over the arcs with flow
AT_LIMIT = "design_phases_at_time_limit"  # the stat: phases the clock stopped (0: plan repeats)


@dataclass(frozen=True, slots=True)
class WarmStart:
    """Paths ``(demand, arcs)`` of an earlier solve and the incumbent ``(demand, amount, arcs)``.

    :meth:`remap` carries them to a changed problem (arcs and demands renumbered or gone).
    """

    paths: tuple[tuple[int, IntArray], ...]
    incumbent: tuple[tuple[int, float, IntArray], ...] = ()

    def remap(self, arc_map: IntArray, demand_map: IntArray) -> WarmStart:
        """``arc_map[old] -> new arc or -1``, ``demand_map[old] -> new demand or -1``."""

        def move(k: int, arcs: IntArray) -> tuple[int, IntArray] | None:
            new_k = int(demand_map[k]) if 0 <= k < len(demand_map) else -1
            new_a = arc_map[arcs]
            return None if new_k < 0 or (new_a < 0).any() else (new_k, new_a)

        paths = [m for k, a in self.paths if (m := move(k, a)) is not None]
        inc = [(m[0], f, m[1]) for k, f, a in self.incumbent if (m := move(k, a)) is not None]
        return WarmStart(tuple(paths), tuple(inc))

    @classmethod
    def of_result(cls, p: DesignProblem, r: DesignResult) -> WarmStart | None:
        """What ``r`` (any solver's result on ``p``) leaves for a re-solve: its own warm start,
        else its plan's paths (decomposed from its flows where it gives none)."""
        if isinstance(r.warm_start, WarmStart):
            return r.warm_start
        if not r.status.has_solution:
            return None
        if r.paths is None and sum(len(f) for f in r.flows) > DECOMPOSE_MAX_PAIRS:
            return None  # decomposing the flows would take longer than it saves
        paths = r.paths if r.paths is not None else _decompose(p, r.flows)
        inc = tuple((k, f, arcs) for k, ps in enumerate(paths) for f, arcs in ps)
        return cls(tuple((k, arcs) for k, _, arcs in inc), inc)

    def plan(self, p: DesignProblem) -> DesignResult | None:
        """The incumbent as a plan of ``p`` (vehicles its loads need, the rest unmet), for a
        solver that starts from a plan; None if it breaks a vehicle limit."""
        q = np.array([d.quantity for d in p.demands])
        flows = [np.zeros(len(d.arcs)) for d in p.demands]
        kept: list[tuple[int, float, IntArray]] = []
        for k, amount, arcs in self.incumbent:
            order = np.argsort(p.demands[k].arcs)
            at = np.minimum(np.searchsorted(p.demands[k].arcs[order], arcs), len(order) - 1)
            if (p.demands[k].arcs[order[at]] == arcs).all():  # allowed for the demand
                kept.append((k, amount, order[at]))
        carried = np.zeros(len(q))
        for k, amount, _ in kept:
            carried[k] += amount
        scale = np.where(carried > q, q / np.maximum(carried, 1e-12), 1.0)
        for k, amount, pos in kept:
            np.add.at(flows[k], pos, amount * scale[k])
        load = np.zeros(p.n_arcs)
        for d, f in zip(p.demands, flows, strict=True):
            np.add.at(load, d.arcs, f)
        design = p.max_vehicles > 0
        vehicles = np.zeros(p.n_arcs, dtype=np.int64)
        vehicles[design] = np.ceil(load[design] / p.capacity[design] - 1e-6)
        if (vehicles > p.max_vehicles).any():
            return None
        if not balanced(p, vehicles):
            return None
        return DesignResult(
            status=Status.FEASIBLE_AT_LIMIT,
            objective=None,
            lower_bound=-math.inf,
            runtime=0.0,
            flows=tuple(flows),
            vehicles=vehicles,
            unmet=np.clip(q - carried * scale, 0.0, None),
        )


class ColGenSolver:
    """Column generation for the bound, a restricted-master MIP for the plan; anytime."""

    name = "colgen"
    takes_warm_start = True

    def __init__(self, settings: SolverSettings | None = None) -> None:
        self.settings = settings or SolverSettings()

    def solve(
        self,
        problem: DesignProblem,
        *,
        deadline: Deadline | float = 60.0,
        seed: int = 0,
        progress: Progress | None = None,
        warm_start: WarmStart | None = None,
    ) -> DesignResult:
        """Solve ``problem`` by ``deadline``; the best plan found and a proven lower bound."""
        deadline = Deadline.of(deadline)
        pairs = problem.n_pairs
        polish = pairs <= POLISH_MAX_PAIRS
        work = self.settings.work_seconds
        clock = WorkClock(nominal_seconds(work)) if work is not None else None
        run = _Run(problem, deadline, self.settings, seed, progress or no_progress, clock)
        run.arc_mip_first, run.polish = pairs <= ARC_MIP_FIRST_PAIRS, polish
        result = run.solve(warm_start)
        # the arc MIP follows a plan not proven, or no plan at all (rounding and slope scaling
        # can both miss a tight vehicle quota; the restricted master is skipped on small ones)
        unproven = result.status is not Status.OPTIMAL
        polish_stop = run.polish_phase()
        if unproven and polish and polish_stop is not None:
            phase, arcs = polish_stop
            if arcs is None and phase.seconds is not None:  # on work, the whole arc MIP fits
                return _polish_near_then_whole(run, result, phase, seed, progress)
            return _polish(problem, result, phase, self.settings, seed, progress, arcs)
        return result


def _polish_near_then_whole(
    run: _Run, found: DesignResult, phase: Phase, seed: int, progress: Progress | None
) -> DesignResult:
    """On work, with the whole arc MIP's root set aside (``phase``: its nodes' seconds): first
    the arc MIP over the arcs that carry flow in the last LP or the best plan (a neighbourhood
    of the plan, as RINS's), ``NEAR_SHARE`` of the nodes' seconds after its own root; then the
    whole arc MIP, started from its plan, with the rest, for a bound of the whole problem.

    The cut MIP's nodes are cheaper and it often proves its optimum in them, where the whole
    MIP's go less deep; the whole one then starts from the better plan (Canad C+ at 60 s: see
    the module docstring). Without room for both roots, the whole arc MIP alone as before."""
    p, settings = run.p, run.settings
    assert phase.seconds is not None
    arcs = run._support_arcs()
    nodes = phase.seconds - arc_mip_root_seconds(p, arcs)  # both MIPs' nodes
    if not arcs.any() or nodes < 2 * POLISH_MIN_SECONDS:
        return _polish(p, found, phase, settings, seed, progress)
    near = Phase(phase.until, seconds=NEAR_SHARE * nodes)
    r = _polish(p, found, near, settings, seed, progress, arcs, "near")
    if r.stats[AT_LIMIT] > found.stats.get(AT_LIMIT, 0.0):
        return r  # the clock stopped it: no time for the whole MIP
    whole = Phase(phase.until, seconds=max(POLISH_MIN_SECONDS, nodes - near.nominal_spent))
    return _polish(p, r, whole, settings, seed, progress)


def _polish(
    p: DesignProblem,
    found: DesignResult,
    phase: Phase,
    settings: SolverSettings,
    seed: int,
    progress: Progress | None,
    arcs: BoolArray | None = None,
    name: str = "polish",
) -> DesignResult:
    """Time (or work) left after the restricted master: the arc MIP, started from the plan
    found, for a better plan or a better bound (both stay valid; the better of each is kept).
    Given ``arcs``, the arc MIP over those alone: a better plan, but no bound of ``p``.
    ``name`` prefixes its stats."""
    from hubflow.consolidate.arc_mip import ArcMipSolver

    sub, kept = (p, None) if arcs is None else _on_arcs(p, arcs)
    start = found if kept is None else _narrowed(found, kept)
    arc = ArcMipSolver(settings).solve(
        sub, deadline=phase.until, seed=seed, progress=progress, start_from=start, phase=phase
    )
    if kept is not None:
        arc = _widened(p, arc, kept)
    at_limit = found.stats.get(AT_LIMIT, 0.0) + arc.stats.get(AT_LIMIT, 0.0)
    stats = dict(found.stats)
    stats[f"{name}_mip_nodes"] = arc.stats.get("mip_nodes", 0.0)
    stats[f"{name}_pairs"] = float(sub.n_pairs)
    stats[AT_LIMIT] = at_limit
    bound = max(found.lower_bound, arc.lower_bound)
    before = found.objective if found.objective is not None else math.inf
    better = arc if arc.objective is not None and arc.objective < before else found
    if better.objective is None:  # neither found a plan
        runtime = found.runtime + arc.runtime
        return dataclasses.replace(found, lower_bound=bound, runtime=runtime, stats=stats)
    objective = float(better.objective)
    gap = 0.0 if objective <= 0 else max(0.0, (objective - bound) / abs(objective))
    status = Status.OPTIMAL if gap <= settings.mip_gap else Status.FEASIBLE_AT_LIMIT
    return dataclasses.replace(
        better,
        status=status,
        lower_bound=min(bound, objective),
        stats=stats,
        message=f"colgen + arc MIP: gap {100 * gap:.3f} %",
        warm_start=found.warm_start,
        paths=better.paths if better.paths is not None else _decompose(p, better.flows),
        runtime=found.runtime + arc.runtime,
    )


def _on_arcs(p: DesignProblem, arcs: BoolArray) -> tuple[DesignProblem, list[IntArray]]:
    """``p`` with each demand's allowed arcs cut to those in ``arcs``; per demand, the
    positions of its arcs kept."""
    kept = [np.flatnonzero(arcs[d.arcs]) for d in p.demands]
    demands = tuple(
        dataclasses.replace(d, arcs=d.arcs[at], size=None if d.size is None else d.size[at])
        for d, at in zip(p.demands, kept, strict=True)
    )
    return dataclasses.replace(p, demands=demands), kept


def _narrowed(r: DesignResult, kept: list[IntArray]) -> DesignResult:
    """Plan ``r`` of a problem in its cut form (:func:`_on_arcs`; no flow off the arcs kept)."""
    return dataclasses.replace(r, flows=tuple(f[at] for f, at in zip(r.flows, kept, strict=True)))


def _widened(p: DesignProblem, r: DesignResult, kept: list[IntArray]) -> DesignResult:
    """A result of ``p`` cut to fewer arcs as a result of ``p``: its flows on all the demands'
    arcs; its bound only of the cut problem, so none of ``p``."""
    flows = []
    for d, f, at in zip(p.demands, r.flows, kept, strict=True):
        full = np.zeros(len(d.arcs))
        full[at] = f
        flows.append(full)
    return dataclasses.replace(r, flows=tuple(flows), lower_bound=-math.inf)


def _decompose(
    p: DesignProblem, flows: tuple[FloatArray, ...]
) -> tuple[tuple[tuple[float, IntArray], ...], ...]:
    """Each demand's arc flows as origin-destination paths (largest bottleneck first walk)."""
    out = []
    for d, flow in zip(p.demands, flows, strict=True):
        left = {int(a): float(f) for a, f in zip(d.arcs, flow, strict=True) if f > 1e-9}
        paths: list[tuple[float, IntArray]] = []
        while True:
            node, arcs, seen = d.origin, [], {d.origin}
            while node != d.destination:
                nxt = [a for a, f in left.items() if p.tail[a] == node and f > 1e-9]
                if not nxt:
                    break
                arc = max(nxt, key=left.__getitem__)
                if int(p.head[arc]) in seen:
                    break
                arcs.append(arc)
                node = int(p.head[arc])
                seen.add(node)
            if node != d.destination or not arcs:
                break
            amount = min(left[a] for a in arcs)
            for a in arcs:
                left[a] -= amount
            paths.append((amount, np.array(arcs, dtype=np.int64)))
        out.append(tuple(paths))
    return tuple(out)


class _Run:
    """One solve's state: the pair graph, the master, the incumbent and the best bound."""

    def __init__(
        self,
        p: DesignProblem,
        deadline: Deadline,
        s: SolverSettings,
        seed: int,
        tell: Progress,
        clock: WorkClock | None = None,
    ) -> None:
        # on work, ``deadline`` is the hard stop and ``clock`` the nominal seconds
        self.p, self.deadline, self.settings, self.tell = p, deadline, s, tell
        self.clock = clock
        self.arc_mip_first = False  # small: the arc MIP gets the time of the restricted master
        self.polish = False  # the arc MIP takes over the time left after this run
        self.start = time.perf_counter()
        self.pairs = PairGraph(p)
        # one thread count for every HiGHS of the run: its scheduler is global to the process
        self.h = new_highs(deadline, s.mip_gap, seed, s.threads)
        self.master = Master(p, self.pairs, self.h)
        w = self.master.w[self.pairs.demand]
        m = self.master
        self.pair_size = m.pair_size if m.pair_size is not None else np.ones(len(self.pairs.arc))
        self.unsplittable = np.array([d.unsplittable for d in p.demands], dtype=bool)
        self.base = p.unit_cost[self.pairs.arc] + w * p.weight_cost[self.pairs.arc]
        # shortest simple paths are exact unless a cycle could have negative cost
        self.exact_pricing = self.pairs.acyclic or bool((self.base >= 0).all())
        self.path_cost = np.zeros(0)
        self.penalty = np.array([d.penalty for d in p.demands], dtype=np.float64)
        self.bound = -math.inf
        self.best: tuple[float, MasterSolution, IntArray] | None = None
        self.lp: MasterSolution | None = None  # the last LP solution of column generation
        self.stats: dict[str, float] = {"lp_rounds": 0.0, "cuts": 0.0, "lp_converged": 0.0}
        self.stats[AT_LIMIT] = 0.0

    # -- driver ----------------------------------------------------------------------------------
    def solve(self, warm: WarmStart | None) -> DesignResult:
        if not self.p.demands:
            return self._result(Status.OPTIMAL)
        self._initial_columns(warm)
        last = self._column_generation(self._phase(LP_SHARE, keep=0.5))
        self.stats["lp_seconds"] = time.perf_counter() - self.start
        self.stats["lp_bound"] = self.bound
        if last is not None:
            self.lp = last
            self._offer(last)  # the LP's vehicles rounded up, then trimmed
        else:  # the first LP did not finish in time
            self._quick_plan()
        self._note("rounded_objective")
        if not self._out_of_time() and self._gap() > self.settings.mip_gap:
            self._slope_scaling(self._phase(SLOPE_SHARE, keep=0.5))
            self._note("slope_objective")
        if self._out_of_time() or self._gap() <= self.settings.mip_gap:
            return self._final()
        if not self.arc_mip_first:  # on a small problem the arc MIP gets this time instead
            self._restricted_mip(self._phase(RMP_SHARE, keep=0.2))
            self._note("rmp_objective")
        if not self._out_of_time() and self._gap() > self.settings.mip_gap:
            local = LOCAL_SHARE if self.polish else 1.0
            self._local_improvement(self._phase(local, keep=0.2))
            self._note("local_objective")
        return self._final()

    # -- stopping --------------------------------------------------------------------------------
    def _phase(self, fraction: float, keep: float) -> Phase:
        """The next phase's stop: its share of the deadline (on the clock), or of the nominal
        seconds left, the deadline still a hard stop (on work)."""
        if self.clock is None:
            return Phase(self.deadline.share(fraction, keep=keep))
        return Phase(self.deadline, seconds=self.clock.share(fraction, keep=keep))

    def _ended(self, phase: Phase) -> None:
        """Spend the phase's work from the nominal seconds; count it if the clock stopped it."""
        if self.clock is not None:
            self.clock.spend(phase.nominal_spent)
        if phase.cut:
            self.stats[AT_LIMIT] += 1

    def _out_of_time(self) -> bool:
        """No time (on the clock) or no work (on work) left for another phase."""
        return self.deadline.expired or (self.clock is not None and self.clock.spent)

    def polish_phase(self) -> tuple[Phase, BoolArray | None] | None:
        """The arc MIP's stop after this run (all that is left) and the arcs it may use (None:
        all), or None if too little is left.

        On work, a node count cannot bound the arc MIP's presolve and root, which run to the
        end once started: their seconds at this size are set aside, and the nodes get the rest.
        When they leave too little, the arc MIP over the arcs that carry flow in the LP or the
        best plan alone (a fraction of the pairs) may still fit."""
        if self.clock is None:
            left = self.deadline.left()
            return (Phase(self.deadline), None) if left > POLISH_MIN_SECONDS else None
        if self.deadline.expired:
            return None
        for arcs_of in (lambda: None, self._support_arcs):  # whole first; the cut one if needed
            arcs = arcs_of()
            left = self.clock.seconds_left - arc_mip_root_seconds(self.p, arcs)
            if left >= POLISH_MIN_SECONDS:
                return Phase(self.deadline, seconds=left), arcs
        return None

    def _support_arcs(self) -> BoolArray:
        """The arcs that carry flow in the last LP of column generation or in the best plan."""
        arcs = np.zeros(self.p.n_arcs, dtype=bool)
        for lam in (self.lp.lam if self.lp else None, self.best[1].lam if self.best else None):
            if lam is not None:
                _, a, x = self.master.arc_loads(lam)
                arcs[a[x > 1e-9]] = True
        return arcs

    def _solve_lp(self, h: highspy.Highs, phase: Phase) -> bool:
        """Re-solve the LP in ``h`` within the phase's clock; whether it is optimal."""
        h.setOptionValue("time_limit", phase.time_left())
        run_highs(h)
        self.stats["lp_iterations"] = self.stats.get("lp_iterations", 0.0) + max(
            0, h.getInfo().simplex_iteration_count
        )
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kTimeLimit:
            phase.cut = True
        return bool(status == highspy.HighsModelStatus.kOptimal)

    def _final(self) -> DesignResult:
        """The best plan found and the bound, with the status they earn."""
        if self.best is None:
            return self._result(Status.NO_SOLUTION_IN_TIME)
        done = self._gap() <= self.settings.mip_gap
        return self._result(Status.OPTIMAL if done else Status.FEASIBLE_AT_LIMIT)

    def _initial_columns(self, warm: WarmStart | None) -> None:
        """Cheapest paths by unit cost + a full vehicle's share of fixed cost, plus the warm
        start's paths that are still allowed."""
        p, pairs = self.p, self.pairs
        every = np.arange(pairs.n_demands)
        share = np.where(p.max_vehicles > 0, p.fixed_cost / np.maximum(p.capacity, 1e-9), 0.0)[
            pairs.arc
        ]
        cost = self.base + share * self.pair_size
        dist, _ = pairs.shortest(cost)
        found = pairs.paths(dist, cost, every)
        self.master.add_paths(list(every), [pairs.arc[f] for f in found])
        if warm is not None:
            ok = [(k, a) for k, a in warm.paths if self._allowed(k, a)]
            self.master.add_paths([k for k, _ in ok], [a for _, a in ok])
            self.stats["warm_paths"] = float(len(ok))
            self._offer_incumbent(warm)

    def _offer_incumbent(self, warm: WarmStart) -> None:
        """The earlier plan's flows, where its paths are still allowed, as a first plan."""
        m = self.master
        lam = np.zeros(m.n_paths)
        for k, amount, arcs in warm.incumbent:
            j = m.seen.get((int(k), np.asarray(arcs, np.int64).tobytes()))
            if j is not None:
                lam[j] += amount
        carried = np.bincount(np.asarray(m.path_demand), weights=lam, minlength=len(m.q))
        scale = np.where(carried > m.q, m.q / np.maximum(carried, 1e-12), 1.0)
        lam *= scale[np.asarray(m.path_demand)]
        u = np.clip(m.q - carried * scale, 0.0, None).astype(np.float64)
        sol = MasterSolution(lam=lam, y=np.zeros(len(m.design)), z=np.zeros(len(m.opened)), u=u)
        if self._within_resources(sol):
            self._offer(sol)

    def _quick_plan(self) -> None:
        """Each demand all on its first path, vehicles rounded up; demands that would overload
        an arc (beyond its vehicles) or a resource are left unmet instead."""
        m, p = self.master, self.p
        first = np.array([paths[0] if paths else -1 for paths in m.by_demand])
        lam = np.zeros(m.n_paths)
        lam[first[first >= 0]] = m.q[first >= 0]
        sol = MasterSolution(
            lam=lam, y=np.zeros(len(m.design)), z=np.zeros(len(m.opened)), u=m.q * (first < 0)
        )
        k, a, _ = m.arc_loads(lam)
        load = m.capacity_use(lam)
        limit = np.full(p.n_arcs, np.inf)
        design = p.max_vehicles > 0
        limit[design] = p.capacity[design] * p.max_vehicles[design]
        over = load > limit * (1 - 1e-9)
        drop = set(k[over[a]].tolist())
        if not self._within_resources(sol):
            drop |= {
                int(kk)
                for kk, aa in zip(k, a, strict=True)
                if m.res_arc_start[aa + 1] > m.res_arc_start[aa]
            }
        for kk in drop:
            lam[first[kk]] = 0.0
        u = np.where(np.isin(np.arange(len(m.q)), list(drop)) | (first < 0), m.q, 0.0)
        self._offer(MasterSolution(lam=lam, y=sol.y, z=sol.z, u=u))

    def _within_resources(self, sol: MasterSolution) -> bool:
        """Every resource's use by the path flows of ``sol`` within its limit."""
        m = self.master
        if not len(m.res_limit):
            return True
        k, a, x = m.arc_loads(sol.lam)
        cnt = m.res_arc_start[a + 1] - m.res_arc_start[a]
        offs = np.repeat(m.res_arc_start[a] - np.cumsum(cnt) + cnt, cnt)
        res = m.res_of[offs + np.arange(cnt.sum())]
        use = np.repeat(x, cnt) * np.where(m.res_unit[res], 1.0, np.repeat(m.w[k], cnt))
        used = np.bincount(res, weights=use, minlength=len(m.res_limit))
        return bool((used <= m.res_limit * (1 + 1e-9) + 1e-9).all())

    def _allowed(self, k: int, arcs: IntArray) -> bool:
        """``arcs`` is an origin-destination path of demand ``k`` over its allowed arcs."""
        if not 0 <= k < self.pairs.n_demands or len(arcs) == 0:
            return False
        d = self.p.demands[k]
        if (self.pairs.pair_index(np.full(len(arcs), k), arcs) < 0).any():
            return False
        t, h = self.p.tail[arcs], self.p.head[arcs]
        return bool(t[0] == d.origin and h[-1] == d.destination and (t[1:] == h[:-1]).all())

    # -- column generation -----------------------------------------------------------------------
    def _column_generation(self, phase: Phase) -> MasterSolution | None:
        """Price and cut until nothing improves or the phase stops (rounds); the last LP
        solution."""
        h, m, pairs = self.h, self.master, self.pairs
        last = None
        phase.size(seconds_per_round(len(pairs.arc)))
        while phase.more():
            if not self._solve_lp(h, phase):
                break
            phase.tick()
            self.stats["lp_rounds"] += 1
            sol = h.getSolution()
            last = m.solution(np.asarray(sol.col_value))
            dual = self._signed(np.asarray(sol.row_dual))
            cost = self._pair_costs(dual, m, self.base)
            dist, to_dest = pairs.shortest(cost)
            pi = dual[: pairs.n_demands]
            rc = to_dest - pi
            self._lagrange(dual, rc)
            self._report(f"column generation: round {int(self.stats['lp_rounds'])}")
            neg = np.flatnonzero(rc < -REL_TOL * np.maximum(1.0, np.abs(pi)))
            if len(neg):
                found = pairs.paths(dist, cost, neg)
                if m.add_paths(list(neg), [pairs.arc[f] for f in found]):
                    continue
            if not self._separate(last):
                self.stats["lp_converged"] = 1.0
                break
        self._ended(phase)
        return last

    def _signed(self, dual: FloatArray) -> FloatArray:
        """Row duals with the sign of their rows (<= rows: <= 0), so the bound stays valid."""
        out = dual.copy()
        k = self.pairs.n_demands
        out[k:] = np.minimum(out[k:], 0.0)
        return out

    def _pair_costs(self, dual: FloatArray, m: Master, base: FloatArray) -> FloatArray:
        """Reduced cost per unit of each (demand, arc) pair, without the demand row's dual."""
        pairs = self.pairs
        cost = base.copy()
        cap = m.cap_row[pairs.arc]
        on = cap >= 0
        cost[on] -= dual[cap[on]] * self.pair_size[on]
        low = m.min_row[pairs.arc]
        cost[low >= 0] += dual[low[low >= 0]]  # rows L y - load <= 0: a unit of flow counts -1
        if len(self.p.resources):
            cnt = np.diff(m.res_arc_start)
            of_arc = np.repeat(np.arange(self.p.n_arcs), cnt)
            res_dual = dual[m.res0 + m.res_of]
            unit = m.res_unit[m.res_of]
            weighted_dual, unit_dual = (
                np.bincount(of_arc, weights=np.where(pick, res_dual, 0.0), minlength=self.p.n_arcs)
                for pick in (~unit, unit)
            )
            cost -= m.w[pairs.demand] * weighted_dual[pairs.arc] + unit_dual[pairs.arc]
        if m.cut_rows:
            rows = np.array([r[0] for r in m.cut_rows])
            ks = np.array([r[1] for r in m.cut_rows])
            arcs = np.array([r[2] for r in m.cut_rows])
            np.subtract.at(cost, pairs.pair_index(ks, arcs), dual[rows])
        return cost

    def _lagrange(self, dual: FloatArray, rc: FloatArray) -> None:
        """The Lagrangian bound of these duals: valid for any sign-correct duals."""
        m = self.master
        rc_fixed, upper = m.fixed_col_reduced_costs(dual)
        k = self.pairs.n_demands
        value = float(m.q @ dual[:k])
        value += float(m.res_limit @ dual[m.res0 : m.res0 + len(m.res_limit)])
        value += float(m.veh_limit @ dual[m.veh0 : m.veh0 + len(m.veh_limit)])
        value += float(m.bal_slack @ dual[m.bal0 : m.bal0 + len(m.bal_slack)])
        value += float(np.minimum(rc_fixed, 0.0) @ upper)
        value += float(m.q @ np.minimum(np.nan_to_num(rc, posinf=0.0), 0.0))
        if self.exact_pricing:
            self.bound = max(self.bound, value)

    def _separate(self, sol: MasterSolution) -> int:
        """Add the most violated strong linking cuts; return how many were added."""
        m = self.master
        k, a, x = m.arc_loads(sol.lam)
        added = 0
        ycol = m.y_col[a]
        y_val = np.where(ycol >= 0, sol.y[np.maximum(ycol, 0)], 0.0)
        room = self.p.capacity[a] / m.sizes(k, a)
        coef = np.minimum(m.q[k], room)
        viol = np.where((ycol >= 0) & (m.q[k] < room), x - coef * y_val, 0.0)
        added += self._add_top(m, k, a, viol, on_open=False)
        zcol = m.z_col[a]
        if (zcol >= 0).any():
            z_val = np.where(zcol >= 0, sol.z[np.maximum(zcol - len(m.design), 0)], 0.0)
            viol = np.where(zcol >= 0, x - m.q[k] * z_val, 0.0)
            added += self._add_top(m, k, a, viol, on_open=True)
        self.stats["cuts"] += added
        return added

    @staticmethod
    def _add_top(m: Master, k: IntArray, a: IntArray, viol: FloatArray, on_open: bool) -> int:
        pick = np.flatnonzero(viol > 1e-6 * np.maximum(1.0, m.q[k]))
        pick = pick[np.argsort(-viol[pick])][:CUTS_PER_ROUND]
        return m.add_cuts(k[pick], a[pick], on_open) if len(pick) else 0

    # -- integer plans ---------------------------------------------------------------------------
    def _slope_scaling(self, phase: Phase) -> None:
        """Designs from linear costs: each vehicle's fixed (and open) cost spread over the flow
        it carried in the previous round; each round's flow, with vehicles rounded up, is
        offered as a plan and its paths join the master for the restricted MIP. Its work:
        pricing rounds of all its LPs together."""
        p, pairs, m = self.p, self.pairs, self.master
        phase.size(seconds_per_round(len(pairs.arc)))
        began = time.perf_counter()
        ss = Master(p, pairs, new_highs(phase.until, 0.0, 0, self.settings.threads))
        n_design = len(ss.design) + len(ss.opened)
        ss.h.changeColsCost(n_design, np.arange(n_design, dtype=np.int32), np.zeros(n_design))
        ss.add_paths(list(m.path_demand), list(m.path_arcs))
        design = p.max_vehicles > 0
        open_cost = p.open_cost if p.open_cost is not None else np.zeros(p.n_arcs)
        slope = np.zeros(p.n_arcs)
        slope[design] = (p.fixed_cost + open_cost)[design] / p.capacity[design]
        for _ in range(SLOPE_ROUNDS):
            if not phase.more():
                break
            ss.set_extra_costs(slope)
            sol = self._price_only(ss, phase, slope)
            if sol is None:
                break
            self.stats["slope_rounds"] = self.stats.get("slope_rounds", 0.0) + 1
            m.add_paths(list(ss.path_demand), list(ss.path_arcs))
            lam = np.zeros(m.n_paths)
            for j in np.flatnonzero(sol.lam > 1e-12):
                lam[m.seen[(ss.path_demand[j], ss.path_arcs[j].tobytes())]] += sol.lam[j]
            y0, z0 = np.zeros(len(m.design)), np.zeros(len(m.opened))
            self._offer(MasterSolution(lam=lam, y=y0, z=z0, u=sol.u))
            _, a, x = ss.arc_loads(sol.lam)
            load = np.bincount(a, weights=x, minlength=p.n_arcs)
            used = design & (load > 1e-9)
            vehicles = np.ceil(ss.capacity_use(sol.lam)[used] / p.capacity[used] - 1e-6)
            slope[used] = (p.fixed_cost[used] * vehicles + open_cost[used]) / load[used]
        self.stats["slope_price_rounds"] = float(phase.done)
        self.stats["slope_seconds"] = time.perf_counter() - began
        self._ended(phase)

    def _price_only(self, ss: Master, phase: Phase, extra: FloatArray) -> MasterSolution | None:
        """Column generation without cuts or bounds on a master with ``extra`` arc costs; None
        if the phase stops first."""
        pairs, last = self.pairs, None
        base = self.base + extra[pairs.arc]
        while phase.more():
            if not self._solve_lp(ss.h, phase):
                return None
            phase.tick()
            sol = ss.h.getSolution()
            last = ss.solution(np.asarray(sol.col_value))
            dual = self._signed(np.asarray(sol.row_dual))
            cost = self._pair_costs(dual, ss, base)
            dist, to_dest = pairs.shortest(cost)
            pi = dual[: pairs.n_demands]
            neg = np.flatnonzero(to_dest - pi < -REL_TOL * np.maximum(1.0, np.abs(pi)))
            found = pairs.paths(dist, cost, neg) if len(neg) else []
            if not ss.add_paths(list(neg), [pairs.arc[f] for f in found], extra):
                return last
        return None

    def _offer(self, sol: MasterSolution, trim: bool = True) -> None:
        """Keep ``sol`` (path flows, unmet) if it is better, with just the vehicles its loads
        need (never more than the solution's own integer vehicles, often fewer); ``trim``: where
        vehicles that must come back have no room, offer it once more with fewer going out."""
        m, p = self.master, self.p
        if len(sol.lam) < m.n_paths:  # paths added after this solution: no flow on them
            lam = np.concatenate([sol.lam, np.zeros(m.n_paths - len(sol.lam))])
            sol = MasterSolution(lam=lam, y=sol.y, z=sol.z, u=sol.u)
        whole = self._one_path_each(sol)
        if whole is not sol and not self._within_resources(whole):
            return  # moving an order onto one path overfilled a yard or a pool
        sol = whole
        load = np.zeros(p.n_arcs)
        _, a, x = m.arc_loads(sol.lam)
        np.add.at(load, a, x)
        need = np.ceil(m.capacity_use(sol.lam)[m.design] / p.capacity[m.design] - 1e-6)
        vehicles = np.zeros(p.n_arcs, dtype=np.int64)
        vehicles[m.design] = need.astype(np.int64)
        if (vehicles > p.max_vehicles).any():
            return
        if not balanced(p, vehicles):  # add the vehicles that must come back
            if trim:
                self._offer_fewer_out(sol, fewer_out(p, vehicles, load))
            return
        if any(vehicles[v.arcs].sum() > v.limit + 1e-9 for v in p.vehicle_limits):
            return
        if p.min_load is not None and (load < p.min_load * vehicles - 1e-6).any():
            return
        objective = self._objective(sol, vehicles)
        if self.best is None or objective < self.best[0] - 1e-9:
            self.best = (objective, sol, vehicles)
            self._report("new plan")

    def _offer_fewer_out(self, sol: MasterSolution, drop: IntArray) -> None:
        """``sol`` with the paths over the ``drop`` arcs left unmet, offered once more."""
        m = self.master
        lam, u = sol.lam.copy(), sol.u.copy()
        for j in np.flatnonzero(lam > 1e-12):
            if np.isin(m.path_arcs[j], drop).any():
                u[m.path_demand[j]] += lam[j]
                lam[j] = 0.0
        if len(drop):
            self._offer(MasterSolution(lam=lam, y=sol.y, z=sol.z, u=u), trim=False)

    def _one_path_each(self, sol: MasterSolution) -> MasterSolution:
        """``sol`` with each unsplittable demand on its most used path alone: all of it when at
        least half was served, else none of it (the plan is then checked as any other)."""
        m = self.master
        split = [k for k in np.flatnonzero(self.unsplittable) if m.by_demand[k]]
        if not split:
            return sol
        lam, u = sol.lam.copy(), sol.u.copy()
        for k in split:
            js = np.asarray(m.by_demand[k])
            served = float(lam[js].sum())
            top = js[int(np.argmax(lam[js]))]
            lam[js] = 0.0
            if served >= m.q[k] / 2:
                lam[top], u[k] = m.q[k], 0.0
            else:
                u[k] = m.q[k]
        return MasterSolution(lam=lam, y=sol.y, z=sol.z, u=u)

    def _objective(self, sol: MasterSolution, vehicles: IntArray) -> float:
        p, m = self.p, self.master
        if len(self.path_cost) < m.n_paths:  # the master's list as an array, grown as it grows
            more = np.array(m.path_cost[len(self.path_cost) :], dtype=np.float64)
            self.path_cost = np.concatenate([self.path_cost, more])
        # products summed, not ``@``: a multithreaded BLAS dot of 10k numbers took 10-25 ms
        # on a loaded machine, and local improvement prices thousands of plans
        cost = float((self.path_cost[: len(sol.lam)] * sol.lam).sum())
        cost += float((p.fixed_cost * vehicles).sum())
        if p.open_cost is not None:
            cost += float(p.open_cost[vehicles > 0].sum())
        return cost + float((self.penalty * sol.u).sum())

    def _restricted_mip(self, phase: Phase) -> None:
        """Integer vehicles over the generated paths, started from the incumbent; its work:
        branch-and-bound nodes."""
        h, m = self.h, self.master
        began = time.perf_counter()
        fixed = np.arange(len(m.design) + len(m.opened), dtype=np.int32)
        h.changeColsIntegrality(
            len(fixed), fixed, np.array([highspy.HighsVarType.kInteger] * len(fixed))
        )
        whole = self._whole_path_twins()
        self.stats["rmp_nonzeros"] = float(h.getNumNz())
        nodes = phase.size(seconds_per_node(h.getNumNz()))
        if nodes is not None:
            h.setOptionValue("mip_max_nodes", nodes)
        h.setOptionValue("time_limit", phase.time_left())
        h.setOptionValue("mip_heuristic_effort", MIP_HEURISTIC_EFFORT)
        if self.best is not None:
            start = highspy.HighsSolution()
            _, sol, vehicles = self.best
            lam = np.concatenate([sol.lam, np.zeros(m.n_paths - len(sol.lam))])
            twins = lam[whole] / m.q[np.asarray(m.path_demand, np.int64)[whole]]
            start.col_value = np.concatenate(
                [vehicles[m.design], (vehicles[m.opened] > 0).astype(float), sol.u, lam, twins]
            ).tolist()
            h.setSolution(start)
        h.cbMipImprovingSolution.subscribe(self._on_mip_solution)
        run_highs(h)
        if h.getInfo().primal_solution_status == 2:
            values = np.asarray(h.getSolution().col_value)
            sol = m.solution(values[: m.n_fixed_cols + m.n_paths])
            self._offer(sol)
        self.stats["mip_nodes"] = float(h.getInfo().mip_node_count)
        self.stats["rmp_iterations"] = float(h.getInfo().simplex_iteration_count)
        self.stats["rmp_rows"] = float(h.getNumRow())
        self.stats["rmp_seconds"] = time.perf_counter() - began
        phase.tick(int(h.getInfo().mip_node_count))
        phase.cut = h.getModelStatus() == highspy.HighsModelStatus.kTimeLimit
        self._ended(phase)

    def _local_improvement(self, phase: Phase) -> None:
        """Close or reroute: moves on the incumbent's dearest arcs until none improves or the
        phase stops (moves tried)."""
        if self.best is None:
            return
        began = time.perf_counter()
        moves = Rerouter(self.p, self.pairs, self.master, self.base)
        phase.size(seconds_per_move(self.master.n_paths))
        self.stats["local_paths"] = float(self.master.n_paths)
        failed: set[int] = set()  # arcs whose move did not pay, since the last that did
        improved = True
        while improved and phase.more():
            improved = False
            _, sol, vehicles = self.best
            for arc in moves.candidates(sol.lam, vehicles):
                if not phase.more():
                    break
                if arc in failed:
                    continue
                before = self.best[0]
                phase.tick()
                lam, u = moves.move(sol.lam, sol.u, vehicles, arc)
                moved = MasterSolution(lam=lam, y=sol.y, z=sol.z, u=u)
                if self._within_resources(moved):
                    self._offer(moved)
                if self.best[0] < before - 1e-9:
                    self.stats["local_moves"] = self.stats.get("local_moves", 0.0) + 1
                    failed.clear()
                    improved = True
                    break
                failed.add(arc)
        self.stats["local_seconds"] = time.perf_counter() - began
        self.stats["local_tries"] = float(phase.done)
        self._ended(phase)

    def _whole_path_twins(self) -> IntArray:
        """A binary twin ``w`` per path of an unsplittable demand, with ``lam = q w``, after
        every other column; the paths, in the twins' order."""
        h, m = self.h, self.master
        of = np.asarray(m.path_demand, np.int64)
        paths = np.flatnonzero(self.unsplittable[of]) if m.n_paths else np.zeros(0, np.int64)
        n = len(paths)
        if not n:
            return paths
        first = h.getNumCol()
        h.addCols(n, np.zeros(n), np.zeros(n), np.ones(n), 0, np.zeros(n, np.int32), [], [])
        twins = np.arange(first, first + n, dtype=np.int32)
        h.changeColsIntegrality(n, twins, np.array([highspy.HighsVarType.kInteger] * n))
        idx = np.column_stack([m.n_fixed_cols + paths, twins]).ravel().astype(np.int32)
        val = np.column_stack([np.ones(n), -m.q[of[paths]]]).ravel()
        h.addRows(
            n, np.zeros(n), np.zeros(n), 2 * n, np.arange(0, 2 * n, 2, dtype=np.int32), idx, val
        )
        return paths

    def _on_mip_solution(self, event: object) -> None:
        value = float(event.data_out.objective_function_value)  # type: ignore[attr-defined]
        best = self.best[0] if self.best else math.inf
        self.tell(
            ProgressEvent(
                "solve",
                objective=min(value, best),
                bound=self.bound if math.isfinite(self.bound) else None,
                solver="colgen",
                detail="restricted-master MIP",
            )
        )

    # -- reporting -------------------------------------------------------------------------------
    def _note(self, key: str) -> None:
        """Record the incumbent's objective after a phase (stats: how each phase helped)."""
        if self.best is not None:
            self.stats[key] = self.best[0]

    def _gap(self) -> float:
        if self.best is None:
            return math.inf
        obj = self.best[0]
        return 0.0 if obj <= 0 else max(0.0, (obj - self.bound) / abs(obj))

    def _report(self, detail: str) -> None:
        self.tell(
            ProgressEvent(
                "solve",
                objective=self.best[0] if self.best else None,
                bound=self.bound if math.isfinite(self.bound) else None,
                solver="colgen",
                detail=detail,
            )
        )

    def _result(self, status: Status) -> DesignResult:
        p, m = self.p, self.master
        runtime = time.perf_counter() - self.start
        stats = dict(self.stats, paths=float(m.n_paths), variables=float(self.h.getNumCol()))
        stats["constraints"] = float(self.h.getNumRow())
        if self.best is None:
            return DesignResult(
                status=status,
                objective=0.0 if status is Status.OPTIMAL else None,
                lower_bound=0.0 if status is Status.OPTIMAL else self.bound,
                runtime=runtime,
                flows=tuple(np.zeros(len(d.arcs)) for d in p.demands),
                vehicles=np.zeros(p.n_arcs, dtype=np.int64),
                unmet=np.array([d.quantity for d in p.demands]),
                stats=stats,
            )
        objective, sol, vehicles = self.best
        return DesignResult(
            status=status,
            objective=objective,
            lower_bound=min(self.bound, objective),
            runtime=runtime,
            flows=self._flows(sol),
            vehicles=vehicles,
            unmet=sol.u,
            stats=stats,
            message=f"colgen: gap {100 * self._gap():.3f} % to the LP bound",
            paths=self._paths(sol),
            warm_start=self._warm(sol),
        )

    def _flows(self, sol: MasterSolution) -> tuple[FloatArray, ...]:
        k, a, x = self.master.arc_loads(sol.lam)
        pos = self.pairs.pair_index(k, a)
        flat = np.zeros(len(self.pairs.arc))
        np.add.at(flat, pos, x)
        s = self.pairs.start
        return tuple(flat[s[i] : s[i + 1]] for i in range(self.pairs.n_demands))

    def _paths(self, sol: MasterSolution) -> tuple[tuple[tuple[float, IntArray], ...], ...]:
        m = self.master
        out: list[list[tuple[float, IntArray]]] = [[] for _ in range(self.pairs.n_demands)]
        for j in np.flatnonzero(sol.lam > 1e-9):
            out[m.path_demand[j]].append((float(sol.lam[j]), m.path_arcs[j]))
        return tuple(tuple(x) for x in out)

    def _warm(self, sol: MasterSolution) -> WarmStart:
        m = self.master
        paths = tuple(zip(m.path_demand, m.path_arcs, strict=True))
        inc = tuple(
            (m.path_demand[j], float(sol.lam[j]), m.path_arcs[j])
            for j in np.flatnonzero(sol.lam > 1e-9)
        )
        return WarmStart(paths, inc)
