"""Close/reroute moves: a hand-made case with a known better plan, and conservation of every
demand's quantity on random plans."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hubflow.consolidate import Demand, DesignProblem
from hubflow.consolidate.highs import new_highs
from hubflow.consolidate.master import Master
from hubflow.consolidate.pricing import PairGraph
from hubflow.consolidate.reroute import Rerouter
from hubflow.deadline import Deadline
from tests.consolidate.test_colgen import random_problem


def rerouter(p: DesignProblem) -> Rerouter:
    pairs = PairGraph(p)
    m = Master(p, pairs, new_highs(Deadline.after(10), 0.0, 0))
    base = p.unit_cost[pairs.arc] + m.w[pairs.demand] * p.weight_cost[pairs.arc]
    return Rerouter(p, pairs, m, base)


def test_closing_a_lightly_loaded_arc_moves_its_demand_onto_room_left_elsewhere():
    # two parallel arcs 0 -> 1: arc 0 carries 10 of capacity 20, arc 1 carries 5
    p = DesignProblem(
        n_nodes=2,
        tail=np.array([0, 0]),
        head=np.array([1, 1]),
        unit_cost=np.array([1.0, 1.0]),
        weight_cost=np.zeros(2),
        fixed_cost=np.array([100.0, 100.0]),
        capacity=np.array([20.0, 20.0]),
        max_vehicles=np.array([1, 1]),
        demands=tuple(
            Demand(origin=0, destination=1, quantity=q, weight=1.0, penalty=1e4, arcs=np.arange(2))
            for q in (10.0, 5.0)
        ),
    )
    r = rerouter(p)
    r.m.add_paths([0, 1], [np.array([0]), np.array([1])])
    lam, vehicles = np.array([10.0, 5.0]), np.array([1, 1])
    assert r.candidates(lam, vehicles)[0] == 1  # 100 per 5 units: the dearest
    lam, unmet = r.move(lam, np.zeros(2), vehicles, 1)
    assert r.loads(lam).tolist() == [15.0, 0.0]
    assert unmet.tolist() == [0.0, 0.0]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), pick=st.integers(0, 50))
def test_a_move_keeps_every_demands_quantity_and_leaves_the_closed_arc(seed, pick):
    p = random_problem(seed, nodes=8, arcs=24, demands=8)
    r = rerouter(p)
    pairs = r.pairs
    cost = r.base.copy()
    dist, to_dest = pairs.shortest(cost)
    reach = np.flatnonzero(np.isfinite(to_dest))
    assume(len(reach) >= 2)
    routes = pairs.paths(dist, cost, reach)
    r.m.add_paths(list(reach), [pairs.arc[f] for f in routes])
    q = np.array([d.quantity for d in p.demands])
    lam = q[np.asarray(r.m.path_demand)]
    unmet = np.where(np.isin(np.arange(len(q)), reach), 0.0, q)
    load = r.loads(lam)
    vehicles = np.where(p.max_vehicles > 0, np.ceil(load / p.capacity), 0).astype(np.int64)
    vehicles = np.minimum(vehicles, p.max_vehicles)  # a plan may overload an arc here
    arcs = r.candidates(lam, vehicles)
    assume(arcs)
    arc = arcs[pick % len(arcs)]
    new_lam, new_unmet = r.move(lam, unmet, vehicles, arc)
    carried = np.bincount(np.asarray(r.m.path_demand), weights=new_lam, minlength=len(q))
    assert carried + new_unmet == pytest.approx(q)
    assert r.loads(new_lam)[arc] <= (vehicles[arc] - 1) * p.capacity[arc] + 1e-9
