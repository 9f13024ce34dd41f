"""The CLI end to end on the built-in example: plan, check, compare, example, generate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hubflow.cli import app
from hubflow.io import load_scenario

runner = CliRunner()
SUMMARY_KEYS = {
    "orders",
    "on_time_pct",
    "total_cost",
    "lower_bound",
    "gap_pct",
    "co2e_t",
    "tonne_km",
    "peak_yard_m2",
    "solve_seconds",
}


@pytest.fixture(scope="module")
def planned(tmp_path_factory) -> tuple[Path, dict]:
    tmp = tmp_path_factory.mktemp("plan")
    out = tmp / "out"
    res = runner.invoke(
        app,
        [
            "plan",
            "--out",
            str(out),
            "--time-limit",
            "60",
            "--json",
            "--db",
            f"sqlite:///{tmp / 'h.db'}",
        ],
    )
    assert res.exit_code == 0, res.output
    return out, json.loads(res.stdout)


def test_plan_json_summary_has_the_contract_keys(planned):
    _, summary = planned
    assert summary.keys() >= SUMMARY_KEYS
    assert summary["orders"] == 332
    assert summary["gap_pct"] <= 1.0
    assert summary["lower_bound"] <= summary["objective"] * (1 + 1e-6)


def test_plan_folder_is_self_contained(planned):
    out, summary = planned
    for name in (
        "plan.json",
        "report.html",
        "itineraries.csv",
        "departures.csv",
        "trucks.csv",
        "unserved.csv",
        "yard.csv",
        "scenario/scenario.toml",
        "scenario/orders.csv",
    ):
        assert (out / name).is_file(), name
    doc = json.loads((out / "plan.json").read_text())
    assert len(doc["itineraries"]) == summary["delivered_orders"]
    assert all(it["legs"] for it in doc["itineraries"])
    assert {u["order"] for u in doc["unserved"]} == {"Z0901", "Z0902", "Z0903"}
    assert load_scenario(out / "scenario").orders == load_scenario(out / "scenario").orders


def test_check_accepts_the_plan_and_rejects_a_tampered_one(planned, tmp_path):
    out, _ = planned
    assert runner.invoke(app, ["check", str(out)]).exit_code == 0
    doc = json.loads((out / "plan.json").read_text())
    doc["itineraries"][0]["legs"][0]["tonnes"] *= 0.5
    doc["kpis"]["co2e_t"] += 1.0
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "scenario").symlink_to(out / "scenario")
    (bad / "plan.json").write_text(json.dumps(doc))
    res = runner.invoke(app, ["check", str(bad)])
    assert res.exit_code == 1
    assert "co2e_t" in res.output and doc["itineraries"][0]["order"] in res.output


def test_check_of_a_folder_without_plan_is_an_input_error(tmp_path):
    assert runner.invoke(app, ["check", str(tmp_path)]).exit_code == 2


def test_plan_of_a_broken_scenario_names_file_row_field(tmp_path):
    assert runner.invoke(app, ["example", str(tmp_path)]).exit_code == 0
    orders = tmp_path / "zhengzhou" / "orders.csv"
    lines = orders.read_text().splitlines()
    lines[3] = lines[3].replace(lines[3].split(",")[4], "-5", 1)
    orders.write_text("\n".join(lines) + "\n")
    res = runner.invoke(
        app, ["plan", str(tmp_path / "zhengzhou"), "--no-store", "--out", str(tmp_path / "o")]
    )
    assert res.exit_code == 2
    assert "orders.csv" in res.output and "row 4" in res.output and "tonnes" in res.output


def test_compare_one_scenario_under_two_carbon_prices(tmp_path):
    res = runner.invoke(
        app,
        [
            "compare",
            "--set-a",
            "carbon_price=0",
            "--set-b",
            "carbon_price=200",
            "--json",
            "--time-limit",
            "60",
            "--out",
            str(tmp_path),
        ],
    )
    assert res.exit_code == 0, res.output
    page = (tmp_path / "compare.html").read_text(encoding="utf-8")
    assert "A: example, carbon_price=0" in page and "B: example, carbon_price=200" in page
    doc = json.loads(res.stdout)
    assert doc["a"]["cost"]["carbon"] == 0
    assert doc["b"]["cost"]["carbon"] == pytest.approx(200 * doc["b"]["co2e_t"])
    assert doc["diff"]["co2e_t"] == pytest.approx(doc["b"]["co2e_t"] - doc["a"]["co2e_t"])


def test_compare_rejects_an_unknown_parameter():
    res = runner.invoke(app, ["compare", "--set-b", "carbon=200"])
    assert res.exit_code == 2 and "carbon=200" in res.output


def test_example_writes_folder_and_workbook_that_load_alike(tmp_path):
    assert runner.invoke(app, ["example", str(tmp_path)]).exit_code == 0
    a = load_scenario(tmp_path / "zhengzhou")
    b = load_scenario(tmp_path / "zhengzhou.xlsx")
    assert a.orders == b.orders and a.services == b.services


def test_generate_is_deterministic_for_a_seed(tmp_path):
    for name in ("a", "b"):
        res = runner.invoke(
            app, ["generate", "--orders", "120", "--seed", "7", "--out", str(tmp_path / name)]
        )
        assert res.exit_code == 0, res.output
    assert (tmp_path / "a" / "orders.csv").read_text() == (
        tmp_path / "b" / "orders.csv"
    ).read_text()
    assert len(load_scenario(tmp_path / "a").orders) == 120
