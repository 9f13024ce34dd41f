"""Hand-made scenarios for how goods load: payload per commodity, orders that must not be split.

Each docstring derives the optimal plan by hand; the tests solve them with every design solver.
"""

from __future__ import annotations

import dataclasses

from hubflow.model import Commodity, Order, Parameters, Pool, Scenario, Timetable
from tests.cases import START, H, order, service, site

COMMODITIES = (
    Commodity(id="al_ingot", name="Aluminium ingot", m2_per_t=0.35),
    Commodity(id="scrap", name="Scrap bales", m2_per_t=1.2, group="recycled"),
)


def build(services, orders, pools=()) -> Scenario:
    """A scenario from A to C with ingot and scrap, on hourly steps over three days."""
    return Scenario(
        parameters=Parameters(name="loads", start=START, time_step_minutes=60, horizon_days=3),
        sites=(site("A"), site("C")),
        commodities=COMMODITIES,
        services=tuple(services),
        orders=tuple(orders),
        pools=tuple(pools),
    )


def mixed_box(payload_t: tuple[tuple[str, float], ...]) -> Scenario:
    """15 t of ingot and 9 t of scrap bales from A to C, due in 24 h, by box trucks.

    A box is rated 25 t (``capacity_t``) and costs 1,000 a run; nothing else goes. Without
    payloads the 24 t fit one box: 1,000. When a box carries only 18 t of scrap bales, the
    loads take 15/25 + 9/18 = 1.1 boxes: a second box, 2,000 (on one departure or two). When it
    also carries 30 t of ingot, 15/30 + 9/18 = 1 box again: 1,000.
    """
    box = service(
        "box",
        "road",
        "A",
        "C",
        capacity_t=25.0,
        fixed_cost=1000.0,
        max_vehicles=5,
        payload_t=payload_t,
    )
    orders = [
        order("ingot", "A", "C", 15, 0, 24),
        order("bales", "A", "C", 9, 0, 24, commodity="scrap"),
    ]
    return build([box], orders)


def split_or_whole(no_split: bool) -> Scenario:
    """90 t of ingot from A to C, released at 00:00, due in 24 h.

    A train (daily 08:00, 10 h) takes 60 t for 2,000; a barge (daily 08:00, 12 h) 200 t for
    7,000; trucks (4 h) 30 t for 3,000 each; only the first day's train and barge arrive in time. Split, the order rides the train (60 t) and one truck
    (30 t): 5,000, the cheapest (train and barge 9,000, the barge alone 7,000, three trucks
    9,000). When it must not be split, the costlier single route wins: all 90 t on the barge,
    7,000 (the train cannot take 90 t; three trucks on one departure cost 9,000).
    """
    daily = Timetable.parse("daily 08:00")
    services = [
        service("road", "road", "A", "C", fixed_cost=3000.0, max_vehicles=10),
        service(
            "train",
            "rail",
            "A",
            "C",
            capacity_t=60.0,
            fixed_cost=2000.0,
            timetable=daily,
            transit_minutes=10 * H,
        ),
        service(
            "barge",
            "waterway",
            "A",
            "C",
            capacity_t=200.0,
            fixed_cost=7000.0,
            timetable=daily,
            transit_minutes=12 * H,
        ),
    ]
    whole = dataclasses.replace(order("o1", "A", "C", 90, 0, 24), no_split=no_split)
    return build(services, [whole])


def twin_orders() -> list[Order]:
    """Two orders alike in all but the id; the second must not be split."""
    return [
        order("free", "A", "C", 30, 0, 48),
        dataclasses.replace(order("whole", "A", "C", 30, 0, 48), no_split=True),
    ]


def gate_quota(unit: str | None, limit: float = 1) -> Scenario:
    """The mixed box case with scrap at 18 t a box, a van like a box but at 1,500 a run, and a
    gate that the boxes pass, with a daily quota.

    Without a quota: two boxes, 2,000 (1.1 boxes' worth). A quota of 25 t a day does not bind
    (24 t): 2,000. A quota of one box a day does: one box and one van for what does not fit,
    2,500 (two vans would cost 3,000).
    """
    scn = mixed_box((("scrap", 18.0),))
    van = service(
        "van",
        "road",
        "A",
        "C",
        capacity_t=25.0,
        fixed_cost=1500.0,
        max_vehicles=5,
        payload_t=(("scrap", 18.0),),
    )
    pools = [] if unit is None else [Pool(id="gate", services=("box",), limit=limit, unit=unit)]
    return dataclasses.replace(scn, services=(*scn.services, van), pools=tuple(pools))
