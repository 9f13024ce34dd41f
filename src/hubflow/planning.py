"""The one-way pipeline: scenario -> network -> consolidate -> plan (KPIs are derived after)."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable

from hubflow.consolidate import ArcMipSolver
from hubflow.dispatch.plan_routes import dispatch_plan
from hubflow.kpi import compute_kpis
from hubflow.model import Plan, Scenario
from hubflow.network import build_network, decode_plan

log = logging.getLogger("hubflow")

Progress = Callable[[str], None]


def make_plan(
    scenario: Scenario,
    *,
    time_limit: float = 60.0,
    mip_gap: float = 0.005,
    seed: int = 0,
    dispatch_time: float = 5.0,
    dispatch_backend: str = "pyvrp",
    progress: Progress | None = None,
) -> Plan:
    """Plan every order of a scenario at least cost, proving a lower bound.

    ``time_limit`` bounds the whole call (network building included); ``mip_gap`` is the relative
    gap at which the solver may stop early. Then, when the scenario has trucks and
    ``dispatch_time`` > 0, own-fleet truck routes are planned for the local road legs within
    that many more seconds. ``progress`` is called with a stage name.
    """
    tell = progress or (lambda stage: None)
    start = time.perf_counter()
    tell("network")
    net = build_network(scenario)
    built = time.perf_counter() - start
    log.info("network: %d arcs, %d demands", net.problem.n_arcs, len(net.problem.demands))
    tell("solve")
    solver = ArcMipSolver(mip_rel_gap=mip_gap)
    result = solver.solve(net.problem, time_limit=max(1.0, time_limit - built), seed=seed)
    tell("decode")
    plan = decode_plan(net, result, solver.name)
    stats = dict(
        plan.stats,
        arcs=float(net.problem.n_arcs),
        demands=float(len(net.problem.demands)),
        network_seconds=round(built, 3),
    )
    plan = dataclasses.replace(plan, solve_seconds=time.perf_counter() - start, stats=stats)
    if scenario.fleet and dispatch_time > 0:
        tell("dispatch")
        plan = dispatch_plan(
            scenario, plan, time_limit=dispatch_time, backend=dispatch_backend, seed=seed
        )
    return _stated_objective(scenario, plan)


def _stated_objective(scenario: Scenario, plan: Plan) -> Plan:
    """Objective = cost at tariffs + the penalty on every unserved tonne (as KPIs state it).

    The solver never sees orders no path can deliver in time, so their penalty is added to its
    bound as a constant.
    """
    kpis = compute_kpis(scenario, plan)
    no_path = sum(u.tonnes for u in plan.unserved if u.reason == "NO_PATH_BEFORE_DUE")
    fixed = scenario.parameters.unserved_cost_per_t * no_path
    return dataclasses.replace(
        plan,
        objective=kpis.total_cost + kpis.unserved_penalty,
        lower_bound=plan.lower_bound + fixed,
    )
