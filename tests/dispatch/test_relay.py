import json
import math
import os
from pathlib import Path

import pytest
import pyvrp
from pyvrp.stop import MaxIterations

from hubflow.dispatch import RoutingProblem, check_routes, read, solution_cost
from hubflow.dispatch.backends import portfolio
from hubflow.dispatch.backends.portfolio import HubflowBackend
from hubflow.dispatch.backends.pyvrp_backend import to_pyvrp, to_solution
from hubflow.dispatch.backends.relay import (
    RELAY_EPOCHS,
    Following,
    Publisher,
    _TakingUp,
    read_published,
    relay,
)
from hubflow.dispatch.result import Route, RoutingResult, Status
from tests.dispatch.test_backends import pools, small

DATA = Path(__file__).parent / "data"


def backhauls() -> RoutingProblem:
    """Two deliveries and two pickups on a line, one truck type."""
    clients = [{"xy": (x, 0), "delivery": 5} for x in (1, 2)]
    clients += [{"xy": (x, 1), "pickup": 5} for x in (1, 2)]
    return RoutingProblem.build(
        depots=[(0, 0)], clients=clients, trucks=[{"count": 2, "capacity": 10}]
    )


def test_the_publisher_writes_the_search_best_routes(tmp_path):
    """The routes read back are the search's best: its cost, every stop served."""
    p = small()
    path = str(tmp_path / "best.json")
    feasible, cost, routes, _ = portfolio._run(p, 0.2, 0, None, callbacks=Publisher(p, path, 0))
    published = read_published(path)
    assert feasible and sorted(published) == sorted(routes)
    assert solution_cost(p, [Route(k, v) for k, v in published]) == cost == 12


def test_nothing_published_reads_as_no_routes(tmp_path):
    (tmp_path / "torn.json").write_text("[[0, [1, 2]")
    (tmp_path / "other.json").write_text("[[0, 5]]")
    assert read_published(None) == []
    assert read_published(str(tmp_path / "missing.json")) == []
    assert read_published(str(tmp_path / "torn.json")) == []
    assert read_published(str(tmp_path / "other.json")) == []


def test_the_relay_restarts_from_its_routes_joined_with_the_published_best(tmp_path, monkeypatch):
    """Its own searches find only 1-4 and 2-3 (cost 14); the anchor published 1-2 and 3-4
    (12): every epoch after the first starts from those, and the relay returns them."""
    p = small()
    a, b, c, d = (c.location for c in p.clients)
    path = tmp_path / "best.json"
    path.write_text(json.dumps([[0, [a, b]], [0, [c, d]]]))
    starts = []

    def poor_search(problem, time_limit, seed, warm, until=math.inf, tuned=False):
        starts.append(sorted(warm) if warm else None)
        return True, 14, [(0, (a, d)), (0, (b, c))], 1

    monkeypatch.setattr(portfolio, "_run", poor_search)
    feasible, cost, routes, iterations = relay(p, 1.0, 5, None, math.inf, False, str(path))
    assert starts == [None] + [[(0, (a, b)), (0, (c, d))]] * (RELAY_EPOCHS - 1)
    assert (feasible, cost, sorted(routes), iterations) == (
        True,
        12,
        [(0, (a, b)), (0, (c, d))],
        RELAY_EPOCHS,
    )


