import json
from pathlib import Path

from typer.testing import CliRunner

from hubflow.cli import app
from hubflow.dispatch import Route, RoutingResult, Status, check_routes, read

DATA = Path(__file__).parent.parent / "dispatch" / "data"


def _args(*args: str) -> list[str]:
    # With route as the only command typer runs it without its name; once other commands are
    # registered, the name is needed.
    single = len(app.registered_commands) == 1 and not app.registered_groups
    return list(args) if single else ["route", *args]


def test_route_json_contract():
    f = DATA / "X-n101-k25.vrp"
    out = CliRunner().invoke(app, _args(str(f), "--time-limit", "1", "--seed", "1", "--json"))
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert set(doc) == {"cost", "feasible", "routes"}
    assert doc["feasible"] is True
    assert all(set(r) == {"vehicle_type", "visits"} for r in doc["routes"])
    visits = sorted(v for r in doc["routes"] for v in r["visits"])
    assert visits == list(range(1, 101))  # depots first in file order, not listed
    p = read(f, "round")
    routes = tuple(Route(r["vehicle_type"], tuple(r["visits"])) for r in doc["routes"])
    assert check_routes(p, RoutingResult(Status.FEASIBLE, doc["cost"], routes)) == []


def test_route_dimacs_cost_in_file_units():
    f = DATA / "C101.txt"
    out = CliRunner().invoke(app, _args(str(f), "-t", "1", "--round", "dimacs", "--json"))
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert 820 < doc["cost"] < 840  # C101 optimum 827.3 under DIMACS truncation


def test_route_table_and_bad_file(tmp_path):
    out = CliRunner().invoke(app, _args(str(DATA / "C101.txt"), "-t", "0.5"))
    assert out.exit_code == 0, out.output
    assert "cost" in out.stdout
    bad = tmp_path / "x.vrp"
    bad.write_text("garbage\n")
    out = CliRunner().invoke(app, _args(str(bad), "-t", "0.1"))
    assert out.exit_code == 2
