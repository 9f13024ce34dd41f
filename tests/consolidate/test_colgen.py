"""Column generation against the arc formulation on small generic problems, and its anytime
behaviour (time limit, warm start) on larger ones."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time
from pathlib import Path

import highspy
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import hubflow
from hubflow.consolidate import Demand, DesignProblem, Resource, SolverSettings, get_solver
from hubflow.consolidate.arc_mip import _build, _Layout
from hubflow.consolidate.colgen import ColGenSolver, _on_arcs
from hubflow.consolidate.highs import new_highs
from hubflow.consolidate.work import arc_mip_root_seconds
from hubflow.deadline import Deadline


def random_problem(seed: int, *, nodes=7, arcs=18, demands=6, acyclic=True, extras=False):
    """A random design problem; ``extras`` adds open costs, a resource and weights."""
    rng = np.random.default_rng(seed)
    pairs = set()
    while len(pairs) < arcs:
        a, b = rng.choice(nodes, 2, replace=False)
        pairs.add((min(a, b), max(a, b)) if acyclic else (a, b))
    tail, head = (np.array(x) for x in zip(*sorted(pairs), strict=True))
    m = len(tail)
    flow_arc = rng.random(m) < 0.2  # pure flow arcs: no vehicles, no capacity
    ds = []
    for _ in range(demands):
        o, d = rng.choice(nodes, 2, replace=False)
        o, d = (min(o, d), max(o, d)) if acyclic else (o, d)
        allowed = np.flatnonzero(rng.random(m) < 0.9)
        ds.append(
            Demand(
                origin=int(o),
                destination=int(d),
                quantity=float(rng.integers(1, 30)),
                weight=float(rng.uniform(0.5, 2)) if extras else 1.0,
                penalty=500.0,
                arcs=allowed,
            )
        )
    return DesignProblem(
        n_nodes=nodes,
        tail=tail,
        head=head,
        unit_cost=rng.uniform(1, 10, m) * np.where(flow_arc, 3, 1),
        weight_cost=rng.uniform(0, 2, m) if extras else np.zeros(m),
        fixed_cost=np.where(flow_arc, 0.0, rng.uniform(20, 200, m)),
        capacity=np.where(flow_arc, np.inf, rng.uniform(5, 40, m)),
        max_vehicles=np.where(flow_arc, 0, rng.integers(1, 4, m)),
        demands=tuple(ds),
        resources=(Resource(arcs=np.arange(0, m, 3), limit=40.0),) if extras else (),
        open_cost=np.where(flow_arc, 0.0, rng.uniform(0, 80, m)) if extras else None,
    )


def arc_lp_bound(p: DesignProblem) -> float:
    """The LP relaxation of the arc MIP with strong linking (the reference bound)."""
    model = _build(p, _Layout(p), strong=True)
    model.integer[:] = False
    h = new_highs(Deadline.after(30), 0.0, 0)
    h.passModel(model.to_highs_lp())
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return float(h.getInfo().objective_function_value)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    acyclic=st.booleans(),
    extras=st.booleans(),
)
@example(seed=370, acyclic=True, extras=True)
def test_lp_bound_equals_the_arc_formulations(seed, acyclic, extras):
    p = random_problem(seed, acyclic=acyclic, extras=extras)
    r = ColGenSolver(SolverSettings(mip_gap=0.0)).solve(p, deadline=30)
    assume(r.stats["lp_converged"] == 1.0)
    # equal up to HiGHS's LP tolerances (1e-7 per row, summed over the rows: 2.8e-6 was seen)
    assert r.stats["lp_bound"] == pytest.approx(arc_lp_bound(p), rel=1e-5, abs=1e-5)
    exact = get_solver("mip", SolverSettings(mip_gap=0.0)).solve(p, deadline=30)
    # both bounds are valid for the integer optimum; colgen's plan is never below it (up to
    # HiGHS's tolerances: a plan 1.85e-6 below the exact MIP's was seen at seed 370)
    tol = 1e-5 * max(1.0, abs(exact.objective))
    assert r.lower_bound <= exact.objective + tol
    assert r.objective >= exact.objective - tol


@pytest.mark.parametrize("extras", [False, True])
def test_plan_is_consistent_with_its_paths_and_limits(extras):
    p = random_problem(7, nodes=9, arcs=30, demands=12, extras=extras)
    r = ColGenSolver().solve(p, deadline=30)
    assert r.status.has_solution and r.paths is not None
    for k, d in enumerate(p.demands):
        carried = sum(f for f, _ in r.paths[k])
        assert carried + r.unmet[k] == pytest.approx(d.quantity)
        for _, arcs in r.paths[k]:
            assert p.tail[arcs[0]] == d.origin and p.head[arcs[-1]] == d.destination
            assert (p.tail[arcs[1:]] == p.head[arcs[:-1]]).all()
            assert set(arcs.tolist()) <= set(d.arcs.tolist())
    load = np.zeros(p.n_arcs)
    for k, d in enumerate(p.demands):
        np.add.at(load, d.arcs, r.flows[k])
    design = p.max_vehicles > 0
    assert (load[design] <= p.capacity[design] * r.vehicles[design] * (1 + 1e-6) + 1e-6).all()
    assert (r.vehicles <= p.max_vehicles).all()
    for res in p.resources:
        used = sum(
            d.weight * r.flows[k][np.isin(d.arcs, res.arcs)].sum() for k, d in enumerate(p.demands)
        )
        assert used <= res.limit + 1e-6


def test_time_limit_is_kept_and_a_plan_returned_on_a_large_problem():
    p = random_problem(3, nodes=200, arcs=2500, demands=400)
    start = time.monotonic()
    r = ColGenSolver(SolverSettings(mip_gap=0.0)).solve(p, deadline=Deadline.after(1.0))
    # setting up (pairs, first paths) cannot be interrupted: a few seconds on a busy machine
    assert time.monotonic() - start < 1.0 + 4.0
    assert r.status.has_solution and r.objective is not None
    assert r.lower_bound <= r.objective


def test_warm_start_is_no_worse_than_cold_after_a_cost_change():
    p = random_problem(11, nodes=10, arcs=35, demands=15)
    solver = ColGenSolver(SolverSettings(mip_gap=0.0))
    first = solver.solve(p, deadline=20)
    changed = dataclasses.replace(p, unit_cost=p.unit_cost * np.linspace(0.8, 1.3, p.n_arcs))
    cold = solver.solve(changed, deadline=20)
    warm = solver.solve(changed, deadline=20, warm_start=first.warm_start)
    assert warm.stats["warm_paths"] > 0
    assert warm.objective <= cold.objective + 1e-6 * abs(cold.objective)
    assert warm.lower_bound == pytest.approx(cold.lower_bound, rel=1e-6)


def test_a_problem_without_demands_is_solved_empty():
    p = dataclasses.replace(random_problem(1), demands=())
    r = ColGenSolver().solve(p, deadline=5)
    assert (r.status.name, r.objective, r.lower_bound) == ("OPTIMAL", 0.0, 0.0)


def test_with_two_threads_the_integer_phases_run(tmp_path):
    """HiGHS's thread scheduler is global to a process, so every HiGHS of a run must ask for the
    same threads; in a fresh process, so that no earlier test has set the scheduler up."""
    code = (
        "from tests.consolidate.test_colgen import random_problem\n"
        "from hubflow.consolidate import SolverSettings\n"
        "from hubflow.consolidate.colgen import ColGenSolver\n"
        "p = random_problem(0, nodes=9, arcs=30, demands=12, extras=True)\n"
        "r = ColGenSolver(SolverSettings(mip_gap=0.0, threads=2)).solve(p, deadline=20)\n"
        "print(r.stats['polish_mip_nodes'])\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(Path(hubflow.__file__).parents[1]))
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    assert float(out.stdout.split()[-1]) >= 0  # -1: HiGHS refused to run the arc MIP


def solve_on_work(p: DesignProblem, seconds: float):
    """``colgen`` stopped on counts of work sized for ``seconds``; a far ceiling (60 s), so that
    a busy test machine does not reach it."""
    settings = SolverSettings(mip_gap=0.0, work_seconds=seconds)
    return ColGenSolver(settings).solve(p, deadline=Deadline.after(60.0), seed=0)


def assert_same_plan(a, b) -> None:
    assert (a.status, a.objective, a.lower_bound) == (b.status, b.objective, b.lower_bound)
    assert np.array_equal(a.vehicles, b.vehicles)  # the same departures, as many vehicles
    assert all(np.array_equal(x, y) for x, y in zip(a.flows, b.flows, strict=True))
    assert np.array_equal(a.unmet, b.unmet)


@pytest.fixture(scope="module")
def on_work():
    """A problem whose phases stop on their counts (the LP does not converge in them), solved
    once on work."""
    p = random_problem(3, nodes=60, arcs=600, demands=120)
    return p, solve_on_work(p, 1.0)


@pytest.mark.slow
def test_on_work_the_same_problem_gives_the_same_plan(on_work):
    p, first = on_work
    assert first.stats["lp_converged"] == 0  # the LP phase stopped on its count of rounds
    assert first.stats["design_phases_at_time_limit"] == 0  # no phase stopped by the clock
    assert first.status.has_solution
    assert_same_plan(first, solve_on_work(p, 1.0))


@pytest.mark.slow
def test_on_work_a_busy_core_beside_the_solve_changes_nothing(on_work):
    p, first = on_work
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        beside = solve_on_work(p, 1.0)
    finally:
        busy.kill()
        busy.wait()
    assert beside.stats["design_phases_at_time_limit"] == 0
    assert_same_plan(first, beside)


@pytest.mark.slow
def test_more_nominal_seconds_buy_more_pricing_rounds(on_work):
    p, first = on_work
    more = solve_on_work(p, 4.0)
    assert more.stats["lp_rounds"] > first.stats["lp_rounds"]


def test_a_problem_cut_to_some_arcs_keeps_each_demands_arcs_among_them_and_costs_less():
    p = random_problem(5, nodes=9, arcs=30, demands=12)
    keep = np.arange(p.n_arcs) % 2 == 0
    cut, kept = _on_arcs(p, keep)
    for d, c, at in zip(p.demands, cut.demands, kept, strict=True):
        assert np.array_equal(c.arcs, d.arcs[keep[d.arcs]])
        assert np.array_equal(d.arcs[at], c.arcs)
    assert arc_mip_root_seconds(cut) == arc_mip_root_seconds(p, keep) < arc_mip_root_seconds(p)


def test_on_work_an_arc_mip_too_big_for_the_work_left_runs_on_the_arcs_with_flow():
    """Sized for 14 s the whole arc MIP's root does not fit in the work left (5,379 pairs at
    2 ms); the arc MIP over the arcs of the LP and the best plan does, improves the plan, and
    leaves the bound the LP's (the cut MIP's is none of the whole problem)."""
    p = random_problem(3, nodes=20, arcs=150, demands=40)
    r = solve_on_work(p, 14.0)
    assert 0 < r.stats["polish_pairs"] < sum(len(d.arcs) for d in p.demands)
    assert r.stats["design_phases_at_time_limit"] == 0
    assert r.objective < r.stats["local_objective"]
    assert r.lower_bound == r.stats["lp_bound"]
    load = np.zeros(p.n_arcs)
    for k, d in enumerate(p.demands):
        np.add.at(load, d.arcs, r.flows[k])
        assert r.paths is not None and sum(f for f, _ in r.paths[k]) + r.unmet[k] == (
            pytest.approx(d.quantity)
        )
    design = p.max_vehicles > 0
    assert (load[design] <= p.capacity[design] * r.vehicles[design] * (1 + 1e-6) + 1e-6).all()
    assert_same_plan(r, solve_on_work(p, 14.0))


def test_on_work_the_arc_mip_over_the_arcs_with_flow_runs_before_the_whole_one():
    """When the whole arc MIP's root fits in the work left (1,071 pairs at 2 ms: 2.1 s of 10), the
    arc MIP over the arcs with flow in the LP or the plan runs first; the whole one then starts
    from its plan, and its bound, one of the whole problem, is reported where it beats the LP's."""
    p = random_problem(3, nodes=12, arcs=60, demands=20)
    r = solve_on_work(p, 20.0)
    pairs = sum(len(d.arcs) for d in p.demands)
    assert 0 < r.stats["near_pairs"] < pairs and r.stats["near_mip_nodes"] >= 1
    assert r.stats["polish_pairs"] == pairs and r.stats["polish_mip_nodes"] >= 1
    assert r.stats["design_phases_at_time_limit"] == 0
    assert r.objective <= r.stats["local_objective"]
    assert r.lower_bound > r.stats["lp_bound"]
    assert_same_plan(r, solve_on_work(p, 20.0))
