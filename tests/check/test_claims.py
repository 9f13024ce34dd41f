"""Every figure a plan states is recomputed: each one changed on its own is caught.

The example (own trucks at half their cost per km, so that it has truck routes) is planned
once; then each numeric leaf of its KPI dictionary, and the plan's objective and bound, is
changed (×1.1 + 1, and to 0 where 0 is wrong) one at a time.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest

from hubflow.check import check_plan
from hubflow.example import EXAMPLE_DIR
from hubflow.io import load_scenario
from hubflow.kpi import compute_kpis
from hubflow.model import PlanStatus
from hubflow.planning import make_plan

RUN_TIME = {("solve_seconds",)}  # not a claim about the plan
Path = tuple[Any, ...]


@pytest.fixture(scope="module")
def example():
    """The example with its own trucks at half their cost per km: at the shipped 3.6 CNY/km
    they beat the carriers' 0.19 CNY/t-km on no leg, and the truck routes' figures need routes."""
    shipped = load_scenario(EXAMPLE_DIR)
    fleet = tuple(dataclasses.replace(t, cost_per_km=t.cost_per_km / 2) for t in shipped.fleet)
    scn = dataclasses.replace(shipped, fleet=fleet)
    plan = make_plan(scn, time_limit=60, dispatch_time=2)
    kpis = compute_kpis(scn, plan).to_dict()
    assert plan.routes and plan.unserved  # every kind of figure is there to check
    assert check_plan(scn, plan, kpis) == []
    return scn, plan, kpis


def _leaves(d: Any, path: Path = ()) -> Iterator[tuple[Path, float]]:
    """Numeric leaves; of each yard series only its peak and its first value (3,600 otherwise)."""
    if isinstance(d, dict):
        for k, v in d.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(d, list):
        peak = max(range(len(d)), key=d.__getitem__, default=None)
        for i in sorted({0, peak} - {None}):
            yield (*path, i), d[i]
    elif isinstance(d, int | float) and not isinstance(d, bool) and path not in RUN_TIME:
        yield path, d


def _set(kpis: dict, path: Path, value: float) -> dict:
    out = copy.deepcopy(kpis)
    node = out
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    return out


def _changes(value: float) -> list[float]:
    wrong = [value * 1.1 + 1]
    if abs(value) > 1e-2:
        wrong.append(0)
    return wrong


def test_every_claimed_figure_changed_alone_is_caught(example):
    scn, plan, kpis = example
    leaves = list(_leaves(kpis))
    assert len(leaves) > 150
    missed = [
        (path, wrong)
        for path, value in leaves
        for wrong in _changes(value)
        if not check_plan(scn, plan, _set(kpis, path, wrong))
    ]
    assert missed == []


@pytest.mark.parametrize("field", ["objective", "lower_bound"])
def test_the_plans_objective_and_bound_changed_alone_are_caught(example, field):
    scn, plan, kpis = example
    for wrong in _changes(getattr(plan, field)):
        assert check_plan(scn, dataclasses.replace(plan, **{field: wrong}), kpis), wrong


def test_an_objective_raised_everywhere_is_caught(example):
    scn, plan, kpis = example
    bad = dataclasses.replace(plan, objective=plan.objective * 1.1)
    out = check_plan(scn, bad, dict(kpis, objective=bad.objective))
    assert any(v.startswith("plan.objective") for v in out)
    assert any(v.startswith("objective") for v in out)


def test_a_gap_of_zero_is_caught(example):
    scn, plan, kpis = example
    assert kpis["gap_pct"] > 0
    assert any(v.startswith("gap_pct") for v in check_plan(scn, plan, dict(kpis, gap_pct=0)))


def test_every_order_on_time_is_caught(example):
    scn, plan, kpis = example
    claims = dict(kpis, on_time_pct=100.0, delivered_orders=332)
    out = "\n".join(check_plan(scn, plan, claims))
    assert "on_time_pct" in out and "delivered_orders" in out


def test_a_tiny_peak_yard_is_caught(example):
    scn, plan, kpis = example
    out = check_plan(scn, plan, dict(kpis, peak_yard_m2=10))
    assert any(v.startswith("peak_yard_m2") for v in out)


def test_a_plan_with_itineraries_cannot_claim_no_solution(example):
    scn, plan, kpis = example
    bad = dataclasses.replace(plan, status=PlanStatus.NO_SOLUTION_IN_TIME)
    out = check_plan(scn, bad, dict(kpis, status="NO_SOLUTION_IN_TIME"))
    assert any("status is NO_SOLUTION_IN_TIME" in v for v in out)


def test_a_figure_left_out_is_named_unless_it_is_new(example):
    scn, plan, kpis = example
    claims = {k: v for k, v in kpis.items() if k not in ("co2e_t", "partly_delivered_orders")}
    assert check_plan(scn, plan, claims) == ["the plan does not state co2e_t"]
