import dataclasses
import math
import os
from collections.abc import Callable

import pytest

from hubflow.dispatch import RoutingProblem, Status, check_routes, get_backend, read, solve
from hubflow.dispatch.backends import portfolio, stops_on_iterations
from hubflow.dispatch.backends.portfolio import ROUNDS, HubflowBackend
from hubflow.dispatch.backends.pyvrp_backend import PyVRPBackend
from tests.executors import InlineExecutor


def small() -> RoutingProblem:
    return RoutingProblem.build(
        depots=[(0, 0)],
        clients=[{"xy": (x, 0), "delivery": 5} for x in (1, 2, 3, 4)],
        trucks=[{"count": 2, "capacity": 10}],
    )


class RecordingExecutor(InlineExecutor):
    """Runs each task at once and keeps its arguments."""

    def __init__(self, workers: int) -> None:
        super().__init__(workers)
        self.calls: list[tuple] = []

    def submit(self, fn, /, *args):
        self.calls.append(args)
        return super().submit(fn, *args)


def pools() -> tuple[list[RecordingExecutor], Callable[[int], RecordingExecutor]]:
    """An executor factory for ``HubflowBackend(executor=...)`` and the executors it made."""
    made: list[RecordingExecutor] = []

    def executor(workers: int) -> RecordingExecutor:
        made.append(RecordingExecutor(workers))
        return made[-1]

    return made, executor


@pytest.mark.parametrize("name", ["pyvrp", "ortools", "vroom", "hubflow"])
def test_every_backend_finds_line_optimum(name):
    p = small()
    res = solve(p, backend=name, time_limit=1)
    assert res.status is Status.FEASIBLE
    assert res.cost == 12
    assert check_routes(p, res) == []


@pytest.mark.parametrize("name", ["ortools", "vroom"])
def test_peers_on_time_windows_and_shipments(name, data_dir):
    for f in ("C101.txt", "lc101.txt"):
        p = read(data_dir / f, "exact")
        res = get_backend(name).solve(p, time_limit=2)
        assert res.status is Status.FEASIBLE
        assert check_routes(p, res) == []


def test_ortools_mixed_pickup_delivery():
    p = RoutingProblem.build(
        depots=[(0, 0)],
        clients=[{"xy": (1, 0), "pickup": 8}, {"xy": (2, 0), "delivery": 8}],
        trucks=[{"count": 1, "capacity": 10}],
    )
    res = get_backend("ortools").solve(p, time_limit=1)
    assert res.routes[0].visits == (2, 1)
    assert check_routes(p, res) == []


def test_unknown_backend():
    with pytest.raises(KeyError, match="expected one of"):
        get_backend("gurobi")


def test_hubflow_warm_start_and_decomposition(data_dir):
    p = read(data_dir / "X-n101-k25.vrp", "round")
    first = solve(p, backend="pyvrp", time_limit=0.5)
    res = HubflowBackend(epochs=1).solve(p, time_limit=1, warm_start=list(first.routes))
    assert check_routes(p, res) == []
    assert res.cost <= first.cost
    # Force the route-based decomposition on a small instance: clusters, join, global search.
    dec = HubflowBackend(decompose_above=50, sector_size=40).solve(p, time_limit=3)
    assert dec.info["scheme"] == "clusters"
    assert check_routes(p, dec) == []
    assert sum(dec.info["clusters"][0]) == 100 and len(dec.info["clusters"][0]) == 2


def test_hubflow_decomposition_in_rounds_of_one_cluster_a_worker(data_dir):
    """Rounds of cluster re-solves (the cut shifted each round), one cluster a worker
    (``sector_size=0``), no closing whole search: every round cuts all the stops, the result
    passes the checker and costs no more than the first whole searches' best."""
    p = read(data_dir / "X-n101-k25.vrp", "round")
    b = HubflowBackend(
        workers=2,
        decompose_above=50,
        sector_size=0,
        first_share=0.3,
        cluster_share=0.7,
        cluster_rounds=3,
    )
    res = b.solve(p, time_limit=3)
    assert res.info["scheme"] == "clusters"
    assert [sum(c) for c in res.info["clusters"]] == [100, 100, 100]
    assert all(len(c) == 2 for c in res.info["clusters"])
    assert check_routes(p, res) == []
    assert res.cost <= min(res.info["round_costs"][0])


