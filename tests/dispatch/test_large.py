"""Large CVRP by coordinates only: read without a matrix, solved part by part, checked."""

from __future__ import annotations

import numpy as np
import pytest

from hubflow.dispatch.large import LARGE_FROM, choose_method, read_coordinates, solve_large
from hubflow.dispatch.readers import outline
from hubflow.errors import ScenarioError
from tests.executors import InlineExecutor

#: a depot at the origin and six stops: three east (x 10-12), three west (x -10 to -12);
#: demand 3 each, capacity 9, so one route east and one west is optimal: 2 x (12 + 12) = 48
SIX = """NAME : six
TYPE : CVRP
DIMENSION : 7
EDGE_WEIGHT_TYPE : EUC_2D
CAPACITY : 9
NODE_COORD_SECTION
1 0 0
2 10 0
3 11 0
4 12 0
5 -10 0
6 -11 0
7 -12 0
DEMAND_SECTION
1 0
2 3
3 3
4 3
5 3
6 3
7 3
DEPOT_SECTION
1
-1
EOF
"""


@pytest.fixture
def six(tmp_path):
    path = tmp_path / "six.vrp"
    path.write_text(SIX)
    return read_coordinates(path)


def test_read_keeps_coordinates_and_demands_and_no_matrix(six):
    assert six.xy.shape == (7, 2) and six.capacity == 9
    assert six.demand.tolist() == [0, 3, 3, 3, 3, 3, 3]
    assert six.distance(np.array([0, 1]), np.array([6, 3])).tolist() == [12, 2]


def test_two_parts_solved_and_joined_give_the_optimum(six):
    routes, info = solve_large(six, 1.0, part_size=3, workers=2, executor=InlineExecutor)
    assert info["parts"] == 2
    assert sorted(int(v) for r in routes for v in r) == [1, 2, 3, 4, 5, 6]
    assert all(int(six.demand[r].sum()) <= six.capacity for r in routes)
    assert info["cost"] == sum(six.route_cost(r) for r in routes) == 48


def test_only_euclidean_coordinates_are_read_without_a_matrix(tmp_path):
    path = tmp_path / "explicit.vrp"
    path.write_text(SIX.replace("EUC_2D", "EXPLICIT"))
    with pytest.raises(ScenarioError, match="EUC_2D"):
        read_coordinates(path)


def plain_cvrp(stops: int, seed: int = 0, capacity: int = 10) -> str:
    """A generated plain CVRP: depot at (500, 500), ``stops`` at random integer points,
    demands 1-3."""
    rng = np.random.default_rng(seed)
    xy = rng.integers(0, 1000, size=(stops + 1, 2))
    xy[0] = 500
    demand = np.concatenate([[0], rng.integers(1, 4, size=stops)])
    lines = ["NAME : gen", "TYPE : CVRP", f"DIMENSION : {stops + 1}", "EDGE_WEIGHT_TYPE : EUC_2D"]
    lines += [f"CAPACITY : {capacity}", "NODE_COORD_SECTION"]
    lines += [f"{i} {x} {y}" for i, (x, y) in enumerate(xy, 1)]
    lines += ["DEMAND_SECTION", *(f"{i} {d}" for i, d in enumerate(demand, 1))]
    return "\n".join([*lines, "DEPOT_SECTION", "1", "-1", "EOF", ""])


def test_auto_takes_the_large_solver_from_the_threshold_up(tmp_path):
    below, at = tmp_path / "below.vrp", tmp_path / "at.vrp"
    below.write_text(plain_cvrp(LARGE_FROM - 1))
    at.write_text(plain_cvrp(LARGE_FROM))
    assert choose_method(below, outline(below)) == "dense"
    assert choose_method(at, outline(at)) == "large"
    assert choose_method(at, outline(at), "dense") == "dense"
    assert choose_method(below, outline(below), "large") == "large"


def test_auto_keeps_the_dense_path_when_the_large_solver_cannot_follow(tmp_path):
    at = tmp_path / "at.vrp"
    at.write_text(plain_cvrp(LARGE_FROM))
    assert choose_method(at, outline(at), round_func="exact") == "dense"
    assert choose_method(at, outline(at), backend="ortools") == "dense"
    assert choose_method(at, outline(at), iterations=100) == "dense"
    with pytest.raises(ScenarioError, match=r"--method large takes plain CVRP only.*--iterations"):
        choose_method(at, outline(at), "large", iterations=100)


def test_a_file_too_big_for_the_dense_path_is_refused_with_its_memory(tmp_path, monkeypatch):
    import hubflow.dispatch.large as large

    monkeypatch.setattr(large, "memory_budget", lambda: 10**6)  # 1 MB: 144 locations
    path = tmp_path / "gen.vrp"
    path.write_text(plain_cvrp(200))  # 201^2 x 48 bytes = 1.94 MB
    with pytest.raises(
        ScenarioError, match=r"200 stops: the dense path needs about 2 MB.*than this machine's 1 MB"
    ):
        choose_method(path, outline(path), "dense")
    assert choose_method(path, outline(path)) == "large"  # auto: too big for dense, so large
    tw = tmp_path / "tw.vrp"
    windows = "".join(f"{i} 0 1000\n" for i in range(1, 202))
    tw.write_text(
        plain_cvrp(200).replace("DEPOT_SECTION", f"TIME_WINDOW_SECTION\n{windows}DEPOT_SECTION")
    )
    with pytest.raises(ScenarioError, match=r"takes plain CVRP only.*here: time windows"):
        choose_method(tw, outline(tw))
