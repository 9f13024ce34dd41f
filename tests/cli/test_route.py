import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hubflow.cli import app
from hubflow.dispatch import Route, RoutingResult, Status, check_routes, read
from tests.dispatch.test_large import plain_cvrp

DATA = Path(__file__).parent.parent / "dispatch" / "data"


def _args(*args: str) -> list[str]:
    # With route as the only command typer runs it without its name; once other commands are
    # registered, the name is needed.
    single = len(app.registered_commands) == 1 and not app.registered_groups
    return list(args) if single else ["route", *args]


def test_route_json_on_stdout_stays_clean_of_the_solver_banner():
    """The hubflow back-end recombines routes with HiGHS in this process; its banner (written
    by the library to the process's stdout, which ``CliRunner`` does not see) must not reach
    the JSON."""
    import os
    import subprocess
    import sys

    cmd = [sys.executable, "-c", "from hubflow.cli import main; main()"]
    cmd += _args(str(DATA / "X-n101-k25.vrp"), "--time-limit", "2", "--json")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["feasible"] is True


def test_route_json_contract():
    f = DATA / "X-n101-k25.vrp"
    out = CliRunner().invoke(app, _args(str(f), "--time-limit", "1", "--seed", "1", "--json"))
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert set(doc) == {"cost", "unit", "feasible", "status", "routes", "stopped_by", "method"}
    assert doc["stopped_by"] == "time_limit" and doc["method"] == "dense"
    assert doc["feasible"] is True and doc["status"] == "feasible"
    assert doc["unit"].startswith("distance in the file's units, each arc rounded to an integer")
    assert all(set(r) == {"vehicle_type", "visits"} for r in doc["routes"])
    visits = sorted(v for r in doc["routes"] for v in r["visits"])
    assert visits == list(range(1, 101))  # depots first in file order, not listed
    p = read(f, "round")
    routes = tuple(Route(r["vehicle_type"], tuple(r["visits"])) for r in doc["routes"])
    assert check_routes(p, RoutingResult(Status.FEASIBLE, doc["cost"], routes)) == []


@pytest.mark.parametrize("backend", ["pyvrp", "hubflow"])
def test_route_on_iterations_gives_the_same_routes_twice(backend):
    f = str(DATA / "X-n101-k25.vrp")
    args = _args(f, "-t", "60", "--iterations", "200", "--backend", backend, "--json")
    a, b = (CliRunner().invoke(app, args) for _ in range(2))
    assert a.exit_code == b.exit_code == 0, a.output
    doc = json.loads(a.stdout)
    assert doc["stopped_by"] == "iterations"
    assert doc == json.loads(b.stdout)


def test_route_iterations_refused_by_a_back_end_that_cannot_count_them():
    pytest.importorskip("ortools")
    f = str(DATA / "X-n101-k25.vrp")
    out = CliRunner().invoke(app, _args(f, "--iterations", "10", "--backend", "ortools"))
    assert out.exit_code == 2
    assert "cannot stop on --iterations" in out.output


def test_route_dimacs_cost_in_file_units():
    f = DATA / "C101.txt"
    out = CliRunner().invoke(app, _args(str(f), "-t", "1", "--round", "dimacs", "--json"))
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert 820 < doc["cost"] < 840  # C101 optimum 827.3 under DIMACS truncation
    assert "DIMACS: x10, truncated" in doc["unit"]


def test_route_table_and_bad_file(tmp_path):
    out = CliRunner().invoke(app, _args(str(DATA / "C101.txt"), "-t", "0.5"))
    assert out.exit_code == 0, out.output
    assert "cost" in out.stdout
    bad = tmp_path / "x.vrp"
    bad.write_text("garbage\n")
    out = CliRunner().invoke(app, _args(str(bad), "-t", "0.1"))
    assert out.exit_code == 2


def test_route_vroom_visits_are_the_files_job_ids():
    # small_vroom.json: jobs 10, 11, 12 and a shipment 20 -> 21; every id appears once.
    out = CliRunner().invoke(app, _args(str(DATA / "small_vroom.json"), "-t", "0.5", "--json"))
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    visits = [v for r in doc["routes"] for v in r["visits"]]
    assert sorted(visits) == [10, 11, 12, 20, 21]
    assert doc["unit"].startswith("VROOM cost")
    [route] = [r for r in doc["routes"] if 20 in r["visits"]]
    assert route["visits"].index(20) < route["visits"].index(21)  # pickup before delivery


def test_no_solution_in_time_is_its_own_exit_code(monkeypatch):
    import hubflow.dispatch

    def nothing_found(problem, **kw):
        return RoutingResult(Status.NO_SOLUTION, 0, (), backend="hubflow")

    monkeypatch.setattr(hubflow.dispatch, "solve", nothing_found)
    f = str(DATA / "C101.txt")
    out = CliRunner().invoke(app, _args(f, "-t", "0.1", "--json"))
    assert out.exit_code == 4, out.output
    assert json.loads(out.stdout)["status"] == "no_solution"
    out = CliRunner().invoke(app, _args(f, "-t", "0.1"))
    assert out.exit_code == 4 and "no solution found within the time limit" in out.stdout


def test_a_stop_no_truck_can_carry_exits_1(tmp_path):
    # Capacity 10, one client demands 20: proven that it cannot be served.
    f = tmp_path / "heavy.vrp"
    f.write_text(
        "NAME : heavy\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\nCAPACITY : 10\n"
        "NODE_COORD_SECTION\n1 0 0\n2 1 0\n3 2 0\nDEMAND_SECTION\n1 0\n2 5\n3 20\n"
        "DEPOT_SECTION\n1\n-1\nEOF\n"
    )
    out = CliRunner().invoke(app, _args(str(f), "-t", "0.2", "--json"))
    assert out.exit_code == 1, out.output
    doc = json.loads(out.stdout)
    assert doc["status"] == "partial" and [r["visits"] for r in doc["routes"]] == [[1]]


