"""Hand-made scenarios for short legs on a coarse time grid (``chain_short_legs``).

Each docstring derives the optimal plan by hand; the tests solve it with every design solver.
"""

from __future__ import annotations

from hubflow.model import Scenario, Timetable
from tests.cases import H, order, scenario, service, site


def shuttle(chain: bool, handling_h: float = 2) -> Scenario:
    """30 t from plant P to customer C, released at 00:00, due at 30 h, on 4-hour steps.

    A 15 km shuttle P-T (30 min, 200 a truck, every step) feeds terminal T (a hub, handling
    ``handling_h``), where a train leaves daily at 04:00 for C (20 h, 2,000). A direct truck
    P-C takes 16 h for 5,000. In real minutes the shuttle leaving at 00:00 is at T at 00:30 and
    handled by 02:30, in time for the 04:00 train (at C at 24:00): 2,200. On the grid the
    shuttle arrives in the step of 04:00 and its handling takes one more step (08:00): the
    train is missed (the next one reaches C at 48 h, after due) and the truck runs: 5,000.
    With ``chain_short_legs`` the two are rounded together, ceil((30 + 120) / 240) = step 1,
    04:00: the train is caught, 2,200. With 4 h of handling, 00:00 + 30 min + 4 h = 04:30 is
    too late in real minutes as well: 5,000 either way.
    """
    sites = [site("P"), site("T", hub=True, handling_minutes=round(handling_h * H)), site("C")]
    services = [
        service("shuttle", "road", "P", "T", fixed_cost=200.0, transit_minutes=30, distance_km=15),
        service(
            "train",
            "rail",
            "T",
            "C",
            fixed_cost=2000.0,
            capacity_t=2000.0,
            timetable=Timetable.parse("daily 04:00"),
            transit_minutes=20 * H,
        ),
        service("truck", "road", "P", "C", fixed_cost=5000.0, transit_minutes=16 * H),
    ]
    orders = [order("o1", "P", "C", 30, 0, 30)]
    return scenario(
        sites, services, orders, time_step_minutes=240, chain_short_legs=chain, horizon_days=2
    )


def last_mile(chain: bool) -> Scenario:
    """30 t from terminal T to customer D, released at 00:00, due at 02:00, on 4-hour steps, by
    a 30-minute truck (300, every step).

    In real minutes the truck leaving at 00:00 delivers at 00:30: 300. On the grid its arrival
    is rounded up to 04:00, 2 h after due: no path, the order is unserved. With
    ``chain_short_legs`` the arrival stays at 00:30 and the order is delivered on time: 300.
    """
    sites = [site("T", hub=True), site("D")]
    services = [service("van", "road", "T", "D", fixed_cost=300.0, transit_minutes=30)]
    return scenario(
        sites,
        services,
        [order("o1", "T", "D", 30, 0, 2)],
        time_step_minutes=240,
        chain_short_legs=chain,
        horizon_days=1,
    )
