"""The hand-made cases against the engine and the checker."""

from __future__ import annotations

import math

import pytest

from hubflow.check import check_plan
from hubflow.kpi import compute_kpis
from hubflow.planning import make_plan
from tests import cases


def _solve(scn):
    plan = make_plan(scn, time_limit=20, mip_gap=1e-6)
    kpis = compute_kpis(scn, plan)
    assert check_plan(scn, plan, kpis.to_dict()) == []
    return plan, kpis


def test_consolidation_through_the_hub_pays_off():
    plan, kpis = _solve(cases.consolidation())
    assert kpis.total_cost == pytest.approx(6400.0)
    assert plan.objective == pytest.approx(6400.0)
    assert plan.lower_bound == pytest.approx(6400.0, rel=1e-6)
    trains = [r for r in plan.departures if r.mode == "rail"]
    assert len(trains) == 1 and trains[0].load_t == pytest.approx(40.0)


@pytest.mark.parametrize("tonnes", [20, 60, 89, 91, 120, 400])
def test_train_beats_trucks_only_above_90_tonnes(tonnes):
    plan, kpis = _solve(cases.train_or_trucks(tonnes))
    assert kpis.total_cost == pytest.approx(min(3000.0 * math.ceil(tonnes / 30), 9000.0))
    modes = {r.mode for r in plan.departures}
    assert modes == ({"rail"} if tonnes > 90 else {"road"})


def test_due_time_forces_air():
    plan, kpis = _solve(cases.urgent(due_h=24))
    assert {r.mode for r in plan.departures} == {"air"}
    assert kpis.total_cost == pytest.approx(5000.0)
    plan, kpis = _solve(cases.urgent(due_h=72))
    assert {r.mode for r in plan.departures} == {"road"}
    assert kpis.on_time_pct == 100.0


def test_impossible_due_time_is_explained_not_dropped():
    plan, kpis = _solve(cases.urgent(due_h=5))
    assert plan.itineraries == ()
    # nothing can be planned: the empty plan is optimal, its objective the unserved penalty
    penalty = 2 * 100_000.0
    assert (plan.status, plan.objective, plan.lower_bound) == ("OPTIMAL", penalty, penalty)
    [u] = plan.unserved
    assert u.reason == "NO_PATH_BEFORE_DUE" and u.order == "o1"
    # earliest arrival: air at 10:00 + 6 h = 16:00, i.e. 11 h after the 05:00 due time
    assert "11.0 h after the due time" in u.detail
    assert kpis.on_time_pct == 0.0


def test_short_capacity_reports_the_tonnes_missing():
    plan, _ = _solve(cases.short_capacity())
    assert sum(u.tonnes for u in plan.unserved) == pytest.approx(10.0)
    assert {u.reason for u in plan.unserved} == {"CAPACITY"}
    assert sum(it.tonnes for it in plan.itineraries) == pytest.approx(30.0)


def test_yard_limit_is_respected_and_explained():
    _, free = _solve(cases.small_yard(None))
    plan, tight = _solve(cases.small_yard(7.0))
    assert free.total_cost == pytest.approx(1200.0)
    assert tight.total_cost == pytest.approx(1200.0)
    assert free.yard_peak_m2["H"] >= 7.0 - 1e-9
    assert tight.yard_peak_m2["H"] == pytest.approx(7.0)
    plan, short = _solve(cases.small_yard(5.0))
    assert short.yard_peak_m2["H"] <= 5.0 + 1e-9
    [u] = plan.unserved
    assert u.order == "o1" and u.reason == "YARD_FULL" and "the yard at H is full" in u.detail
    assert u.tonnes == pytest.approx(20 - 5 / 0.35, abs=1e-4)


def test_lateness_penalised_or_forbidden_per_scenario():
    plan, kpis = _solve(cases.late_allowed("forbid"))
    assert kpis.total_cost == pytest.approx(5000.0) and kpis.on_time_pct == 100.0
    plan, kpis = _solve(cases.late_allowed("penalize"))
    assert {r.mode for r in plan.departures} == {"road"}
    assert kpis.cost["lateness"] == pytest.approx(2 * 16 * 50)
    assert kpis.total_cost == pytest.approx(2200.0)
    assert plan.itineraries[0].late_minutes == 16 * 60
    assert kpis.on_time_pct == 0.0


@pytest.mark.parametrize(
    ("tonnes", "charter"), [(500, False), (600, False), (650, True), (1000, True)]
)
def test_an_optional_departure_runs_only_when_it_pays(tonnes, charter):
    plan, kpis = _solve(cases.charter(tonnes))
    boxes = math.ceil(tonnes / 25)
    assert kpis.total_cost == pytest.approx(min(1000.0 * boxes, 20_000 + 200.0 * boxes))
    assert any(r.service == "charter" for r in plan.departures) is charter
    assert kpis.cost["departure"] == (20_000 if charter else 0)
