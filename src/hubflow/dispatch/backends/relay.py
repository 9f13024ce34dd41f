"""Searches that take up another search's best solution as they go: the relay and the follower.

A guard search (PyVRP's plain one with the caller's seed) publishes each new best solution's
routes to a small file (:class:`Publisher`, a PyVRP callback, at most every ``every`` seconds).
Beyond the short budget the relay helper runs in epochs and, before each but the first,
recombines the routes of its own solutions and the guard's latest best (set partitioning,
:mod:`hubflow.dispatch.recombine`) and restarts from the result with a new seed
(:func:`relay`). On a short budget the tuned search follows instead (:class:`Following`):
whenever the guard's best is cheaper than its own, it takes it as its next candidate and goes
on from there, keeping its own state (no restart). The guard itself is untouched, so the pair
is never worse than it. Both sides need the same file system (a local process pool); without
the file the others go on alone.
"""

from __future__ import annotations

import json
import math
import os
import time
from typing import TYPE_CHECKING

from hubflow.dispatch.problem import RoutingProblem
from hubflow.dispatch.result import Route

if TYPE_CHECKING:
    from pyvrp import ProblemData, Result, Solution, SolveParams
    from pyvrp.stop import StoppingCriterion

#: the helper's epochs, and the seconds (at most, and share of its budget) for each recombination
RELAY_EPOCHS = 4
RELAY_KEEP = (0.5, 0.02)


class Publisher:
    """PyVRP callbacks that write the routes of each new feasible best to ``path`` (atomically,
    from its start, at most every ``every`` seconds, and once more at the end of the search)."""

    def __init__(self, problem: RoutingProblem, path: str, every: float = 0.2) -> None:
        self.problem, self.path, self.every = problem, path, every
        self._last = -math.inf
        self._pending: Solution | None = None

    def on_start(self, ils) -> None:
        self.on_best(ils.initial_solution)

    def on_iteration(self, current, candidate, best, cost_evaluator) -> None:
        pass

    def on_restart(self, best) -> None:
        pass

    def on_best(self, best) -> None:
        if best.is_feasible():
            self._pending = best
            if time.monotonic() - self._last >= self.every:
                self._write()

    def on_end(self, result) -> None:
        if self._pending is not None:
            self._write()

    def _write(self) -> None:
        from hubflow.dispatch.backends.pyvrp_backend import from_solution

        assert self._pending is not None
        routes = [
            [r.vehicle_type, list(r.visits)] for r in from_solution(self.problem, self._pending)
        ]
        tmp = f"{self.path}.tmp"
        with open(tmp, "w") as f:
            json.dump(routes, f)
        os.replace(tmp, self.path)
        self._last, self._pending = time.monotonic(), None


def read_published(path: str | None) -> list[tuple[int, tuple[int, ...]]]:
    """The routes last written by a :class:`Publisher` (none when there is no such file)."""
    if not path:
        return []
    try:
        with open(path) as f:
            return [(int(k), tuple(int(v) for v in visits)) for k, visits in json.load(f)]
    except (OSError, ValueError, TypeError):  # none yet, or not a publisher's file
        return []


def relay(
    problem: RoutingProblem,
    time_limit: float,
    seed: int,
    warm: list[tuple[int, tuple[int, ...]]] | None,
    until: float,
    tuned: bool,
    path: str | None,
) -> tuple:
    """The helper (runs in a worker): :data:`RELAY_EPOCHS` searches, each but the first from
    the recombination of every route it found and the anchor's latest best. Returns ``_run``'s
    tuple (feasible, cost, routes, iterations) for its best solution."""
    from hubflow.dispatch.backends.portfolio import _key, _run

    t0 = time.time()
    end = min(until, t0 + time_limit)
    keep = min(RELAY_KEEP[0], RELAY_KEEP[1] * time_limit)
    best: tuple | None = None
    found: list[tuple[int, tuple[int, ...]]] = []  # the routes of the helper's solutions
    iterations = 0
    for epoch in range(RELAY_EPOCHS):
        start = warm
        if best is not None:
            best = _take_up(problem, best, found, read_published(path), keep)
            start = best[2] if best[0] else warm
        stop = t0 + (end - t0) * (epoch + 1) / RELAY_EPOCHS
        if stop - time.time() <= 0.05 and best is not None:
            break
        res = _run(problem, stop - time.time(), seed + epoch, start, until=stop, tuned=tuned)
        iterations += res[3]
        if res[0]:
            found += res[2]
        best = res if best is None else min(best, res, key=_key)
    assert best is not None
    return (*best[:3], iterations)