@pytest.mark.parametrize("plain", [False, True])
def test_the_decomposition_on_a_short_budget_runs_tuned_whole_searches(
    monkeypatch, data_dir, plain
):
    """On a short budget the decomposition's whole searches (before and after the clusters)
    are all tuned, one in process and one beside it with another seed; ``clusters_plain``
    puts PyVRP's plain search of the same seed beside the tuned one, as the anchor scheme
    does (and as the decomposition did before round ten)."""
    made, executor = pools()
    monkeypatch.setattr(HubflowBackend, "idle_cores", staticmethod(lambda: 2.0))
    p = read(data_dir / "X-n101-k25.vrp", "round")
    b = HubflowBackend(
        workers=2, executor=executor, decompose_above=50, sector_size=60, clusters_plain=plain
    )
    res = b.solve(p, time_limit=1.5, seed=3)
    assert res.info["scheme"] == "clusters" and check_routes(p, res) == []
    [pool] = made
    whole = [(c[2], c[5]) for c in pool.calls if c[0] is p]
    assert whole == ([(3, False), (4, False)] if plain else [(3001, True), (4001, True)])


def test_the_decomposition_runs_in_rounds_beyond_the_short_budget():
    """Up to ``rounds_above`` seconds (20) the constructor's decomposition (one round by
    default); beyond, :data:`ROUNDS` (30 % whole searches, six rounds of one cluster a worker)."""
    b = HubflowBackend()
    assert b._decomposition(10.0) == b._decomposition(20.0) == (0.5, 0.25, 1, 500)
    assert b._decomposition(60.0) == ROUNDS == (0.3, 0.7, 6, 0)
    assert HubflowBackend(rounds_above=math.inf)._decomposition(600.0) == (0.5, 0.25, 1, 500)


def test_hubflow_scheme_runs_behind_any_executor():
    made, executor = pools()

    p = small()
    b = HubflowBackend(workers=2, epochs=2, executor=executor, epochs_per_stop=math.inf)
    res = b.solve(p, time_limit=1.0)
    assert (res.status, res.cost) == (Status.FEASIBLE, 12)  # the line optimum, as above
    assert check_routes(p, res) == []
    # One executor for the whole solve, two searches an epoch.
    [pool] = made
    assert pool.tasks in (2, 4)


def test_hubflow_scheme_runs_one_search_in_process_on_a_short_budget():
    def no_pool(workers: int):
        raise AssertionError("a pool was started for a 0.2 s budget")

    res = HubflowBackend(executor=no_pool).solve(small(), time_limit=0.2)
    assert (res.status, res.cost) == (Status.FEASIBLE, 12)


def test_hubflow_scheme_by_problem_class():
    """Mixed fleets, several depots and backhauls get whole searches (one the plain run); one
    depot and one type get epochs; large instances with coordinates and only required stops
    are decomposed by their routes (several depots from a lower size on)."""
    one = small()
    two_types = one.replace(vehicle_types=one.vehicle_types * 2)
    b = HubflowBackend(workers=2, decompose_above=3, depots_above=10)
    assert b.scheme(two_types, 3, True, False) == "anchor"
    assert b.scheme(two_types, 4, True, False) == "clusters"
    assert b.scheme(one, 3, True, False) == "epochs"
    assert b.scheme(one, 4, True, False) == "clusters"
    assert b.scheme(one, 4, False, False) == "epochs"
    optional = one.replace(
        clients=(dataclasses.replace(one.clients[0], required=False, prize=5), *one.clients[1:])
    )
    assert b.scheme(optional, 4, True, False) == "epochs"
    assert HubflowBackend(workers=1).scheme(one, 3, True, False) == "anchor"
    backhaul = one.replace(
        clients=(dataclasses.replace(one.clients[0], pickup=1), *one.clients[1:])
    )
    assert b.scheme(backhaul, 3, True, False) == "anchor"


