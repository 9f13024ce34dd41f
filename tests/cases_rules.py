"""Hand-made scenarios for the service rules (what may ride, calendars, shared capacity).

Each docstring derives the optimal plan by hand; the tests solve them with every design solver.
"""

from __future__ import annotations

from datetime import date

from hubflow.model import Commodity, Parameters, Pool, Scenario, Timetable
from tests.cases import START, H, order, service, site

COMMODITIES = (
    Commodity(id="al_ingot", name="Aluminium ingot", m2_per_t=0.35),
    Commodity(id="caustic", name="Caustic soda", m2_per_t=0.5, group="liquid"),
)


def build(sites, services, orders, pools=(), **params) -> Scenario:
    """A scenario with two commodities, on hourly steps unless told otherwise."""
    params.setdefault("time_step_minutes", 60)
    params.setdefault("horizon_days", 3)
    extra = {"pools": tuple(pools)} if pools else {}
    return Scenario(
        parameters=Parameters(name="rules", start=START, **params),
        sites=tuple(sites),
        commodities=COMMODITIES,
        services=tuple(services),
        orders=tuple(orders),
        **extra,
    )


def tanker_only(commodities: tuple[str, ...]) -> Scenario:
    """20 t of caustic soda and 20 t of ingot from A to C, due in 48 h.

    A tank train (daily 08:00, 10 h, 2,000 flat, 2,000 t) and trucks (3,000 per 30 t plus 10 per
    t). When the train may carry everything, both orders ride it: 2,000. When it is tanker-only
    (``commodities=("caustic",)``, or its group ``("liquid",)``) the ingot takes a truck: 2,000 + 3,000 + 200 = 5,200 (the soda
    stays on the train: on the truck's spare 10 t it would cost 10 per t more).
    """
    services = [
        service("road", "road", "A", "C", fixed_cost=3000.0, cost_per_t=10.0, max_vehicles=20),
        service(
            "tank",
            "rail",
            "A",
            "C",
            fixed_cost=2000.0,
            capacity_t=2000.0,
            timetable=Timetable.parse("daily 08:00"),
            transit_minutes=10 * H,
            commodities=commodities,
        ),
    ]
    orders = [
        order("soda", "A", "C", 20, 0, 48, commodity="caustic"),
        order("ingot", "A", "C", 20, 0, 48, commodity="al_ingot"),
    ]
    return build([site("A"), site("C")], services, orders)


def weekly_train(days_off: tuple[date, ...] = (), **calendar: date) -> Scenario:
    """120 t from A (released Monday 2 March 00:00) to C, due 10 days later.

    The train runs weekly on Monday 08:00 (30 h, 9,000 flat); trucks cost 3,000 per 30 t (12,000
    for 120 t). Waiting at A costs 1 per m² and day: 120 t × 0.35 m²/t = 42 m², 7 per 4-hour
    step. With no calendar the order takes this Monday's train at hour 8 (2 steps): 9,014. With
    2 March as a day off (or valid from 9 March) it waits for next Monday's train at hour
    7 × 24 + 8 = 176 (44 steps, 308): 9,308. With both Mondays off, four trucks: 12,000.
    """
    services = [
        service("road", "road", "A", "C", fixed_cost=3000.0, max_vehicles=20),
        service(
            "train",
            "rail",
            "A",
            "C",
            fixed_cost=9000.0,
            capacity_t=2000.0,
            timetable=Timetable.parse("weekly Mon 08:00"),
            transit_minutes=30 * H,
            days_off=days_off,
            **calendar,
        ),
    ]
    orders = [order("o1", "A", "C", 120, 0, 240)]
    sites = [site("A", storage_cost_per_m2_day=1.0), site("C")]
    return build(sites, services, orders, time_step_minutes=240)


def border_quota(period: str | None, due_h: float = 24) -> Scenario:
    """90 t from A to C, released at 00:00, by trucks of 30 t (4 h) over one of two crossings.

    Over crossing X1 a truck costs 3,000; over X2 4,000. Without a quota: three trucks over X1,
    9,000. A quota of 60 t per day on X1 and the order due in 24 h: two trucks over X1 and one
    over the second-best X2, 10,000. Due in 48 h the third truck takes X1 the next day (9,000),
    unless the quota is 60 t per week (10,000 again).
    """
    crossings = [
        service("via_x1", "road", "A", "C", fixed_cost=3000.0, max_vehicles=20),
        service("via_x2", "road", "A", "C", fixed_cost=4000.0, max_vehicles=20),
    ]
    pools = [] if period is None else [Pool(id="x1", services=("via_x1",), limit=60, period=period)]
    orders = [order("o1", "A", "C", 90, 0, due_h)]
    return build([site("A"), site("C")], crossings, orders, pools)


def barge(min_load_t: float, tonnes: float = 150) -> Scenario:
    """``tonnes`` from A to C, due in 48 h: a 2,000 t barge (daily 08:00, 20 h, 2,000 a run)
    or trucks of 30 t at 3,000 each.

    Without a minimum load the barge carries the 150 t: 2,000. With a minimum load of 1,000 t
    the barge does not run: five trucks, 15,000. With 1,200 t ordered and that minimum the
    barge runs again: 2,000 (trucks would cost 120,000).
    """
    services = [
        service("road", "road", "A", "C", fixed_cost=3000.0, max_vehicles=50),
        service(
            "barge",
            "waterway",
            "A",
            "C",
            fixed_cost=2000.0,
            capacity_t=2000.0,
            timetable=Timetable.parse("daily 08:00"),
            transit_minutes=20 * H,
            min_load_t=min_load_t,
        ),
    ]
    return build([site("A"), site("C")], services, [order("o1", "A", "C", tonnes, 0, 48)])
