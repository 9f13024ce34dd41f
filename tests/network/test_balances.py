"""Vehicles that must come back, on hand-made cases solved by each design solver and checked."""

from __future__ import annotations

import dataclasses

import pytest

from hubflow.check import check_plan
from hubflow.kpi import compute_kpis
from hubflow.planning import make_plan
from tests import cases_balances

METHODS = ["mip", "colgen"]


def _solve(scn, method):
    plan = make_plan(scn, time_limit=10, mip_gap=0, method=method)
    kpis = compute_kpis(scn, plan)
    assert check_plan(scn, plan, kpis.to_dict()) == []
    return plan, kpis


def _boxes(plan, service):
    return sum(r.vehicles for r in plan.departures if r.service == service)


@pytest.mark.parametrize("method", METHODS)
def test_a_box_sent_out_comes_back_empty(method):
    plan, kpis = _solve(cases_balances.boxes(), method)
    assert plan.objective == pytest.approx(1615.0)
    assert plan.lower_bound == pytest.approx(1615.0)
    assert (_boxes(plan, "OUT"), _boxes(plan, "BACK")) == (1, 1)
    [back] = [r for r in plan.departures if r.service == "BACK"]
    assert back.load_t == 0.0
    assert kpis.empty_vehicle_km == pytest.approx(100.0)
    assert kpis.empty_co2e_t == pytest.approx(0.15)
    assert kpis.co2e_t == pytest.approx(0.15)
    assert kpis.balances == {
        "boxes": {
            "vehicles_out": 1.0,
            "vehicles_back_loaded": 0.0,
            "vehicles_back_empty": 1.0,
            "slack": 0.0,
            "empty_vehicle_km": pytest.approx(100.0),
            "empty_co2e_t": pytest.approx(0.15),
            "repositioning_cost": pytest.approx(615.0),
        }
    }


@pytest.mark.parametrize("method", METHODS)
def test_two_boxes_out_two_back(method):
    plan, _ = _solve(cases_balances.boxes(50), method)
    assert plan.objective == pytest.approx(3230.0)
    assert (_boxes(plan, "OUT"), _boxes(plan, "BACK")) == (2, 2)


@pytest.mark.parametrize("method", METHODS)
def test_a_backhaul_rides_the_box_that_comes_back(method):
    plan, kpis = _solve(cases_balances.boxes(backhaul_t=15), method)
    assert plan.objective == pytest.approx(1622.5)
    assert (_boxes(plan, "OUT"), _boxes(plan, "BACK")) == (1, 1)
    figures = kpis.balances["boxes"]
    assert (figures["vehicles_back_loaded"], figures["vehicles_back_empty"]) == (1.0, 0.0)
    assert kpis.empty_vehicle_km == pytest.approx(50.0)
    assert figures["repositioning_cost"] == pytest.approx(7.5)
    apart = _solve(cases_balances.boxes(), method)[0].objective
    alone = _solve(cases_balances.boxes(0, 15), method)[0].objective
    assert (apart, alone) == (pytest.approx(1615.0), pytest.approx(622.5))
    assert apart + alone - plan.objective == pytest.approx(615.0)


@pytest.mark.parametrize("method", METHODS)
def test_without_a_balance_or_with_slack_no_box_comes_back(method):
    for scn in (cases_balances.boxes(balanced=False), cases_balances.boxes(slack=1)):
        plan, kpis = _solve(scn, method)
        assert plan.objective == pytest.approx(1000.0)
        assert _boxes(plan, "BACK") == 0
        assert kpis.empty_vehicle_km == 0.0


def test_the_checker_flags_a_plan_whose_boxes_do_not_come_back():
    plan = make_plan(cases_balances.boxes(balanced=False), time_limit=10, mip_gap=0)
    scn = cases_balances.boxes()
    assert check_plan(scn, plan) == [
        "balance boxes: 1 vehicles out but 0 back (slack 0): 1 must still come back"
    ]


def test_the_checker_recomputes_the_empty_running_a_plan_claims():
    scn = cases_balances.boxes()
    plan = make_plan(scn, time_limit=10, mip_gap=0)
    claims = compute_kpis(scn, plan).to_dict()
    claims["empty_vehicle_km"] = 0.0
    claims["balances"]["boxes"]["vehicles_back_empty"] = 0.0
    found = "\n".join(check_plan(scn, plan, claims))
    assert "empty_vehicle_km: the plan claims 0.0, recomputed 100" in found
    assert "balances.boxes.vehicles_back_empty: the plan claims 0.0, recomputed 1" in found


def test_the_checker_flags_an_empty_run_off_the_timetable():
    scn = cases_balances.boxes()
    plan = make_plan(scn, time_limit=10, mip_gap=0)
    moved = tuple(
        dataclasses.replace(r, departure=r.departure + 60) if r.service == "BACK" else r
        for r in plan.departures
    )
    found = check_plan(scn, dataclasses.replace(plan, departures=moved))
    assert any("runs empty but the service has no departure then" in f for f in found)


@pytest.mark.parametrize(("mode", "share"), [("road", 0.6), ("rail", 0.5)])
def test_empty_running_defaults_to_a_share_of_a_full_vehicle(mode, share):
    scn = cases_balances.boxes()
    back = dataclasses.replace(scn.services[1], mode=mode)
    scn = dataclasses.replace(
        scn,
        services=(scn.services[0], back),
        balances=(dataclasses.replace(scn.balances[0], empty_co2e_kg_per_km=None),),
    )
    plan, kpis = _solve(scn, "mip")
    # 30 t × 100 g per t-km = 3 kg per full box-km; the box runs 100 km empty
    assert kpis.empty_co2e_t == pytest.approx(share * 3 * 100 / 1000)
    assert plan.objective == pytest.approx(1600 + 100 * share * 3 * 100 / 1000)


def test_the_checker_flags_an_empty_run_that_is_not_what_its_service_runs():
    scn = cases_balances.boxes()
    plan = make_plan(scn, time_limit=10, mip_gap=0)
    moved = tuple(
        dataclasses.replace(r, vehicles=9, capacity_t=9 * 30.0, origin="A")
        if r.service == "BACK"
        else r
        for r in plan.departures
    )
    found = check_plan(scn, dataclasses.replace(plan, departures=moved))
    assert any("9 vehicles > 5 allowed" in f for f in found)
    assert any("listed mode or route differs" in f for f in found)
