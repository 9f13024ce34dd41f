"""Tiny hand-made scenarios whose optimal plan is derived by hand in each docstring.

At the end, hand-built plans (valid, not always optimal) whose every figure is derived by hand.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hubflow.model import (
    Commodity,
    DepartureRun,
    Itinerary,
    Leg,
    Order,
    Parameters,
    Plan,
    PlanStatus,
    Scenario,
    Service,
    Site,
    Timetable,
)

START = datetime(2026, 3, 2, tzinfo=timezone(timedelta(hours=8)))  # a Monday
H = 60  # minutes per hour


def site(ident: str, *, hub: bool = False, lat: float = 34.7, lon: float = 113.6, **kw) -> Site:
    kind = "rail_terminal" if hub else "plant"
    return Site(id=ident, name=ident, kind=kind, lat=lat, lon=lon, hub=hub, **kw)


def service(ident: str, mode: str, origin: str, destination: str, **kw) -> Service:
    kw.setdefault("timetable", Timetable.parse("continuous"))
    kw.setdefault("transit_minutes", 4 * H)
    kw.setdefault("capacity_t", 30.0)
    kw.setdefault("distance_km", 100.0)
    return Service(id=ident, mode=mode, origin=origin, destination=destination, **kw)


def order(
    ident: str,
    origin: str,
    destination: str,
    tonnes: float,
    release_h: float,
    due_h: float,
    commodity: str = "al_ingot",
) -> Order:
    return Order(
        id=ident,
        commodity=commodity,
        origin=origin,
        destination=destination,
        tonnes=tonnes,
        release=round(release_h * H),
        due=round(due_h * H),
    )


def scenario(sites, services, orders, **params) -> Scenario:
    params.setdefault("time_step_minutes", 60)
    params.setdefault("horizon_days", 3)
    return Scenario(
        parameters=Parameters(name="case", start=START, **params),
        sites=tuple(sites),
        commodities=(Commodity(id="al_ingot", name="Aluminium ingot", m2_per_t=0.35),),
        services=tuple(services),
        orders=tuple(orders),
    )


def consolidation() -> Scenario:
    """Two 20 t orders from plants A and B to customer C.

    Direct trucks A->C and B->C cost 4,000 each (8,000). Trucks to hub H cost 500 each, the
    train H->C 5,000, handling 10/t at H on 40 t = 400: 6,400. Optimum 6,400, one train.
    """
    sites = [site("A"), site("B"), site("H", hub=True, handling_cost_per_t=10.0), site("C")]
    services = [
        service("A-C", "road", "A", "C", fixed_cost=4000.0),
        service("B-C", "road", "B", "C", fixed_cost=4000.0),
        service("A-H", "road", "A", "H", fixed_cost=500.0, transit_minutes=2 * H),
        service("B-H", "road", "B", "H", fixed_cost=500.0, transit_minutes=2 * H),
        service(
            "H-C",
            "rail",
            "H",
            "C",
            fixed_cost=5000.0,
            capacity_t=1000.0,
            timetable=Timetable.parse("daily 12:00"),
        ),
    ]
    orders = [order("o1", "A", "C", 20, 0, 48), order("o2", "B", "C", 20, 0, 48)]
    return scenario(sites, services, orders)


def train_or_trucks(tonnes: float) -> Scenario:
    """One order of ``tonnes`` from A to C: trucks cost 3,000 per 30 t, a train 9,000 flat.

    Optimum: 3,000 × ceil(tonnes / 30) up to 90 t, the train (9,000) above.
    """
    sites = [site("A"), site("C")]
    services = [
        service("road", "road", "A", "C", fixed_cost=3000.0, max_vehicles=20),
        service(
            "rail",
            "rail",
            "A",
            "C",
            fixed_cost=9000.0,
            capacity_t=2000.0,
            timetable=Timetable.parse("daily 08:00"),
            transit_minutes=10 * H,
        ),
    ]
    return scenario(sites, services, [order("o1", "A", "C", tonnes, 0, 48)])


def urgent(due_h: float) -> Scenario:
    """2 t from A to C. Road takes 40 h for 600; air takes 6 h (daily 10:00) for 5,000.

    Due in 24 h: only air arrives in time (5,000). Due in 72 h: road (600).
    Due in 5 h: nothing arrives in time; the order is unserved with the reason NO_PATH_BEFORE_DUE.
    """
    sites = [site("A"), site("C")]
    services = [
        service("road", "road", "A", "C", fixed_cost=600.0, transit_minutes=40 * H),
        service(
            "air",
            "air",
            "A",
            "C",
            fixed_cost=5000.0,
            capacity_t=10.0,
            timetable=Timetable.parse("daily 10:00"),
            transit_minutes=6 * H,
        ),
    ]
    return scenario(sites, services, [order("o1", "A", "C", 2, 0, due_h)])


def short_capacity() -> Scenario:
    """Two 20 t orders, one 30 t truck a day (max one vehicle) and one day to deliver.

    Only one departure fits the window, so 10 t cannot be carried: reason CAPACITY, 10 t.
    """
    sites = [site("A"), site("C")]
    services = [
        service(
            "road", "road", "A", "C", fixed_cost=100.0, timetable=Timetable.parse("daily 06:00")
        )
    ]
    orders = [order("o1", "A", "C", 20, 0, 20), order("o2", "A", "C", 20, 0, 20)]
    return scenario(sites, services, orders)


def small_yard(yard_m2: float | None) -> Scenario:
    """Two 20 t ingot orders (0.35 m²/t) to C through hub H, whose daily train leaves at 20:00.

    The truck from A runs daily at 06:00 (arrives 08:00), so o1 waits 12 h at H: 7 m². Trucks
    from B run every hour, so o2 can reach H exactly at 20:00 and need no yard. Cost 1,200 (two
    trucks, one train) whenever the yard holds 7 m²; with a 5 m² yard only 5 / 0.35 = 14.29 t of
    o1 can wait at H and the other 5.71 t are unserved for lack of room.
    """
    sites = [site("A"), site("B"), site("H", hub=True, yard_m2=yard_m2), site("C")]
    services = [
        service(
            "A-H",
            "road",
            "A",
            "H",
            fixed_cost=100.0,
            transit_minutes=2 * H,
            timetable=Timetable.parse("daily 06:00"),
        ),
        service("B-H", "road", "B", "H", fixed_cost=100.0, transit_minutes=2 * H),
        service(
            "H-C",
            "rail",
            "H",
            "C",
            fixed_cost=1000.0,
            capacity_t=1000.0,
            timetable=Timetable.parse("daily 20:00"),
        ),
    ]
    orders = [order("o1", "A", "C", 20, 0, 30), order("o2", "B", "C", 20, 0, 30)]
    return scenario(sites, services, orders)


def late_allowed(policy: str) -> Scenario:
    """``urgent(24)`` but lateness may be penalised: 50 per t and hour, up to 24 h late.

    Forbidden: air, 5,000. Penalised: road arrives at 40 h, 16 h late: 600 + 2 t × 16 h × 50 =
    2,200, cheaper than air. The order is delivered, but not on time.
    """
    base = urgent(24)
    return scenario(
        base.sites,
        base.services,
        base.orders,
        lateness=policy,
        lateness_cost_per_t_hour=50.0,
        max_lateness_hours=24.0,
    )


def charter(tonnes: float) -> Scenario:
    """``tonnes`` from hub H to C: scheduled boxes at 1,000 per 25 t box, or a charter train.

    The charter runs only if chartered (departure cost 20,000) and then costs 200 per 25 t box.
    Boxes: 1,000 × n; charter: 20,000 + 200 × n; they tie at 25 boxes (625 t), the charter pays
    above.
    """
    sites = [site("H", hub=True), site("C")]
    daily = Timetable.parse("daily 08:00")
    services = [
        service(
            "boxes",
            "rail_express",
            "H",
            "C",
            capacity_t=25.0,
            max_vehicles=50,
            fixed_cost=1000.0,
            timetable=daily,
        ),
        service(
            "charter",
            "rail_express",
            "H",
            "C",
            capacity_t=25.0,
            max_vehicles=50,
            fixed_cost=200.0,
            departure_cost=20_000.0,
            timetable=daily,
        ),
    ]
    return scenario(sites, services, [order("o1", "H", "C", tonnes, 0, 40)])


# -- hand-built plans ------------------------------------------------------------------------


def leg(scn: Scenario, service_id: str, departure_h: float, tonnes: float) -> Leg:
    """``tonnes`` on the departure of ``service_id`` at ``departure_h``, arriving a transit later."""
    svc = next(s for s in scn.services if s.id == service_id)
    departure = round(departure_h * H)
    return Leg(
        service=svc.id,
        mode=svc.mode,
        origin=svc.origin,
        destination=svc.destination,
        departure=departure,
        arrival=departure + svc.transit_minutes,
        tonnes=tonnes,
    )


def departure_run(
    scn: Scenario, service_id: str, departure_h: float, load_t: float
) -> DepartureRun:
    """One vehicle of ``service_id`` leaving at ``departure_h`` with ``load_t`` on board."""
    trip = leg(scn, service_id, departure_h, load_t)
    svc = next(s for s in scn.services if s.id == service_id)
    return DepartureRun(
        service=trip.service,
        mode=trip.mode,
        origin=trip.origin,
        destination=trip.destination,
        departure=trip.departure,
        arrival=trip.arrival,
        vehicles=1,
        load_t=load_t,
        capacity_t=svc.capacity_t,
    )


def one_truck() -> tuple[Scenario, Plan]:
    """Plant A to customer C by road, 250 km, 5 h: 1,000 per truck of 32 t, 5 per t, 0.30 per
    t-km; carbon at 100 per t CO2e. Orders of 20 t and 12 t, both on the 00:00 truck.

    Vehicle fixed 1,000; per tonne 5 × 32 = 160; per t-km 0.30 × 250 km × 32 t = 2,400 (8,000
    t-km); CO2e 8,000 t-km × 95 g = 0.76 t, at 100 per t: 76. Total 3,636 (the optimum: one
    truck), one road vehicle, load factor 1.
    """
    road = service(
        "A-C",
        "road",
        "A",
        "C",
        capacity_t=32.0,
        fixed_cost=1000.0,
        cost_per_t=5.0,
        cost_per_tkm=0.30,
        distance_km=250.0,
        transit_minutes=5 * H,
    )
    orders = [order("o1", "A", "C", 20, 0, 24), order("o2", "A", "C", 12, 0, 24)]
    scn = scenario([site("A"), site("C")], [road], orders, carbon_price=100.0)
    plan = Plan(
        scenario=scn.name,
        status=PlanStatus.OPTIMAL,
        solver="by hand",
        itineraries=tuple(
            Itinerary(
                order=o.id, tonnes=o.tonnes, legs=(leg(scn, "A-C", 0, o.tonnes),), delivered=5 * H
            )
            for o in scn.orders
        ),
        departures=(departure_run(scn, "A-C", 0, 32),),
        objective=3636.0,
        lower_bound=3636.0,
    )
    return scn, plan


def via_hub() -> tuple[Scenario, Plan]:
    """20 t of ingot (0.35 m²/t) from A by truck (100 km, 2 h, 500) to hub H, then the 12:00
    train (600 km, 10 h, 5,000 plus 0.10 per t-km) to C, due at 20:00; lateness 50 per t and hour.

    The plan (valid, not optimal: a later truck would save the storage) takes the 00:00 truck
    and the 12:00 train, arriving 22:00: 2 h late, 50 × 20 × 2 = 2,000. Per t-km 0.10 × 600 × 20
    = 1,200; handling 10 × 20 = 200 (and 1 kg/t: 20 kg CO2e). The 7 m² wait at H from 02:00 to
    12:00, 10 hourly steps: 70 m²·h = 70/24 m²·day at 2.4 per m²·day = 7. Total 5,500 + 1,200 +
    200 + 7 + 2,000 = 8,907. CO2e: road 2,000 t-km × 95 g = 190 kg, rail 12,000 t-km × 15 g =
    180 kg, handling 20 kg: 0.39 t.
    """
    sites = [
        site("A"),
        site(
            "H",
            hub=True,
            handling_cost_per_t=10.0,
            handling_co2e_kg_per_t=1.0,
            storage_cost_per_m2_day=2.4,
        ),
        site("C"),
    ]
    services = [
        service(
            "A-H", "road", "A", "H", fixed_cost=500.0, distance_km=100.0, transit_minutes=2 * H
        ),
        service(
            "H-C",
            "rail",
            "H",
            "C",
            fixed_cost=5000.0,
            cost_per_tkm=0.10,
            capacity_t=1000.0,
            distance_km=600.0,
            transit_minutes=10 * H,
            timetable=Timetable.parse("daily 12:00"),
        ),
    ]
    scn = scenario(
        sites,
        services,
        [order("o1", "A", "C", 20, 0, 20)],
        lateness="penalize",
        lateness_cost_per_t_hour=50.0,
        max_lateness_hours=12.0,
    )
    legs = (leg(scn, "A-H", 0, 20), leg(scn, "H-C", 12, 20))
    plan = Plan(
        scenario=scn.name,
        status=PlanStatus.OPTIMAL,
        solver="by hand",
        itineraries=(
            Itinerary(order="o1", tonnes=20, legs=legs, delivered=22 * H, late_minutes=2 * H),
        ),
        departures=(departure_run(scn, "A-H", 0, 20), departure_run(scn, "H-C", 12, 20)),
        objective=8907.0,
        lower_bound=8907.0,
    )
    return scn, plan
