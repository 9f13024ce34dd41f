"""The one planning entry point: scenario + options + deadline -> plan, KPIs, violations.

The CLI, an API job and a sweep worker all call :func:`plan_scenario` and nothing else; only this
module knows the order of the steps (network -> design solver -> decode -> truck routing ->
KPIs -> independent check). One :class:`~hubflow.deadline.Deadline` bounds the whole call.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from hubflow.check import check_plan
from hubflow.consolidate import DesignResult, SolverSettings, get_solver
from hubflow.deadline import Deadline, Progress, ProgressEvent, no_progress
from hubflow.io import apply_overrides
from hubflow.kpi import Kpis, compute_kpis
from hubflow.model import Plan, Scenario, Unserved, UnservedReason
from hubflow.network import build_network, decode_plan
from hubflow.network.builder import Network
from hubflow.network.warm import PreviousSolve
from hubflow.planning.land import land_duals
from hubflow.planning.options import PlanOptions
from hubflow.trucking import dispatch_plan

log = logging.getLogger("hubflow")
#: truck routing stopped on iterations may take up to this many times ``dispatch_time``
CEILING_FACTOR = 4.0
#: seconds per order of the steps after the design solve (decode, KPIs, check, plan.json, CSV
#: files, plan.xlsx, report.html): about 1.2 ms measured at 1,000-10,000 orders on a shared
#: machine (bench/post_solve.py, bench/results/post_solve.md), with room for a busier one
FINISH_S_PER_ORDER = 0.002
#: the most of the time limit the finish margin keeps back, so the solvers keep half of it
FINISH_SHARE_MAX = 0.5

__all__ = ["PlanOutcome", "finish_margin", "make_plan", "plan_scenario"]


@dataclass(frozen=True, slots=True)
class PlanOutcome:
    """What a planning run gives back: the scenario as planned (overrides applied), the plan,
    its KPIs and the independent checker's violations (empty when the plan is valid); and
    ``previous``, what a what-if re-plan of a similar scenario reuses (``warm_from=``)."""

    scenario: Scenario
    plan: Plan
    kpis: Kpis
    violations: tuple[str, ...]
    previous: PreviousSolve | None = None

    @property
    def ok(self) -> bool:
        return not self.violations


def finish_margin(time_limit: float, orders: int = 0) -> float:
    """Seconds kept back from the solvers for decoding, KPIs, the check and writing the outputs.

    A fixed margin (0.5 s + 2 % of the limit, at most 5 s), or more for a scenario of many
    ``orders``: those steps take time in proportion to them (their legs, rows and checks), so
    the margin is ``FINISH_S_PER_ORDER`` per order, at most half the limit. Input sizes only,
    never the clock: the design solve's nominal seconds are derived from it."""
    fixed = min(5.0, 0.5 + 0.02 * time_limit)
    return max(fixed, min(FINISH_SHARE_MAX * time_limit, FINISH_S_PER_ORDER * orders))


def plan_scenario(
    scenario: Scenario,
    options: PlanOptions | None = None,
    *,
    deadline: Deadline | None = None,
    progress: Progress | None = None,
    overrides_from: str = "options.overrides",
    warm_from: PlanOutcome | None = None,
) -> PlanOutcome:
    """Plan every order of ``scenario`` under ``options`` by ``deadline``, then check it.

    ``deadline`` defaults to ``options.time_limit`` from now; ``progress`` receives
    :class:`~hubflow.deadline.ProgressEvent` s (stage, and objective/bound while solving).
    The options' overrides are applied first, before any solve; a bad one is a ScenarioError
    located at ``overrides_from`` (e.g. ``--set`` for the command line). ``warm_from``, the
    outcome of a similar scenario (a what-if before this one), starts the design solver from
    its paths and plan where they still fit.
    With yard limits and a solution, the KPIs carry the land duals
    (:mod:`hubflow.planning.land`).
    """
    options = options or PlanOptions()
    tell = progress or no_progress
    deadline = deadline or Deadline.after(options.time_limit)
    scn = apply_overrides(scenario, options.overrides, source=overrides_from)
    before = warm_from.previous if warm_from is not None else None
    plan, kpis, net, result = _plan_and_kpis(scn, options, deadline, tell, before)
    # the dual LP takes its time from what the solve left, never from the finish margin
    solve_end = Deadline(deadline.at - finish_margin(options.time_limit, len(scn.orders)))
    duals = land_duals(scn, net, plan, deadline=solve_end)
    if duals:
        kpis = dataclasses.replace(kpis, land_dual_per_m2_week=duals)
    previous = PreviousSolve.of(net, result)
    del net  # not held through the check (the outcome keeps its arc keys, for a warm start)
    tell(ProgressEvent("check"))
    violations = tuple(check_plan(scn, plan, kpis.to_dict()))
    return PlanOutcome(scn, plan, kpis, violations, previous)


def make_plan(
    scenario: Scenario,
    options: PlanOptions | None = None,
    *,
    deadline: Deadline | None = None,
    progress: Progress | None = None,
    **changes: Any,
) -> Plan:
    """The engine steps alone: network, design solve, decode, own-fleet truck routing.

    The plan's ``objective`` is recomputed from its decisions (costs at tariffs plus the
    penalty for unserved tonnes) and ``lower_bound`` bounds that same quantity. Keyword
    ``changes`` adjust the options (``make_plan(scn, time_limit=10, mip_gap=0)``); parameter
    overrides in the options are not applied here (:func:`plan_scenario` applies them).
    """
    options = (options or PlanOptions()).replace(**changes)
    deadline = deadline or Deadline.after(options.time_limit)
    return _plan_and_kpis(scenario, options, deadline, progress or no_progress)[0]


