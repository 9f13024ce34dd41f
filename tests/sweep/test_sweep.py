"""Sweeps: the same rows on every executor; a failing variant fails alone; bad grids never start."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from hubflow.cli import app
from hubflow.io import write_scenario_csv
from hubflow.io.variants import Change, Variant, parse_grid
from hubflow.planning import PlanOptions
from hubflow.sweep import PoolExecutor, RayExecutor, SequentialExecutor, run_sweep
from hubflow.sweep.executors import ray_available
from hubflow.sweep.page import Point, pareto_front, tick_labels
from hubflow.sweep.run import chains
from tests.sweep.land_cases import HUB_ROUTE, yard_or_trucks

EXACT = PlanOptions(time_limit=20, mip_gap=0, dispatch_time=0)
AXES = ["yard_area[H]=10,20,40", "carbon_price=0,500"]


def comparable(rows):
    return [{k: v for k, v in r.items() if k not in ("seconds", "cpu_seconds")} for r in rows]


@pytest.fixture(scope="module")
def sequential_rows():
    scn = yard_or_trucks(20.0)
    with SequentialExecutor() as ex:
        return run_sweep(scn, parse_grid(scn, AXES), EXACT, ex)


def test_a_sweep_plans_every_variant_with_its_figures(sequential_rows):
    rows = sequential_rows
    assert [r["index"] for r in rows] == list(range(6))
    assert all(r["status"] == "OPTIMAL" for r in rows)
    by_yard = {r["yard_m2"]["H"]: r["objective"] for r in rows if "carbon_price=0" in r["variant"]}
    assert by_yard == pytest.approx(
        {10.0: HUB_ROUTE + 1200, 20.0: HUB_ROUTE + 800, 40.0: HUB_ROUTE}
    )
    assert all(r["co2e_t"] > 0 and r["tonne_km_by_mode"]["road"] > 0 for r in rows)


def test_the_local_pool_gives_the_same_rows(sequential_rows):
    scn = yard_or_trucks(20.0)
    with PoolExecutor(2) as ex:
        rows = run_sweep(scn, parse_grid(scn, AXES), EXACT, ex)
    assert comparable(rows) == comparable(sequential_rows)


@pytest.mark.skipif(not ray_available(), reason="the ray extra is not installed")
def test_ray_on_a_local_runtime_gives_the_same_rows(sequential_rows):
    scn = yard_or_trucks(20.0)
    with RayExecutor(2) as ex:
        rows = run_sweep(scn, parse_grid(scn, AXES), EXACT, ex)
    assert comparable(rows) == comparable(sequential_rows)


@pytest.mark.skipif(not ray_available(), reason="the ray extra is not installed")
@pytest.mark.parametrize("method", ["auto", "colgen"])
def test_pool_and_ray_give_the_same_rows_at_default_options(method):
    """At the default 0.5 % gap a solve may stop at any plan within it: the rows must still
    be the same on both executors (colgen: warm-started chains too)."""
    scn = yard_or_trucks(20.0)
    grid = parse_grid(scn, ["yard_area[H]=10,15,20,25,30,40"])
    options, warm = PlanOptions(method=method), method == "colgen"
    with PoolExecutor(2) as ex:
        pool = run_sweep(scn, grid, options, ex, warm=warm)
    with RayExecutor(2) as ex:
        ray = run_sweep(scn, grid, options, ex, warm=warm)
    assert all(r["status"] == "OPTIMAL" for r in pool)
    assert comparable(ray) == comparable(pool)


def test_the_grid_is_cut_into_chains_by_its_order_alone():
    assert [list(c) for c in chains(7)] == [[0, 1, 2], [3, 4, 5], [6]]
    assert [list(c) for c in chains(2, 1)] == [[0], [1]]


def test_warm_chains_start_from_the_variant_before_and_keep_the_optimum():
    """Column generation carries its paths and plan along each chain of three; solved
    exactly, the rows are those of the cold sweep."""
    scn = yard_or_trucks(20.0)
    grid = parse_grid(scn, ["yard_area[H]=10,15,20,25,30,40"])
    options = EXACT.replace(method="colgen")
    with SequentialExecutor() as ex:
        warm = run_sweep(scn, grid, options, ex, warm=True)
        cold = run_sweep(scn, grid, options, ex)
    assert [r["warm"] for r in warm] == [False, True, True, False, True, True]
    assert not any(r["warm"] for r in cold)
    assert [r["objective"] for r in warm] == pytest.approx([r["objective"] for r in cold])


def test_an_invalid_variant_fails_alone_with_its_reason():
    scn = yard_or_trucks(20.0)
    bad = Variant((Change("yard_area", "H", -5.0),))  # made by hand, past the parser
    grid = [*parse_grid(scn, ["yard_area[H]=20"]), bad, *parse_grid(scn, ["yard_area[H]=40"])]
    seen = []
    with PoolExecutor(2) as ex:
        rows = run_sweep(scn, grid, EXACT, ex, progress=seen.append)
    assert [r["status"] for r in rows] == ["OPTIMAL", "FAILED", "OPTIMAL"]
    assert "yard_area[H]" in rows[1]["reason"] and ">= 0" in rows[1]["reason"]
    assert seen[-1].done == 2 and seen[-1].failed == 1 and seen[-1].running == 0


def test_the_pareto_front_keeps_the_points_nothing_beats():
    pts = [Point(1, 9, "a"), Point(2, 5, "b"), Point(3, 6, "c"), Point(4, 1, "d"), Point(2, 7, "e")]
    assert [p.label for p in pareto_front(pts)] == ["a", "b", "d"]


def test_the_command_writes_the_table_and_the_page(tmp_path):
    folder = tmp_path / "scn"
    write_scenario_csv(yard_or_trucks(20.0), folder)
    out = tmp_path / "out"
    args = ["sweep", str(folder), "--set", "yard_area[H]=*0.5,*2", "--mip-gap", "0"]
    result = CliRunner().invoke(app, [*args, "--out", str(out), "--json", "--workers", "1"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [r["status"] for r in doc["rows"]] == ["OPTIMAL", "OPTIMAL"]
    with (out / "sweep.csv").open() as f:
        table = list(csv.DictReader(f))
    assert [t["yard_area[H]"] for t in table] == ["*0.5", "*2"]
    assert float(table[1]["objective"]) == pytest.approx(HUB_ROUTE)
    assert {"peak_yard_m2_H", "tonne_km_rail", "unserved_t", "gap_pct"} <= table[0].keys()
    page = (out / "sweep.html").read_text()
    assert "Cost against CO2e" in page and "<script src" not in page


@pytest.mark.parametrize(
    ("axis", "words"),
    [("bogus=1", "unknown parameter"), ("yard_area[ZZ]=1", "unknown hub"), ("volume=x", "number")],
)
def test_a_bad_set_stops_the_command_before_any_solve(tmp_path, axis, words):
    folder = tmp_path / "scn"
    write_scenario_csv(yard_or_trucks(20.0), folder)
    out = tmp_path / "out"
    args = ["sweep", str(folder), "--set", "yard_area[H]=10", "--set", axis, "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert words in result.output
    assert not out.exists()


def test_json_on_stdout_stays_clean_of_the_workers_output(tmp_path):
    """Workers are separate processes: a solver banner of theirs must not reach stdout."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "scn"
    write_scenario_csv(yard_or_trucks(20.0), folder)
    cmd = [sys.executable, "-c", "from hubflow.cli import main; main()", "sweep", str(folder)]
    cmd += ["--set", "yard_area[H]=10,40", "--json", "--out", str(tmp_path / "out")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert [r["status"] for r in json.loads(done.stdout)["rows"]] == ["OPTIMAL", "OPTIMAL"]


def test_axis_labels_keep_enough_digits_to_differ():
    assert tick_labels([0, 5e6, 1e7]) == ["0", "5M", "10M"]
    assert tick_labels([27.55e6, 27.6e6, 27.65e6]) == ["27.55M", "27.6M", "27.65M"]


def test_the_command_warm_starts_chains_on_request(tmp_path):
    folder = tmp_path / "scn"
    write_scenario_csv(yard_or_trucks(20.0), folder)
    args = ["sweep", str(folder), "--set", "yard_area[H]=10,20,40", "--method", "colgen"]
    args += ["--warm", "--json", "--workers", "1", "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert [r["warm"] for r in json.loads(result.stdout)["rows"]] == [False, True, True]
