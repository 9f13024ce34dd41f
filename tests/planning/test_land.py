"""Land duals in every plan with yard limits (tests/sweep/land_cases.py: known by hand)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from hubflow.check import check_plan
from hubflow.deadline import Deadline
from hubflow.export import write_plan_folder
from hubflow.kpi.land import land_block
from hubflow.model import Plan, PlanStatus
from hubflow.network import build_network
from hubflow.planning import PlanOptions, plan_scenario
from hubflow.planning.land import land_duals
from tests.sweep.land_cases import yard_or_trucks

EXACT = PlanOptions(time_limit=20, mip_gap=0, dispatch_time=0)
PER_WEEK = 7 / 3  # the cases plan 3 days


def test_a_plan_carries_the_dual_value_of_its_yard_and_the_hours_it_is_full():
    """At 25 m² two direct trucks run with or without one more m²; a m² moves a tonne off
    them at 20 a tonne; the 12 h wait for the train fills the yard."""
    outcome = plan_scenario(yard_or_trucks(25.0, direct_per_t=20.0), EXACT)
    assert outcome.ok
    assert outcome.kpis.land_dual_per_m2_week == pytest.approx({"H": 20.0 * PER_WEEK})
    assert outcome.kpis.yard_binding_hours == {"H": 12.0}
    assert outcome.kpis.summary()["land_dual_per_m2_week"] == outcome.kpis.land_dual_per_m2_week


def test_a_yard_that_never_binds_is_worth_nothing_and_never_full():
    outcome = plan_scenario(yard_or_trucks(100.0, direct_per_t=20.0), EXACT)
    assert outcome.kpis.land_dual_per_m2_week == {"H": 0.0}
    assert outcome.kpis.yard_binding_hours == {"H": 0.0}


def test_no_yard_limit_no_land_figures():
    scn = yard_or_trucks(25.0)
    sites = tuple(dataclasses.replace(s, yard_m2=None) for s in scn.sites)
    outcome = plan_scenario(dataclasses.replace(scn, sites=sites), EXACT)
    assert outcome.kpis.land_dual_per_m2_week == {}
    assert outcome.kpis.yard_binding_hours == {}
    assert land_block(outcome.scenario, outcome.kpis) is None


def test_a_plan_without_a_solution_has_no_dual():
    scn = yard_or_trucks(25.0)
    empty = Plan(
        scenario=scn.parameters.name,
        itineraries=(),
        departures=(),
        status=PlanStatus.NO_SOLUTION_IN_TIME,
        solver="none",
    )
    assert land_duals(scn, build_network(scn), empty, deadline=Deadline.after(10)) == {}


def test_the_checker_checks_the_hours_full_but_not_the_dual_estimate():
    outcome = plan_scenario(yard_or_trucks(25.0, direct_per_t=20.0), EXACT)
    scn, plan, claims = outcome.scenario, outcome.plan, outcome.kpis.to_dict()
    assert check_plan(scn, plan, dict(claims, land_dual_per_m2_week={"H": 1e6})) == []
    wrong = check_plan(scn, plan, dict(claims, yard_binding_hours={"H": 3.0}))
    assert any(v.startswith("yard_binding_hours.H") for v in wrong)


def test_the_land_block_of_plan_json():
    outcome = plan_scenario(yard_or_trucks(25.0, direct_per_t=20.0), EXACT)
    block = land_block(outcome.scenario, outcome.kpis)
    assert block is not None
    assert block["currency"] == "CNY" and "estimate" in block["dual_method"]
    [hub] = block["hubs"]
    assert hub == {
        "hub": "H",
        "yard_m2": 25.0,
        "peak_m2": pytest.approx(25.0),
        "binding_hours": 12.0,
        "dual_per_m2_week": pytest.approx(20.0 * PER_WEEK),
        "land_cost_per_m2_week": None,
    }


def test_plan_json_has_the_land_block(tmp_path):
    outcome = plan_scenario(yard_or_trucks(25.0, direct_per_t=20.0), EXACT)
    write_plan_folder(outcome.scenario, outcome.plan, outcome.kpis, tmp_path / "out")
    doc = json.loads((tmp_path / "out" / "plan.json").read_text())
    assert doc["land"]["hubs"][0]["binding_hours"] == 12.0
    assert doc["kpis"]["land_dual_per_m2_week"]["H"] == pytest.approx(20.0 * PER_WEEK)
