"""The checker for plain CVRP routes by coordinates (no matrix): hand-made faults, each found."""

from __future__ import annotations

import numpy as np
import pytest

from hubflow.dispatch.checker import check_coordinate_routes
from hubflow.dispatch.result import Route, RoutingResult, Status, Unassigned

#: depot at the origin; stops 1-3 east at x 10, 11, 12 and 4 west at x -10; demand 3, capacity 9
XY = np.array([[0, 0], [10, 0], [11, 0], [12, 0], [-10, 0]], dtype=float)
DEMAND = np.array([0, 3, 3, 3, 3])
EAST, WEST = Route(0, (1, 2, 3)), Route(0, (4,))  # 24 and 20


def check(*routes: Route, cost: int = 44, unassigned=(), status=Status.FEASIBLE) -> list[str]:
    result = RoutingResult(status, cost, routes, tuple(unassigned))
    return check_coordinate_routes(XY, DEMAND, 9, result)


def test_a_valid_solution_passes():
    assert check(EAST, WEST) == []


@pytest.mark.parametrize(
    ("routes", "cost", "found"),
    [
        ((EAST, WEST), 43, "claimed cost 43 != recomputed cost 44"),
        ((EAST, Route(0, (4, 1))), 44 + 20, "visited by route 0 and route 1"),
        ((EAST,), 24, "location 4 is not visited"),
        ((Route(0, (1, 2, 3, 4)),), 44, "load 12 exceeds capacity 9"),
        ((EAST, Route(1, (4,))), 44, "unknown vehicle type 1"),
        ((EAST, Route(0, (0, 4))), 44, "outside [1, 5)"),
    ],
)
def test_each_fault_is_found(routes, cost, found):
    assert any(found in v for v in check(*routes, cost=cost))


def test_a_stop_left_out_with_a_reason_is_no_fault():
    assert (
        check(EAST, cost=24, unassigned=[Unassigned(4, "too heavy")], status=Status.PARTIAL) == []
    )