def test_backhauls_keep_whole_searches_unless_asked_for_the_epochs():
    """Backhauls with one depot and one vehicle type: whole searches on every budget by
    default; with ``backhauls_epochs_above`` (round nine's trial, 20 s) the epochs beyond it,
    until the budget is long for the size (over ``epochs_per_stop``: whole searches again); a
    mixed fleet keeps the anchor either way."""
    one = small()
    backhaul = one.replace(
        clients=(dataclasses.replace(one.clients[0], pickup=1), *one.clients[1:])
    )
    assert HubflowBackend(workers=2).scheme(backhaul, 550, True, False, 60.0) == "anchor"
    b = HubflowBackend(workers=2, backhauls_epochs_above=20.0)
    assert b.scheme(backhaul, 550, True, False, 10.0) == "anchor"
    assert b.scheme(backhaul, 550, True, False, 20.0) == "anchor"
    assert b.scheme(backhaul, 550, True, False, 60.0) == "epochs"
    assert b.scheme(backhaul, 400, True, False, 60.0) == "anchor"  # 0.15 s a stop
    mixed = backhaul.replace(vehicle_types=backhaul.vehicle_types * 2)
    assert b.scheme(mixed, 550, True, False, 60.0) == "anchor"


def test_several_depots_decompose_from_more_stops_on_longer_budgets():
    """Several depots: clusters above ``depots_above`` stops per ``depots_seconds`` of budget,
    so a 360-stop multi-depot file is decomposed at 10 s and solved whole at 60 s."""
    one = small()
    two_depots = RoutingProblem.build(
        depots=[(0, 0), (5, 0)],
        clients=[{"xy": (x, 0), "delivery": 5} for x in (1, 2, 3, 4)],
        trucks=[{"count": 2, "capacity": 10}],
    )
    b = HubflowBackend(workers=2, depots_above=3, depots_seconds=10.0)
    assert b.scheme(two_depots, 4, True, False, 10.0) == "clusters"
    assert b.scheme(two_depots, 4, True, False, 60.0) == "anchor"
    assert b.scheme(two_depots, 19, True, False, 60.0) == "clusters"
    one_depot = HubflowBackend(workers=2, decompose_above=3, depots_seconds=10.0)
    assert one_depot.scheme(one, 4, True, False, 60.0) == "clusters"  # one depot: no scaling


def test_prize_collecting_keeps_the_epochs_on_every_budget():
    """Prize-collecting: the epochs (with recombination) at 10 s and at 60 s; with
    ``prizes_anchor_above`` (round five's 20 s) the anchor scheme beyond it."""
    one = small()
    optional = one.replace(
        clients=(dataclasses.replace(one.clients[0], required=False, prize=5), *one.clients[1:])
    )
    b = HubflowBackend(workers=2, short_budget=20.0)
    assert [b.scheme(optional, 4, True, False, t) for t in (10.0, 60.0)] == ["epochs"] * 2
    before = HubflowBackend(workers=2, prizes_anchor_above=20.0)
    assert before.scheme(optional, 4, True, False, 20.0) == "epochs"
    assert before.scheme(optional, 4, True, False, 60.0) == "anchor"
    assert before.scheme(one, 700, True, False, 60.0) == "epochs"


