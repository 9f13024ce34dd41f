"""Stops, trips and routes that cost more than the prizes they collect are left out."""

from __future__ import annotations

import numpy as np

from hubflow.dispatch import Client, Depot, Location, RoutingProblem, VehicleType, check_routes
from hubflow.dispatch.prizes import drop_unprofitable
from hubflow.dispatch.result import Route, RoutingResult, Status
from hubflow.dispatch.solve import solve


def _pair_far_away(prize: int, near_prize: int = 0) -> RoutingProblem:
    """Stops 1 and 2 at the same far place, 50 from the depot and 1 apart; stop 3 at 5 from
    the depot. Distance costs 1 per unit; a truck carries all three."""
    d = np.array([[0, 50, 50, 5], [50, 0, 1, 50], [50, 1, 0, 50], [5, 50, 50, 0]])
    prizes = (prize, prize, near_prize)
    return RoutingProblem(
        locations=tuple(Location() for _ in range(4)),
        depots=(Depot(0),),
        clients=tuple(
            Client(location=i, delivery=1, tw_late=1000, prize=p, required=False)
            for i, p in zip((1, 2, 3), prizes, strict=True)
        ),
        vehicle_types=(VehicleType(num_available=1, capacity=3, reload_depots=(0,)),),
        distance=d,
        duration=np.zeros_like(d),
    )


def test_a_pair_that_does_not_pay_its_drive_out_is_dropped_though_each_stop_alone_would_stay():
    """Out and back 101 for prizes of 2 x 40 = 80: leaving out one stop saves only 1 (< 40),
    leaving out the route saves 101 - 80 = 21."""
    routes, delta = drop_unprofitable(_pair_far_away(40), [Route(0, (1, 2))])
    assert (routes, delta) == ([Route(0, ())], -21)


def test_a_pair_that_pays_its_drive_out_is_kept():
    routes, delta = drop_unprofitable(_pair_far_away(60), [Route(0, (1, 2))])
    assert (routes, delta) == ([Route(0, (1, 2))], 0)


def test_a_losing_trip_is_dropped_with_its_reload_and_the_paying_one_kept():
    """Trip 1: the near stop (10 for a prize of 30); trip 2 through the depot: the far pair
    (101 for 80)."""
    routes, delta = drop_unprofitable(_pair_far_away(40, near_prize=30), [Route(0, (3, 0, 1, 2))])
    assert (routes, delta) == ([Route(0, (3,))], -21)


def test_pinned_routes_are_kept_as_they_are():
    assert drop_unprofitable(_pair_far_away(40), [Route(0, (1, 2))], frozen=1) == (
        [Route(0, (1, 2))],
        0,
    )


def test_solve_leaves_the_losing_pair_out_and_the_checker_agrees():
    p = _pair_far_away(40)
    res = solve(p, backend="pyvrp", time_limit=0.2, warm_start=[Route(0, (1, 2))])
    assert res.routes == ()
    assert check_routes(p, RoutingResult(Status.FEASIBLE, res.cost, res.routes)) == []
    assert res.cost == 80
