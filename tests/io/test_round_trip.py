"""Scenario -> files -> Scenario gives back the same scenario, in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hubflow.io import (
    load_scenario,
    scenario_from_dict,
    scenario_to_dict,
    write_scenario_csv,
    write_scenario_json,
    write_scenario_xlsx,
)
from hubflow.model import Scenario

from .conftest import EXAMPLE, TINY

SOURCES = [pytest.param(TINY, id="tiny"), pytest.param(EXAMPLE, id="zhengzhou")]


@pytest.fixture(params=SOURCES)
def scenario(request: pytest.FixtureRequest) -> Scenario:
    return load_scenario(request.param)


def test_tiny_reads_as_written_by_hand() -> None:
    s = load_scenario(TINY)
    assert s.name == "tiny"
    assert s.parameters.start.isoformat() == "2026-03-02T00:00:00+08:00"
    assert s.parameters.lateness == "penalize"
    zzh = s.site("ZZH")
    assert zzh.hub and zzh.handling_minutes == 210 and zzh.yard_m2 == 20000
    assert s.site("GYS").yard_m2 is None and s.site("GYS").name == "Gongyi smelter, Henan"
    sha = s.site("SHA")  # empty optional cells take the model's defaults
    assert (sha.hub, sha.handling_cost_per_t, sha.source) == (False, 0.0, "")
    services = {svc.id: svc for svc in s.services}
    assert services["T-ZZH-CGO"].timetable.period == 90
    assert services["F-CGO-SHA"].cost_per_tkm == 0 and services["F-CGO-SHA"].co2e_g_per_tkm is None
    assert services["R-ZZH-SHA"].transit_minutes == 30 * 60
    releases = {o.id: (o.release, o.due) for o in s.orders}
    assert releases["O1"] == (8 * 60, 3 * 1440 + 8 * 60)  # naive = the start's offset
    assert releases["O3"][0] == 1440 + 9 * 60  # 01:00Z is 09:00 at +08:00
    assert releases["O4"][0] == 6 * 60  # a space instead of T is accepted
    assert s.fleet[0].count == 8


def test_csv_round_trip(scenario: Scenario, tmp_path: Path) -> None:
    write_scenario_csv(scenario, tmp_path / "a")
    again = load_scenario(tmp_path / "a")
    assert again == scenario
    write_scenario_csv(again, tmp_path / "b")
    written = sorted(f.name for f in (tmp_path / "a").iterdir())
    assert written == sorted(f.name for f in (tmp_path / "b").iterdir())
    assert {"scenario.toml", "sites.csv", "services.csv", "orders.csv"} <= set(written)
    for name in written:  # writing is deterministic
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_xlsx_round_trip(scenario: Scenario, tmp_path: Path) -> None:
    write_scenario_xlsx(scenario, tmp_path / "book.xlsx")
    assert load_scenario(tmp_path / "book.xlsx") == scenario


def test_json_round_trip(scenario: Scenario, tmp_path: Path) -> None:
    write_scenario_json(scenario, tmp_path / "s.json")
    assert load_scenario(tmp_path / "s.json") == scenario
    data = scenario_to_dict(scenario)
    assert scenario_from_dict(json.loads(json.dumps(data))) == scenario
    pools = {"pools"} if scenario.pools else set()
    assert (
        set(data) == {"parameters", "sites", "commodities", "services", "orders", "fleet"} | pools
    )
    assert isinstance(data["orders"][0]["release"], int)
    assert isinstance(data["services"][0]["timetable"], str)


def test_timestamps_round_to_the_nearest_minute(tiny: Path) -> None:
    text = (tiny / "orders.csv").read_text("utf-8")
    text = text.replace("2026-03-02T08:00,", "2026-03-02T08:00:29,")
    text = text.replace("2026-03-02T10:30+08:00,", "2026-03-02T10:30:30+08:00,")
    (tiny / "orders.csv").write_text(text, "utf-8")
    orders = {o.id: o for o in load_scenario(tiny).orders}
    assert orders["O1"].release == 480
    assert orders["O2"].release == 631  # half a minute rounds up


def test_fleet_file_is_optional(tiny: Path) -> None:
    (tiny / "fleet.csv").unlink()
    assert load_scenario(tiny).fleet == ()


def test_header_case_spaces_bom_and_blank_lines_are_tolerated(tiny: Path) -> None:
    path = tiny / "commodities.csv"
    lines = path.read_text("utf-8").splitlines()
    lines[0] = " ID , Name ,M2_per_t,source"
    path.write_text("\ufeff" + "\n".join([lines[0], "", *lines[1:], ""]) + "\n", "utf-8")
    assert load_scenario(tiny) == load_scenario(TINY)


def test_start_may_be_a_toml_string(tiny: Path) -> None:
    path = tiny / "scenario.toml"
    text = path.read_text("utf-8").replace(
        "start = 2026-03-02T00:00:00+08:00", 'start = "2026-03-02T00:00:00+08:00"'
    )
    path.write_text(text, "utf-8")
    assert load_scenario(tiny) == load_scenario(TINY)