def test_prize_collecting_above_the_short_budget_runs_plain_searches(monkeypatch):
    """Beyond ``short_budget`` the search in process is PyVRP's own (same seed, defaults);
    the extra search on an idle core uses PyVRP's defaults too, with another seed."""
    made, executor = pools()
    monkeypatch.setattr(HubflowBackend, "idle_cores", staticmethod(lambda: 2.0))
    one = small()
    p = one.replace(
        clients=(dataclasses.replace(one.clients[0], required=False, prize=5), *one.clients[1:])
    )
    b = HubflowBackend(workers=2, executor=executor, short_budget=0.5, prizes_anchor_above=0.5)
    res = b.solve(p, time_limit=1.0, seed=3)
    assert res.info["scheme"] == "anchor"
    [(_, _, seed, _, _, plain_or_tuned)] = made[0].calls
    assert (seed, plain_or_tuned) == (3001, False)
    assert check_routes(p, res) == []


def test_anchor_scheme_returns_checked_routes_behind_any_executor():
    p = small()
    p = p.replace(vehicle_types=p.vehicle_types * 2)
    res = HubflowBackend(workers=2, executor=InlineExecutor).solve(p, time_limit=1.0)
    assert res.info["scheme"] == "anchor"
    assert (res.status, res.cost) == (Status.FEASIBLE, 12)
    assert check_routes(p, res) == []


@pytest.mark.parametrize(("idle", "tasks"), [(2.0, 1), (0.8, 1), (0.5, 0), (0.0, 0)])
def test_anchor_scheme_adds_searches_only_on_idle_cores(monkeypatch, idle, tasks):
    """Idle cores measured while the plain search runs: on a busy machine a second search
    would take its CPU from the plain one."""
    made, executor = pools()

    monkeypatch.setattr(HubflowBackend, "idle_cores", staticmethod(lambda: idle))
    p = small()
    p = p.replace(vehicle_types=p.vehicle_types * 2)
    res = HubflowBackend(workers=2, executor=executor).solve(p, time_limit=1.0)
    assert [e.tasks for e in made] == [tasks]
    assert res.info["idle_cores"] == idle and check_routes(p, res) == []


@pytest.mark.parametrize("tuned", [True, False])
def test_anchor_scheme_on_an_idle_core_runs_the_plain_search_beside_the_tuned_one(
    monkeypatch, tuned
):
    """The tuned search in process; on an idle core, PyVRP's own search with the same seed
    (so the result is never worse than the ``pyvrp`` back-end's); untuned, another seed."""
    made, executor = pools()

    monkeypatch.setattr(HubflowBackend, "idle_cores", staticmethod(lambda: 2.0))
    p = small()
    p = p.replace(vehicle_types=p.vehicle_types * 2)
    b = HubflowBackend(workers=2, executor=executor, tuned=tuned, tuned_per_stop=math.inf)
    res = b.solve(p, time_limit=1.0, seed=3)
    [call] = made[0].calls  # problem, time, seed, warm, end, tuned (then what it shares)
    assert (call[2], call[5]) == ((3, False) if tuned else (3001, False))
    assert check_routes(p, res) == []


def test_epochs_pass_the_tuning_to_every_search_on_short_budgets_only():
    made, executor = pools()

    p = small()
    for tuned in (True, False):
        b = HubflowBackend(
            workers=2,
            epochs=2,
            executor=executor,
            tuned=tuned,
            tuned_per_stop=math.inf,
            epochs_per_stop=math.inf,
        )
        b.solve(p, time_limit=1.0)
        assert made[-1].calls and {c[-1] for c in made[-1].calls} == {1.0 if tuned else 0.0}


