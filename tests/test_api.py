"""The public surface: what ``import hubflow`` offers, used end to end on a hand-made case."""

from __future__ import annotations

import pytest

import hubflow
from tests import cases

PUBLIC = (
    "load_scenario",
    "plan_scenario",
    "check_plan",
    "Scenario",
    "Plan",
    "PlanOptions",
    "PlanOutcome",
    "Deadline",
)


@pytest.mark.parametrize("name", PUBLIC)
def test_the_package_exposes(name):
    assert name in hubflow.__all__
    assert getattr(hubflow, name) is not None


def test_everything_in_all_exists():
    missing = [n for n in hubflow.__all__ if not hasattr(hubflow, n)]
    assert missing == []


@pytest.mark.parametrize(("tonnes", "cost"), [(60, 6000), (120, 9000)])
def test_plan_a_hand_made_case_from_the_top_level(tonnes, cost):
    """``train_or_trucks``: 3,000 per 30 t truck up to 90 t, the 9,000 train above."""
    scn = cases.train_or_trucks(tonnes)
    assert isinstance(scn, hubflow.Scenario)
    outcome = hubflow.plan_scenario(
        scn,
        hubflow.PlanOptions(time_limit=30, mip_gap=0.0, dispatch_time=0),
        deadline=hubflow.Deadline.after(30),
    )
    assert isinstance(outcome, hubflow.PlanOutcome)
    plan = outcome.plan
    assert isinstance(plan, hubflow.Plan)
    assert plan.status is hubflow.PlanStatus.OPTIMAL
    assert plan.objective == pytest.approx(cost)
    assert plan.lower_bound == pytest.approx(cost)
    assert outcome.kpis.delivered_orders == 1
    assert outcome.kpis.unserved_orders == 0
    assert outcome.violations == ()
    assert hubflow.check_plan(scn, plan, outcome.kpis.to_dict()) == []


def test_load_scenario_reads_what_was_planned(tmp_path):
    from hubflow.export import write_plan_folder

    outcome = hubflow.plan_scenario(
        cases.consolidation(), hubflow.PlanOptions(mip_gap=0.0, dispatch_time=0)
    )
    write_plan_folder(outcome.scenario, outcome.plan, outcome.kpis, tmp_path)
    again = hubflow.load_scenario(tmp_path / "scenario")
    assert hubflow.plan_scenario(
        again, hubflow.PlanOptions(mip_gap=0.0, dispatch_time=0)
    ).plan.objective == pytest.approx(6400)


def test_bad_options_raise_the_public_error():
    with pytest.raises(hubflow.ScenarioError):
        hubflow.PlanOptions(time_limit=-1)
    assert issubclass(hubflow.ScenarioError, hubflow.HubflowError)
