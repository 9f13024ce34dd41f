"""Handling by direction on the hand-made border case, by each design solver, checked."""

from __future__ import annotations

import dataclasses

import pytest

from hubflow.check import check_plan
from hubflow.kpi import compute_kpis
from hubflow.model import UnservedReason
from hubflow.planning import make_plan
from tests import cases_border
from tests.network.test_service_rules import METHODS, _solve


def _times(plan):
    """Per order, (service, departure h, arrival h) of each leg."""
    return {
        it.order: [(leg.service, leg.departure / 60, leg.arrival / 60) for leg in it.legs]
        for it in plan.itineraries
    }


@pytest.mark.parametrize("method", METHODS)
def test_export_and_import_clearance_take_their_own_time_cost_and_co2e(method):
    scn = cases_border.border()
    plan = _solve(scn, method)
    assert plan.objective == pytest.approx(7800.0)
    assert _times(plan) == {
        "export": [("a_x", 0, 4), ("x_c", 16, 24)],
        "import": [("c_x", 0, 26), ("x_a", 26, 30)],
    }
    kpis = compute_kpis(scn, plan)
    assert kpis.cost["handling"] == pytest.approx(4800.0)
    assert kpis.co2e_t_by_mode["handling"] == pytest.approx(0.18)


@pytest.mark.parametrize("method", METHODS)
def test_without_countries_no_leg_crosses_a_border(method):
    plan = _solve(cases_border.border(countries=False), method)
    assert plan.objective == pytest.approx(3000.0)
    assert {it.order: it.delivered / 60 for it in plan.itineraries} == {"export": 6, "import": 6}


def test_clearance_that_misses_the_due_time_leaves_the_order_unserved():
    plan = _solve(cases_border.border(export_due_h=23), "mip")
    assert [(u.order, u.reason) for u in plan.unserved] == [
        ("export", UnservedReason.NO_PATH_BEFORE_DUE)
    ]


def test_a_plan_that_skips_clearance_is_caught():
    """The plan made without countries, checked against the border: the crossing legs arrive
    before import clearance, leave X before export clearance, and claim too little handling."""
    scn = cases_border.border()
    plan = make_plan(cases_border.border(countries=False), time_limit=10, mip_gap=0)
    found = "\n".join(
        check_plan(scn, plan, compute_kpis(cases_border.border(False), plan).to_dict())
    )
    assert "order import: c_x departing 0 arrives at 1560, not 120" in found
    assert "order export: 30.000 t leave X by minute -480 but only 0.000 t are there" in found
    assert "cost.handling: the plan claims 0.0, recomputed 4800" in found


def test_a_tampered_handling_claim_is_caught():
    scn = cases_border.border()
    plan = make_plan(scn, time_limit=10, mip_gap=0)
    kpis = compute_kpis(scn, plan).to_dict()
    kpis["cost"]["handling"] -= 80 * 30  # the import clearance at X left out
    assert "cost.handling: the plan claims 2400.0, recomputed 4800" in "\n".join(
        check_plan(scn, plan, kpis)
    )
    early = dataclasses.replace(
        plan,
        itineraries=tuple(
            dataclasses.replace(
                it,
                legs=tuple(
                    dataclasses.replace(leg, departure=leg.departure - 4 * 60)
                    if leg.service == "x_c"
                    else leg
                    for leg in it.legs
                ),
            )
            for it in plan.itineraries
        ),
    )
    # leaving at 12 h, its goods would be in export clearance from 0 h, before they reach X
    found = "\n".join(check_plan(scn, early))
    assert "order export: 30.000 t leave X by minute 0 but only 0.000 t are there" in found
