"""The same scenario and options give the same plan.json in two separate processes.

Apart from timings: every number a planner reads must be reproducible (the network plan from
HiGHS with the same seed and threads when its time limit does not bind; the truck routes, whose
searches stop on a count of iterations by default, when the clock does not cut them short, which
the plan reports). The two processes run at the same time, so each has a busy machine.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import hubflow
from hubflow.example import EXAMPLE_DIR

pytestmark = pytest.mark.slow

SRC = Path(hubflow.__file__).parents[1]
HUBFLOW = Path(sys.executable).parent / "hubflow"
ARGS = ["plan", "--no-store", "--json", "--time-limit", "60", "--dispatch-time", "2"]
TIME_LIKE = {"solve_seconds", "network_seconds"}  # at any depth: top level, stats, kpis, summary
# (and any other "..._seconds" figure, such as the column generation's lp_seconds)
ROUTING = {"routes", "unrouted"}  # what own-fleet truck routing decides
ROUTING_KPIS = {
    "truck_routes",
    "truck_km",
    "own_fleet_cost",
    "carrier_cost_replaced",
    "carrier_loads",
    "fleet_saving",
    "total_cost_with_fleet",
}


def timeless(x: Any) -> Any:
    """``x`` without time-like fields, and with the seconds in solver messages blanked."""
    if isinstance(x, dict):
        return {
            k: timeless(v)
            for k, v in x.items()
            if k not in TIME_LIKE and not str(k).endswith("_seconds")
        }
    if isinstance(x, list):
        return [timeless(v) for v in x]
    if isinstance(x, str):
        return re.sub(r"after [0-9.]+ s", "after ... s", x)
    return x


def without_routing(plan: dict) -> dict:
    """The network plan alone: ``plan`` without truck routes and the KPIs that depend on them."""
    out = {k: v for k, v in plan.items() if k not in ROUTING}
    for part in ("kpis", "summary"):
        out[part] = {k: v for k, v in plan[part].items() if k not in ROUTING_KPIS}
    return out


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory) -> tuple[dict, dict]:
    """The example planned by two ``hubflow plan`` processes running side by side, with its
    own trucks at half the cost per km (1.8 CNY): at 3.6 they beat the carriers on no load, and
    there would be no routes to compare."""
    tmp = tmp_path_factory.mktemp("determinism")
    scenario = shutil.copytree(EXAMPLE_DIR, tmp / "zhengzhou")
    fleet = scenario / "fleet.csv"
    fleet.write_text(fleet.read_text().replace(",3.6,50,", ",1.8,50,"))
    env = dict(os.environ, PYTHONPATH=str(SRC))
    procs = [
        subprocess.Popen(
            [str(HUBFLOW), *ARGS[:1], str(scenario), *ARGS[1:], "--out", str(tmp / name)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    a, b = (json.loads((tmp / name / "plan.json").read_text()) for name in ("a", "b"))
    return timeless(a), timeless(b)


def test_the_network_plan_is_the_same_in_two_processes(two_plans):
    a, b = two_plans
    assert a["status"] == "OPTIMAL"  # the time limit did not bind
    assert without_routing(a) == without_routing(b)


def test_the_truck_routes_are_the_same_in_two_processes(two_plans):
    a, b = two_plans
    assert a["routes"], "the example has own-fleet routes to compare"
    assert a["options"]["dispatch_stop"] == "iterations"
    assert a["stats"]["dispatch_waves_at_time_limit"] == 0  # no search cut short by the clock
    assert a == b


def colgen_plan(scenario) -> dict:
    """The example by column generation at a short limit, stopped on work (the default)."""
    from hubflow.planning import make_plan

    plan = make_plan(scenario, time_limit=4, dispatch_time=0, method="colgen")
    return timeless(plan.to_dict())


def test_column_generation_on_work_gives_the_same_plan_beside_a_busy_core():
    """At 4 s the clock used to cut colgen's phases at different rounds from run to run; on
    work they stop on counts, so the plan is the same twice, and with a CPU-bound process
    beside it."""
    from hubflow.io import load_scenario

    scenario = load_scenario(EXAMPLE_DIR)
    first = colgen_plan(scenario)
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        beside = colgen_plan(scenario)
    finally:
        busy.kill()
        busy.wait()
    assert first["stats"]["design_phases_at_time_limit"] == 0
    assert first["options"]["design_stop"] == "work"
    assert first == colgen_plan(scenario)
    assert first == beside
