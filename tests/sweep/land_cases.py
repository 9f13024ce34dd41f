"""A hub whose yard decides how many direct trucks run: land values known by hand."""

from __future__ import annotations

from hubflow.model import Commodity, Parameters, Scenario, Timetable
from tests.cases import START, H, order, service, site

HUB_ROUTE = 300.0  # one 40 t truck A->H (100) and the train H->C (200)
DIRECT_TRUCK = 400.0  # per 10 t truck A->C


def yard_or_trucks(yard_m2: float, direct_per_t: float = 0.0) -> Scenario:
    """40 t (1 m²/t) from A to C. Via hub H: a 06:00 truck then the 20:00 train, so every tonne
    waits 12 h in H's yard; the route costs 300 for up to 40 t. The rest goes on direct
    10 t trucks at 400 each (plus ``direct_per_t`` a tonne). With a yard of Y m² (Y < 40):
    cost = 300 + 400 × ceil((40 - Y) / 10) + direct_per_t × (40 - Y): each missing 10 m²
    batch forces one more truck; between batches a m² is worth ``direct_per_t``."""
    sites = [site("A"), site("H", hub=True, yard_m2=yard_m2), site("C")]
    services = [
        service(
            "A-H",
            "road",
            "A",
            "H",
            fixed_cost=100.0,
            capacity_t=40.0,
            transit_minutes=2 * H,
            timetable=Timetable.parse("daily 06:00"),
        ),
        service(
            "H-C",
            "rail",
            "H",
            "C",
            fixed_cost=200.0,
            capacity_t=1000.0,
            timetable=Timetable.parse("daily 20:00"),
        ),
        service(
            "A-C",
            "road",
            "A",
            "C",
            fixed_cost=DIRECT_TRUCK,
            cost_per_t=direct_per_t,
            capacity_t=10.0,
            max_vehicles=4,
        ),
    ]
    return Scenario(
        parameters=Parameters(name="yard", start=START, time_step_minutes=60, horizon_days=3),
        sites=tuple(sites),
        commodities=(Commodity(id="al_ingot", name="Aluminium ingot", m2_per_t=1.0),),
        services=tuple(services),
        orders=(order("o1", "A", "C", 40, 0, 30),),
    )
