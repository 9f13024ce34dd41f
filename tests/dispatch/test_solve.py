import numpy as np
import pytest

from hubflow.dispatch import (
    Client,
    Depot,
    Location,
    Route,
    RoutingProblem,
    RoutingResult,
    Status,
    VehicleType,
    check_routes,
    solve,
)


def line_problem(num_trucks: int = 2, capacity: int = 10) -> RoutingProblem:
    # D0 at 0, clients at 1, 2, 3, 4 on a line, each demand 5: with capacity 10 the optimum is
    # two out-and-back routes {1, 2} and {3, 4}: 2*2 + 2*4 = 12.
    return RoutingProblem.build(
        depots=[(0, 0)],
        clients=[{"xy": (x, 0), "delivery": 5} for x in (1, 2, 3, 4)],
        trucks=[{"count": num_trucks, "capacity": capacity}],
    )


def test_line_instance_optimum():
    p = line_problem()
    res = solve(p, time_limit=0.5)
    assert res.status is Status.FEASIBLE
    assert res.cost == 12
    assert sorted(sorted(r.visits) for r in res.routes) == [[1, 2], [3, 4]]
    assert check_routes(p, res) == []


def test_square_with_fixed_cost_single_route():
    # D0 at the centre of a 2x2 square; 4 clients at the corners. One truck tour around the
    # square, with scale 10: d(centre, corner) = 14, side = 20 -> 14 + 3 * 20 + 14 = 88.
    p = RoutingProblem.build(
        depots=[(1, 1)],
        clients=[{"xy": xy, "delivery": 1} for xy in [(0, 0), (2, 0), (2, 2), (0, 2)]],
        trucks=[{"count": 4, "capacity": 10, "fixed_cost": 1000}],
        scale=10,
    )
    res = solve(p, time_limit=0.5)
    assert len(res.routes) == 1
    assert res.cost == 1000 + 88
    assert check_routes(p, res) == []


def test_multi_depot_line():
    # D0 C C C C D1 on a line at 0, 1, 2, 3, 4, 5; each depot has its own truck.
    p = RoutingProblem.build(
        depots=[(0, 0), (5, 0)],
        clients=[{"xy": (x, 0)} for x in (1, 2, 3, 4)],
        trucks=[{"count": 1, "depot": 0}, {"count": 1, "depot": 1}],
    )
    res = solve(p, time_limit=0.5)
    assert res.cost == 8
    assert check_routes(p, res) == []


def test_backhaul_load_peaks_mid_route():
    # A pickup of 8 and a delivery of 8 with capacity 10: feasible only when the delivery is
    # dropped before the pickup is collected, or with two trucks.
    p = RoutingProblem.build(
        depots=[(0, 0)],
        clients=[{"xy": (1, 0), "pickup": 8}, {"xy": (2, 0), "delivery": 8}],
        trucks=[{"count": 1, "capacity": 10}],
    )
    res = solve(p, time_limit=0.5)
    assert res.status is Status.FEASIBLE
    assert res.routes[0].visits == (2, 1)
    bad = RoutingResult(Status.FEASIBLE, 4, (Route(0, (1, 2)),))
    assert any("exceeds capacity" in v for v in check_routes(p, bad))


def test_client_heavier_than_any_truck_is_unassigned_with_reason():
    p = RoutingProblem.build(
        depots=[(0, 0)],
        clients=[{"xy": (1, 0), "delivery": 5}, {"xy": (2, 0), "delivery": 50}],
        trucks=[{"count": 2, "capacity": 10}],
    )
    res = solve(p, time_limit=0.5)
    assert res.status is Status.PARTIAL
    assert [u.location for u in res.unassigned] == [2]
    assert "capacity" in res.unassigned[0].reason
    assert check_routes(p, res) == []


def test_unreachable_time_window_is_unassigned_with_reason():
    p = RoutingProblem.build(
        depots=[(0, 0)],
        clients=[{"xy": (10, 0), "tw": (0, 5)}, {"xy": (1, 0), "tw": (0, 5)}],
        trucks=[{"count": 2}],
    )
    res = solve(p, time_limit=0.5)
    assert [u.location for u in res.unassigned] == [1]
    assert "time window" in res.unassigned[0].reason
    assert res.routes == (Route(0, (2,)),)


def test_optional_client_with_small_prize_is_skipped():
    p = RoutingProblem.build(
        depots=[(0, 0)],
        clients=[{"xy": (1, 0)}, {"xy": (50, 0), "prize": 3}],
        trucks=[{"count": 1}],
    )
    res = solve(p, time_limit=0.5)
    assert res.cost == 2 + 3
    assert check_routes(p, res) == []


def test_pinned_route_is_kept():
    p = line_problem(num_trucks=2).replace(pinned=((0, (4, 1)),))
    res = solve(p, time_limit=0.5)
    assert Route(0, (4, 1)) in res.routes
    assert check_routes(p, res) == []
    assert res.cost == 8 + 6  # 0-4-1-0 pinned, then 0-2-3-0


