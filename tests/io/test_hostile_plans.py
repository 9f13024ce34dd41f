"""Absurd input at the edges of the optional inputs: refused where no plan could honour it,
planned and explained where it is merely absurd (``hubflow plan`` in a child process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import hubflow

from .conftest import add_columns, problems, set_cell
from .hostile import (
    PLAN_PROGRAM,
    _closed_for_the_plan,
    _write_rows,
    enrich,
    plan_verdict,
)
from .test_bad_input import located

RAIL, AIR, SHUTTLE = 3, 4, 5  # spreadsheet rows in tests/io/data/tiny/services.csv
GRAMS = "1e-6"


UNDER_TEST = {"PYTHONPATH": str(Path(hubflow.__file__).parents[1])}


def run_plan(folder: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """``hubflow plan FOLDER --time-limit 5`` with the hubflow under test."""
    env = os.environ | UNDER_TEST
    command = [sys.executable, "-c", PLAN_PROGRAM, str(2 << 30), "plan", str(folder)]
    command += ["--time-limit", "5", "--no-store", "--json", "--out", str(out)]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=120, env=env, check=False
    )


def planned(folder: Path, out: Path) -> dict[str, dict[str, str]]:
    """The unserved orders by id of a plan that behaved (passes its checker, explains each)."""
    verdict = plan_verdict(folder, out, env=UNDER_TEST)
    assert verdict.outcome == "planned", verdict
    return {u["order"]: u for u in json.loads((out / "plan.json").read_text("utf-8"))["unserved"]}


@pytest.mark.parametrize(
    ("file", "row", "column", "expected"),
    [
        ("services.csv", RAIL, "capacity_t", "must be >= 0.01 (t per vehicle"),
        ("orders.csv", 2, "tonnes", "must be >= 0.001 (t in one order"),
        ("fleet.csv", 2, "capacity_t", "must be >= 0.5 (t per truck"),
    ],
)
def test_a_vehicle_or_order_of_a_few_grams_is_refused(
    tiny: Path, file: str, row: int, column: str, expected: str
) -> None:
    """Grams per vehicle or order put the vehicle counts below the solver's tolerances: its
    bound passed the plan's cost (services, orders) or dispatch split an order into millions of
    stops (own trucks)."""
    set_cell(tiny / file, row, column, GRAMS)
    assert expected in located(problems(tiny), file, row, column).message


def test_a_payload_of_a_microgram_is_refused(tiny: Path) -> None:
    enrich(tiny)
    set_cell(tiny / "services.csv", 2, "payload_t", f"ingot={GRAMS}")
    message = located(problems(tiny), "services.csv", 2, "payload_t").message
    assert "ingot: 1e-06 must be >= 0.01" in message


def test_plan_on_a_folder_with_a_microgram_payload_says_invalid_scenario(
    tiny: Path, tmp_path: Path
) -> None:
    enrich(tiny)
    set_cell(tiny / "services.csv", 2, "payload_t", f"ingot={GRAMS}")
    done = run_plan(tiny, tmp_path / "out")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("Invalid scenario (1 problem(s)):")
    assert 'services.csv, row 2, field "payload_t": ingot: 1e-06 must be >= 0.01' in done.stderr


@pytest.mark.parametrize(
    ("calendar", "expected"),
    [
        (" from 2026-02-30", "'from' takes an ISO 8601 date such as 2026-12-01, not '2026-02-30'"),
        (" from 2026-03-05 until 2026-03-04", "'until 2026-03-04' is before 'from 2026-03-05'"),
        (" until 0001-01-01", "until 0001-01-01 is before the plan's dates"),
        (" from 9999-12-31", "from 9999-12-31 is after the plan's dates"),
        (" except " + ", ".join(["2026-03-05"] * 1000), "characters long (at most 10,000)"),
        (" except 2026-03-05 except 2026-03-06", "'except' appears twice"),
    ],
)
def test_an_impossible_calendar_in_a_timetable_is_located(
    tiny: Path, calendar: str, expected: str
) -> None:
    set_cell(tiny / "services.csv", RAIL, "timetable", "daily 06:00" + calendar)
    assert expected in located(problems(tiny), "services.csv", RAIL, "timetable").message


def test_a_pool_with_limit_zero_leaves_every_order_unserved_with_its_reason(
    tiny: Path, tmp_path: Path
) -> None:
    every = "T-GYS-ZZH;R-ZZH-SHA;F-CGO-SHA;T-ZZH-CGO"
    _write_rows(tiny / "pools.csv", [["id", "services", "limit"], ["ZERO", every, "0"]])
    unserved = planned(tiny, tmp_path / "out")
    assert sorted(unserved) == ["O1", "O2", "O3", "O4"]
    assert {u["reason"] for u in unserved.values()} == {"CAPACITY"}


def test_a_balance_whose_returns_never_run_sends_no_vehicle_out(tiny: Path, tmp_path: Path) -> None:
    """The shuttle must bring back every rail vehicle, but its calendar closes every day."""
    set_cell(tiny / "services.csv", SHUTTLE, "timetable", "every 1.5h" + _closed_for_the_plan(tiny))
    header = ["id", "outbound", "returns", "slack"]
    _write_rows(tiny / "balances.csv", [header, ["WAGONS", "R-ZZH-SHA", "T-ZZH-CGO", "0"]])
    unserved = planned(tiny, tmp_path / "out")
    plan = json.loads((tmp_path / "out" / "plan.json").read_text("utf-8"))
    assert not [d for d in plan["departures"] if d["service"] == "R-ZZH-SHA"]
    assert "O4" in unserved  # its last leg was the shuttle


def test_a_minimum_load_no_order_can_fill_cancels_the_train_and_explains(
    tiny: Path, tmp_path: Path
) -> None:
    """The train runs only with 1,200 t; the orders weigh 216 t in all."""
    add_columns(tiny / "services.csv", ["min_load_t"], RAIL, min_load_t="1200")
    unserved = planned(tiny, tmp_path / "out")
    plan = json.loads((tmp_path / "out" / "plan.json").read_text("utf-8"))
    assert not [d for d in plan["departures"] if d["service"] == "R-ZZH-SHA"]
    assert all(u["reason"] and u["detail"] for u in unserved.values())


def test_a_calendar_closing_the_only_service_names_it_in_the_unserved_detail(
    tiny: Path, tmp_path: Path
) -> None:
    """O4 (GYS to the airport) has one way: the trucks to ZZH and the shuttle to CGO."""
    set_cell(tiny / "services.csv", SHUTTLE, "timetable", "every 1.5h" + _closed_for_the_plan(tiny))
    unserved = planned(tiny, tmp_path / "out")
    assert unserved["O4"]["reason"] == "NO_PATH_BEFORE_DUE"
    assert unserved["O4"]["detail"] == (
        "no chain of services connects GYS to CGO in the horizon; T-ZZH-CGO run no departure "
        "in the plan's dates (timetable and calendar)"
    )
