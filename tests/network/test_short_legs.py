"""Short legs chained with the handling that follows them (``chain_short_legs``), hand-made."""

from __future__ import annotations

import dataclasses

import pytest

from hubflow.check import check_plan
from hubflow.planning import make_plan
from tests import cases_short_legs
from tests.network.test_service_rules import METHODS, _solve


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    ("chain", "handling_h", "cost", "services"),
    [
        (False, 2, 5000.0, {"truck"}),
        (True, 2, 2200.0, {"shuttle", "train"}),
        (True, 3.5, 2200.0, {"shuttle", "train"}),  # handled at 04:00 sharp, as the train leaves
        (False, 4, 5000.0, {"truck"}),
        (True, 4, 5000.0, {"truck"}),
    ],
)
def test_a_short_shuttle_catches_the_train_only_when_chained(
    method, chain, handling_h, cost, services
):
    plan = _solve(cases_short_legs.shuttle(chain, handling_h), method)
    assert plan.objective == pytest.approx(cost)
    assert {r.service for r in plan.departures} == services
    if chain and cost == 2200.0:
        [it] = plan.itineraries
        assert [(leg.service, leg.departure, leg.arrival) for leg in it.legs] == [
            ("shuttle", 0, 30),  # in real minutes: handled by 02:30
            ("train", 240, 24 * 60),
        ]


@pytest.mark.parametrize("method", METHODS)
def test_a_short_last_leg_delivers_before_a_due_time_inside_its_step(method):
    plain = _solve(cases_short_legs.last_mile(False), method)
    [u] = plain.unserved
    assert "earliest possible arrival is 2.0 h after the due time" in u.detail
    chained = _solve(cases_short_legs.last_mile(True), method)
    assert chained.objective == pytest.approx(300.0)
    [it] = chained.itineraries
    assert (it.delivered, it.late_minutes) == (30, 0)


def test_the_checker_times_a_chained_transfer_in_real_minutes():
    plan = make_plan(cases_short_legs.shuttle(True), time_limit=10, mip_gap=0)
    assert check_plan(cases_short_legs.shuttle(True), plan) == []
    # with 4 h of handling the train is missed in real minutes (00:30 + 4 h = 04:30 > 04:00)
    slow = "\n".join(check_plan(cases_short_legs.shuttle(True, handling_h=4), plan))
    assert "order o1: 30.000 t leave T by minute 240 but only 0.000 t are there" in slow
    # an arrival stated before departure + transit is caught
    [it] = plan.itineraries
    early = dataclasses.replace(
        plan,
        itineraries=(
            dataclasses.replace(
                it,
                legs=tuple(
                    dataclasses.replace(leg, arrival=20) if leg.service == "shuttle" else leg
                    for leg in it.legs
                ),
            ),
        ),
    )
    found = check_plan(cases_short_legs.shuttle(True), early)
    assert "order o1: shuttle departing 0 arrives at 30, not 20" in found
