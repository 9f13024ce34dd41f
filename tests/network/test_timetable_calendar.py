"""A calendar inside the timetable text acts as the calendar columns do (hand-made cases)."""

from __future__ import annotations

import dataclasses

import pytest

from hubflow.check import check_plan
from hubflow.kpi import compute_kpis
from hubflow.model import Scenario, Timetable
from hubflow.planning import make_plan
from tests import cases_rules


def _with_timetable(scn: Scenario, text: str) -> Scenario:
    """``cases_rules.weekly_train`` with the train's timetable text replaced."""
    services = tuple(
        dataclasses.replace(s, timetable=Timetable.parse(text)) if s.id == "train" else s
        for s in scn.services
    )
    return dataclasses.replace(scn, services=services)


@pytest.mark.parametrize("method", ["mip", "colgen"])
@pytest.mark.parametrize(
    ("text", "cost", "train_hours"),
    [
        ("weekly Mon 08:00", 9014.0, [8]),
        ("weekly Mon 08:00 except 2026-03-02", 9308.0, [7 * 24 + 8]),
        ("weekly Mon 08:00 from 2026-03-09", 9308.0, [7 * 24 + 8]),
        ("weekly Mon 08:00 until 2026-03-08", 9014.0, [8]),
        ("weekly Mon 08:00 except 2026-03-02, 2026-03-09", 12000.0, []),
    ],
)
def test_a_calendar_in_the_text_moves_the_order_as_the_columns_do(method, text, cost, train_hours):
    """The costs derived in ``cases_rules.weekly_train``: this Monday's train 9,014, next
    Monday's 9,308, four trucks 12,000."""
    scn = _with_timetable(cases_rules.weekly_train(), text)
    plan = make_plan(scn, time_limit=10, mip_gap=0, method=method)
    assert check_plan(scn, plan, compute_kpis(scn, plan).to_dict()) == []
    assert plan.objective == pytest.approx(cost)
    assert sorted(r.departure / 60 for r in plan.departures if r.service == "train") == train_hours


def test_a_departure_on_a_day_off_in_the_text_is_caught():
    plan = make_plan(cases_rules.weekly_train(), time_limit=10, mip_gap=0)
    off = _with_timetable(cases_rules.weekly_train(), "weekly Mon 08:00 except 2026-03-02")
    assert check_plan(off, plan) == ["order o1: train has no departure at minute 480"]
