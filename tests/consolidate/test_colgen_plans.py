"""Plans made with ``method="colgen"`` and ``"auto"`` pass the independent checker."""

from __future__ import annotations

import pytest

from hubflow.check import check_plan
from hubflow.consolidate.auto import choose_method
from hubflow.consolidate.colgen import ColGenSolver
from hubflow.example import EXAMPLE_DIR
from hubflow.io import load_scenario
from hubflow.kpi import compute_kpis
from hubflow.network import build_network
from hubflow.network.warm import PreviousSolve
from hubflow.planning import make_plan
from tests import cases

SCENARIOS = {
    "consolidation": cases.consolidation,
    "train_or_trucks_120": lambda: cases.train_or_trucks(120),
    "urgent_24": lambda: cases.urgent(24),
    "short_capacity": cases.short_capacity,
    "small_yard": lambda: cases.small_yard(10.0),
    "charter_300": lambda: cases.charter(300),
}


def _checked(scn, method):
    gap = 1e-6 if len(scn.orders) < 10 else 0.005
    plan = make_plan(scn, time_limit=20, mip_gap=gap, method=method, dispatch_time=0)
    assert check_plan(scn, plan, compute_kpis(scn, plan).to_dict()) == []
    return plan


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_colgen_plans_pass_the_checker_and_match_the_mip(name):
    scn = SCENARIOS[name]()
    cg, mip = _checked(scn, "colgen"), _checked(scn, "mip")
    assert cg.solver == "colgen"
    assert cg.objective == pytest.approx(mip.objective, rel=1e-6)


def test_example_with_auto_keeps_its_gap():
    scn = load_scenario(EXAMPLE_DIR)
    plan = _checked(scn, "auto")
    assert plan.solver == f"auto->{choose_method(build_network(scn).problem)}"
    assert plan.gap is not None and plan.gap <= 0.01


def test_a_previous_solve_maps_its_paths_to_the_changed_network():
    from hubflow.io import apply_overrides

    scn = load_scenario(EXAMPLE_DIR)
    old = build_network(apply_overrides(scn, ["carbon_price=0"], source="test"))
    new = build_network(apply_overrides(scn, ["carbon_price=200"], source="test"))
    first = ColGenSolver().solve(old.problem, deadline=20)
    previous = PreviousSolve.of(old, first)
    assert previous is not None
    warm = previous.warm_start_for(new)

    def named(net, paths):
        return {
            (net.demand_orders[k][0].id, tuple(net.arc_keys[a] for a in arcs)) for k, arcs in paths
        }

    assert warm.paths  # same arcs, other costs: every path carries over, by name
    assert named(new, warm.paths) == named(old, first.warm_start.paths)
