"""The service rules on hand-made cases, solved by each design solver and checked."""

from __future__ import annotations

from datetime import date

import pytest

from hubflow.check import check_plan
from hubflow.kpi import compute_kpis
from hubflow.network import build_network
from hubflow.network.grid import service_runs
from hubflow.planning import make_plan
from tests import cases_rules

METHODS = ["mip", "colgen"]


def _solve(scn, method):
    plan = make_plan(scn, time_limit=10, mip_gap=0, method=method)
    assert check_plan(scn, plan, compute_kpis(scn, plan).to_dict()) == []
    return plan


def _rides(plan):
    return {it.order: {leg.service for leg in it.legs} for it in plan.itineraries}


@pytest.mark.parametrize("method", METHODS)
def test_any_service_carries_any_commodity_by_default(method):
    plan = _solve(cases_rules.tanker_only(()), method)
    assert plan.objective == pytest.approx(2000.0)
    assert _rides(plan) == {"soda": {"tank"}, "ingot": {"tank"}}


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("named", ["caustic", "liquid"], ids=["commodity", "group"])
def test_a_tanker_only_train_leaves_the_ingot_to_a_truck(method, named):
    plan = _solve(cases_rules.tanker_only((named,)), method)
    assert plan.objective == pytest.approx(5200.0)
    assert _rides(plan) == {"soda": {"tank"}, "ingot": {"road"}}


def test_a_leg_of_a_commodity_the_service_may_not_carry_is_caught():
    free = cases_rules.tanker_only(())
    plan = make_plan(free, time_limit=10, mip_gap=0)
    strict = cases_rules.tanker_only(("liquid",))
    found = "\n".join(check_plan(strict, plan))
    assert "order ingot: tank may not carry al_ingot" in found
    assert "order soda" not in found


def _train_hours(plan):
    return sorted(r.departure / 60 for r in plan.departures if r.service == "train")


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    "calendar",
    [{"days_off": (date(2026, 3, 2),)}, {"valid_from": date(2026, 3, 9)}],
    ids=["day off", "valid from"],
)
def test_a_calendar_moves_the_order_to_next_weeks_train(method, calendar):
    plan = _solve(cases_rules.weekly_train(**calendar), method)
    assert plan.objective == pytest.approx(9308.0)
    assert _train_hours(plan) == [7 * 24 + 8]


@pytest.mark.parametrize("method", METHODS)
def test_this_weeks_train_without_a_calendar_and_trucks_without_any_train(method):
    plan = _solve(cases_rules.weekly_train(), method)
    assert (plan.objective, _train_hours(plan)) == (pytest.approx(9014.0), [8])
    plan = _solve(cases_rules.weekly_train((date(2026, 3, 2), date(2026, 3, 9))), method)
    assert plan.objective == pytest.approx(12000.0)
    assert {r.service for r in plan.departures} == {"road"}


def test_a_departure_on_a_day_off_is_caught():
    plan = make_plan(cases_rules.weekly_train(), time_limit=10, mip_gap=0)
    off = cases_rules.weekly_train(valid_until=date(2026, 3, 8), valid_from=date(2026, 3, 3))
    assert check_plan(off, plan) == ["order o1: train has no departure at minute 480"]


def _tonnes_by_service(plan):
    out: dict[str, float] = {}
    for r in plan.departures:
        out[r.service] = out.get(r.service, 0.0) + r.load_t
    return out


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    ("period", "due_h", "cost", "x2_t"),
    [
        (None, 24, 9000.0, 0.0),
        ("day", 24, 10000.0, 30.0),
        ("day", 48, 9000.0, 0.0),
        ("week", 48, 10000.0, 30.0),
    ],
)
def test_a_border_quota_forces_the_second_best_crossing(method, period, due_h, cost, x2_t):
    scn = cases_rules.border_quota(period, due_h)
    plan = _solve(scn, method)
    assert plan.objective == pytest.approx(cost)
    assert _tonnes_by_service(plan).get("via_x2", 0.0) == pytest.approx(x2_t)
    if period is not None:
        assert compute_kpis(scn, plan).pool_peak_t == {"x1": pytest.approx(60.0)}


def test_a_pool_over_its_limit_is_caught():
    plan = make_plan(cases_rules.border_quota(None), time_limit=10, mip_gap=0)
    quota = cases_rules.border_quota("day")
    assert check_plan(quota, plan) == ["pool x1: 90.00 t in day 1 exceed its limit of 60 t"]
    claims = compute_kpis(quota, plan).to_dict() | {"pool_peak_t": {"x1": 60.0}}
    assert "pool_peak_t.x1: the plan claims 60.0, recomputed 90" in "\n".join(
        check_plan(quota, plan, claims)
    )


def _services_of_demands(net):
    """Per demand (its first order), the services whose departures it may use."""
    out = {}
    for d, orders in zip(net.problem.demands, net.demand_orders, strict=True):
        runs = net.arc_run[d.arcs]
        out[orders[0].id] = {net.runs[r].service.id for r in runs[runs >= 0]}
    return out


def test_an_orders_network_leaves_out_services_that_may_not_carry_it():
    assert _services_of_demands(build_network(cases_rules.tanker_only(()))) == {
        "soda": {"road", "tank"},
        "ingot": {"road", "tank"},
    }
    assert _services_of_demands(build_network(cases_rules.tanker_only(("liquid",)))) == {
        "soda": {"road", "tank"},
        "ingot": {"road"},
    }


def test_the_grid_keeps_only_the_departures_the_calendar_allows():
    def train_hours(scn):
        [run] = [r for r in service_runs(scn) if r.service.id == "train"]
        return [t // 60 for t in run.minutes]

    assert train_hours(cases_rules.weekly_train()) == [8, 176]
    assert train_hours(cases_rules.weekly_train((date(2026, 3, 2),))) == [176]
    assert train_hours(cases_rules.weekly_train(valid_until=date(2026, 3, 8))) == [8]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    ("min_load", "tonnes", "cost", "modes"),
    [
        (0, 150, 2000.0, {"waterway"}),
        (1000, 150, 15000.0, {"road"}),
        (1000, 1200, 2000.0, {"waterway"}),
    ],
)
def test_a_minimum_load_cancels_a_departure(method, min_load, tonnes, cost, modes):
    plan = _solve(cases_rules.barge(min_load, tonnes), method)
    assert plan.objective == pytest.approx(cost)
    assert {r.mode for r in plan.departures} == modes


def test_a_departure_below_its_minimum_load_is_caught():
    plan = make_plan(cases_rules.barge(0), time_limit=10, mip_gap=0)
    found = check_plan(cases_rules.barge(1000), plan)
    assert found == [
        "barge at 480: 150.00 t on 1 vehicles, below the minimum load of 1000 t per vehicle"
    ]
