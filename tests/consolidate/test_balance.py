"""Repairing a design that breaks a vehicle balance, and column generation keeping it."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from hubflow.consolidate import DesignProblem, VehicleBalance, VehicleLimit
from hubflow.consolidate.balance import balanced
from hubflow.consolidate.colgen import ColGenSolver
from hubflow.network import build_network
from tests import cases_balances


def _repaired(p: DesignProblem, vehicles: list[int]) -> list[int] | None:
    v = np.array(vehicles, np.int64)
    return v.tolist() if balanced(p, v) else None


def _arcs(fixed, open_cost, max_vehicles, **kw) -> DesignProblem:
    """Arc 0 goes out; arcs 1.. come back (no demands: only vehicles)."""
    n = len(fixed)
    return DesignProblem(
        n_nodes=2,
        tail=np.zeros(n, np.int64),
        head=np.ones(n, np.int64),
        unit_cost=np.zeros(n),
        weight_cost=np.zeros(n),
        fixed_cost=np.asarray(fixed, float),
        capacity=np.full(n, 30.0),
        max_vehicles=np.asarray(max_vehicles, np.int64),
        demands=(),
        open_cost=np.asarray(open_cost, float),
        balances=(VehicleBalance(outbound=np.array([0]), returns=np.arange(1, n), slack=0),),
        **kw,
    )


def test_the_cheapest_returns_are_added():
    # two boxes back: 300 each on arc 2, or 100 each + 500 once on arc 1 (350 a box)
    p = _arcs([1000, 100, 300], [0, 500, 0], [9, 9, 9])
    assert _repaired(p, [2, 0, 0]) == [2, 0, 2]
    # five boxes back: arc 1 costs 200 a box, arc 2 holds only 2
    p = _arcs([1000, 100, 300], [0, 500, 0], [9, 9, 2])
    assert _repaired(p, [5, 0, 0]) == [5, 5, 0]


def test_returns_respect_their_room_and_vehicle_limits():
    p = _arcs([1000, 100, 300], [0, 0, 0], [9, 2, 9])
    assert _repaired(p, [3, 0, 0]) == [3, 2, 1]
    gate = VehicleLimit(arcs=np.array([1, 2]), limit=2)
    p = _arcs([1000, 100, 300], [0, 0, 0], [9, 9, 9], vehicle_limits=(gate,))
    assert _repaired(p, [3, 0, 0]) is None
    assert _repaired(p, [2, 1, 0]) == [2, 2, 0]


def test_a_balanced_design_is_left_alone():
    p = _arcs([1000, 100], [0, 0], [9, 9])
    assert _repaired(p, [1, 3]) == [1, 3]


def test_colgen_rounding_adds_the_box_that_must_come_back():
    # with the strong linking cut the LP runs one box out, so one back: the bound is exact;
    # the rounded plan runs the box out for its load and must add the box back
    net = build_network(cases_balances.boxes())
    r = ColGenSolver().solve(net.problem, deadline=10)
    assert r.stats["lp_bound"] == pytest.approx(1615.0)
    assert r.stats["rounded_objective"] == pytest.approx(1615.0)
    assert r.objective == pytest.approx(1615.0)
    back = net.problem.balances[0]
    assert r.vehicles[back.outbound].sum() == r.vehicles[back.returns].sum() == 1


def test_the_restricted_master_mip_keeps_the_balance_itself():
    from hubflow.consolidate.colgen import _Run
    from hubflow.consolidate.solvers import SolverSettings
    from hubflow.consolidate.work import Phase
    from hubflow.deadline import Deadline, no_progress

    p = build_network(cases_balances.boxes(50)).problem
    run = _Run(p, Deadline.after(10), SolverSettings(), 0, no_progress)
    run._initial_columns(None)
    run._column_generation(Phase(Deadline.after(5)))
    run._restricted_mip(Phase(Deadline.after(5)))
    y = np.zeros(p.n_arcs)
    y[run.master.design] = np.asarray(run.h.getSolution().col_value)[: len(run.master.design)]
    back = p.balances[0]
    assert y[back.outbound].sum() == pytest.approx(2.0)
    assert y[back.returns].sum() == pytest.approx(2.0)
    assert run.best is not None and run.best[0] == pytest.approx(3230.0)


def test_a_plan_whose_boxes_cannot_all_come_back_sends_fewer_out():
    from hubflow.consolidate.colgen import _Run
    from hubflow.consolidate.master import MasterSolution
    from hubflow.consolidate.solvers import SolverSettings
    from hubflow.deadline import Deadline, no_progress
    from hubflow.model import Timetable
    from tests.cases import order

    # two 20 t orders a day apart need two boxes out; one box a week comes back
    scn = cases_balances.boxes()
    back = dataclasses.replace(
        scn.services[1], max_vehicles=1, timetable=Timetable.parse("weekly Mon 06:00")
    )
    orders = (order("early", "A", "B", 20, 0, 10), order("late", "A", "B", 20, 12, 30))
    scn = dataclasses.replace(scn, services=(scn.services[0], back), orders=orders)
    p = build_network(scn).problem
    run = _Run(p, Deadline.after(10), SolverSettings(), 0, no_progress)
    run._initial_columns(None)
    m = run.master
    lam = np.zeros(m.n_paths)
    for k in range(len(p.demands)):
        lam[m.by_demand[k][0]] = m.q[k]
    plan = MasterSolution(lam=lam, y=np.zeros(len(m.design)), z=np.zeros(0), u=np.zeros(2))
    run._offer(plan)
    assert run.best is not None
    objective, kept, vehicles = run.best
    assert objective == pytest.approx(1615.0 + 20 * 100_000)  # one order left unmet
    assert sorted(kept.u.tolist()) == [0.0, 20.0]
    back_row = p.balances[0]
    assert vehicles[back_row.outbound].sum() == vehicles[back_row.returns].sum() == 1
