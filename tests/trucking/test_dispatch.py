"""Own-fleet truck routes for a plan's local road legs, and their independent check."""

from __future__ import annotations

import dataclasses
import itertools
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hubflow.check import check_plan
from hubflow.check.routes_check import check_routes_of_plan
from hubflow.deadline import Deadline, ProgressEvent
from hubflow.distances import great_circle_km, road_km
from hubflow.errors import ScenarioError
from hubflow.kpi import compute_kpis
from hubflow.model import Itinerary, Leg, Plan, PlanStatus, TruckGroup
from hubflow.planning import make_plan
from hubflow.trucking import dispatch_plan
from hubflow.trucking.dispatch import wave_iterations
from hubflow.trucking.waves import local_jobs
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


def test_every_wave_gets_the_same_iterations_a_quarter_of_the_reference_core():
    """8e-6 s per stop and iteration: 1,000 stops and 4 s fill 500 iterations, a quarter is 125;
    the count is clamped to [25, 20,000]."""
    assert wave_iterations(1000, 4.0) == 125
    assert wave_iterations(100_000, 0.1) == 25
    assert wave_iterations(1, 1000.0) == 20_000


def test_routing_on_iterations_is_counted_and_never_cut_by_a_generous_deadline():
    scn = _scenario(trucks=1)
    plan = make_plan(scn, time_limit=10, dispatch_time=0)
    routed = dispatch_plan(scn, plan, deadline=Deadline.after(60), backend="pyvrp", seconds=1)
    assert routed.stats["dispatch_waves"] == 1
    assert routed.stats["dispatch_iterations"] == wave_iterations(2, 1)
    assert routed.stats["dispatch_waves_at_time_limit"] == 0


def test_routing_on_the_clock_is_reported_as_at_the_time_limit():
    """Without ``seconds`` the search stops on the deadline, so every wave depends on it."""
    scn = _scenario(trucks=1)
    plan = make_plan(scn, time_limit=10, dispatch_time=0)
    routed = dispatch_plan(scn, plan, deadline=Deadline.after(0.2), backend="pyvrp")
    assert routed.stats["dispatch_waves_at_time_limit"] == 1
    assert routed.stats["dispatch_iterations"] == 0


def test_a_road_service_between_co_located_sites_needs_its_distance():
    """C2 sits on the hub's coordinates and its road service states no distance: the scenario
    is refused at input, so no 0-km trip can ever be planned to it."""
    with pytest.raises(ScenarioError, match="share the coordinate"):
        _scenario(trucks=1, c2=(34.70, 113.70))


def test_two_co_located_customers_are_both_routed_but_never_zero_km_apart():
    """C1 and C2 share coordinates and no road distance is stated between them: both loads are
    routed, the truck never drives straight from one to the other (it goes through the depot)."""
    scn = _scenario(trucks=1, c2=(34.90, 113.75))
    plan = make_plan(scn, time_limit=10, dispatch_time=1)
    assert check_plan(scn, plan, compute_kpis(scn, plan).to_dict()) == []
    assert plan.unrouted == ()
    sites = [[scn.fleet[0].depot, *(s.site for s in r.stops)] for r in plan.routes]
    assert sorted(x for seq in sites for x in seq if x != "H") == ["C1", "C2"]
    for seq in sites:
        assert {"C1", "C2"} not in [set(p) for p in itertools.pairwise(seq)]