def test_epochs_are_tuned_only_when_the_budget_is_short_for_the_size():
    """At 10 s from 400 stops (0.025 s a stop), never beyond the short budget; the anchor
    and clusters schemes on any size; a small problem in the epochs gets PyVRP's defaults
    (passed to every search)."""
    b = HubflowBackend()
    assert [b.tunes(10.0, n) for n in (399, 400, 1000)] == [False, True, True]
    assert [b.tunes(t, 1000) for t in (20.0, 25.0, 60.0)] == [True, False, False]
    assert b.tunes(10.0, 100, "anchor") and b.tunes(10.0, 100, "clusters")
    assert not b.tunes(25.0, 100, "anchor")
    assert not HubflowBackend(tuned=False).tunes(1.0, 10**6)
    made, executor = pools()
    b = HubflowBackend(workers=2, epochs=2, executor=executor, epochs_per_stop=math.inf)
    b.solve(small(), time_limit=1.0)
    assert made[-1].calls and {c[-1] for c in made[-1].calls} == {0.0}


def test_required_stops_get_whole_searches_on_a_budget_long_for_their_number(data_dir):
    """Over 0.12 s a stop (below 500 stops at 60 s) one depot and required stops run the anchor
    scheme, whose first two searches are one PyVRP run and another seed; prize-collecting
    keeps the epochs (their recombination is what pays there), as do shipments (not
    measured)."""
    one = small()
    b = HubflowBackend(workers=2)
    assert [b.scheme(one, n, True, False, 60.0) for n in (499, 500)] == ["anchor", "epochs"]
    assert b.scheme(one, 400, True, False, 10.0) == "epochs"
    optional = one.replace(
        clients=(dataclasses.replace(one.clients[0], required=False, prize=5), *one.clients[1:])
    )
    assert b.scheme(optional, 4, True, False, 60.0) == "epochs"
    paired = read(data_dir / "lc101.txt", "exact")  # Li & Lim: pickup-and-delivery pairs
    assert paired.shipments and b.scheme(paired, 4, True, False, 60.0) == "epochs"


def test_epochs_recombine_the_routes_after_every_epoch_unless_told_not_to(data_dir):
    """One recombination after each epoch that ran (the inline searches run one after the
    other, so the clock may cut the second epoch), never a loss."""
    p = read(data_dir / "X-n101-k25.vrp", "round")
    for recombine in (True, False):
        b = HubflowBackend(workers=2, epochs=2, executor=InlineExecutor, recombine=recombine)
        res = b.solve(p, time_limit=1.0)
        assert check_routes(p, res) == []
        gains = res.info.get("recombined", [])
        assert len(gains) == (len(res.info["round_costs"]) if recombine else 0)
        assert all(g >= 0 for g in gains)


def test_anchor_scheme_recombines_the_routes_of_its_searches_with_optional_stops(
    monkeypatch, data_dir
):
    """Prize-collecting beyond the short budget: on an idle core two searches, their routes
    recombined once, never a loss; on a busy machine one search, nothing to recombine. With
    only required stops no recombination."""
    p = read(data_dir / "X-n101-k25.vrp", "round")
    p = p.replace(vehicle_types=p.vehicle_types * 2)  # the anchor scheme
    optional = p.replace(
        clients=(dataclasses.replace(p.clients[0], required=False, prize=5), *p.clients[1:])
    )
    for problem, idle, joins in ((optional, 2.0, 1), (optional, 0.0, 0), (p, 2.0, 0)):
        monkeypatch.setattr(HubflowBackend, "idle_cores", staticmethod(lambda idle=idle: idle))
        b = HubflowBackend(workers=2, executor=InlineExecutor, short_budget=0.5)
        res = b.solve(problem, time_limit=1.0)
        assert res.info["scheme"] == "anchor" and check_routes(problem, res) == []
        gains = res.info.get("recombined", [])
        assert len(gains) == joins and all(g >= 0 for g in gains)


def test_pyvrp_takes_solver_parameters(data_dir):
    """``params`` reach PyVRP's search (its callbacks see the start)."""
    from pyvrp import SolveParams
    from pyvrp.IteratedLocalSearch import IteratedLocalSearchCallbacks, IteratedLocalSearchParams

    started = []

    class Seen(IteratedLocalSearchCallbacks):
        def on_start(self, ils):
            started.append(ils.params.history_length)

    params = SolveParams(ils=IteratedLocalSearchParams(history_length=7, callbacks=Seen()))
    p = read(data_dir / "X-n101-k25.vrp")
    res = PyVRPBackend().solve(p, time_limit=5, max_iterations=20, params=params)
    assert started == [7] and check_routes(p, res) == []


