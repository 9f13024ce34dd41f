"""The arc MIP on generic design problems whose optimum is known by hand."""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import pytest

from hubflow.consolidate import (
    ArcMipSolver,
    Demand,
    DesignProblem,
    Resource,
    SolverSettings,
    Status,
)
from hubflow.consolidate.work import Phase
from hubflow.deadline import Deadline


def _line(
    cap: float,
    fixed: float,
    max_vehicles: int,
    quantities: list[float],
    bypass_cost: float | None = None,
    resources=(),
) -> DesignProblem:
    """Node 0 -> node 1 by a design arc (arc 0); optionally a pure flow bypass (arc 1)."""
    tail, head = [0], [1]
    unit, fixed_c, capa, maxv = [1.0], [fixed], [cap], [max_vehicles]
    if bypass_cost is not None:
        tail.append(0)
        head.append(1)
        unit.append(bypass_cost)
        fixed_c.append(0.0)
        capa.append(np.inf)
        maxv.append(0)
    arcs = np.arange(len(tail))
    return DesignProblem(
        n_nodes=2,
        tail=np.array(tail),
        head=np.array(head),
        unit_cost=np.array(unit),
        weight_cost=np.zeros(len(tail)),
        fixed_cost=np.array(fixed_c),
        capacity=np.array(capa),
        max_vehicles=np.array(maxv),
        demands=tuple(
            Demand(origin=0, destination=1, quantity=q, weight=1.0, penalty=1e4, arcs=arcs)
            for q in quantities
        ),
        resources=tuple(resources),
    )


def test_vehicles_are_integer_and_just_enough():
    # 3 × 25 units on vehicles of 30: 3 vehicles (75 / 30 = 2.5 rounded up); cost 3·100 + 75
    r = ArcMipSolver(SolverSettings(mip_gap=0)).solve(_line(30, 100, 5, [25, 25, 25]), deadline=10)
    assert r.status is Status.OPTIMAL
    assert r.vehicles[0] == 3
    assert r.objective == pytest.approx(375.0)
    assert r.lower_bound == pytest.approx(375.0)


def test_bypass_wins_for_small_flows_and_vehicles_for_large():
    # bypass at 20/unit vs a vehicle at 100 + 1/unit: vehicle from 100/19 = 5.26 units up
    small = ArcMipSolver(SolverSettings(mip_gap=0)).solve(
        _line(30, 100, 5, [5], bypass_cost=20), deadline=10
    )
    big = ArcMipSolver(SolverSettings(mip_gap=0)).solve(
        _line(30, 100, 5, [6], bypass_cost=20), deadline=10
    )
    assert small.objective == pytest.approx(100.0) and small.vehicles[0] == 0
    assert big.objective == pytest.approx(106.0) and big.vehicles[0] == 1


def test_strong_linking_changes_the_bound_not_the_optimum():
    p = _line(30, 100, 5, [10, 10], bypass_cost=12)
    weak = ArcMipSolver(SolverSettings(mip_gap=0), strong_linking=False).solve(p, deadline=10)
    strong = ArcMipSolver(SolverSettings(mip_gap=0), strong_linking=True).solve(p, deadline=10)
    assert weak.objective == pytest.approx(strong.objective) == pytest.approx(120.0)


def test_capacity_shortage_is_left_unmet_at_its_penalty():
    r = ArcMipSolver(SolverSettings(mip_gap=0)).solve(_line(30, 100, 1, [20, 20]), deadline=10)
    assert r.unmet.sum() == pytest.approx(10.0)
    assert r.objective == pytest.approx(100 + 30 + 10 * 1e4)


def test_resource_limit_on_weighted_flow():
    # the arc may carry at most 15 weighted units: 15 go, 5 are unmet
    res = Resource(arcs=np.array([0]), limit=15.0)
    r = ArcMipSolver(SolverSettings(mip_gap=0)).solve(
        _line(30, 100, 5, [20], resources=[res]), deadline=10
    )
    assert r.flows[0][0] == pytest.approx(15.0)
    assert r.unmet[0] == pytest.approx(5.0)


def test_a_problem_without_demands_is_solved_at_cost_zero():
    # every order unreachable: nothing to plan is a proven optimum of 0, not a missing solution
    empty = _line(30, 100, 5, [])
    r = ArcMipSolver(SolverSettings(mip_gap=0)).solve(empty, deadline=10)
    assert r.status is Status.OPTIMAL
    assert (r.objective, r.lower_bound) == (0.0, 0.0)
    assert r.vehicles.tolist() == [0]


def test_a_deadline_passed_while_building_gives_no_plan_rather_than_an_overrun():
    passed = Deadline(time.monotonic() - 1.0)
    r = ArcMipSolver().solve(_line(30, 100, 5, [25, 25, 25]), deadline=passed)
    assert r.status is Status.NO_SOLUTION_IN_TIME and r.objective is None
    assert "HiGHS not started" in r.message
    assert r.stats["design_phases_at_time_limit"] == 1


def test_a_deadline_passed_while_building_gives_back_the_plan_to_start_from():
    p = _line(30, 100, 5, [25, 25, 25], bypass_cost=20)
    known = ArcMipSolver(SolverSettings(mip_gap=0)).solve(p, deadline=10)
    start = dataclasses.replace(known, objective=None)  # a warm start's plan has no objective
    r = ArcMipSolver().solve(p, deadline=Deadline(time.monotonic() - 1.0), start_from=start)
    assert r.status is Status.FEASIBLE_AT_LIMIT
    assert r.objective == pytest.approx(known.objective)  # priced again: 3 vehicles, 75 units
    assert np.array_equal(r.vehicles, known.vehicles)


def test_a_solve_within_its_time_reports_no_phase_at_the_time_limit():
    r = ArcMipSolver().solve(_line(30, 100, 5, [25, 25, 25]), deadline=10)
    assert r.stats["design_phases_at_time_limit"] == 0


def test_a_phase_on_work_counts_the_nodes_the_mip_did():
    """Column generation's last phases share nominal seconds: the arc MIP reports its nodes."""
    phase = Phase(Deadline.after(60), seconds=100.0)
    r = ArcMipSolver(SolverSettings(mip_gap=0)).solve(
        _line(30, 100, 5, [25, 25, 25], bypass_cost=20), deadline=60, phase=phase
    )
    assert phase.units is not None and phase.done == r.stats["mip_nodes"] >= 1
    assert phase.nominal_spent == pytest.approx(phase.done * phase.unit_seconds)
