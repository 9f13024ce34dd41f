import json
from pathlib import Path

import numpy as np
import pytest
import vrplib

from hubflow.dispatch import Route, RoutingResult, Status, check_routes, read, solution_cost, solve
from hubflow.dispatch.large import read_coordinates
from hubflow.dispatch.readers import detect_format
from hubflow.dispatch.vroom_json import haversine_seconds
from hubflow.errors import ScenarioError


def test_vrplib_x_instance_bks_recosts_exactly(data_dir):
    p = read(data_dir / "X-n101-k25.vrp", "round")
    assert p.num_depots == 1 and len(p.clients) == 100
    assert p.vehicle_types[0].capacity == 206
    sol = vrplib.read_solution(str(data_dir / "X-n101-k25.sol"))
    routes = tuple(Route(0, tuple(r)) for r in sol["routes"])  # .sol customers = location ids
    assert solution_cost(p, routes) == sol["cost"] == 27591
    res = RoutingResult(Status.FEASIBLE, sol["cost"], routes)
    assert check_routes(p, res) == []


def test_solomon_reader_conventions(data_dir):
    assert detect_format(data_dir / "C101.txt") == "solomon"
    p = read(data_dir / "C101.txt", "exact")
    assert p.scale == 1000
    assert len(p.clients) == 100
    assert p.vehicle_types[0].num_available == 25 and p.vehicle_types[0].capacity == 200
    assert p.depots[0].tw_late == 1236 * 1000
    assert p.clients[0].service_duration == 90 * 1000
    d = read(data_dir / "C101.txt", "dimacs")
    assert d.distance[0, 1] == int(10 * np.hypot(45 - 40, 68 - 50))


def test_lilim_reader_builds_shipments(data_dir):
    assert detect_format(data_dir / "lc101.txt") == "lilim"
    p = read(data_dir / "lc101.txt", "exact")
    assert len(p.shipments) == 53 and not p.clients
    s = p.shipments[0]
    assert p.locations[s.pickup_location].x is not None
    assert s.amount > 0


def test_vroom_json_reader(data_dir):
    p = read(data_dir / "small_vroom.json")
    assert p.num_depots == 1
    assert len(p.clients) == 3 and len(p.shipments) == 1
    assert [vt.fixed_cost for vt in p.vehicle_types] == [0, 100]
    assert p.clients[2].pickup == 2
    # Job 10 and the shipment pickup share matrix index 1 but are two locations.
    assert p.distance[p.clients[0].location, p.shipments[0].pickup_location] == 0