@pytest.mark.parametrize(
    ("relay_on", "follow", "problem", "short_budget", "helper"),
    [
        ("pickups", "pickups", backhauls, 0.5, "relay"),
        ("pickups", "pickups", backhauls, 20.0, "guard, same seed"),
        ("pickups", "never", backhauls, 20.0, "plain, same seed"),
        ("pickups", "always", small, 20.0, "guard, same seed"),
        ("pickups", "pickups", small, 20.0, "plain, same seed"),
        ("pickups", "pickups", small, 0.5, "plain, other seed"),
        ("always", "pickups", small, 20.0, "relay"),
        ("never", "pickups", backhauls, 0.5, "plain, other seed"),
    ],
)
def test_the_anchor_shares_where_told_and_the_plain_search_keeps_its_seed(
    monkeypatch, relay_on, follow, problem, short_budget, helper
):
    """By default the helpers relay on backhauls beyond the short budget only, and on a
    short budget the tuned search follows the plain one on backhauls. Relaying, the search in
    this process is PyVRP's plain one with the caller's seed (so the result is never worse
    than the ``pyvrp`` back-end's) and publishes its best; the helper gets the file's path.
    Following, the plain search with the caller's seed is the helper and publishes (a guard),
    and the tuned one here follows its file. Otherwise the scheme is as before: on a short
    budget the tuned search here and the plain one beside it, beyond it two plain ones."""
    made, executor = pools()
    monkeypatch.setattr(HubflowBackend, "idle_cores", staticmethod(lambda: 2.0))
    in_process = []
    run = portfolio._run

    def recorded(
        problem, time_limit, seed, warm, until=math.inf, tuned=False, callbacks=None, follow=None
    ):
        if until == math.inf:
            in_process.append((seed, tuned, callbacks is not None, follow is not None))
        return run(problem, time_limit, seed, warm, until, tuned, callbacks, follow)

    monkeypatch.setattr(portfolio, "_run", recorded)
    p = problem()
    p = p.replace(vehicle_types=p.vehicle_types * 2)
    b = HubflowBackend(
        workers=2,
        executor=executor,
        relay=relay_on,
        follow=follow,
        short_budget=short_budget,
        tuned_per_stop=math.inf,
    )
    res = b.solve(p, time_limit=1.0, seed=3)
    [args] = made[0].calls
    assert res.info["scheme"] == "anchor" and check_routes(p, res) == []
    short = short_budget >= 1.0
    if helper == "relay":
        assert in_process == [(3, False, True, False)]
        assert args[2] == 3001 and isinstance(args[-1], str)
    elif helper == "guard, same seed":
        assert in_process == [(3, True, False, True)]
        seed, tuned, callbacks, follow = args[2], *args[-3:]
        assert (seed, tuned, follow) == (3, False, None) and isinstance(callbacks, Publisher)
    elif helper == "plain, same seed":
        assert in_process == [(3, short, False, False)]
        assert (args[2], args[-1]) == (3, False)
    else:
        assert in_process == [(3, short, False, False)]
        assert (args[2], args[-1]) == (3001, False)


@pytest.mark.parametrize("setting", ["relay", "follow"])
def test_sharing_takes_only_known_settings(setting):
    with pytest.raises(ValueError, match=f"{setting} must be one of"):
        HubflowBackend(**{setting: "sometimes"})


def test_a_follower_without_a_published_file_is_pyvrps_search_move_for_move(tmp_path):
    """Same data, seed, parameters and iterations: the same best solution as pyvrp.solve."""
    p = read(DATA / "X-n101-k25.vrp", "round")
    data = to_pyvrp(p)
    params = portfolio.short_budget_params(p)
    theirs = pyvrp.solve(data, MaxIterations(300), seed=7, collect_stats=False, params=params)
    mine = Following(p, str(tmp_path / "none.json"))(
        data, MaxIterations(300), seed=7, collect_stats=False, params=params
    )
    assert mine.num_iterations == theirs.num_iterations == 300
    assert mine.best == theirs.best


def test_a_follower_takes_up_a_cheaper_published_best_once(tmp_path):
    """A local search that never moves: the published 12-cost solution replaces its 14-cost
    one once; an unchanged file or a dearer solution is not taken."""
    p = small()
    data = to_pyvrp(p)
    a, b, c, d = (c.location for c in p.clients)
    poor = to_solution(p, data, [Route(0, (a, d)), Route(0, (b, c))])
    path = tmp_path / "best.json"
    following = Following(p, str(path), every=0.0)
    cost_evaluator = pyvrp.CostEvaluator([20], 6, 0)
    stay = _TakingUp(lambda s, ce, exhaustive=False: s, following, data, poor, cost_evaluator)
    assert stay(poor, cost_evaluator) is poor  # nothing published yet
    path.write_text(json.dumps([[0, [a, b]], [0, [c, d]]]))
    taken = stay(poor, cost_evaluator)
    assert cost_evaluator.cost(taken) == 12 and stay.taken == 1
    assert stay(poor, cost_evaluator) is poor  # the same file again
    os.replace(_written(tmp_path, [[0, [a, d]], [0, [b, c]]]), path)
    assert stay(poor, cost_evaluator) is poor and stay.taken == 1  # dearer than its best


def test_a_following_search_runs_as_the_schemes_search_beside_a_guard(tmp_path):
    """The plumbing: ``_run(..., follow=path)`` after a guard published on a backhaul line
    returns a valid solution at the guard's cost or below (both find the optimum here)."""
    p = backhauls()
    path = str(tmp_path / "best.json")
    guard = portfolio._run(p, 0.3, 0, None, callbacks=Publisher(p, path, 0))
    follower = portfolio._run(p, 0.3, 1, None, tuned=True, follow=path)
    assert guard[0] and follower[0] and follower[1] <= guard[1]
    routes = tuple(Route(k, v) for k, v in follower[2])
    result = RoutingResult(Status.FEASIBLE, follower[1], routes, backend="follower")
    assert check_routes(p, result) == []


def _written(folder, routes) -> str:
    out = folder / "next.json"
    out.write_text(json.dumps(routes))
    return str(out)
