"""Own-fleet truck routes for a plan's local road legs, and their independent check."""

from __future__ import annotations

import dataclasses

import pytest

from hubflow.check import check_plan
from hubflow.deadline import Deadline, ProgressEvent
from hubflow.distances import great_circle_km, road_km
from hubflow.errors import ScenarioError
from hubflow.kpi import compute_kpis
from hubflow.model import Itinerary, Leg, Plan, PlanStatus, TruckGroup
from hubflow.planning import make_plan
from hubflow.trucking import dispatch_plan
from tests import cases


def _scenario(trucks: int, capacity: float = 32.0, c2: tuple[float, float] = (34.92, 113.80)):
    """Hub H delivers 10 t to each of C1 and C2 (a few km apart, 20-30 km from H) by road.

    Carrier tariff 3 CNY/t-km (a small-lot rate) against an own truck at 3 CNY/km and 50 CNY/h:
    one truck visiting both customers is much cheaper than two carrier loads.
    """
    sites = [
        cases.site("H", hub=True, lat=34.70, lon=113.70),
        cases.site("C1", lat=34.90, lon=113.75),
        cases.site("C2", lat=c2[0], lon=c2[1]),
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


def test_waves_report_progress_and_share_the_deadline():
    scn = _scenario(trucks=1)
    plan = make_plan(scn, time_limit=10, dispatch_time=0)
    events: list[ProgressEvent] = []
    routed = dispatch_plan(
        scn, plan, deadline=Deadline.after(1), backend="pyvrp", progress=events.append
    )
    assert [(e.stage, e.detail, e.solver) for e in events] == [("dispatch", "wave 1/1", "pyvrp")]
    assert len(routed.routes) == 1
    assert check_plan(scn, routed) == []


def test_a_road_service_between_co_located_sites_needs_its_distance():
    """C2 sits on the hub's coordinates and its road service states no distance: the scenario
    is refused at input, so no 0-km trip can ever be planned to it."""
    with pytest.raises(ScenarioError, match="share the coordinate"):
        _scenario(trucks=1, c2=(34.70, 113.70))


def test_two_co_located_customers_are_not_routed_zero_km_apart():
    """C1 and C2 share coordinates: C1 (first by name) is routed, C2's load goes by carrier."""
    scn = _scenario(trucks=1, c2=(34.90, 113.75))
    plan = make_plan(scn, time_limit=10, dispatch_time=1)
    assert check_plan(scn, plan, compute_kpis(scn, plan).to_dict()) == []
    assert [s.site for r in plan.routes for s in r.stops] == ["C1"]
    [left] = plan.unrouted
    assert (left.order, left.tonnes) == ("o2", pytest.approx(10.0))
    assert left.reason == "no road distance between co-located sites C1 and C2"


def _leg(service: str, site: str, departure_h: float, arrival_h: float) -> Leg:
    return Leg(
        service=service,
        mode="road",
        origin="H",
        destination=site,
        departure=round(departure_h * cases.H),
        arrival=round(arrival_h * cases.H),
        tonnes=10.0,
    )


def test_one_truck_serves_a_late_evening_wave_and_the_next_morning_within_its_count():
    """One truck. o1 leaves H at 22:00 on day 0 for C1 (about 30 min away), due 02:00 on day 1;
    o2 leaves at 06:00 on day 1 for C2. The shortest duty for o1 could start after midnight,
    but starting at 23:59 costs nothing more: each day starts one route, within the fleet."""
    scn = _scenario(trucks=1)
    legs = (_leg("H-C1", "C1", 22, 26), _leg("H-C2", "C2", 30, 34))
    plan = Plan(
        scenario="case",
        itineraries=tuple(
            Itinerary(order=o, tonnes=10.0, legs=(leg,), delivered=leg.arrival)
            for o, leg in zip(("o1", "o2"), legs, strict=True)
        ),
        departures=(),
        status=PlanStatus.OPTIMAL,
        solver="by hand",
    )
    routed = dispatch_plan(scn, plan, deadline=Deadline.after(1), backend="pyvrp")
    assert sorted(r.start // 1440 for r in routed.routes) == [0, 1]
    assert routed.unrouted == ()
    assert [v for v in check_plan(scn, routed) if "trucks on day" in v] == []
