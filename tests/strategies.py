"""Hypothesis strategies: small random scenarios with the structure of a real one.

``Tally`` counts the examples of a property that really checked something: an example that
``assume()`` rejects, or that has nothing to check, must not let a run pass on too few cases.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from hubflow.model import Scenario, Timetable
from tests import cases

MODES = ("road", "rail", "air")


@st.composite
def scenarios(draw: st.DrawFn, *, on_lanes: bool = True) -> Scenario:
    """3-5 sites (some hubs, some with small yards), 2-8 services, 1-6 orders over two days.

    With ``on_lanes`` half the orders ride a service's lane, so that most scenarios have
    something to plan; without, orders join random sites and many have no path at all.
    """
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
                # a charter (departure cost) runs on a timetable; one at every step of a
                # continuous service makes a binary per step and a needlessly hard MIP
                departure_cost=0.0
                if timetable == "continuous"
                else draw(st.sampled_from([0.0, 0.0, 2000.0])),
                cost_per_t=draw(st.sampled_from([0.0, 10.0])),
                distance_km=float(draw(st.integers(10, 900))),
            )
        )
    orders = []
    lanes = st.sampled_from([(s.origin, s.destination) for s in services])
    for k in range(draw(st.integers(1, 6))):
        if on_lanes and draw(st.booleans()):
            origin, destination = draw(lanes)
        else:
            o, d = draw(st.lists(st.integers(0, n_sites - 1), min_size=2, max_size=2, unique=True))
            origin, destination = f"S{o}", f"S{d}"
        release = draw(st.integers(0, 24))
        orders.append(
            cases.order(
                f"O{k}",
                origin,
                destination,
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


class Tally:
    """Counts real cases of one hypothesis property; ``at_least(n)`` fails a run with fewer."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        """Mark the current example as one that checked something."""
        self.count += 1

    def at_least(self, minimum: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
        """Decorate a ``@given`` test: run it, then require ``minimum`` real cases."""

        def wrap(test: Callable[..., None]) -> Callable[..., None]:
            @functools.wraps(test)
            def run(*args: Any, **kwargs: Any) -> None:
                self.count = 0
                test(*args, **kwargs)
                assert self.count >= minimum, (
                    f"only {self.count} examples checked something; at least {minimum} expected"
                )

            return run

        return wrap


@st.composite
def scenarios_with_loads(draw: st.DrawFn) -> Scenario:
    """``scenarios()`` where some services carry the ingot at their own payload and some orders
    (or, at times, all of them) must not be split."""
    scn = draw(scenarios())
    services = tuple(
        dataclasses.replace(
            s, payload_t=draw(st.sampled_from([(), (("al_ingot", 0.6 * s.capacity_t),)]))
        )
        for s in scn.services
    )
    orders = tuple(dataclasses.replace(o, no_split=draw(st.booleans())) for o in scn.orders)
    parameters = dataclasses.replace(
        scn.parameters, no_split=draw(st.sampled_from([False] * 3 + [True]))
    )
    return dataclasses.replace(scn, parameters=parameters, services=services, orders=orders)
