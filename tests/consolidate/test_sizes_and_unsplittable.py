"""Demands with their own size per arc (payloads), unsplittable demands and vehicle limits, on
random generic problems: both solvers keep the rules, agree on the LP, and never beat the exact
optimum."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hubflow.consolidate import (
    DesignProblem,
    DesignResult,
    SolverSettings,
    VehicleLimit,
    get_solver,
)
from hubflow.consolidate.colgen import ColGenSolver
from tests.consolidate.test_colgen import arc_lp_bound, random_problem


def with_loads(p: DesignProblem, seed: int) -> DesignProblem:
    """``p`` with a random size in [0.5, 2] on some demands' arcs, every third demand
    unsplittable, and at most 2 vehicles in all on every third arc."""
    rng = np.random.default_rng(seed)
    demands = tuple(
        dataclasses.replace(
            d,
            size=rng.uniform(0.5, 2.0, len(d.arcs)) if k % 2 else None,
            unsplittable=k % 3 == 0,
        )
        for k, d in enumerate(p.demands)
    )
    quota = VehicleLimit(arcs=np.arange(0, p.n_arcs, 3), limit=2)
    return dataclasses.replace(p, demands=demands, vehicle_limits=(quota,))


def keeps_the_rules(p: DesignProblem, r: DesignResult) -> None:
    """Capacity by size, vehicles within their limit, unsplittable demands whole on one path."""
    assert r.objective is not None
    design = p.max_vehicles > 0
    use = p.capacity_use(r.flows)
    assert (use[design] <= p.capacity[design] * r.vehicles[design] * (1 + 1e-6) + 1e-6).all()
    assert (r.vehicles <= p.max_vehicles).all()
    for quota in p.vehicle_limits:
        assert r.vehicles[quota.arcs].sum() <= quota.limit
    for res in p.resources:
        used = sum(
            res.coefficients(np.full(1, d.weight))[0] * r.flows[k][np.isin(d.arcs, res.arcs)].sum()
            for k, d in enumerate(p.demands)
        )
        assert used <= res.limit + 1e-6
    for k, d in enumerate(p.demands):
        if not d.unsplittable:
            continue
        on = r.flows[k] > 1e-6
        assert np.allclose(r.flows[k][on], d.quantity, rtol=1e-6)  # all of it on every arc used
        leaving = on & (p.tail[d.arcs] == d.origin)
        assert leaving.sum() <= 1
        assert r.unmet[k] == pytest.approx(0.0, abs=1e-6) or r.unmet[k] == pytest.approx(d.quantity)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), extras=st.booleans())
def test_both_solvers_keep_sizes_and_unsplittable_demands(seed, extras):
    p = with_loads(random_problem(seed, extras=extras), seed)
    exact = get_solver("mip", SolverSettings(mip_gap=0.0)).solve(p, deadline=30)
    r = ColGenSolver(SolverSettings(mip_gap=0.0)).solve(p, deadline=30)
    assume(exact.status.name == "OPTIMAL" and r.stats["lp_converged"] == 1.0)
    keeps_the_rules(p, exact)
    keeps_the_rules(p, r)
    # the LP does not see the no-split rule, so both formulations share it
    assert r.stats["lp_bound"] == pytest.approx(arc_lp_bound(p), rel=1e-6, abs=1e-6)
    tol = 1e-6 * max(1.0, abs(exact.objective))
    assert r.lower_bound <= exact.objective + tol
    assert r.objective >= exact.objective - tol
    free = dataclasses.replace(
        p, demands=tuple(dataclasses.replace(d, unsplittable=False) for d in p.demands)
    )
    relaxed = get_solver("mip", SolverSettings(mip_gap=0.0)).solve(free, deadline=30)
    assert relaxed.objective <= exact.objective + tol
