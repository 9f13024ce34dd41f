"""Route-pool recombination: the cheapest known routes that serve every stop once."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hubflow.dispatch import Route, RoutingProblem, Stop, Truck
from hubflow.dispatch.checker import solution_cost
from hubflow.dispatch.recombine import recombine

# Eight stops at the compass points, 10 km out: E, NE, N, NW, W, SW, S, SE (locations 1-8).
COMPASS = ((10, 0), (7, 7), (0, 10), (-7, 7), (-10, 0), (-7, -7), (0, -10), (7, -7))


def _compass(count: int = 8, prize: int = 0) -> RoutingProblem:
    clients = [
        Stop(xy=xy, delivery=1, prize=prize if i == 4 else 0) for i, xy in enumerate(COMPASS)
    ]
    trucks = [Truck(count=count, capacity=10)]
    return RoutingProblem.build(depots=[(0.0, 0.0)], clients=clients, trucks=trucks)


def _served(routes: list[Route]) -> list[int]:
    return sorted(v for r in routes for v in r.visits)


def test_joins_the_good_halves_of_two_solutions():
    """A serves the north well (1-2-3-4) and the south badly (5-7-6-8); B the reverse. The
    recombination takes each one's good route, cheaper than both."""
    p = _compass()
    a = [Route(0, (1, 2, 3, 4)), Route(0, (5, 7, 6, 8))]
    b = [Route(0, (1, 3, 2, 4)), Route(0, (5, 6, 7, 8))]
    out = recombine(p, b, a, time_limit=5.0)
    assert sorted(out, key=lambda r: r.visits) == [Route(0, (1, 2, 3, 4)), Route(0, (5, 6, 7, 8))]
    assert solution_cost(p, out) < min(solution_cost(p, a), solution_cost(p, b))


def test_keeps_the_start_when_no_known_route_is_cheaper():
    p = _compass()
    start = [Route(0, (1, 2, 3, 4)), Route(0, (5, 6, 7, 8))]
    worse = [Route(0, (1, 3, 2, 4)), Route(0, (5, 7, 6, 8))]
    assert recombine(p, worse, start, time_limit=5.0) == start


def _hub_and_spokes(count: int) -> RoutingProblem:
    """Eight stops 1 from the depot and 10 from each other: single-stop routes are cheapest."""
    dist = np.full((9, 9), 10)
    dist[0, :] = dist[:, 0] = 1
    np.fill_diagonal(dist, 0)
    clients = [Stop(xy=xy, delivery=1) for xy in COMPASS]
    trucks = [Truck(count=count, capacity=10)]
    return RoutingProblem.build(
        depots=[(0.0, 0.0)], clients=clients, trucks=trucks, distance=dist, duration=dist
    )


def test_takes_more_routes_only_within_the_vehicle_count():
    """Single-stop routes (2 each) beat two four-stop routes (32 each) with eight trucks; with
    two trucks the four-stop routes stay."""
    start = [Route(0, (1, 2, 3, 4)), Route(0, (5, 6, 7, 8))]
    singles = [Route(0, (v,)) for v in range(1, 9)]
    assert recombine(_hub_and_spokes(2), singles, start, time_limit=5.0) == start
    out = recombine(_hub_and_spokes(8), singles, start, time_limit=5.0)
    assert sorted(out, key=lambda r: r.visits) == singles


def test_an_optional_stop_is_left_out_when_its_prize_is_less_than_its_detour():
    """Stop W (location 5) is optional with a prize of 1: a route that skips it is cheaper."""
    p = _compass(prize=1)
    start = [Route(0, (1, 2, 3, 4)), Route(0, (5, 6, 7, 8))]
    skip = [Route(0, (6, 7, 8))]
    out = recombine(p, skip, start, time_limit=5.0)
    assert _served(out) == [1, 2, 3, 4, 6, 7, 8]
    assert solution_cost(p, out) < solution_cost(p, start)


@settings(max_examples=40, deadline=None)
@given(
    st.permutations(range(1, 9)),
    st.lists(st.integers(1, 3), min_size=8, max_size=8),
    st.lists(st.lists(st.integers(1, 8), min_size=1, max_size=4, unique=True), max_size=12),
)
def test_serves_every_stop_once_and_is_never_worse(order, cuts, others):
    """A start solution (the eight stops in ``order`` cut into routes) and random other routes:
    the result serves each stop exactly once, from known routes, and costs no more."""
    p = _compass()
    start, i = [], 0
    for size in cuts:
        if i < 8:
            start.append(Route(0, tuple(order[i : i + size])))
            i += size
    pool = [Route(0, tuple(o)) for o in others]
    assume(any(r not in start for r in pool))
    out = recombine(p, pool, start, time_limit=5.0)
    assert _served(out) == list(range(1, 9))
    assert set(out) <= set(start) | set(pool)
    assert solution_cost(p, out) <= solution_cost(p, start)