def _take_up(problem: RoutingProblem, best: tuple, found: list, theirs: list, keep: float):
    """The cheapest of ``best`` and the published routes ``theirs``, then recombined with every
    route ``found`` (set partitioning within ``keep`` seconds, never worse): ``_run``'s tuple."""
    from hubflow.dispatch.backends.portfolio import _key, recombined
    from hubflow.dispatch.checker import solution_cost

    if theirs:
        cost = solution_cost(problem, [Route(k, v) for k, v in theirs])
        best = min(best, (True, cost, theirs, best[3]), key=_key)
    return recombined(problem, [*found, *theirs], best, keep) if best[0] else best


class Following:
    """:func:`pyvrp.solve` for a search that follows the guard's published best (the same
    set-up and iterated local search; only the local search is wrapped in :class:`_TakingUp`).
    Without a published file it is PyVRP's search, move for move."""

    def __init__(self, problem: RoutingProblem, path: str, every: float = 0.2) -> None:
        self.problem, self.path, self.every = problem, path, every

    def __call__(
        self,
        data: ProblemData,
        stop: StoppingCriterion,
        seed: int = 0,
        collect_stats: bool = True,
        display: bool = False,
        params: SolveParams | None = None,
        initial_solution: Solution | None = None,
    ) -> Result:
        from pyvrp import IteratedLocalSearch, PenaltyManager, RandomNumberGenerator, SolveParams
        from pyvrp import Solution as PyVRPSolution
        from pyvrp.search import LocalSearch, PerturbationManager, compute_neighbours

        params = params if params is not None else SolveParams()
        rng = RandomNumberGenerator(seed=seed)
        neighbours = compute_neighbours(data, params.neighbourhood)
        ls = LocalSearch(data, rng, neighbours, PerturbationManager(params.perturbation))
        for op in params.operators:
            if op.supports(data):
                ls.add_operator(op(data))
        pm = PenaltyManager(params.penalty.midpoint_penalties(data), params.penalty)
        init = initial_solution
        if init is None:
            init = ls(
                PyVRPSolution.make_random(data, rng), pm.max_cost_evaluator(), exhaustive=True
            )
        search = _TakingUp(ls, self, data, init, pm.cost_evaluator())
        algo = IteratedLocalSearch(data, pm, search, init, params.ils)
        return algo.run(stop, collect_stats, display, params.display_interval)


class _TakingUp:
    """The local search, except that at most every ``every`` seconds, when the file holds a
    solution cheaper than the best this search has returned, it returns that one instead: the
    iterated local search then takes it as its best and current solution."""

    def __init__(self, search, following: Following, data, init, cost_evaluator) -> None:
        self.search, self.following, self.data = search, following, data
        self.best = cost_evaluator.cost(init)  # inf when infeasible
        self.taken = 0
        self._next_look = 0.0
        self._seen: tuple[int, int] | None = None

    def __call__(self, solution, cost_evaluator, exhaustive: bool = False):
        if not exhaustive:
            theirs = self._published(cost_evaluator)
            if theirs is not None:
                self.taken += 1
                self.best = cost_evaluator.cost(theirs)
                return theirs
        out = self.search(solution, cost_evaluator, exhaustive)
        self.best = min(self.best, cost_evaluator.cost(out))
        return out

    def _published(self, cost_evaluator):
        """The published solution if it is new, feasible and cheaper than this search's best."""
        now = time.monotonic()
        if now < self._next_look:
            return None
        self._next_look = now + self.following.every
        try:
            st = os.stat(self.following.path)
        except OSError:  # nothing published yet
            return None
        stamp = (st.st_ino, st.st_mtime_ns)  # each publication is a new file
        if stamp == self._seen:
            return None
        self._seen = stamp
        from hubflow.dispatch.backends.pyvrp_backend import to_solution

        routes = [Route(k, v) for k, v in read_published(self.following.path)]
        try:
            theirs = to_solution(self.following.problem, self.data, routes) if routes else None
        except (IndexError, KeyError, ValueError):  # not this problem's routes
            return None
        if theirs is None or cost_evaluator.cost(theirs) >= self.best:
            return None
        return theirs
