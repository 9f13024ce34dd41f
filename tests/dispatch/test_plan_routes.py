"""Own-fleet truck routes for a plan's local road legs, and their independent check."""

from __future__ import annotations

import dataclasses

import pytest

from hubflow.check import check_plan
from hubflow.distances import great_circle_km, road_km
from hubflow.kpi import compute_kpis
from hubflow.model import TruckGroup
from hubflow.planning import make_plan
from tests import cases


def _scenario(trucks: int, capacity: float = 32.0):
    """Hub H delivers 10 t to each of C1 and C2 (a few km apart, 20-30 km from H) by road.

    Carrier tariff 3 CNY/t-km (a small-lot rate) against an own truck at 3 CNY/km and 50 CNY/h:
    one truck visiting both customers is much cheaper than two carrier loads.
    """
    sites = [
        cases.site("H", hub=True, lat=34.70, lon=113.70),
        cases.site("C1", lat=34.90, lon=113.75),
        cases.site("C2", lat=34.92, lon=113.80),
    ]
    services = [
        cases.service(
            f"H-{c}",
            "road",
            "H",
            c,
            fixed_cost=0.0,
            cost_per_tkm=3.0,
            distance_km=None,
            transit_minutes=2 * cases.H,
            max_vehicles=5,
        )
        for c in ("C1", "C2")
    ]
    orders = [cases.order("o1", "H", "C1", 10, 6, 30), cases.order("o2", "H", "C2", 10, 6, 30)]
    scn = cases.scenario(sites, services, orders)
    fleet = (
        TruckGroup(
            id="F",
            depot="H",
            count=trucks,
            capacity_t=capacity,
            cost_per_km=3.0,
            cost_per_hour=50.0,
            shift_hours=10,
            speed_kmh=60,
        ),
    )
    return dataclasses.replace(scn, fleet=fleet)


def test_one_truck_serves_both_customers_and_saves_on_the_tariff():
    scn = _scenario(trucks=1)
    plan = make_plan(scn, time_limit=10, dispatch_time=1)
    kpis = compute_kpis(scn, plan)
    assert check_plan(scn, plan, kpis.to_dict()) == []
    [route] = plan.routes
    assert sorted(s.site for s in route.stops) == ["C1", "C2"]
    assert sum(s.tonnes for s in route.stops) == pytest.approx(20.0)
    assert plan.unrouted == ()
    # the carrier tariff replaced, by hand: 3 per t-km × 10 t × great circle × 1.30, each customer
    km = sum(great_circle_km(scn.site("H"), scn.site(c)) * 1.30 for c in ("C1", "C2"))
    assert kpis.carrier_cost_replaced == pytest.approx(3.0 * 10 * km)
    tour = road_km(scn, "H", "C1") + road_km(scn, "C1", "C2") + road_km(scn, "C2", "H")
    assert route.distance_km == pytest.approx(tour)  # one tour, either way round
    assert kpis.own_fleet_cost == pytest.approx(route.cost) and route.cost >= 3.0 * tour
    assert kpis.fleet_saving == pytest.approx(3.0 * 10 * km - route.cost) and kpis.fleet_saving > 0
    assert kpis.total_cost_with_fleet == pytest.approx(kpis.total_cost - 3.0 * 10 * km + route.cost)


def test_without_trucks_the_loads_stay_with_carriers():
    scn = _scenario(trucks=0)
    plan = make_plan(scn, time_limit=10, dispatch_time=1)
    assert plan.routes == ()
    assert check_plan(scn, plan, compute_kpis(scn, plan).to_dict()) == []


def test_checker_rejects_a_route_that_breaks_the_fleet():
    scn = _scenario(trucks=1)
    plan = make_plan(scn, time_limit=10, dispatch_time=1)
    smaller = dataclasses.replace(scn, fleet=(dataclasses.replace(scn.fleet[0], capacity_t=15.0),))
    assert any("t >" in v for v in check_plan(smaller, plan))
    [route] = plan.routes
    late = dataclasses.replace(
        route, stops=tuple(dataclasses.replace(s, arrival=s.arrival + 7) for s in route.stops)
    )
    tampered = dataclasses.replace(plan, routes=(late,))
    assert any("claims arrival" in v for v in check_plan(scn, tampered))
    dropped = dataclasses.replace(plan, routes=())
    assert any("account for" in v for v in check_plan(scn, dropped))


def test_report_shows_the_truck_routes_on_the_map_and_in_a_table():
    from hubflow.report import render_report

    scn = _scenario(trucks=1)
    plan = make_plan(scn, time_limit=10, dispatch_time=1)
    page = render_report(scn, plan, compute_kpis(scn, plan))
    assert page.count('class="truck"') == 1
    assert "Own-fleet truck routes" in page and "C1 (deliver 10.0 t)" in page