def test_short_budget_params_keep_pyvrps_neighbours_only_with_backhauls():
    from pyvrp import SolveParams

    from hubflow.dispatch.backends.portfolio import short_budget_params

    one = small()
    backhaul = one.replace(
        clients=(dataclasses.replace(one.clients[0], pickup=1), *one.clients[1:])
    )
    plain = SolveParams()
    tuned, with_pickups = short_budget_params(one), short_budget_params(backhaul)
    assert tuned.neighbourhood.num_neighbours < plain.neighbourhood.num_neighbours
    assert with_pickups.neighbourhood.num_neighbours == plain.neighbourhood.num_neighbours
    assert tuned.ils.history_length == with_pickups.ils.history_length < plain.ils.history_length


def test_idle_cores_is_a_share_of_the_machine():
    assert 0.0 <= HubflowBackend.idle_cores(0.01) <= (os.cpu_count() or 1)


def test_which_back_ends_stop_on_a_count_of_iterations():
    assert stops_on_iterations("pyvrp") and stops_on_iterations("hubflow")
    pytest.importorskip("ortools")
    assert not stops_on_iterations("ortools")


def test_pyvrp_says_what_stopped_its_search(data_dir):
    p = read(data_dir / "X-n101-k25.vrp")
    counted = PyVRPBackend().solve(p, time_limit=60, max_iterations=50)
    assert (counted.info["iterations"], counted.info["stopped_by"]) == (50, "iterations")
    cut = PyVRPBackend().solve(p, time_limit=0.0, max_iterations=10**9)
    assert cut.info["stopped_by"] == "time_limit"


def test_idle_cores_are_sampled_again_after_a_busy_start(monkeypatch):
    """A first sample taken while the first search sets up can see no idle core on an idle
    machine: the anchor scheme samples again (at most IDLE_SAMPLES times) and stops at the
    first sample that gives every other worker a core."""
    samples = iter([0.0, 0.4, 1.0, 2.0])
    monkeypatch.setattr(HubflowBackend, "idle_cores", staticmethod(lambda: next(samples)))
    assert HubflowBackend(workers=2)._idle_while_starting() == 1.0
    calls: list[int] = []
    monkeypatch.setattr(HubflowBackend, "idle_cores", staticmethod(lambda: calls.append(1) or 0.3))
    assert HubflowBackend(workers=2)._idle_while_starting() == 0.3
    assert len(calls) == portfolio.IDLE_SAMPLES


def test_vroom_refuses_what_it_would_get_wrong():
    """A shift shorter than the truck's window (VROOM's max_travel_time counts driving only)
    and a matrix entry beyond VROOM's 32-bit integers (it would wrap into a cheap arc) are
    refused, not answered with routes the checker rejects."""
    from hubflow.errors import SolverError

    p = small()
    short = dataclasses.replace(p.vehicle_types[0], tw_late=100, shift_duration=50)
    with pytest.raises(SolverError, match="shift of 50 is shorter than its time window"):
        solve(dataclasses.replace(p, vehicle_types=(short,)), backend="vroom", time_limit=1)
    far = p.distance.copy()
    far[1, 2] = 2**40
    with pytest.raises(SolverError, match="above 2\\^32"):
        solve(dataclasses.replace(p, distance=far), backend="vroom", time_limit=1)
    fits = dataclasses.replace(p.vehicle_types[0], tw_late=100, shift_duration=100)
    res = solve(dataclasses.replace(p, vehicle_types=(fits,)), backend="vroom", time_limit=1)
    assert res.cost == 12 and check_routes(p, res) == []
