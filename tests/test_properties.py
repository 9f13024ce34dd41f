"""Invariants over random small scenarios: every plan passes the independent checker."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, assume, given, settings

from hubflow.check import check_plan
from hubflow.kpi import compute_kpis
from hubflow.planning import make_plan
from tests.strategies import Tally, scenarios

SETTINGS = settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
delivering = Tally()
optimal = Tally()


@delivering.at_least(20)
@SETTINGS
@given(scenarios())
def test_every_plan_passes_the_checker(scn):
    plan = make_plan(scn, time_limit=10, mip_gap=1e-6)
    kpis = compute_kpis(scn, plan)
    assert check_plan(scn, plan, kpis.to_dict()) == []
    assert plan.lower_bound <= plan.objective + 1e-6 * max(1.0, plan.objective)
    served = {it.order for it in plan.itineraries} | {u.order for u in plan.unserved}
    assert served == {o.id for o in scn.orders}
    if plan.itineraries:  # a plan that delivers nothing checks only the explanations
        delivering()


@optimal.at_least(12)
@settings(SETTINGS, max_examples=15)  # three exact solves an example: small ones
@given(scenarios(on_lanes=False))
def test_shuffling_rows_keeps_the_optimum_and_more_capacity_never_costs_more(scn):
    base = make_plan(scn, time_limit=10, mip_gap=1e-9)
    assume(base.status == "OPTIMAL" and base.itineraries)
    shuffled = dataclasses.replace(scn, orders=scn.orders[::-1], services=scn.services[::-1])
    again = make_plan(shuffled, time_limit=10, mip_gap=1e-9)
    bigger = dataclasses.replace(
        scn,
        services=tuple(
            dataclasses.replace(s, max_vehicles=s.max_vehicles + 2) for s in scn.services
        ),
    )
    roomier = make_plan(bigger, time_limit=10, mip_gap=1e-9)
    # only proven optima compare; a time limit hit on a slow machine proves nothing
    assume(again.status == "OPTIMAL" and roomier.status == "OPTIMAL")
    optimal()
    assert abs(again.objective - base.objective) <= 1e-6 * max(1.0, base.objective)
    assert roomier.objective <= base.objective + 1e-6 * max(1.0, base.objective)
