"""The "hubflow" scheme: PyVRP searches on every core, chosen per problem class.

- Up to ``short_budget`` seconds (20) every search runs with :func:`short_budget_params`
  (:meth:`HubflowBackend.tunes`); beyond, and with ``tuned=False``, PyVRP's defaults. In the
  epochs only up to ``tuned_per_stop`` seconds a stop too (0.025: from 400 stops at 10 s): at
  10 s on 180-345 stops the tuned epochs lost to one PyVRP run (1.18 x) where the epochs with
  PyVRP's defaults gained (0.94 x); from 449 stops the tuned ones won
  (bench/results/vrp_10s_round8_mid*.md).
- Several depots or vehicle types (multi-depot, mixed fleets), or pickups (backhauls), below
  the sizes decomposed (last item): the calling process runs one tuned search (same seed,
  whole budget); worker processes run whole searches on the cores the rest of the machine
  leaves idle (none on a busy machine), the first of them the plain search of the ``pyvrp``
  back-end with the same seed, so with a core idle the result is that run's or better. With
  optional stops the routes of their solutions are then recombined (as in the epochs, below);
  on backhauls two whole searches never had routes worth joining (0 gain in 12 runs,
  bench/results/vrp_epochs_6cpu_vrpb_anchorsp*.md).
  Restarting searches every epoch (below) cost more than it gained on these classes
  (bench/results/vrp_10s*.md); on backhauls at equal CPU time the epochs with recombination
  only tied with this scheme (bench/results/vrp_epochs_6cpu_vrpb*.md), which keeps its
  guarantee. At 60 s the epochs (``backhauls_epochs_above=20``) beat one PyVRP run on the
  benchmark's backhaul files (0.79 x over three seeds, this scheme 0.93 x,
  bench/results/vrp_60s_round9_vrpb_seed*.md) but only tied this scheme on four training files
  (bench/results/vrpb_train_60s_seed*.md), so backhauls keep this scheme.
- Optional stops with prizes (prize-collecting), one depot and one vehicle type: the epochs
  (below) at every budget. With the route recombination they beat one PyVRP run at 10 s (0.52
  vs 7.83 %) and at 60 s (0.17 vs 0.26 % over three seeds, bench/results/vrp_60s_prize_epochs*);
  the anchor scheme, used beyond 20 s before, tied there (0.28 vs 0.30 %). Without the
  recombination the epochs had lost at 60 s (bench/results/vrp_60s_pctw*.md).
- One depot, one vehicle type and deliveries only, up to ``decompose_above`` stops and
  ``epochs_per_stop`` seconds a stop (0.12: from 500 stops at 60 s; below, the anchor scheme's
  whole searches, which won at 60 s on 100-400 stops where the epochs lost to one PyVRP run,
  bench/results/vrp_60s_round8*): ``workers``
  PyVRP searches with different seeds in worker processes. The time is cut into ``epochs``;
  after each, the routes of all solutions so far are recombined
  (:mod:`hubflow.dispatch.recombine`: the cheapest set of them serving every stop once, in at
  most ``recombine_share`` of the time and 0.5 s) and every worker restarts from the result
  (with a new seed); the best at the end wins. The recombination tied on X training files and
  took prize-collecting from 24 to 0.5 % at 10 s (bench/results/vrp_epochs_*.md,
  vrp_10s_round3*.md).
- Instances with coordinates and only required stops above ``decompose_above`` stops (one
  depot) or ``depots_above`` per ``depots_seconds`` (10) of budget (several depots; at least
  ``depots_above``): route-based decomposition (``clusters``). At 10 s it took multi-depot VRPTW
  from 0.74 to 0.44 × one PyVRP run's gap; at 60 s, where PyVRP's own search has time to
  converge on 360-480 stops, it lost (1.04 ×, bench/results/vrp_60s_round6_hf_mdtw_vrpb.md)
  while two whole searches gained (0.78 × at equal CPU time, vrp_epochs_60cpu_hf_mdtw_vrpb.md).
  The
  anchor search runs for ``first_share`` of the time; its routes are grouped by start depot,
  then by the polar angle of their barycentres (about ``sector_size`` stops a cluster,
  :mod:`hubflow.dispatch.clusters`); each cluster is re-solved from its own routes in the pool
  for ``cluster_share``, and replaces its routes only when cheaper; the anchor search ends the
  time from the joined routes. Angular sectors of stops around the first depot, before, lost
  on X-n1001-k43 and could not cut several depots. Beyond ``rounds_above`` seconds (20) the
  decomposition runs in rounds (:data:`ROUNDS`): whole searches for 30 % of the time, then six
  rounds of one cluster a worker, the cut shifted each round. At 60 s on Gehring-Homberger
  1,000-stop files it took the gap from 0.84 to 0.73 x one PyVRP run's on two training files
  and from 0.87 to 0.71 x on the benchmark's two (two seeds each,
  bench/results/vrp_60s_round9_gh*.md); on X training files of 765-956 stops it tied
  (vrp_60s_round9_x_train_seed0.md); at 10 s it tied, so 10 s keeps one round. On a short
  budget the decomposition's whole searches are both tuned (``clusters_plain=False``; the plain
  search beside the tuned one is the anchor's guarantee, which a decomposition does not keep):
  X-n1001-k43 at 10 s 1.65 against 1.94 % over six seeds, better on X training files of
  765-978 stops, GH and MDTW at 10 s (bench/results/vrp_10s_round10_*).
- A warm start (previous routes) seeds every search.

Below ``pool_above`` seconds (default 1 s) one PyVRP search runs in this process: starting a
``spawn`` pool takes about 0.2 s, more than a second search gains in so little time.

Workers receive the problem as an argument of each task (no state inherited by ``fork``), through
an :class:`~hubflow.dispatch.executor.Executor`: one pool per ``solve`` call, shared by all epochs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

from hubflow.dispatch.executor import Executor, LocalExecutor
from hubflow.dispatch.problem import RoutingProblem
from hubflow.dispatch.result import Route, RoutingResult, Status

RETURN_MARGIN = 0.1  # seconds kept for sending the routes back from the workers
IDLE_SAMPLES = 6  # samples of 50 ms at most for the idle cores beside the anchor search


#: budgets (seconds) up to which the scheme's searches are tuned; beyond, PyVRP's defaults
SHORT_BUDGET = 20.0
#: seconds of budget per stop up to which the searches are tuned (400 stops at 10 s)
TUNED_PER_STOP = 0.025
#: the decomposition in rounds (first share, cluster share, rounds, cluster size: 0 is one
#: cluster a worker): whole searches for 30 % of the budget, then six rounds of re-solves
ROUNDS = (0.3, 0.7, 6, 0)
#: seconds of budget per stop up to which one depot and deliveries only run the epochs;
#: beyond, whole searches (anchor): below 500 stops at 60 s
EPOCHS_PER_STOP = 0.12
#: the problems on which the anchor scheme's searches share their best (``relay=`` and ``follow=``)
RELAY = ("never", "pickups", "always")


def short_budget_params(problem: RoutingProblem):
    """PyVRP's parameters for budgets of seconds: 30 neighbours per stop (PyVRP: 50) make each
    iteration cheaper, except with pickups (backhauls), where 50 did better; a late-acceptance
    history of 50 (PyVRP: 300) lets the search descend sooner. Tuned on X, Gehring-Homberger
    and backhaul files outside the benchmark's lists at 4 CPU seconds (bench/vrp_tune.py,
    bench/results/vrp_tune_*.md); at 60 s they lost on small mixed-fleet, backhaul and
    prize-collecting instances, so only budgets up to ``SHORT_BUDGET`` take them."""
    from pyvrp import SolveParams
    from pyvrp.IteratedLocalSearch import IteratedLocalSearchParams
    from pyvrp.search import NeighbourhoodParams

    return SolveParams(
        ils=IteratedLocalSearchParams(history_length=50),
        neighbourhood=NeighbourhoodParams(num_neighbours=50 if problem.has_pickups else 30),
    )


def _run(
    problem: RoutingProblem,
    time_limit: float,
    seed: int,
    warm: list[tuple[int, tuple[int, ...]]] | None,
    until: float = math.inf,
    tuned: bool = False,
    callbacks=None,
    follow: str | None = None,
):
    """One PyVRP search (runs in a worker): (feasible, cost, routes, iterations).

    ``until`` (``time.time()`` of the caller's end) caps the search, so the time a worker
    process took to start is not added to the caller's wall time. ``tuned``: with
    :func:`short_budget_params`, else PyVRP's defaults (the ``pyvrp`` back-end's search, and
    what :mod:`hubflow.dispatch.large` runs on its parts, measured so). ``callbacks``:
    PyVRP's search callbacks (they do not change the search). ``follow``: the file where a
    guard search publishes its best, which this search takes up when cheaper than its own
    (:class:`~hubflow.dispatch.backends.relay.Following`)."""
    import pyvrp

    from hubflow.dispatch.backends.pyvrp_backend import PyVRPBackend
    from hubflow.dispatch.backends.relay import Following

    ws = [Route(k, v) for k, v in warm] if warm else None
    limit = max(0.05, min(time_limit, until - time.time()))
    params = short_budget_params(problem) if tuned else None
    if callbacks is not None:
        params = _with_callbacks(params, callbacks)
    search = Following(problem, follow) if follow else pyvrp.solve
    res = PyVRPBackend().solve(
        problem, time_limit=limit, seed=seed, warm_start=ws, params=params, search=search
    )
    routes = [(r.vehicle_type, r.visits) for r in res.routes]
    return res.status is Status.FEASIBLE, res.cost, routes, res.info.get("iterations", 0)


def _with_callbacks(params, callbacks):
    """``params`` (None: PyVRP's defaults) with ``callbacks`` in a fresh copy of its search
    parameters (PyVRP's default parameter objects are shared, so they are not changed)."""
    from pyvrp import SolveParams

    p = params if params is not None else SolveParams()
    ils = dataclasses.replace(p.ils, callbacks=callbacks)
    return SolveParams(
        ils, p.penalty, p.neighbourhood, p.operators, p.display_interval, p.perturbation
    )


def recombined(problem: RoutingProblem, routes, best: tuple, limit: float) -> tuple:
    """``best`` (``_run``'s tuple, feasible) or a cheaper solution made of ``routes`` and its
    own, found by :func:`hubflow.dispatch.recombine.recombine` within ``limit`` seconds."""
    from hubflow.dispatch.checker import solution_cost
    from hubflow.dispatch.recombine import recombine

    start = [Route(k, tuple(v)) for k, v in best[2]]
    joined = recombine(problem, (Route(k, tuple(v)) for k, v in routes), start, limit)
    return (
        True,
        solution_cost(problem, joined),
        [(r.vehicle_type, r.visits) for r in joined],
        best[3],
    )


def _usable_cores(idle: float) -> int:
    """Whole cores a search may take from ``idle`` idle ones: a core counts from 3/4 idle."""
    return math.floor(idle + 0.25)


def _key(res: tuple) -> tuple:
    feasible, cost, *_ = res
    return (not feasible, cost)


class HubflowBackend:
    name = "hubflow"

    def __init__(
        self,
        workers: int | None = None,
        epochs: int = 4,
        decompose_above: int = 700,
        depots_above: int = 300,
        depots_seconds: float = 10.0,
        sector_size: int = 500,
        first_share: float = 0.5,
        cluster_share: float = 0.25,
        cluster_rounds: int = 1,
        rounds_above: float = SHORT_BUDGET,
        plain_beside: bool = True,
        clusters_plain: bool = False,
        executor: Callable[[int], Executor] = LocalExecutor,
        pool_above: float = 1.0,
        tuned: bool = True,
        short_budget: float = SHORT_BUDGET,
        tuned_per_stop: float = TUNED_PER_STOP,
        recombine: bool = True,
        recombine_share: float = 0.02,
        prizes_anchor_above: float = math.inf,
        backhauls_epochs_above: float = math.inf,
        epochs_per_stop: float = EPOCHS_PER_STOP,
        relay: str = "pickups",
        follow: str = "always",
    ) -> None:
        self.workers = workers or max(1, min(2, os.cpu_count() or 1))
        self.epochs = max(1, epochs)
        #: stops above which a solution's routes are decomposed: one depot, several depots
        self.clusters_above = (decompose_above, depots_above)
        #: several depots decompose above ``depots_above`` stops per this many seconds of budget
        self.depots_seconds = depots_seconds
        self.sector_size = sector_size
        self.first_share = first_share
        self.cluster_share = cluster_share
        #: rounds of cluster re-solves in ``cluster_share`` of the budget, each cut shifted
        self.cluster_rounds = max(1, cluster_rounds)
        #: budgets (seconds) above which the decomposition runs as :data:`ROUNDS` instead
        self.rounds_above = rounds_above
        #: the anchor scheme's first helper runs PyVRP's plain search (else a tuned one)
        self.plain_beside = plain_beside
        #: the decomposition's whole searches keep that plain search too (as before round ten;
        #: two tuned ones gained on X training files of 765-978 stops at 10 s)
        self.clusters_plain = clusters_plain
        self.executor = executor
        self.pool_above = pool_above
        #: searches with :func:`short_budget_params` (else PyVRP's defaults throughout)
        self.tuned = tuned
        self.short_budget = short_budget
        self.tuned_per_stop = tuned_per_stop
        #: recombine the routes of the searches' solutions (set partitioning) after each epoch
        #: and, with optional stops, after the anchor scheme's searches; in this share of the
        #: budget (at most 0.5 s)
        self.recombine = recombine
        self.recombine_share = recombine_share
        #: budgets (seconds) above which prize-collecting takes the anchor scheme (never, by
        #: default; round five's scheme had ``short_budget``)
        self.prizes_anchor_above = prizes_anchor_above
        #: budgets (seconds) above which backhauls (one depot and type) take the epochs (never,
        #: by default: measured in round nine, won on the benchmark's files, tied on others)
        self.backhauls_epochs_above = backhauls_epochs_above
        #: seconds a stop above which required stops get whole searches instead of epochs
        self.epochs_per_stop = epochs_per_stop
        #: where the anchor scheme's helpers relay: ``pickups`` (backhauls beyond the short
        #: budget; measured in round eleven, at 10 s they lost on training files), ``always``
        #: or ``never``. The in-process search is then the plain one and publishes its best,
        #: which the helpers take up between epochs (:mod:`hubflow.dispatch.backends.relay`)
        if relay not in RELAY:
            raise ValueError(f"relay must be one of {', '.join(RELAY)}, not {relay!r}")
        self.relay = relay
        #: where, on a short budget, the anchor scheme's tuned searches follow its plain one:
        #: ``always`` (measured in round twelve on backhauls and heterogeneous fleets),
        #: ``pickups`` or ``never``. The plain search publishes its best; a tuned one takes it
        #: up whenever it is cheaper than its own
        if follow not in RELAY:
            raise ValueError(f"follow must be one of {', '.join(RELAY)}, not {follow!r}")
        self.follow = follow
        self._until = math.inf  # time.time() at which the current solve's searches stop
        self._tuned = False  # whether the current solve's searches are tuned

    # -- entry point ------------------------------------------------------------------------
    def solve(
        self,
        problem: RoutingProblem,
        *,
        time_limit: float,
        seed: int = 0,
        warm_start: list[Route] | None = None,
        max_iterations: int | None = None,
    ) -> RoutingResult:
        """With ``max_iterations`` (a result that does not depend on the machine's speed) it is
        the plain PyVRP search, in this process."""
        t0 = time.perf_counter()
        if max_iterations is not None:
            from hubflow.dispatch.backends.pyvrp_backend import PyVRPBackend

            res = PyVRPBackend().solve(
                problem,
                time_limit=time_limit,
                seed=seed,
                warm_start=warm_start,
                max_iterations=max_iterations,
            )
            return dataclasses.replace(res, backend=self.name)
        n = len(problem.clients) + 2 * len(problem.shipments)
        info: dict = {"stopped_by": "time_limit"}
        has_xy = all(loc.x is not None for loc in problem.locations)
        scheme = self.scheme(problem, n, has_xy, bool(warm_start), time_limit)
        self._tuned = self.tunes(time_limit, n, scheme)
        warm = [(r.vehicle_type, r.visits) for r in warm_start] if warm_start else None
        if time_limit < self.pool_above:
            best = _run(problem, time_limit, seed, warm, tuned=self._tuned)
            return self._result(best, t0, info)
        info["scheme"] = scheme
        self._until = time.time() + time_limit - RETURN_MARGIN
        with self.executor(self.workers) as pool:
            if scheme == "clusters":
                best = self._clusters(pool, problem, time_limit, seed, warm, t0, info)
            elif scheme == "anchor":
                prizes = any(not c.required for c in problem.clients)
                best = self._anchor(pool, problem, time_limit, seed, warm, t0, info, join=prizes)
            else:
                best = self._portfolio(pool, problem, time_limit, seed, warm, t0, info)
        return self._result(best, t0, info)

    def tunes(self, time_limit: float, stops: int, scheme: str = "epochs") -> bool:
        """Whether the searches of ``scheme`` on ``stops`` stops and a budget of
        ``time_limit`` seconds take :func:`short_budget_params`: on a short budget; in the
        epochs, whose searches all share them, only when it is short for the size too (the
        anchor keeps PyVRP's own search beside its tuned one, which gained on small mixed
        fleets: HF at 10 s 0.76 x one PyVRP run against 0.86 x with two plain searches)."""
        short = time_limit <= self.short_budget
        per_stop = scheme != "epochs" or time_limit <= self.tuned_per_stop * stops
        return self.tuned and short and per_stop

    @staticmethod
    def idle_cores(sample: float = 0.05) -> float:
        """Cores left idle by the rest of the machine, measured over ``sample`` seconds from
        /proc/stat (Linux); elsewhere, the core count less the 1-minute load average."""
        try:
            before = _cpu_times()
            time.sleep(sample)
            after = _cpu_times()
        except OSError:
            return max(0.0, (os.cpu_count() or 1) - os.getloadavg()[0])
        total = sum(after) - sum(before)
        idle = (after[3] + after[4]) - (before[3] + before[4])
        return (os.cpu_count() or 1) * idle / total if total > 0 else float(os.cpu_count() or 1)

    def scheme(
        self, problem: RoutingProblem, n: int, has_xy: bool, warm: bool, time_limit: float = 0.0
    ) -> str:
        """The scheme for ``problem`` and a budget of ``time_limit`` seconds: clusters
        (route-based decomposition), anchor (whole searches, one the plain run) or epochs.
        Required stops only (no optional ones, no shipments) on a budget long for their number
        (over ``epochs_per_stop`` seconds a stop) get whole searches: restarting both from the
        best every epoch lost where one search has converged (X at 60 s on 100-500 stops,
        bench/results/vrp_60s_round8*)."""
        several = problem.num_depots > 1 or len(problem.vehicle_types) > 1
        pickups = problem.has_pickups
        backhauls = pickups and time_limit <= self.backhauls_epochs_above
        required = all(c.required for c in problem.clients) and not problem.shipments
        if required and has_xy and n > self._clusters_above(problem, time_limit):
            return "clusters"
        prizes = any(not c.required for c in problem.clients)
        prizes_long = prizes and time_limit > self.prizes_anchor_above
        long = required and time_limit > self.epochs_per_stop * n
        if several or backhauls or prizes_long or long or self.workers < 2:
            return "anchor"
        return "epochs"

    def _clusters_above(self, problem: RoutingProblem, time_limit: float) -> float:
        """Stops above which ``problem``'s routes are decomposed on a budget of ``time_limit``."""
        if problem.num_depots == 1:
            return self.clusters_above[0]
        return self.clusters_above[1] * max(1.0, time_limit / self.depots_seconds)

    def _idle_while_starting(self) -> float:
        """Idle cores beside the first search: the most of up to ``IDLE_SAMPLES`` samples,
        stopping as soon as every other worker has a core. The first search's set-up can take
        the second core for a moment: a single sample at its start saw 0.0 idle cores on an idle
        machine (PR12A), and the anchor scheme then ran one search only."""
        idle = self.idle_cores()
        for _ in range(IDLE_SAMPLES - 1):
            if _usable_cores(idle) >= self.workers - 1:
                break
            idle = max(idle, self.idle_cores())
        return idle

    def _result(self, best: tuple, t0: float, info: dict) -> RoutingResult:
        feasible, cost, routes, _ = best
        return RoutingResult(
            status=Status.FEASIBLE if feasible else Status.NO_SOLUTION,
            cost=cost,
            routes=tuple(Route(k, tuple(v)) for k, v in routes),
            runtime=time.perf_counter() - t0,
            backend=self.name,
            info=info,
        )

    def _anchor(
        self,
        pool: Executor,
        problem,
        time_limit,
        seed,
        warm,
        t0,
        info,
        until=None,
        join=False,
        plain=True,
    ) -> tuple:
        """The tuned search runs here from the first moment for the whole budget; a thread
        beside it measures the cores the rest of the machine leaves idle and starts that many
        other searches in the pool (none on a busy machine, where a second search would take
        its CPU from the first), until the same end; the best wins. The first of them is the
        plain PyVRP search of the same seed, so on an idle core the result is never worse
        than the ``pyvrp`` back-end's; the others are tuned searches with other seeds, and on a
        short budget the tuned ones follow its published best (:attr:`follow`). With
        ``join`` (and ``recombine``) the searches end a little early and the routes of all
        their solutions are recombined. ``plain=False`` (the decomposition's searches): every
        helper is tuned (with ``plain_beside`` off, too)."""
        keep = self._keep(time_limit) if join else 0.0
        left = max(time_limit - keep - (time.perf_counter() - t0), 0.05)

        def start_others(path: str | None) -> list:
            runs = [(seed * 1000 + w, self._tuned) for w in range(1, 1 + self._helpers(info))]
            if self._tuned and runs and self.plain_beside and plain:
                runs[0] = (seed, False)
            end = (self._until if until is None else until) - keep
            return [
                pool.submit(_run, problem, left, s, warm, end, t, *_sharing(problem, path, t))
                for s, t in runs
            ]

        if self._relays(problem, time_limit) and plain and not keep:
            return self._relay(pool, problem, left, seed, warm, until, info)
        with _shared_file(self._follows(problem) and plain and not keep) as path:
            with ThreadPoolExecutor(1) as starter:
                started = starter.submit(start_others, path)
                mine = _run(problem, left, seed, warm, tuned=self._tuned, follow=path)
                futs = started.result()
            results = [mine, *(f.result() for f in futs)]
        info["round_costs"] = [[r[1] for r in results]]
        best = min(results, key=_key)
        feasible = [r for r in results if r[0]]
        if keep and len(feasible) > 1:
            routes = [r for res in feasible for r in res[2]]
            best = self._recombine(problem, routes, best, time_limit, t0, info)
        return best

    def _helpers(self, info: dict) -> int:
        """How many searches to start beside the one in this process: one a core the rest of
        the machine leaves idle while that search runs (recorded in ``info``)."""
        info["idle_cores"] = idle = self._idle_while_starting()
        return min(self.workers - 1, _usable_cores(idle))

    def _follows(self, problem: RoutingProblem) -> bool:
        """Whether the anchor scheme's tuned searches follow its plain one (:attr:`follow`):
        only where the plain search with the caller's seed runs beside them, on a short budget."""
        told = self.follow == "always" or (self.follow == "pickups" and problem.has_pickups)
        return told and self._tuned and self.plain_beside

    def _relays(self, problem: RoutingProblem, time_limit: float) -> bool:
        """Whether the anchor scheme's helpers relay on ``problem`` (:attr:`relay`)."""
        pickups = problem.has_pickups and time_limit > self.short_budget
        return self.relay == "always" or (self.relay == "pickups" and pickups)

    def _relay(self, pool: Executor, problem, left, seed, warm, until, info) -> tuple:
        """The anchor scheme with relay helpers: PyVRP's plain search (the ``pyvrp`` back-end's,
        same seed) runs here and publishes its best routes; the helpers, tuned on a short
        budget, restart in epochs from the recombination of theirs and its latest best."""
        from hubflow.dispatch.backends.relay import Publisher, relay

        end = self._until if until is None else until

        def start_others(path: str) -> list:
            seeds = [seed * 1000 + w for w in range(1, 1 + self._helpers(info))]
            return [
                pool.submit(relay, problem, left, s, warm, end, self._tuned, path) for s in seeds
            ]

        with _best_file() as path:
            with ThreadPoolExecutor(1) as starter:
                started = starter.submit(start_others, path)
                mine = _run(problem, left, seed, warm, callbacks=Publisher(problem, path))
                futs = started.result()
            results = [mine, *(f.result() for f in futs)]
        info["round_costs"] = [[r[1] for r in results]]
        return min(results, key=_key)

    def _portfolio(self, pool: Executor, problem, time_limit, seed, warm, t0, info) -> tuple:
        """Epochs of ``workers`` searches, each from the best so far; with ``recombine``, the
        routes of every search's solution are recombined after each epoch (the last epoch
        ends early for it, :meth:`_keep`) and the next epoch starts from the result."""
        keep = self._keep(time_limit)
        rounds = [(i + 1) / self.epochs * (1 - keep / time_limit) for i in range(self.epochs)]
        best = None
        routes: list = []  # of every search's solution so far, for the recombination
        s = seed * 1000
        for share in rounds:
            left = time_limit * share - (time.perf_counter() - t0)
            if left <= 0.05 and best is not None:
                continue
            start = best[2] if best is not None and best[0] else warm
            futs = [
                pool.submit(_run, problem, max(left, 0.05), s + w, start, self._until, self._tuned)
                for w in range(self.workers)
            ]
            s += self.workers
            results = [f.result() for f in futs]
            if best is not None:
                results.append(best)
            best = min(results, key=_key)
            info.setdefault("round_costs", []).append([r[1] for r in results])
            if keep and best[0]:
                routes += [r for res in results if res[0] for r in res[2]]
                best = self._recombine(problem, routes, best, time_limit, t0, info)
        assert best is not None  # the first round always runs
        return best

    def _keep(self, time_limit: float) -> float:
        """Seconds kept at the end of the searches for a recombination (0 without it)."""
        return min(self.recombine_share * time_limit, 0.5) if self.recombine else 0.0

    def _recombine(self, problem, routes, best, time_limit, t0, info) -> tuple:
        """``best`` or a cheaper solution made of ``routes`` (:mod:`hubflow.dispatch.recombine`),
        within the time kept for it (:meth:`_keep`) and the end of the budget."""
        left = time_limit - (time.perf_counter() - t0) - RETURN_MARGIN
        joined = recombined(problem, routes, best, min(self._keep(time_limit), left))
        info.setdefault("recombined", []).append(best[1] - joined[1])
        return joined

    def _clusters(self, pool: Executor, problem: RoutingProblem, time_limit, seed, warm, t0, info):
        """Route-based decomposition: the anchor search for ``first_share`` of the time; then
        ``cluster_rounds`` rounds in ``cluster_share`` of it, each cutting the best routes into
        clusters (:func:`~hubflow.dispatch.clusters.route_clusters`: by depot, then by the
        angle of their barycentres, the cut shifted every round) and re-solving each cluster
        from its own routes in parallel; a cluster's new routes replace its old ones only when
        cheaper; then the anchor search again from the joined routes for the rest, if any."""
        first_share, cluster_share, rounds, size = self._decomposition(time_limit)
        first_end = time_limit * first_share
        until = time.time() + first_end - (time.perf_counter() - t0) - RETURN_MARGIN
        plain = self.clusters_plain
        first = self._anchor(pool, problem, first_end, seed, warm, t0, info, until, plain=plain)
        if not first[0]:
            again = self._anchor(pool, problem, time_limit, seed, first[2], t0, {}, plain=plain)
            return min([first, again], key=_key)
        best = first
        for k in range(rounds):
            end = time_limit * (first_share + cluster_share * (k + 1) / rounds)
            joined = self._cluster_round(pool, problem, best[2], end, size, seed, k, t0, info)
            best = min([best, joined], key=_key)
        if first_share + cluster_share >= 1 - 1e-9:
            return best
        start = _fit_fleet(problem, best[2])
        last = self._anchor(pool, problem, time_limit, seed + 1, start, t0, {}, plain=plain)
        return min([best, last], key=_key)

    def _decomposition(self, time_limit: float) -> tuple[float, float, int, float]:
        """(first share, cluster share, rounds, cluster size) of the decomposition on a budget
        of ``time_limit`` seconds: :data:`ROUNDS` above ``rounds_above``, else the
        constructor's ``first_share``, ``cluster_share``, ``cluster_rounds``, ``sector_size``."""
        if time_limit > self.rounds_above:
            return ROUNDS
        return (self.first_share, self.cluster_share, self.cluster_rounds, self.sector_size)

    def _cluster_round(
        self, pool: Executor, problem, routes, end, size, seed, k, t0, info
    ) -> tuple:
        """One round of the decomposition, until ``end`` seconds after ``t0``, in clusters of
        about ``size`` stops (0: one a worker): the joined solution, as (feasible, cost, routes, 0).
        Round ``k`` shifts the cut by ``k`` golden-ratio steps of a cluster."""
        from hubflow.dispatch.checker import solution_cost
        from hubflow.dispatch.clusters import route_clusters
        from hubflow.dispatch.subproblem import restrict

        routes = [Route(r, tuple(v)) for r, v in routes]
        stops = sum(1 for r in routes for v in r.visits if v >= problem.num_depots)
        size = size or stops / self.workers
        clusters = route_clusters(problem, routes, size, (k * 0.618034) % 1.0)
        info.setdefault("clusters", []).append([sum(len(r.visits) for r in c) for c in clusters])
        spare = [vt.num_available for vt in problem.vehicle_types]
        for r in routes:
            spare[r.vehicle_type] -= 1
        subs, starts = [], []
        for c in clusters:
            counts = [n // len(clusters) for n in spare]
            for r in c:
                counts[r.vehicle_type] += 1
            sub = restrict(problem, [v for r in c for v in r.visits], counts)
            subs.append(sub)
            starts.append(sub.lower(c))
        waves = math.ceil(len(subs) / self.workers)
        sub_time = (end - (time.perf_counter() - t0)) / waves
        until = time.time() + end - (time.perf_counter() - t0) - RETURN_MARGIN
        futs = [
            pool.submit(
                _run,
                sub.problem,
                max(sub_time, 0.1),
                seed * 1000 + 100 * (k + 1) + j,
                [(r.vehicle_type, r.visits) for r in start],
                until,
                self._tuned,
            )
            for j, (sub, start) in enumerate(zip(subs, starts, strict=True))
        ]
        joined: list[tuple[int, tuple[int, ...]]] = []
        improved = 0
        for c, sub, start, fut in zip(clusters, subs, starts, futs, strict=True):
            feasible, cost, new, _ = fut.result()
            if feasible and cost < solution_cost(sub.problem, start):
                improved += 1
                joined += [
                    (r.vehicle_type, r.visits) for r in sub.lift(Route(a, tuple(v)) for a, v in new)
                ]
            else:
                joined += [(r.vehicle_type, r.visits) for r in c]
        info.setdefault("clusters_improved", []).append(improved)
        used = [0] * len(problem.vehicle_types)
        for a, _ in joined:
            used[a] += 1
        if any(u > vt.num_available for u, vt in zip(used, problem.vehicle_types, strict=True)):
            joined = [(r.vehicle_type, r.visits) for r in routes]  # keep the incumbent
        cost = solution_cost(problem, [Route(a, tuple(v)) for a, v in joined])
        return True, cost, joined, 0


@contextlib.contextmanager
def _best_file() -> Iterator[str]:
    """A path in a fresh temporary folder (removed afterwards) for a guard search's best."""
    with tempfile.TemporaryDirectory(prefix="hubflow-best-") as folder:
        yield os.path.join(folder, "best.json")


@contextlib.contextmanager
def _shared_file(wanted: bool) -> Iterator[str | None]:
    """:func:`_best_file`, or None when no search is to share."""
    if not wanted:
        yield None
        return
    with _best_file() as path:
        yield path


def _sharing(problem: RoutingProblem, path: str | None, tuned: bool) -> tuple:
    """``_run``'s last arguments (callbacks, follow) for a helper when the searches share
    ``path`` (none when they do not): the plain one publishes its best there, a tuned one
    follows it."""
    from hubflow.dispatch.backends.relay import Publisher

    if path is None:
        return ()
    return (None, path) if tuned else (Publisher(problem, path), None)


def _cpu_times() -> list[int]:
    """The machine's CPU time counters (user, nice, system, idle, iowait, ...)."""
    with open("/proc/stat") as f:
        return [int(v) for v in f.readline().split()[1:]]


def _fit_fleet(problem: RoutingProblem, routes):
    """Keep joined routes within each type's vehicle count (drop the overflow's vehicle types
    to a type with spare vehicles; PyVRP's search repairs the rest)."""
    counts = [0] * len(problem.vehicle_types)
    out = []
    for k, v in routes:
        if counts[k] < problem.vehicle_types[k].num_available:
            counts[k] += 1
            out.append((k, v))
            continue
        spare = [j for j, vt in enumerate(problem.vehicle_types) if counts[j] < vt.num_available]
        if spare:
            counts[spare[0]] += 1
            out.append((spare[0], v))
    return out