def test_time_windows_with_waiting_and_shift():
    # Client at distance 5 opens at 20: the truck waits; duration cost counts the wait only
    # when the start cannot be delayed (it can here, so duration = 10).
    p = RoutingProblem.build(
        depots=[(0, 0)],
        clients=[{"xy": (5, 0), "tw": (20, 30)}],
        trucks=[{"count": 1, "cost_per_duration": 1, "shift": 10}],
    )
    res = solve(p, time_limit=0.3)
    assert res.cost == 10 + 10
    assert check_routes(p, res) == []


def test_checker_finds_duplicates_missing_and_cost():
    p = line_problem()
    bad = RoutingResult(Status.FEASIBLE, 11, (Route(0, (1, 2)), Route(0, (2, 3))))
    v = "\n".join(check_routes(p, bad))
    assert "visited by route 0 and route 1" in v
    assert "location 4 is not visited" in v
    assert "claimed cost 11" in v


def test_determinism_for_fixed_seed():
    rng = np.random.default_rng(3)
    xy = rng.integers(0, 100, size=(40, 2))
    p = RoutingProblem.build(
        depots=[(50, 50)],
        clients=[{"xy": tuple(c), "delivery": 1 + i % 4} for i, c in enumerate(xy)],
        trucks=[{"count": 10, "capacity": 15}],
    )
    # A wall-time stop depends on the machine's speed; an iteration limit does not.
    a = solve(p, time_limit=60, seed=7, max_iterations=3000)
    b = solve(p, time_limit=60, seed=7, max_iterations=3000)
    assert a.routes == b.routes and a.cost == b.cost


def test_problem_validation_messages():
    with pytest.raises(ValueError, match="expected"):
        RoutingProblem(
            locations=(Location(), Location()),
            depots=(Depot(0),),
            clients=(Client(1),),
            vehicle_types=(VehicleType(),),
            distance=np.zeros((3, 3)),
            duration=np.zeros((2, 2)),
        )
    with pytest.raises(ValueError, match="already has"):
        RoutingProblem(
            locations=(Location(), Location()),
            depots=(Depot(0),),
            clients=(Client(1), Client(1)),
            vehicle_types=(VehicleType(),),
            distance=np.zeros((2, 2)),
            duration=np.zeros((2, 2)),
        )


def test_reload_depot_allows_second_trip_with_one_truck():
    # One truck of capacity 10, two clients of 10 each: only possible with a reload at the depot.
    p = RoutingProblem.build(
        depots=[(0, 0)],
        clients=[{"xy": (1, 0), "delivery": 10}, {"xy": (2, 0), "delivery": 10}],
        trucks=[{"count": 1, "capacity": 10, "reload_depots": (0,)}],
    )
    res = solve(p, time_limit=0.5)
    assert res.status is Status.FEASIBLE
    assert len(res.routes) == 1 and 0 in res.routes[0].visits  # the reload stop is listed
    assert res.cost == 2 + 4
    assert check_routes(p, res) == []
    no_reload = RoutingResult(Status.FEASIBLE, 4, (Route(0, (1, 2)),))
    assert any("exceeds capacity" in v for v in check_routes(p, no_reload))


def test_a_misspelled_record_key_is_an_error_not_an_unlimited_truck():
    with pytest.raises(ValueError, match="unknown key 'capcity' \\(did you mean 'capacity'\\?\\)"):
        RoutingProblem.build(
            depots=[(0, 0)], clients=[{"xy": (1, 0)}], trucks=[{"count": 1, "capcity": 10}]
        )
    with pytest.raises(ValueError, match="client 1: unknown key 'deliver'"):
        RoutingProblem.build(
            depots=[(0, 0)],
            clients=[{"xy": (1, 0)}, {"xy": (2, 0), "deliver": 5}],
            trucks=[{"count": 1}],
        )


def test_typed_records_build_the_same_problem_as_dicts():
    from hubflow.dispatch import Stop, Truck

    typed = RoutingProblem.build(
        depots=[(0, 0)],
        clients=[Stop(xy=(x, 0), delivery=5) for x in (1, 2, 3, 4)],
        trucks=[Truck(count=2, capacity=10)],
    )
    as_dicts = line_problem()
    assert typed.clients == as_dicts.clients
    assert typed.vehicle_types == as_dicts.vehicle_types
    assert (typed.distance == as_dicts.distance).all()


def test_problem_pickles_through_its_constructor():
    import pickle

    p = line_problem().replace(pinned=((0, (1, 2)),))
    q = pickle.loads(pickle.dumps(p))
    assert q.clients == p.clients and q.pinned == p.pinned
    assert (q.distance == p.distance).all() and not q.distance.flags.writeable