def test_bad_files_raise_scenario_error(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("C1\n\nVEHICLE\nNUMBER CAPACITY\n 25 200\n\nCUSTOMER\n 0 1 2 3\n")
    with pytest.raises(ScenarioError, match="expected 7 numbers"):
        read(bad)
    with pytest.raises(ScenarioError):
        read(tmp_path / "missing.vrp")
    broken = tmp_path / "broken.vrp"
    broken.write_text(
        "NAME : x\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n1 0 0\n"
    )
    with pytest.raises(ScenarioError):
        read(broken)
    js = tmp_path / "p.json"
    js.write_text('{"vehicles": [{"id": 1, "start_index": 0}], "jobs": []')
    with pytest.raises(ScenarioError, match="invalid JSON"):
        read(js)


def test_vroom_json_with_coordinates_only_needs_haversine(data_dir):
    with pytest.raises(ScenarioError, match="--distances haversine"):
        read(data_dir / "vroom_coordinates.json")
    p = read(data_dir / "vroom_coordinates.json", distances="haversine")
    assert (p.num_depots, len(p.clients), len(p.shipments)) == (1, 4, 1)
    assert p.distance[0, 0] == 0 and (p.duration == p.duration.T).all()
    res = solve(p, backend="pyvrp", time_limit=0.3)
    assert res.status is Status.FEASIBLE and check_routes(p, res) == []


def test_haversine_seconds_by_hand():
    """One degree of longitude on the equator: 111.195 km, x 1.3 = 144.55 km, at 50 km/h
    10,407.9 s."""
    s = haversine_seconds(np.array([[0.0, 0.0], [1.0, 0.0]]), 1.3, 50.0)
    assert s.tolist() == [[0, 10408], [10408, 0]]


def test_outline_counts_locations_and_says_why_a_file_is_not_a_plain_cvrp(tmp_path, data_dir):
    from hubflow.dispatch.readers import outline
    from tests.dispatch.test_large import SIX

    files = {
        "six": SIX,
        "tw": SIX.replace(
            "DEPOT_SECTION",
            "TIME_WINDOW_SECTION\n" + "".join(f"{i} 0 10\n" for i in range(1, 8)) + "DEPOT_SECTION",
        ),
        "two": SIX.replace("DEPOT_SECTION\n1\n", "DEPOT_SECTION\n1\n2\n"),
        "fleet": SIX.replace("CAPACITY : 9", "CAPACITY : 9\nVEHICLES : 2"),
    }
    found = {}
    for name, text in files.items():
        (tmp_path / f"{name}.vrp").write_text(text)
        found[name] = outline(tmp_path / f"{name}.vrp")
    assert {k: o.locations for k, o in found.items()} == dict.fromkeys(files, 7)
    assert [o.not_plain for o in found.values()] == [
        "",
        "time windows (TIME_WINDOW_SECTION)",
        "2 depots",
        "VEHICLES",
    ]
    solomon = outline(data_dir / "C101.txt")
    assert (solomon.locations, solomon.not_plain) == (101, "time windows")


VROOM = {
    "vehicles": [{"id": 1, "start_index": 0, "end_index": 0, "capacity": [10]}],
    "jobs": [
        {"id": 1, "location_index": 1, "delivery": [3]},
        {"id": 2, "location_index": 2, "delivery": [4]},
    ],
    "matrix": [[0, 5, 6], [5, 0, 3], [6, 3, 0]],
}


def _vroom_with(change) -> dict:
    doc = json.loads(json.dumps(VROOM))
    change(doc)
    return doc


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda d: d.__setitem__("vehicles", 5), "vehicles", "expected a list"),
        (lambda d: d["vehicles"][0].__setitem__("capacity", 10), "vehicles[0].capacity", "list"),
        (lambda d: d["vehicles"][0].__setitem__("capacity", ["a"]), "capacity[0]", "whole number"),
        (lambda d: d["vehicles"][0].__setitem__("costs", "x"), "vehicles[0].costs", "an object"),
        (lambda d: d["vehicles"][0].__setitem__("time_window", [9, 1]), "time_window", "after"),
        (lambda d: d["jobs"][0].__setitem__("location_index", -1), "location_index", "outside 0"),
        (lambda d: d["jobs"][0].__setitem__("location_index", 3), "location_index", "3-row"),
        (lambda d: d["jobs"][0].__setitem__("location_index", "1"), "location_index", "whole"),
        (lambda d: d["jobs"][0].__setitem__("delivery", [10**30]), "delivery[0]", "outside"),
        (lambda d: d["jobs"][0].__setitem__("delivery", [2.5]), "delivery[0]", "2.5"),
        (lambda d: d["jobs"][0].__setitem__("time_windows", [5]), "time_windows[0]", "a list"),
        (lambda d: d["jobs"][1].__setitem__("id", 1), "jobs[1].id", "already used by jobs[0]"),
        (lambda d: d.__setitem__("jobs", [1]), "jobs[0]", "an object"),
        (
            lambda d: d.__setitem__("matrix", [[0, 5], [5, 0, 3], [6, 3, 0]]),
            "matrix[0]",
            "2 values",
        ),
        (
            lambda d: d.__setitem__("matrix", [[0, -5, 6], [5, 0, 3], [6, 3, 0]]),
            "matrix[0][1]",
            "-5",
        ),
        (lambda d: d.__setitem__("matrices", {"car": "x"}), "matrices.car", "an object"),
        (lambda d: d["matrix"][1].__setitem__(2, "3"), "matrix[1][2]", "got str '3'"),
        (
            lambda d: d["jobs"][0].__setitem__("delivery", [10**400]),
            "delivery[0]",
            "... is outside",
        ),
    ],
)
def test_a_bad_vroom_value_is_named_by_its_path(tmp_path, change, field, message):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_vroom_with(change)))
    with pytest.raises(ScenarioError) as caught:
        read(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path) and field in (problem.field or "")
    assert message in problem.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", "expected an object"),
        ("[" * 100_000 + "]" * 100_000, "nests too deeply"),
        (json.dumps(VROOM).replace('"delivery": [3]', '"delivery": [NaN]'), "NaN is not standard"),
        (json.dumps(VROOM).replace('"delivery": [3]', '"delivery": [1e400]'), "inf"),
    ],
)
def test_a_vroom_file_that_is_no_object_of_standard_json_is_refused(tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(ScenarioError, match=message):
        read(path)


def test_haversine_refuses_a_point_off_the_earth(tmp_path):
    doc = {
        "vehicles": [{"id": 1, "start": [113.6, 34.7]}],
        "jobs": [{"id": 1, "location": [113.7, 34.8]}, {"id": 2, "location": [200.0, 34.8]}],
    }
    path = tmp_path / "far.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(ScenarioError, match=r"jobs\[1\]\.location.*not a \[lon, lat\] on Earth"):
        read(path, distances="haversine")


@pytest.mark.parametrize(
    ("edit", "row", "field", "message"),
    [
        (("2 10 0", "2 nan 0"), 8, "NODE_COORD_SECTION", "nan is not a finite number"),
        (("2 10 0", "2 1e300 0"), 8, "NODE_COORD_SECTION", "beyond"),
        (("3 3\n", "3 -3\n"), 17, "DEMAND_SECTION", "negative amount -3"),
        (("DIMENSION : 7", "DIMENSION : 1000000000"), None, "NODE_COORD_SECTION", "7 rows"),
        (("7 -12 0\n", ""), None, "NODE_COORD_SECTION", "6 rows, but DIMENSION is 7"),
    ],
)
def test_a_bad_vrplib_value_is_named_by_its_line_and_section(tmp_path, edit, row, field, message):
    from tests.dispatch.test_large import SIX

    path = tmp_path / "bad.vrp"
    path.write_text(SIX.replace(*edit, 1))
    for reader in (read, read_coordinates):
        with pytest.raises(ScenarioError) as caught:
            reader(path)
        (problem,) = caught.value.problems
        assert (problem.row, problem.field) == (row, field)
        assert message in problem.message


@pytest.mark.parametrize(
    ("line", "value", "field", "message"),
    [(12, "nan", "XCOORD.", "not a finite number"), (12, "-5", "DEMAND", "negative")],
)
def test_a_bad_solomon_value_is_named_by_its_row_and_column(
    tmp_path, data_dir, line, value, field, message
):
    lines = (data_dir / "C101.txt").read_text().splitlines()
    tokens = lines[line - 1].split()
    tokens[1 if field == "XCOORD." else 3] = value
    lines[line - 1] = " ".join(tokens)
    path = tmp_path / "C101.txt"
    path.write_text("\n".join(lines))
    with pytest.raises(ScenarioError) as caught:
        read(path)
    (problem,) = caught.value.problems
    assert (problem.row, problem.field) == (line, field) and message in problem.message


def test_a_file_too_big_to_read_here_is_refused_before_it_is_read(tmp_path, monkeypatch):
    import hubflow.dispatch.readers as readers
    from tests.dispatch.test_large import SIX

    path = tmp_path / "six.vrp"
    path.write_text(SIX)
    monkeypatch.setattr(readers, "memory_budget", lambda: 40 * len(SIX.encode()) - 1)
    monkeypatch.setattr(Path, "read_text", lambda *_, **__: pytest.fail("the file was read"))
    for reader in (read, readers.outline, read_coordinates):
        with pytest.raises(ScenarioError, match=r"reading it takes about .* more than this"):
            reader(path)
    monkeypatch.undo()
    monkeypatch.setattr(readers, "memory_budget", lambda: 40 * len(SIX.encode()))
    assert read(path).num_depots == 1  # exactly at the budget
