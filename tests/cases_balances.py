"""Hand-made scenarios for vehicles that must come back (``balances.csv``).

Each docstring derives the optimal plan by hand; the tests solve them with every design solver.
"""

from __future__ import annotations

from hubflow.model import Balance, Commodity, Parameters, Scenario, Timetable
from tests.cases import START, order, service, site


def boxes(
    tonnes: float = 20,
    backhaul_t: float = 0,
    *,
    slack: int = 0,
    carbon_price: float = 100.0,
    balanced: bool = True,
) -> Scenario:
    """``tonnes`` from A to B in boxes of 30 t, and a backhaul of ``backhaul_t`` from B to A
    (0: no such order).

    OUT (A -> B, continuous, 4 h, 100 km) costs 1,000 a box and emits nothing; BACK (B -> A,
    daily 06:00, 4 h, 100 km) costs 600 a box, 100 g CO2e per t-km. The carbon price is 100 per
    t. The balance states 1.5 kg CO2e per empty box-km (half of a full box's 30 t × 100 g = 3
    kg per km): 150 kg over the 100 km of a box back empty, 15 at the carbon price.

    - 20 t, no backhaul, boxes must come back: one OUT box and one BACK box run empty, 1,000 +
      600 + 15 = 1,615 (100 empty box-km, 0.15 t CO2e). Without the balance (or with a slack
      of 1): 1,000.
    - 50 t: two OUT boxes, two BACK boxes empty: 2,000 + 1,200 + 30 = 3,230.
    - 20 t and a 15 t backhaul: the backhaul rides the BACK box the balance needs anyway; it
      runs half empty: 50 empty box-km, 75 kg, and the 15 t × 100 km × 100 g = 150 kg of the
      load: 1,000 + 600 + 22.5 = 1,622.5. The backhaul alone costs 600 + 15 + 7.5 = 622.5 (its
      box runs half empty too); planned apart the two cost 2,237.5: together they save 615,
      one box coming back empty (600 and 15 of CO2e).
    """
    services = [
        service("OUT", "road", "A", "B", fixed_cost=1000.0, max_vehicles=5, co2e_g_per_tkm=0.0),
        service(
            "BACK",
            "road",
            "B",
            "A",
            fixed_cost=600.0,
            max_vehicles=5,
            co2e_g_per_tkm=100.0,
            timetable=Timetable.parse("daily 06:00"),
        ),
    ]
    orders = [order("out", "A", "B", tonnes, 0, 24)] if tonnes else []
    if backhaul_t:
        orders.append(order("backhaul", "B", "A", backhaul_t, 0, 48))
    balance = Balance(
        id="boxes", outbound=("OUT",), returns=("BACK",), slack=slack, empty_co2e_kg_per_km=1.5
    )
    return Scenario(
        parameters=Parameters(
            name="boxes",
            start=START,
            time_step_minutes=60,
            horizon_days=3,
            carbon_price=carbon_price,
        ),
        sites=(site("A"), site("B")),
        commodities=(Commodity(id="al_ingot", name="Aluminium ingot", m2_per_t=0.35),),
        services=tuple(services),
        orders=tuple(orders),
        balances=(balance,) if balanced else (),
    )
