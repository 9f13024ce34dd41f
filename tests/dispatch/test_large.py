"""Large CVRP by coordinates only: read without a matrix, solved part by part, checked."""

from __future__ import annotations

import numpy as np
import pytest

from hubflow.dispatch.large import read_coordinates, solve_large
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
    with pytest.raises(ValueError, match="EUC_2D"):
        read_coordinates(path)