def routing_seconds(options: PlanOptions, orders: int = 0) -> float:
    """The truck-routing seconds as the options and the scenario's number of ``orders`` state
    them (not as the clock finds them), from which the searches' iteration counts are derived."""
    margin = finish_margin(options.time_limit, orders)
    return min(options.dispatch_time, 0.2 * (options.time_limit - margin))


def design_settings(options: PlanOptions, routing: bool, orders: int = 0) -> SolverSettings:
    """The design solver's settings; stopped on work, its nominal seconds come from the options
    and the number of ``orders`` alone (never the clock): the time limit less the finish margin
    and the routing seconds."""
    work = None
    if options.design_stop == "work":
        routing_s = routing_seconds(options, orders) if routing else 0.0
        margin = finish_margin(options.time_limit, orders)
        work = max(0.0, options.time_limit - margin - routing_s)
    return SolverSettings(mip_gap=options.mip_gap, threads=options.threads, work_seconds=work)


def _plan_and_kpis(
    scenario: Scenario,
    options: PlanOptions,
    deadline: Deadline,
    tell: Progress,
    before: PreviousSolve | None = None,
) -> tuple[Plan, Kpis, Network, DesignResult]:
    """make_plan's steps, the KPIs it computes to restate the objective (kept for the caller,
    so that they are computed once), the network and design result it solved (for the
    land duals and the next what-if's warm start)."""
    start = time.perf_counter()
    orders = len(scenario.orders)
    finish = Deadline(deadline.at - finish_margin(options.time_limit, orders))
    routing = scenario.fleet and options.dispatch_time > 0
    tell(ProgressEvent("network"))
    net = build_network(scenario)
    built = time.perf_counter() - start
    log.info("network: %d arcs, %d demands", net.problem.n_arcs, len(net.problem.demands))
    solver = get_solver(options.method, design_settings(options, bool(routing), orders))
    # Truck routing is kept at most a fifth of what is left: the network plan comes first.
    solve_by = Deadline(
        finish.at - (min(options.dispatch_time, 0.2 * finish.left()) if routing else 0)
    )
    nominal = routing_seconds(options, orders)
    on_iterations = options.dispatch_stop == "iterations"
    # stopped on iterations, routing may overrun its nominal seconds on a slow or busy machine
    # (rather than give other routes) up to a ceiling within the whole time limit
    ceiling = CEILING_FACTOR * options.dispatch_time if on_iterations else options.dispatch_time
    tell(ProgressEvent("solve", solver=solver.name))
    warm = {}
    if before is not None and getattr(solver, "takes_warm_start", False):
        warm["warm_start"] = before.warm_start_for(net)
    shown = _with_unreachable(tell, _outside_penalty(scenario, net.unreachable))
    result = solver.solve(net.problem, deadline=solve_by, seed=options.seed, progress=shown, **warm)
    tell(ProgressEvent("decode"))
    plan = decode_plan(net, result, solver.name)
    stats = dict(
        plan.stats,
        arcs=float(net.problem.n_arcs),
        demands=float(len(net.problem.demands)),
        network_seconds=round(built, 3),
    )
    if result.objective is not None:
        stats["solver_objective"] = result.objective
    plan = dataclasses.replace(
        plan, solve_seconds=time.perf_counter() - start, stats=stats, options=options.to_dict()
    )
    if routing and plan.status.has_solution:
        tell(ProgressEvent("dispatch", solver=options.dispatch_backend))
        plan = dispatch_plan(
            scenario,
            plan,
            deadline=finish.earlier(ceiling),
            backend=options.dispatch_backend,
            seed=options.seed,
            progress=tell,
            seconds=nominal if on_iterations else None,
        )
    tell(ProgressEvent("kpi"))
    return (*_with_objective(scenario, plan), net, result)


def _outside_penalty(scenario: Scenario, unserved: Iterable[Unserved]) -> float:
    """The penalty of the orders no path serves before their due time: outside the solver's
    model, the same in every plan."""
    outside = sum(u.tonnes for u in unserved if u.reason == UnservedReason.NO_PATH_BEFORE_DUE)
    return outside * scenario.parameters.unserved_cost_per_t


def _with_unreachable(tell: Progress, outside: float) -> Progress:
    """The solver's progress restated as the plan states its objective: with ``outside``, the
    penalty of the orders no path serves."""
    if not outside:
        return tell

    def shown(event: ProgressEvent) -> None:
        def add(x: float | None) -> float | None:
            return None if x is None else x + outside

        tell(dataclasses.replace(event, objective=add(event.objective), bound=add(event.bound)))

    return shown


def _with_objective(scenario: Scenario, plan: Plan) -> tuple[Plan, Kpis]:
    """Restate objective and bound on one quantity: costs at tariffs + unserved penalties, and
    the plan's KPIs (which read the bound, never the objective).

    Orders with no path before their due date are outside the solver's model; their penalty is
    the same in every plan, so it is added to the solver's bound as well as to the objective.
    """
    bound = plan.lower_bound
    if bound is not None:
        bound += _outside_penalty(scenario, plan.unserved)
        plan = dataclasses.replace(plan, lower_bound=bound)
    if not plan.status.has_solution:
        plan = dataclasses.replace(plan, objective=None)
        return plan, compute_kpis(scenario, plan)
    kpis = compute_kpis(scenario, plan)
    objective = kpis.total_cost + kpis.unserved_penalty
    if bound is not None and objective < bound <= objective + 1e-6 * max(1.0, abs(objective)):
        plan = dataclasses.replace(plan, lower_bound=objective)  # the solver's tolerance
        kpis = compute_kpis(scenario, plan)  # rare: the bound moved, and the gap with it
    return dataclasses.replace(plan, objective=objective), kpis
