"""Left-out optional stops inserted as trips of their own from a reload depot."""

from __future__ import annotations

import numpy as np

from hubflow.dispatch import Client, Depot, Location, RoutingProblem, VehicleType, check_routes
from hubflow.dispatch.reloads import insert_with_reloads
from hubflow.dispatch.result import Route, RoutingResult, Status
from hubflow.dispatch.solve import solve

FAR = 10**6


def _twins(prize: int = 1000) -> RoutingProblem:
    """One truck, two stops 10 away from the depot whose direct drive is forbidden (FAR)."""
    d = np.array([[0, 10, 10], [10, 0, FAR], [10, FAR, 0]])
    return RoutingProblem(
        locations=(Location(), Location(), Location()),
        depots=(Depot(0),),
        clients=tuple(
            Client(location=i, delivery=1, tw_late=100, prize=prize, required=False) for i in (1, 2)
        ),
        vehicle_types=(VehicleType(num_available=1, capacity=1, reload_depots=(0,)),),
        distance=d,
        duration=d,
    )


def test_a_stop_left_out_goes_on_a_trip_of_its_own_through_the_depot():
    p = _twins()
    routes, delta = insert_with_reloads(p, [Route(0, (1,))])
    assert routes in ([Route(0, (1, 0, 2))], [Route(0, (2, 0, 1))])
    assert delta == 20 - 1000  # two more legs of 10, the prize no longer lost


def test_nothing_is_inserted_when_the_prize_does_not_pay_the_detour():
    assert insert_with_reloads(_twins(prize=15), [Route(0, (1,))]) == ([Route(0, (1,))], 0)


def test_solve_serves_both_stops_of_a_forbidden_pair_and_the_checker_agrees():
    p = _twins()
    res = solve(p, backend="pyvrp", time_limit=0.2)
    assert sorted(v for r in res.routes for v in r.visits) == [0, 1, 2]
    assert check_routes(p, res) == []
    assert res.cost == 40


def test_pinned_routes_are_left_as_they_are():
    p = _twins()
    res = RoutingResult(Status.FEASIBLE, 0, (Route(0, (1,)),))
    routes, delta = insert_with_reloads(p, list(res.routes), frozen=1)
    assert (routes, delta) == ([Route(0, (1,))], 0)