def test_checker_flags_a_direct_drive_between_co_located_sites():
    scn = _scenario(trucks=1, c2=(34.90, 113.75))
    plan = make_plan(scn, time_limit=10, dispatch_time=1)
    stops = [s for r in plan.routes for s in r.stops if s.action != "reload"]
    [route, *_] = plan.routes
    hop = dataclasses.replace(route, stops=tuple(stops))
    tampered = dataclasses.replace(plan, routes=(hop,))
    assert any("co-located with no road distance" in v for v in check_plan(scn, tampered))


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
    plan = _plan_by_hand(_leg("H-C1", "C1", 22, 26), _leg("H-C2", "C2", 30, 34))
    routed = dispatch_plan(scn, plan, deadline=Deadline.after(1), backend="pyvrp")
    assert sorted(r.start // 1440 for r in routed.routes) == [0, 1]
    assert routed.unrouted == ()
    assert [v for v in check_plan(scn, routed) if "trucks on day" in v] == []


def _two_day_plan(o2_leaves_h: float, o2_transit_h: float) -> Plan:
    """o1: H to C1 (30 min away), leaving 23:00 on day 0, due 01:00 on day 1: its route runs
    past midnight (out 23:59, back 00:59). o2: H to C2 (30 min away), leaving at the given hour
    (from day 0's start) with the given transit time."""
    return _plan_by_hand(
        _leg("H-C1", "C1", 23, 25), _leg("H-C2", "C2", o2_leaves_h, o2_leaves_h + o2_transit_h)
    )


def _plan_by_hand(*legs: Leg) -> Plan:
    """A plan by hand: order o1 has the first road leg only, o2 the second."""
    return Plan(
        scenario="case",
        itineraries=tuple(
            Itinerary(order=f"o{i}", tonnes=10.0, legs=(leg,), delivered=leg.arrival)
            for i, leg in enumerate(legs, start=1)
        ),
        departures=(),
        status=PlanStatus.OPTIMAL,
        solver="by hand",
    )


def _with_transit(scn, service: str, hours: float):
    services = tuple(
        dataclasses.replace(s, transit_minutes=round(hours * 60)) if s.id == service else s
        for s in scn.services
    )
    return dataclasses.replace(scn, services=services)


def test_a_route_past_midnight_blocks_its_truck_in_the_next_days_wave():
    """One truck, out 23:59-00:59 for o1. o2 must reach C2 (30 min away) between 00:30 and
    01:00 on day 1: the truck, back at 00:59, cannot make it, so o2 goes by carrier."""
    scn = _with_transit(_scenario(trucks=1), "H-C2", 1)
    routed = dispatch_plan(scn, _two_day_plan(24, 1), deadline=Deadline.after(1))
    [route] = routed.routes
    assert [s.order for s in route.stops] == ["o1"] and route.end > 1440
    assert [u.order for u in routed.unrouted] == ["o2"]
    assert check_routes_of_plan(scn, routed) == []


def test_the_truck_back_after_midnight_serves_a_later_window_of_the_next_day():
    """As above, but o2 may arrive until 02:00: the truck leaves again after it is back."""
    scn = _scenario(trucks=1)
    routed = dispatch_plan(scn, _two_day_plan(24, 2), deadline=Deadline.after(1))
    first, second = sorted(routed.routes, key=lambda r: r.start)
    assert [s.order for s in second.stops] == ["o2"]
    assert second.start >= first.end > 1440
    assert routed.unrouted == ()
    assert check_routes_of_plan(scn, routed) == []


def test_checker_flags_routes_of_one_truck_that_overlap():
    scn = _scenario(trucks=1)
    routed = dispatch_plan(scn, _two_day_plan(24, 2), deadline=Deadline.after(1))
    first, second = sorted(routed.routes, key=lambda r: r.start)
    shift = first.end - 1 - second.start
    early = dataclasses.replace(
        second,
        start=second.start + shift,
        end=second.end + shift,
        stops=tuple(dataclasses.replace(s, arrival=s.arrival + shift) for s in second.stops),
    )
    tampered = dataclasses.replace(routed, routes=(first, early))
    assert any("2 routes under way" in v for v in check_routes_of_plan(scn, tampered))


def _rush_hour(scn, speeds: str = "7:0.5, 9:1"):
    return dataclasses.replace(
        scn, parameters=dataclasses.replace(scn.parameters, road_speeds=speeds)
    )


def test_in_rush_hour_the_truck_leaves_early_enough_to_be_back_before_it():
    """C1 is 30 min from H at full speed, half speed 07:00-09:00. The goods are ready at 04:00
    and due at C1 by 08:00. Leaving at 07:00 (the latest on time) the truck is back at 09:00
    (2 h); leaving at 06:00 it is back at 07:00 (1 h): the best departure, by hand."""
    scn = _rush_hour(_scenario(trucks=1))
    plan = _plan_by_hand(_leg("H-C1", "C1", 4, 8))
    routed = dispatch_plan(scn, plan, deadline=Deadline.after(1), backend="pyvrp")
    [route] = routed.routes
    assert (route.start, route.stops[0].arrival, route.end) == (360, 390, 420)
    assert check_routes_of_plan(scn, routed) == []
    # Without the rush hour the same route is timed at the latest start, 07:30.
    free = dispatch_plan(_scenario(trucks=1), plan, deadline=Deadline.after(1), backend="pyvrp")
    assert free.routes[0].start == 450


def test_checker_times_drives_in_rush_hour():
    """A route claimed at free-flow times through the rush hour is flagged."""
    scn = _scenario(trucks=1)
    plan = _plan_by_hand(_leg("H-C1", "C1", 4, 8))
    routed = dispatch_plan(scn, plan, deadline=Deadline.after(1), backend="pyvrp")
    [route] = routed.routes
    at_rush = dataclasses.replace(
        route,
        start=420,
        end=480,
        stops=(dataclasses.replace(route.stops[0], arrival=450),),
    )
    claimed = dataclasses.replace(routed, routes=(at_rush,))
    assert check_routes_of_plan(scn, claimed) == []
    flagged = check_routes_of_plan(_rush_hour(scn), claimed)
    assert any("recomputed 480" in v for v in flagged)  # 07:00 + 30 min at half speed


def test_road_speeds_are_validated():
    from hubflow.errors import ScenarioError

    with pytest.raises(ScenarioError, match="road_speeds"):
        _rush_hour(_scenario(trucks=1), "7-0.5")
    with pytest.raises(ScenarioError, match="road_speeds"):
        _rush_hour(_scenario(trucks=1), "7:0")
    with pytest.raises(ScenarioError, match="hour 7 is given twice"):
        _rush_hour(_scenario(trucks=1), "7:0.6, 9:1, 7:1")


def _priced(tkm: float, per_km: float):
    """The one-truck case with the carrier at ``tkm`` per t-km and the truck at ``per_km``."""
    scn = _scenario(trucks=1)
    group = dataclasses.replace(scn.fleet[0], cost_per_km=per_km)
    services = tuple(dataclasses.replace(s, cost_per_tkm=tkm) for s in scn.services)
    return dataclasses.replace(scn, fleet=(group,), services=services)


def _one_load(tkm: float, per_km: float):
    """10 t from H to C1 (about 29.5 km, 30 min), ready 04:00, due 08:00, dispatched."""
    scn = _priced(tkm, per_km)
    plan = _plan_by_hand(_leg("H-C1", "C1", 4, 8))
    return scn, dispatch_plan(scn, plan, deadline=Deadline.after(2), backend="pyvrp", seconds=1)


def test_a_load_dearer_by_own_truck_stays_with_the_carrier():
    """By hand: own truck 2 x km x 3.4 + 1 h x 50 = 250.70, carrier 10 t x km x 0.82 = 242.01.
    At 1/1000 of the currency the search priced a km at 3 (a metre at 3 units), saw 227.1
    and kept a route that lost 8.68."""
    scn, routed = _one_load(0.82, 3.4)
    km = road_km(scn, "H", "C1")
    assert 10 * 0.82 * km < 2 * km * 3.4 + 50 < 10 * 0.86 * km
    kpis = compute_kpis(scn, routed)
    assert routed.routes == () and [u.order for u in routed.unrouted] == ["o1"]
    assert (kpis.truck_routes, kpis.fleet_saving, kpis.own_fleet_cost) == (0, 0.0, 0.0)
    assert check_routes_of_plan(scn, routed) == []


def test_a_load_cheaper_by_own_truck_is_routed_and_saves_the_difference():
    """By hand: carrier 10 t x km x 0.86 = 253.82 against the truck's 250.70: one route, out
    at 07:30 and back at 08:30, saving 3.12."""
    scn, routed = _one_load(0.86, 3.4)
    km = road_km(scn, "H", "C1")
    [route] = routed.routes
    assert (route.start, route.end) == (450, 510)
    assert route.cost == pytest.approx(2 * km * 3.4 + 50, abs=0.01)  # km to the metre
    kpis = compute_kpis(scn, routed)
    assert kpis.truck_routes == 1 and routed.unrouted == ()
    assert kpis.fleet_saving == pytest.approx(10 * 0.86 * km - (2 * km * 3.4 + 50), abs=0.01)
    assert kpis.fleet_saving == pytest.approx(3.12, abs=0.01)
    assert check_routes_of_plan(scn, routed) == []


def test_checker_flags_a_route_that_costs_more_than_its_carrier_loads():
    """The route above, checked against the carrier at 0.82 per t-km: it loses 8.68."""
    _, routed = _one_load(0.86, 3.4)
    flagged = check_routes_of_plan(_priced(0.82, 3.4), routed)
    assert any("more than the carrier tariff of its loads 242.01" in v for v in flagged)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tkm=st.floats(0.3, 1.2).map(lambda x: round(x, 3)),
    per_km=st.floats(1.0, 12.0).map(lambda x: round(x, 3)),
)
def test_every_route_saves_on_the_carrier_tariff(tkm: float, per_km: float):
    """Whatever the prices, no route costs more than the carrier loads it replaces."""
    scn = _priced(tkm, per_km)
    plan = _plan_by_hand(_leg("H-C1", "C1", 4, 8), _leg("H-C2", "C2", 4, 8))
    routed = dispatch_plan(scn, plan, deadline=Deadline.after(2), backend="pyvrp", seconds=0.2)
    kpis = compute_kpis(scn, routed)
    assert kpis.fleet_saving >= 0
    assert check_routes_of_plan(scn, routed) == []
    _ROUTED.append(bool(routed.routes))


