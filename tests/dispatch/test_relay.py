import json
import math

import pytest

from hubflow.dispatch import RoutingProblem, check_routes, solution_cost
from hubflow.dispatch.backends import portfolio
from hubflow.dispatch.backends.portfolio import HubflowBackend
from hubflow.dispatch.backends.relay import RELAY_EPOCHS, Publisher, read_published, relay
from hubflow.dispatch.result import Route
from tests.dispatch.test_backends import pools, small


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
    ("relay_on", "problem", "short_budget", "helper"),
    [
        ("pickups", backhauls, 0.5, "relay"),
        ("pickups", backhauls, 20.0, "plain, same seed"),
        ("pickups", small, 0.5, "plain, other seed"),
        ("always", small, 20.0, "relay"),
        ("never", backhauls, 0.5, "plain, other seed"),
    ],
)
def test_the_anchor_relays_where_told_with_the_plain_search_in_process(
    monkeypatch, relay_on, problem, short_budget, helper
):
    """By default the helpers relay on backhauls beyond the short budget only. Relaying, the
    search in this process is PyVRP's plain one with the caller's seed (so the result is never
    worse than the ``pyvrp`` back-end's) and publishes its best; the helper gets the file's
    path. Otherwise the scheme is as before: on a short budget the tuned search here and the
    plain one beside it, beyond it two plain ones."""
    made, executor = pools()
    monkeypatch.setattr(HubflowBackend, "idle_cores", staticmethod(lambda: 2.0))
    in_process = []
    run = portfolio._run

    def recorded(problem, time_limit, seed, warm, until=math.inf, tuned=False, callbacks=None):
        if until == math.inf:
            in_process.append((seed, tuned, callbacks is not None))
        return run(problem, time_limit, seed, warm, until, tuned, callbacks)

    monkeypatch.setattr(portfolio, "_run", recorded)
    p = problem()
    p = p.replace(vehicle_types=p.vehicle_types * 2)
    b = HubflowBackend(
        workers=2,
        executor=executor,
        relay=relay_on,
        short_budget=short_budget,
        tuned_per_stop=math.inf,
    )
    res = b.solve(p, time_limit=1.0, seed=3)
    [args] = made[0].calls
    assert res.info["scheme"] == "anchor" and check_routes(p, res) == []
    short = short_budget >= 1.0
    if helper == "relay":
        assert in_process == [(3, False, True)]
        assert args[2] == 3001 and isinstance(args[-1], str)
    elif helper == "plain, same seed":
        assert in_process == [(3, short, False)]
        assert (args[2], args[-1]) == (3, False)
    else:
        assert in_process == [(3, short, False)]
        assert (args[2], args[-1]) == (3001, False)


def test_relay_takes_only_known_settings():
    with pytest.raises(ValueError, match="relay must be one of"):
        HubflowBackend(relay="sometimes")
