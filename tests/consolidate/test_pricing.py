"""Shortest paths of one demand (local moves) against those of all demands at once (pricing)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hubflow.consolidate.pricing import PairGraph
from tests.consolidate.test_colgen import random_problem


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), acyclic=st.booleans())
def test_one_demands_path_costs_what_the_all_demands_pass_finds(seed, acyclic):
    p = random_problem(seed, nodes=8, arcs=26, demands=6, acyclic=acyclic)
    pairs = PairGraph(p)
    cost = np.random.default_rng(seed).uniform(0, 10, len(pairs.arc))
    cost[np.random.default_rng(seed + 1).random(len(cost)) < 0.1] = np.inf  # closed arcs
    _, to_dest = pairs.shortest(cost)
    assume(np.isfinite(to_dest).sum() >= 2)
    for k in range(pairs.n_demands):
        own = slice(pairs.start[k], pairs.start[k + 1])
        value, path = pairs.shortest_path(k, cost[own])
        assert value == pytest.approx(to_dest[k])
        if np.isfinite(value):
            arcs = pairs.arc[path]
            assert (pairs.demand[path] == k).all()
            assert p.tail[arcs[0]] == p.demands[k].origin
            assert p.head[arcs[-1]] == p.demands[k].destination
            assert (p.tail[arcs[1:]] == p.head[arcs[:-1]]).all()
            assert cost[path].sum() == pytest.approx(value)
