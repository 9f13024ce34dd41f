"""The checker finds every kind of wrong plan (each tampering below must be caught)."""

from __future__ import annotations

import dataclasses

import pytest

from hubflow.check import check_plan
from hubflow.kpi import compute_kpis
from hubflow.planning import make_plan
from tests import cases


@pytest.fixture(scope="module")
def solved():
    scn = cases.consolidation()
    plan = make_plan(scn, time_limit=10, mip_gap=0)
    kpis = compute_kpis(scn, plan).to_dict()
    assert check_plan(scn, plan, kpis) == []
    return scn, plan, kpis


def _legs(plan, fn):
    """The plan with ``fn`` applied to the first leg of the first itinerary."""
    it = plan.itineraries[0]
    legs = (fn(it.legs[0]), *it.legs[1:])
    return dataclasses.replace(
        plan, itineraries=(dataclasses.replace(it, legs=legs), *plan.itineraries[1:])
    )


def _violations(solved, plan, claims=None):
    scn, _, kpis = solved
    return "\n".join(check_plan(scn, plan, kpis if claims is None else claims))


def test_an_order_left_out_is_caught(solved):
    _, plan, _ = solved
    out = _violations(solved, dataclasses.replace(plan, itineraries=plan.itineraries[1:]))
    assert "unserved != 20.0000 t ordered" in out


def test_a_departure_not_in_the_timetable_is_caught(solved):
    _, plan, _ = solved
    it = plan.itineraries[0]  # both orders ride the train
    legs = tuple(
        dataclasses.replace(leg, departure=leg.departure + 60) if leg.mode == "rail" else leg
        for leg in it.legs
    )
    bad = dataclasses.replace(
        plan, itineraries=(dataclasses.replace(it, legs=legs), *plan.itineraries[1:])
    )
    assert "has no departure at minute" in _violations(solved, bad)


def test_leaving_before_arriving_is_caught(solved):
    """The first leg moved to arrive at the hub an hour after the second leg leaves it (by
    the plan's own times, so any of the case's optimal plans will do)."""
    _, plan, _ = solved
    first, second = plan.itineraries[0].legs[:2]
    late = second.departure - first.arrival + 60
    bad = _legs(
        plan,
        lambda leg: dataclasses.replace(
            leg, departure=leg.departure + late, arrival=leg.arrival + late
        ),
    )
    assert "leave H by minute" in _violations(solved, bad)


def test_overloaded_departure_is_caught(solved):
    _, plan, _ = solved
    bad = _legs(plan, lambda leg: dataclasses.replace(leg, tonnes=leg.tonnes + 15))
    out = _violations(solved, bad)
    assert "exceed 1 × 30.0 t" in out and "legs carry" in out


def test_wrong_cost_claim_is_caught(solved):
    _, plan, kpis = solved
    claims = dict(kpis, total_cost=kpis["total_cost"] - 1.0)
    assert "total_cost: the plan claims" in _violations(solved, plan, claims)


def test_a_bound_above_the_cost_is_caught(solved):
    _, plan, _ = solved
    bad = dataclasses.replace(plan, lower_bound=plan.objective * 1.1)
    assert "exceeds the plan's cost" in _violations(solved, bad)


def test_a_yard_over_its_limit_is_caught():
    scn = cases.small_yard(7.0)
    plan = make_plan(scn, time_limit=10, mip_gap=0)
    smaller = cases.small_yard(3.0)
    assert any("yard H" in v for v in check_plan(smaller, plan))


def test_transfer_at_a_site_that_is_not_a_hub_is_caught(solved):
    scn, plan, _ = solved
    no_hub = dataclasses.replace(
        scn, sites=tuple(dataclasses.replace(s, hub=False) for s in scn.sites)
    )
    assert any("not a hub" in v for v in check_plan(no_hub, plan))
