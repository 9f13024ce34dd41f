"""Hand-made scenarios for handling by direction (export and import clearance at a border).

Each docstring derives the optimal plan by hand; the tests solve them with every design solver.
"""

from __future__ import annotations

from tests.cases import H, order, scenario, service, site


def border(countries: bool = True, export_due_h: float = 48) -> object:
    """30 t exported from plant A (CN) to customer C (KZ) and 30 t imported from C to A, both
    released at 00:00, through the crossing X (a CN hub) by trucks of 30 t.

    Trucks A-X take 4 h for 1,000, X-C 2 h for 500 (hourly steps, continuous). At X export
    clearance takes 12 h, 50 per t and 2 kg CO2e per t; import clearance 24 h, 80 per t, 3 kg/t;
    C clears imports in 6 h for 30 per t and 1 kg/t. Export: A-X leaves at 0 and is at X at 4 h;
    X-C leaves 12 h later at 16 h, arrives at 18 h, and is cleared at C at 24 h: 1,000 + 500
    + (50 + 30) × 30 = 3,900. Import: C-X leaves at 0, arrives at 2 h, is cleared at X at 26 h;
    X-A leaves at 26 h, arrives at 30 h: 500 + 1,000 + 80 × 30 = 3,900. Total 7,800, handling
    CO2e (2 + 1 + 3) × 30 = 180 kg. Without countries no leg crosses a border: 3,000, both
    delivered at 6 h. Export due at 23 h: the export cannot make it (unserved). Waiting costs 1
    per m² and day everywhere, and no goods wait outside clearance, so the times are unique.
    """
    cn, kz = ("CN", "KZ") if countries else ("", "")
    clear_x = {
        "outbound_minutes": 12 * H,
        "outbound_cost_per_t": 50.0,
        "outbound_co2e_kg_per_t": 2.0,
        "inbound_minutes": 24 * H,
        "inbound_cost_per_t": 80.0,
        "inbound_co2e_kg_per_t": 3.0,
    }
    clear_c = {"inbound_minutes": 6 * H, "inbound_cost_per_t": 30.0, "inbound_co2e_kg_per_t": 1.0}
    if not countries:
        clear_x = clear_c = {}
    wait = {"storage_cost_per_m2_day": 1.0}  # waiting costs: the earliest plan is the one
    sites = [
        site("A", country=cn, **wait),
        site("X", hub=True, country=cn, **clear_x, **wait),
        site("C", country=kz, **clear_c, **wait),
    ]
    services = [
        service("a_x", "road", "A", "X", fixed_cost=1000.0),
        service("x_c", "road", "X", "C", fixed_cost=500.0, transit_minutes=2 * H),
        service("c_x", "road", "C", "X", fixed_cost=500.0, transit_minutes=2 * H),
        service("x_a", "road", "X", "A", fixed_cost=1000.0),
    ]
    orders = [order("export", "A", "C", 30, 0, export_due_h), order("import", "C", "A", 30, 0, 48)]
    return scenario(sites, services, orders)