def test_route_vroom_coordinates_with_haversine_distances():
    path = str(DATA / "vroom_coordinates.json")
    refused = CliRunner().invoke(app, _args(path, "-t", "0.3", "--json"))
    assert refused.exit_code == 2 and "--distances haversine" in refused.output
    out = CliRunner().invoke(app, _args(path, "-t", "0.3", "--json", "--distances", "haversine"))
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    assert "great-circle" in doc["unit"]
    assert sorted(v for r in doc["routes"] for v in r["visits"]) == [1, 2, 3, 4, 5, 6]


def test_a_bad_value_is_named_in_full_on_one_line(tmp_path):
    """The error is printed as text, not as console markup: ``[lon, lat]`` and ``jobs[1]``
    stay in the message, on one line, without a traceback."""
    doc = json.loads((DATA / "vroom_coordinates.json").read_text())
    doc["jobs"][1]["location"] = [200.0, 34.8]
    path = tmp_path / "far.json"
    path.write_text(json.dumps(doc))
    out = CliRunner().invoke(app, _args(str(path), "-t", "0.3", "--distances", "haversine"))
    assert out.exit_code == 2 and "Traceback" not in out.output
    assert 'field "jobs[1].location": [200.0, 34.8] is not a [lon, lat] on Earth' in out.output


def test_a_generated_cvrp_forced_through_the_large_solver_gives_checked_routes(tmp_path):
    f = tmp_path / "gen.vrp"
    f.write_text(plain_cvrp(60, seed=3))
    out = CliRunner().invoke(app, _args(str(f), "-t", "1", "--method", "large", "--json"))
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert doc["method"] == "large" and doc["status"] == "feasible"
    routes = tuple(Route(r["vehicle_type"], tuple(r["visits"])) for r in doc["routes"])
    result = RoutingResult(Status.FEASIBLE, doc["cost"], routes)
    assert check_routes(read(f, "round"), result) == []  # the dense checker agrees
    table = CliRunner().invoke(app, _args(str(f), "-t", "1", "--method", "large"))
    assert table.exit_code == 0, table.output
    assert "method large (1 parts)" in table.stdout and "checker: ok" in table.stdout


def test_auto_routes_a_plain_cvrp_from_the_threshold_up_without_a_matrix(tmp_path, monkeypatch):
    import hubflow.dispatch.large as large

    monkeypatch.setattr(large, "LARGE_FROM", 40)
    below, at = tmp_path / "below.vrp", tmp_path / "at.vrp"
    below.write_text(plain_cvrp(39))
    at.write_text(plain_cvrp(40))
    methods = []
    for f in (below, at):
        out = CliRunner().invoke(app, _args(str(f), "-t", "0.5", "--json"))
        assert out.exit_code == 0, out.output
        methods.append(json.loads(out.stdout)["method"])
    assert methods == ["dense", "large"]


def test_the_help_names_the_threshold():
    from hubflow.dispatch.large import LARGE_FROM

    out = CliRunner().invoke(app, _args("--help"))
    assert f"{LARGE_FROM:,} stops or more" in " ".join(out.output.replace("│", " ").split())


def test_a_file_too_big_for_the_dense_path_that_the_large_solver_cannot_take_is_refused(
    tmp_path, monkeypatch
):
    import hubflow.dispatch.large as large

    monkeypatch.setattr(large, "memory_budget", lambda: 10**5)  # 100 kB: 45 locations
    two = tmp_path / "two_depots.vrp"
    two.write_text(plain_cvrp(60).replace("DEPOT_SECTION\n1\n", "DEPOT_SECTION\n1\n2\n"))
    out = CliRunner().invoke(app, _args(str(two), "-t", "0.5"))
    assert out.exit_code == 2
    assert out.exception is None or isinstance(out.exception, SystemExit)  # no traceback
    text = " ".join(out.output.split())
    assert "60 stops: the dense path needs about 179 kB" in text
    assert "more than this machine's 100 kB" in text and "here: 2 depots" in text


def test_the_large_path_reports_what_its_checker_finds(tmp_path, monkeypatch):
    import hubflow.dispatch.large as large

    f = tmp_path / "gen.vrp"
    f.write_text(plain_cvrp(5))

    def one_stop_missing(path, time_limit, **kw):
        cvrp = large.read_coordinates(path)
        result = RoutingResult(Status.FEASIBLE, 0, (Route(0, (1, 2, 3, 4)),), info={"parts": 1})
        return cvrp, result

    monkeypatch.setattr(large, "route_large", one_stop_missing)
    out = CliRunner().invoke(app, _args(str(f), "--method", "large", "--json"))
    assert "location 5 is not visited" in out.output and "claimed cost 0" in out.output
    out = CliRunner().invoke(app, _args(str(f), "--method", "large"))
    assert "location 5 is not visited" in " ".join(out.output.split())


def test_a_back_end_that_cannot_take_the_file_says_why_and_exits_2():
    """VROOM cannot state a backhaul file's forbidden arcs (they pass its 32-bit integers)."""
    path = Path(__file__).parents[2] / "bench" / "data" / "vrpb" / "X-n524-50-k125.vrp"
    out = CliRunner().invoke(app, _args(str(path), "-t", "1", "--backend", "vroom"))
    assert out.exit_code == 2, out.output
    assert "VROOM back-end: matrix entries above 2^32 - 1" in " ".join(out.output.split())
