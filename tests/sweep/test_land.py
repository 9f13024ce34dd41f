"""Land values on a hub whose yard trades against direct trucks (tests/sweep/land_cases.py)."""

from __future__ import annotations

import json
import math

import pytest
from typer.testing import CliRunner

from hubflow.cli import app
from hubflow.io import write_scenario_csv
from hubflow.planning import PlanOptions, plan_scenario
from hubflow.sweep import SequentialExecutor
from hubflow.sweep.land import land_values
from hubflow.sweep.land_page import write_land
from hubflow.sweep.land_section import land_section
from tests.sweep.land_cases import DIRECT_TRUCK, HUB_ROUTE, yard_or_trucks

EXACT = PlanOptions(time_limit=20, mip_gap=0, dispatch_time=0)
PER_WEEK = 7 / 3  # the cases plan 3 days


def values(yard_m2: float, direct_per_t: float = 0.0, delta: float = 0.1):
    scn = yard_or_trucks(yard_m2, direct_per_t)
    outcome = plan_scenario(scn, EXACT)
    with SequentialExecutor() as ex:
        land = land_values(scn, outcome, EXACT, ex, delta=delta, curve=())
    return outcome, land.hubs[0]


@pytest.mark.parametrize("yard", [10.0, 20.0, 30.0])
def test_the_plan_pays_one_truck_per_missing_batch_of_ten_m2(yard):
    outcome, _ = values(yard)
    trucks = math.ceil((40 - yard) / 10)
    assert outcome.kpis.objective == pytest.approx(HUB_ROUTE + DIRECT_TRUCK * trucks)


def test_one_less_m2_below_a_batch_boundary_costs_a_whole_truck():
    """At 30 m² the direct trucks carry 10 t in one truck; at 27 m², 13 t need two."""
    _, hub = values(30.0)
    assert hub.less_per_m2_week * 3 / PER_WEEK == pytest.approx(DIRECT_TRUCK)  # over 3 m²
    assert hub.more_per_m2_week == pytest.approx(0.0)  # 33 m²: still one truck
    # The dual keeps the trucks, and the one direct truck is exactly full: one more m² saves
    # nothing, one less leaves a tonne unserved. The LP is degenerate there; its dual lies
    # anywhere between the two, never near the price of the truck that re-planning buys.
    penalty = yard_or_trucks(30.0).parameters.unserved_cost_per_t
    assert 0.0 <= hub.dual_per_m2_week / PER_WEEK <= penalty + 1e-6
    assert hub.binding_hours == 12  # the 12 h wait for the train, full


def test_dual_and_finite_difference_agree_when_the_design_does_not_change():
    """At 25 m² (±2.5) two direct trucks run either way; a m² moves a tonne off them: 20."""
    _, hub = values(25.0, direct_per_t=20.0)
    assert hub.dual_per_m2_week == pytest.approx(20.0 * PER_WEEK)
    assert hub.finite_difference_per_m2_week == pytest.approx(20.0 * PER_WEEK)
    assert hub.more_per_m2_week == pytest.approx(hub.less_per_m2_week)


def test_a_yard_that_never_binds_is_worth_nothing():
    outcome, hub = values(100.0, direct_per_t=20.0)
    assert outcome.kpis.objective == pytest.approx(HUB_ROUTE)
    assert hub.dual_per_m2_week == 0.0
    assert hub.finite_difference_per_m2_week == 0.0
    assert hub.binding_hours == 0
    assert not hub.replanned


def test_the_curve_runs_from_unserved_to_where_the_limit_stops_binding():
    scn = yard_or_trucks(20.0)
    outcome = plan_scenario(scn, EXACT)
    with SequentialExecutor() as ex:
        land = land_values(scn, outcome, EXACT, ex, curve=(0.5, 1.5, 2.5))
    points = {p.factor: p for p in land.hubs[0].curve}
    costs = [points[f].objective for f in sorted(points)]
    assert costs == sorted(costs, reverse=True)  # more land never costs more
    assert points[2.5].objective == pytest.approx(HUB_ROUTE)  # 50 m²: no longer binding
    assert points[2.5].peak_m2 == pytest.approx(40.0)
    assert land.to_json()["hubs"][0].keys() == {
        "hub",
        "dual_per_m2_week",
        "finite_difference_per_m2_week",
        "binding_hours",
    }


def test_the_command_prints_only_the_values(tmp_path):
    folder = tmp_path / "scn"
    write_scenario_csv(yard_or_trucks(25.0, direct_per_t=20.0), folder)
    out = tmp_path / "land"
    args = ["land", str(folder), "--json", "--mip-gap", "0", "--workers", "1", "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["currency"] == "CNY"
    [hub] = doc["hubs"]
    assert hub["hub"] == "H" and hub["binding_hours"] == 12
    assert hub["dual_per_m2_week"] == pytest.approx(20.0 * PER_WEEK)
    assert hub["finite_difference_per_m2_week"] == pytest.approx(20.0 * PER_WEEK)
    assert {p.name for p in out.iterdir()} >= {"land.json", "land.csv", "land_curve.csv"}


def test_an_unknown_hub_is_refused_before_planning(tmp_path):
    folder = tmp_path / "scn"
    write_scenario_csv(yard_or_trucks(25.0), folder)
    result = CliRunner().invoke(app, ["land", str(folder), "--hub", "ZZ", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "ZZ" in result.output and "no hub with a yard limit" in result.output


def test_the_reports_land_section_shows_the_dual_and_after_hubflow_land_the_rest():
    """Every report: hours full and the dual per m² per week; with land's values: the finite
    difference, one more and one less m², and the land curve (base plan included)."""
    scn = yard_or_trucks(25.0, direct_per_t=20.0)
    outcome = plan_scenario(scn, EXACT)
    plain = land_section(outcome.scenario, outcome.kpis)
    dual = f"{20.0 * PER_WEEK:,.2f}"  # 46.67
    assert dual in plain and "hours full" in plain and "run <code>hubflow land</code>" in plain
    assert "finite diff." not in plain and "<svg" not in plain
    with SequentialExecutor() as ex:
        land = land_values(scn, outcome, EXACT, ex, curve=(0.5, 1.5))
    full = land_section(outcome.scenario, outcome.kpis, land)
    assert "finite diff." in full and "one less m²" in full and full.count(dual) >= 2
    assert full.count("<circle") == 5  # × 0.5, 0.9, 1 (today), 1.1, 1.5
    assert "today (25 m²)" in full


def test_hubflow_land_writes_the_report_with_both_values(tmp_path):
    scn = yard_or_trucks(25.0, direct_per_t=20.0)
    outcome = plan_scenario(scn, EXACT)
    with SequentialExecutor() as ex:
        land = land_values(scn, outcome, EXACT, ex, curve=())
    write_land(tmp_path, outcome, land)
    report = (tmp_path / "report.html").read_text()
    assert 'id="land"' in report and "finite diff." in report
