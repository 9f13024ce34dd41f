"""Route-based clusters: whole routes, by depot, then by the angle of their barycentres."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hubflow.dispatch import Route, RoutingProblem, Stop, Truck
from hubflow.dispatch.clusters import route_clusters


def _compass(depots=((0.0, 0.0),)) -> RoutingProblem:
    """Eight stops at the compass points around each depot, 10 km out (E, NE, N, ... SE)."""
    clients = []
    for dx, dy in depots:
        for x, y in ((10, 0), (7, 7), (0, 10), (-7, 7), (-10, 0), (-7, -7), (0, -10), (7, -7)):
            clients.append(Stop(xy=(dx + x, dy + y), delivery=1))
    trucks = [Truck(count=8, capacity=10, depot=d) for d in range(len(depots))]
    return RoutingProblem.build(depots=list(depots), clients=clients, trucks=trucks)


def test_routes_in_neighbouring_directions_share_a_cluster():
    """Four two-stop routes of one depot: E+NE, N+NW, W+SW, S+SE. Two clusters of four stops
    each take two neighbouring routes (barycentres 22.5 and 112.5 degrees apart from the
    next), never two opposite ones."""
    p = _compass()
    routes = [Route(0, (1, 2)), Route(0, (5, 6)), Route(0, (3, 4)), Route(0, (7, 8))]
    clusters = route_clusters(p, routes, 4)
    assert len(clusters) == 2
    pairs = {frozenset(v for r in c for v in r.visits) for c in clusters}
    assert pairs in (
        {frozenset({1, 2, 3, 4}), frozenset({5, 6, 7, 8})},
        {frozenset({3, 4, 5, 6}), frozenset({7, 8, 1, 2})},
    )


def test_a_shifted_cut_pairs_the_other_neighbours():
    """Half a cluster's shift moves every cut by one route: the same four routes pair with
    their other neighbours, so a stop near one cut is inside a cluster in the next round."""
    p = _compass()
    routes = [Route(0, (1, 2)), Route(0, (5, 6)), Route(0, (3, 4)), Route(0, (7, 8))]

    def pairs(offset):
        clusters = route_clusters(p, routes, 4, offset)
        return {frozenset(v for r in c for v in r.visits) for c in clusters}

    both = {
        frozenset({frozenset({1, 2, 3, 4}), frozenset({5, 6, 7, 8})}),
        frozenset({frozenset({3, 4, 5, 6}), frozenset({7, 8, 1, 2})}),
    }
    assert {frozenset(pairs(0.0)), frozenset(pairs(0.5))} == both
    assert pairs(1.0) == pairs(0.0)


def test_routes_of_two_depots_never_share_a_cluster():
    p = _compass(depots=((0.0, 0.0), (100.0, 0.0)))
    routes = [Route(0, (2, 3, 4, 5)), Route(1, (10, 11, 12, 13)), Route(0, (6, 7, 8, 9))]
    clusters = route_clusters(p, routes, 100)
    assert sorted(len(c) for c in clusters) == [1, 2]
    for c in clusters:
        assert len({p.vehicle_types[r.vehicle_type].start_depot for r in c}) == 1


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.integers(0, 7), min_size=8, max_size=8),
    st.integers(1, 9),
    st.floats(0.0, 1.0),
)
def test_every_route_with_stops_is_in_exactly_one_cluster(labels, size, offset):
    """Any split of the eight stops into routes: each route in one cluster, none left out."""
    p = _compass()
    routes = [Route(0, tuple(i + 1 for i, lab in enumerate(labels) if lab == k)) for k in range(8)]
    assume(sum(1 for r in routes if r.visits) >= 2)
    clusters = route_clusters(p, routes, size, offset)
    kept = sorted(r.visits for c in clusters for r in c)
    assert kept == sorted(r.visits for r in routes if r.visits)
    assert all(c for c in clusters)
