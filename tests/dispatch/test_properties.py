"""Every solution returned, on random small instances, passes the independent checker."""

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hubflow.dispatch import RoutingProblem, check_routes, solve
from tests.strategies import Tally

coords = st.tuples(st.integers(0, 50), st.integers(0, 50))
client = st.fixed_dictionaries(
    {
        "xy": coords,
        "delivery": st.integers(0, 6),
        "pickup": st.integers(0, 6),
        "service": st.integers(0, 5),
        "tw": st.tuples(st.integers(0, 60), st.integers(0, 120)).map(
            lambda t: (min(t), max(t) + 20)
        ),
    },
    optional={"prize": st.integers(1, 80)},
)
truck = st.fixed_dictionaries(
    {
        "count": st.integers(1, 3),
        "capacity": st.integers(4, 20),
        "fixed_cost": st.integers(0, 30),
        "cost_per_duration": st.integers(0, 1),
        "shift": st.integers(60, 400),
        "tw": st.just((0, 400)),
    }
)
routed = Tally()


@routed.at_least(20)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    depots=st.lists(coords, min_size=1, max_size=2),
    clients=st.lists(client, min_size=1, max_size=9),
    trucks=st.lists(truck, min_size=1, max_size=2),
)
def test_every_solution_passes_the_checker(depots, clients, trucks):
    trucks = [dict(t, depot=i % len(depots)) for i, t in enumerate(trucks)]
    p = RoutingProblem.build(depots=depots, clients=clients, trucks=trucks)
    res = solve(p, time_limit=0.05, seed=1)
    assume(res.status.solved)  # the fleet may simply be too small to route anything
    routed()
    assert check_routes(p, res) == []
