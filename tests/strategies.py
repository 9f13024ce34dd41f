"""Hypothesis strategies: small random scenarios with the structure of a real one."""

from __future__ import annotations

from hypothesis import strategies as st

from hubflow.model import Scenario, Timetable
from tests import cases

MODES = ("road", "rail", "air")


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """3-5 sites (some hubs, some with small yards), 2-8 services, 1-6 orders over two days."""
    n_sites = draw(st.integers(3, 5))
    sites = []
    for i in range(n_sites):
        hub = draw(st.booleans())
        yard = draw(st.sampled_from([None, None, 20.0, 200.0])) if hub else None
        sites.append(
            cases.site(
                f"S{i}",
                hub=hub,
                lat=30 + i,
                lon=110 + i,
                handling_cost_per_t=draw(st.sampled_from([0.0, 5.0])),
                handling_minutes=draw(st.sampled_from([0, 60, 180])),
                yard_m2=yard,
                storage_cost_per_m2_day=1.0 if yard else 0.0,
            )
        )
    services = []
    for j in range(draw(st.integers(2, 8))):
        o, d = draw(st.lists(st.integers(0, n_sites - 1), min_size=2, max_size=2, unique=True))
        mode = draw(st.sampled_from(MODES))
        timetable = draw(st.sampled_from(["continuous", "daily 08:00", "daily 06:00 18:00"]))
        services.append(
            cases.service(
                f"V{j}",
                mode,
                f"S{o}",
                f"S{d}",
                timetable=Timetable.parse(timetable),
                transit_minutes=draw(st.integers(1, 20)) * 60,
                capacity_t=draw(st.sampled_from([10.0, 30.0, 100.0])),
                max_vehicles=draw(st.integers(1, 3)),
                fixed_cost=draw(st.sampled_from([0.0, 500.0, 3000.0])),
                departure_cost=draw(st.sampled_from([0.0, 0.0, 2000.0])),
                cost_per_t=draw(st.sampled_from([0.0, 10.0])),
                distance_km=float(draw(st.integers(10, 900))),
            )
        )
    orders = []
    for k in range(draw(st.integers(1, 6))):
        o, d = draw(st.lists(st.integers(0, n_sites - 1), min_size=2, max_size=2, unique=True))
        release = draw(st.integers(0, 24))
        orders.append(
            cases.order(
                f"O{k}",
                f"S{o}",
                f"S{d}",
                draw(st.sampled_from([2, 15, 40, 120])),
                release,
                release + draw(st.integers(6, 60)),
            )
        )
    lateness = draw(st.sampled_from(["forbid", "penalize"]))
    return cases.scenario(
        sites,
        services,
        orders,
        lateness=lateness,
        max_lateness_hours=12.0,
        lateness_cost_per_t_hour=20.0,
        carbon_price=draw(st.sampled_from([0.0, 100.0])),
        unserved_cost_per_t=50_000.0,
    )