_ROUTED: list[bool] = []


def test_the_price_property_met_plans_with_and_without_routes():
    """The property above ran on real cases of both kinds (it runs first, in file order;
    alone, this test runs it)."""
    if not _ROUTED:
        test_every_route_saves_on_the_carrier_tariff()
    assert _ROUTED.count(True) >= 3 and _ROUTED.count(False) >= 3, _ROUTED


def test_an_order_of_thousands_of_truck_loads_routes_only_what_the_shift_can_drive():
    """1,000 t for a fleet of one 0.5 t van: 2,000 loads. Only as many as the van can drive to
    in its 10 h shift (at least its one-way drive each) become stops; the rest stay with the
    carrier, named, instead of a routing problem of 2,000 stops."""
    scn = _scenario(trucks=1, capacity=0.5)
    heavy = dataclasses.replace(scn.orders[0], tonnes=1000.0)
    big = dataclasses.replace(scn.services[0], max_vehicles=1000)
    scn = dataclasses.replace(scn, orders=(heavy, scn.orders[1]), services=(big, scn.services[1]))
    plan = make_plan(scn, time_limit=10, dispatch_time=1)
    assert check_plan(scn, plan, compute_kpis(scn, plan).to_dict()) == []
    waves, unrouted = local_jobs(scn, plan)
    drive = math.ceil(road_km(scn, "H", "C1") / 60 * 60)
    stops = sum(len(jobs) for jobs in waves.values())
    assert stops <= 600 // drive + 1 < 100
    [spill] = [u for u in unrouted if u.order == "o1"]
    assert spill.reason == "more truck-loads than the 1 trucks of F drive in a shift"
    assert spill.tonnes == pytest.approx(
        1000.0 - 0.5 * sum(j.order == "o1" for w in waves.values() for j in w)
    )
