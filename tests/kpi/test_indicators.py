"""KPIs of hand-built plans whose every figure is derived by hand (tests/cases.py docstrings)."""

from __future__ import annotations

import dataclasses

import pytest

from hubflow.check import check_plan
from hubflow.kpi import compute_kpis, yard_occupancy
from hubflow.model import Itinerary, Plan, PlanStatus, TruckRoute, TruckStop, Unserved
from hubflow.planning import make_plan
from tests import cases

H = cases.H


def test_one_truck_costs_by_hand():
    scn, plan = cases.one_truck()
    k = compute_kpis(scn, plan)
    assert check_plan(scn, plan, k.to_dict()) == []  # the hand-built plan is a valid one
    assert k.cost["vehicle_fixed"] == pytest.approx(1000.0)
    assert k.cost["per_tonne"] == pytest.approx(160.0)
    assert k.cost["per_tonne_km"] == pytest.approx(2400.0)
    assert k.tonne_km == pytest.approx(8000.0) and k.tonne_km_by_mode == {"road": 8000.0}
    assert k.co2e_t == pytest.approx(0.76)
    assert k.cost["carbon"] == pytest.approx(76.0)
    assert k.total_cost == pytest.approx(3636.0)
    for item in ("departure", "handling", "storage", "lateness"):
        assert k.cost[item] == 0.0, item
    assert k.vehicles_by_mode == {"road": 1}
    assert k.load_factor_by_mode == {"road": 1.0} and k.load_factor_by_service == {"A-C": 1.0}
    assert (k.orders, k.delivered_orders, k.on_time_orders, k.on_time_pct) == (2, 2, 2, 100.0)
    assert (k.tonnes, k.tonnes_delivered, k.unserved_orders) == (32, 32, 0)


def _own_truck(cost: float) -> tuple:
    """The one-truck plan with both orders on an own truck's route costing ``cost``."""
    scn, plan = cases.one_truck()
    stops = tuple(
        TruckStop(
            site="C",
            order=o,
            service="A-C",
            departure=0,
            action="deliver",
            tonnes=t,
            arrival=5 * H,
        )
        for o, t in (("o1", 20.0), ("o2", 12.0))
    )
    route = TruckRoute(
        fleet="F", depot="A", start=0, end=10 * H, stops=stops, distance_km=500.0, cost=cost
    )
    return scn, dataclasses.replace(plan, dispatched=True, routes=(route,))


def test_own_fleet_figures_by_hand():
    """The route replaces the carrier's per tonne and per t-km tariff, (5 + 0.30 x 250) x 32 t
    = 2,560 (not the 1,000 per vehicle, which stays in total_cost); at 2,000 it saves 560."""
    scn, plan = _own_truck(2000.0)
    k = compute_kpis(scn, plan)
    assert (k.truck_routes, k.truck_km) == (1, 500.0)
    assert k.carrier_cost_replaced == pytest.approx(2560.0)
    assert k.own_fleet_cost == 2000.0 and k.fleet_saving == pytest.approx(560.0)
    assert k.total_cost == pytest.approx(3636.0)
    assert k.total_cost_with_fleet == pytest.approx(3076.0)


def test_a_losing_route_is_counted_as_a_loss():
    """At 3,000 the route loses 440: the KPIs say so, they do not hide it."""
    scn, plan = _own_truck(3000.0)
    k = compute_kpis(scn, plan)
    assert k.fleet_saving == pytest.approx(-440.0)
    assert k.total_cost_with_fleet == pytest.approx(4076.0)


def test_the_solver_finds_the_one_truck_plan():
    scn, _ = cases.one_truck()
    plan = make_plan(scn, time_limit=10, mip_gap=0)
    k = compute_kpis(scn, plan)
    assert k.total_cost == pytest.approx(3636.0)
    assert plan.objective == pytest.approx(3636.0)  # the carbon price is in the objective
    assert k.vehicles_by_mode == {"road": 1}


def test_through_a_hub_by_hand():
    scn, plan = cases.via_hub()
    k = compute_kpis(scn, plan)
    assert check_plan(scn, plan, k.to_dict()) == []
    assert k.cost["vehicle_fixed"] == pytest.approx(5500.0)
    assert k.cost["per_tonne_km"] == pytest.approx(1200.0)
    assert k.cost["handling"] == pytest.approx(200.0)
    assert k.cost["storage"] == pytest.approx(7.0)
    assert k.cost["lateness"] == pytest.approx(2000.0)
    assert k.total_cost == pytest.approx(8907.0)
    assert k.tonne_km_by_mode == pytest.approx({"road": 2000.0, "rail": 12000.0})
    assert k.co2e_t_by_mode == pytest.approx({"road": 0.19, "rail": 0.18, "handling": 0.02})
    assert k.co2e_t == pytest.approx(0.39)
    assert k.load_factor_by_mode == pytest.approx({"road": 20 / 30, "rail": 20 / 1000})
    assert (k.on_time_orders, k.on_time_pct) == (0, 0.0)  # delivered, 2 h late


def test_yard_occupancy_through_a_hub_by_hand():
    # 7 m² at H in the hourly steps 02:00 .. 11:00, nothing before or after; series over the
    # 3-day horizon (72 hourly steps)
    scn, plan = cases.via_hub()
    assert yard_occupancy(scn, plan) == {"H": [0.0] * 2 + [7.0] * 10 + [0.0] * 60}
    k = compute_kpis(scn, plan)
    assert k.peak_yard_m2 == pytest.approx(7.0) and k.yard_peak_m2 == {"H": pytest.approx(7.0)}
    assert k.yard_avg_m2["H"] == pytest.approx(70.0 / 72)


def test_every_unserved_tonne_is_priced_and_partly_delivered_orders_counted_apart():
    """o1 is delivered but 12 t short (CAPACITY): priced and not on time. o2 had no path: not
    priced. Penalty 12 t × 100,000 (the default) = 1.2 million, outside the total cost."""
    scn = cases.scenario(
        [cases.site("A"), cases.site("C")],
        [cases.service("A-C", "road", "A", "C", capacity_t=32.0, distance_km=250.0)],
        [cases.order("o1", "A", "C", 44, 0, 24), cases.order("o2", "A", "C", 5, 0, 24)],
    )
    plan = Plan(
        scenario="case",
        status=PlanStatus.OPTIMAL,
        solver="by hand",
        itineraries=(
            Itinerary(
                order="o1",
                tonnes=32,
                legs=(cases.leg(scn, "A-C", 0, 32),),
                delivered=4 * H,
            ),
        ),
        departures=(cases.departure_run(scn, "A-C", 0, 32),),
        unserved=(
            Unserved(order="o1", tonnes=12, reason="CAPACITY", detail="A-C full"),
            Unserved(order="o2", tonnes=5, reason="NO_PATH_BEFORE_DUE", detail="too soon"),
        ),
    )
    k = compute_kpis(scn, plan)
    # every unserved tonne is priced in the objective, whatever the reason (the bound includes
    # the no-path tonnes too, so both state one quantity)
    assert k.unserved_penalty == pytest.approx((12 + 5) * 100_000.0)
    assert k.objective == pytest.approx(k.total_cost + k.unserved_penalty)
    assert k.total_cost == 0.0  # the service has no tariff: the penalty is not a cost
    assert (k.delivered_orders, k.partly_delivered_orders, k.unserved_orders) == (0, 1, 1)
    assert k.on_time_orders == 0
    assert (k.tonnes, k.tonnes_delivered) == (49, 32)
