"""Payload per commodity and orders that must not be split, solved by each design solver."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hubflow.check import check_plan
from hubflow.kpi import compute_kpis
from hubflow.network import build_network
from hubflow.planning import PlanOptions, make_plan, plan_scenario
from tests import cases_loads
from tests.strategies import Tally, scenarios_with_loads

METHODS = ["mip", "colgen"]


def _solve(scn, method):
    plan = make_plan(scn, time_limit=10, mip_gap=0, method=method)
    assert check_plan(scn, plan, compute_kpis(scn, plan).to_dict()) == []
    return plan


def _boxes(plan) -> int:
    return sum(r.vehicles for r in plan.departures)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    ("payload_t", "boxes"),
    [
        ((), 1),
        ((("scrap", 18.0),), 2),
        ((("recycled", 18.0),), 2),
        ((("scrap", 18.0), ("al_ingot", 30.0)), 1),
    ],
    ids=["rated", "scrap", "group", "scrap and ingot"],
)
def test_a_payload_of_scrap_bales_forces_a_second_box(method, payload_t, boxes):
    plan = _solve(cases_loads.mixed_box(payload_t), method)
    assert (_boxes(plan), plan.objective) == (boxes, pytest.approx(1000.0 * boxes))


def test_a_box_over_its_payload_is_caught():
    plan = make_plan(cases_loads.mixed_box(()), time_limit=10, mip_gap=0)
    [run] = plan.departures
    assert run.vehicles == 1
    found = check_plan(cases_loads.mixed_box((("scrap", 18.0),)), plan)
    assert found == [
        f"box at {run.departure}: its commodities' payloads fill 1.100 vehicles, more than the 1 run"
    ]


def test_payloads_weigh_each_demands_flow_on_the_box_only():
    net = build_network(cases_loads.mixed_box((("scrap", 18.0),)))
    sizes = {o[0].id: d.size for d, o in zip(net.problem.demands, net.demand_orders, strict=True)}
    assert sizes["ingot"] is None
    bales = sizes["bales"]
    assert bales is not None
    assert set(bales.round(6)) == {1.0, round(25 / 18, 6)}  # box departures; holding and sink


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    ("no_split", "cost", "rides"),
    [(False, 5000.0, {"train", "road"}), (True, 7000.0, {"barge"})],
    ids=["split", "whole"],
)
def test_an_order_that_must_not_be_split_takes_the_costlier_single_route(
    method, no_split, cost, rides
):
    plan = _solve(cases_loads.split_or_whole(no_split), method)
    assert plan.objective == pytest.approx(cost)
    [it] = plan.itineraries
    assert {leg.service for leg in it.legs} == rides
    assert plan.lower_bound <= plan.objective + 1e-6


def test_a_split_order_that_must_not_be_split_is_caught():
    plan = make_plan(cases_loads.split_or_whole(False), time_limit=10, mip_gap=0)
    found = check_plan(cases_loads.split_or_whole(True), plan)
    assert found == ["order o1 must not be split: legs carry 30.00, 60.00 t of its 90.00 t"]


def test_an_order_that_must_not_be_split_is_a_demand_of_its_own():
    scn = dataclasses.replace(
        cases_loads.split_or_whole(False), orders=tuple(cases_loads.twin_orders())
    )
    net = build_network(scn)
    whole = {
        o[0].id: (len(o), d.unsplittable)
        for d, o in zip(net.problem.demands, net.demand_orders, strict=True)
    }
    assert whole == {"free": (1, False), "whole": (1, True)}


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    ("unit", "limit", "cost", "vans"),
    [(None, 0, 2000.0, 0), ("t", 25, 2000.0, 0), ("vehicles", 1, 2500.0, 1)],
    ids=["no quota", "tonnes", "vehicles"],
)
def test_a_quota_of_boxes_sends_what_does_not_fit_by_van(method, unit, limit, cost, vans):
    scn = cases_loads.gate_quota(unit, limit)
    plan = _solve(scn, method)
    assert plan.objective == pytest.approx(cost)
    assert sum(r.vehicles for r in plan.departures if r.service == "van") == vans
    if unit == "vehicles":
        assert compute_kpis(scn, plan).pool_peak_vehicles == {"gate": 1.0}


def test_a_pool_over_its_vehicles_is_caught():
    plan = make_plan(cases_loads.gate_quota(None), time_limit=10, mip_gap=0)
    quota = cases_loads.gate_quota("vehicles", 1)
    assert check_plan(quota, plan) == [
        "pool gate: 2 vehicles in day 1 exceed its limit of 1 vehicles"
    ]
    claims = compute_kpis(quota, plan).to_dict() | {"pool_peak_vehicles": {"gate": 1.0}}
    assert "pool_peak_vehicles.gate: the plan claims 1.0, recomputed 2" in "\n".join(
        check_plan(quota, plan, claims)
    )


def test_no_split_for_every_order_is_a_scenario_parameter():
    """``--set no_split=true`` keeps every order whole: the barge again, and the checker holds
    the plan to it."""
    scn = cases_loads.split_or_whole(False)
    out = plan_scenario(scn, PlanOptions(time_limit=10, mip_gap=0, overrides=("no_split=true",)))
    assert out.ok and out.scenario.parameters.no_split
    assert out.plan.objective == pytest.approx(7000.0)
    split = make_plan(scn, time_limit=10, mip_gap=0)
    assert check_plan(out.scenario, split) == [
        "order o1 must not be split: legs carry 30.00, 60.00 t of its 90.00 t"
    ]


loaded = Tally()


@loaded.at_least(12)
@settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(scn=scenarios_with_loads(), method=st.sampled_from(METHODS))
def test_every_plan_with_payloads_and_whole_orders_passes_the_checker(scn, method):
    plan = make_plan(scn, time_limit=10, mip_gap=1e-6, method=method)
    assert check_plan(scn, plan, compute_kpis(scn, plan).to_dict()) == []
    assert plan.lower_bound <= plan.objective + 1e-6 * max(1.0, plan.objective)
    whole = {o.id for o in scn.orders if o.no_split or scn.parameters.no_split}
    if any(it.order in whole for it in plan.itineraries):
        loaded()


@pytest.mark.parametrize("method", METHODS)
def test_an_order_too_big_for_one_itinerary_is_unserved_whole_and_says_why(method):
    """Without the barge and the trucks, the train's 60 t are no room for 90 t that must not
    be split: the order is unserved as a whole (split, 60 t would ride)."""
    scn = cases_loads.split_or_whole(True)
    scn = dataclasses.replace(scn, services=tuple(s for s in scn.services if s.id == "train"))
    plan = _solve(scn, method)
    assert plan.departures == ()
    [short] = plan.unserved
    assert (short.order, short.tonnes, short.reason) == ("o1", 90.0, "CAPACITY")
    assert "it must not be split, and no one itinerary has room for all of it" in short.detail
