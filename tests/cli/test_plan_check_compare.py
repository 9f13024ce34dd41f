"""The CLI end to end on the built-in example: plan, check, compare, example, generate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hubflow.cli import app
from hubflow.export.manifest import write_manifest
from hubflow.io import load_scenario, write_scenario_csv
from tests import cases
from tests.example.example_loader import load as load_example_files
from tests.export import TABLES

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
    assert summary["objective"] >= summary["total_cost"]
    assert summary["options"]["design_stop"] == "work"
    assert summary["design_phases_at_time_limit"] == 0  # the network plan repeats


def test_plan_folder_is_self_contained(planned):
    out, summary = planned
    for name in (
        "plan.json",
        "report.html",
        *TABLES,
        "scenario/scenario.toml",
        "scenario/orders.csv",
    ):
        assert (out / name).is_file(), name
    doc = json.loads((out / "plan.json").read_text())
    assert len(doc["itineraries"]) == summary["delivered_orders"]
    assert all(it["legs"] for it in doc["itineraries"])
    assert summary["delivered_orders"] == 332 - 3
    assert {u["order"] for u in doc["unserved"]} == {"Z0901", "Z0902", "Z0903"}
    # the copy must read back as the shipped files do, read by the tests' own minimal reader
    assert load_scenario(out / "scenario") == load_example_files()


def test_check_accepts_the_plan_and_rejects_a_tampered_one(planned, tmp_path):
    out, _ = planned
    assert runner.invoke(app, ["check", str(out)]).exit_code == 0
    doc = json.loads((out / "plan.json").read_text())
    doc["itineraries"][0]["legs"][0]["tonnes"] *= 0.5
    doc["kpis"]["co2e_t"] += 1.0
    bad = tmp_path / "bad"
    shutil.copytree(out, bad)
    (bad / "plan.json").write_text(json.dumps(doc))
    write_manifest(bad, doc["scenario"])  # a consistent forgery: only recomputing catches it
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
    assert "Invalid scenario" in res.output


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--set", "carbon_price=abc"], "carbon_price"),
        (["--method", "nope"], "method"),
        (["--design-stop", "clock"], "design_stop"),
    ],
)
def test_a_bad_option_is_not_called_an_invalid_scenario(args, named):
    res = runner.invoke(app, ["plan", "--no-store", *args])
    assert res.exit_code == 2
    assert "Invalid input" in res.output and "Invalid scenario" not in res.output
    assert named in res.output


def test_plan_of_a_scenario_with_nothing_to_plan_is_stored(tmp_path):
    write_scenario_csv(cases.urgent(5), tmp_path / "s")  # no order can arrive in time
    db = f"sqlite:///{tmp_path / 'h.db'}"
    res = runner.invoke(
        app, ["plan", str(tmp_path / "s"), "--out", str(tmp_path / "o"), "--json", "--db", db]
    )
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert (doc["status"], doc["total_cost"], doc["unserved_orders"]) == ("OPTIMAL", 0.0, 1)
    assert doc["objective"] == doc["lower_bound"] == doc["unserved_penalty"] > 0  # all penalty
    assert doc["plan_id"] == 1
    assert runner.invoke(app, ["check", str(tmp_path / "o")]).exit_code == 0


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
