"""Carrying a solve's paths to a changed scenario's network: kept where the arcs still exist."""

from __future__ import annotations

import dataclasses

import numpy as np

from hubflow.consolidate import SolverSettings
from hubflow.consolidate.colgen import ColGenSolver
from hubflow.network import build_network
from hubflow.network.warm import PreviousSolve
from tests import cases


def is_path(p, k: int, arcs: np.ndarray) -> bool:
    d = p.demands[k]
    t, h = p.tail[arcs], p.head[arcs]
    allowed = set(d.arcs.tolist())
    return bool(
        t[0] == d.origin
        and h[-1] == d.destination
        and (t[1:] == h[:-1]).all()
        and set(arcs.tolist()) <= allowed
    )


def solved(scn):
    net = build_network(scn)
    result = ColGenSolver(SolverSettings(mip_gap=0.0)).solve(net.problem, deadline=20)
    return net, PreviousSolve.of(net, result)


def test_the_same_network_gets_every_path_back_unchanged():
    _, previous = solved(cases.consolidation())
    warm = previous.warm_start_for(build_network(cases.consolidation()))
    assert len(warm.paths) == len(previous.warm.paths)
    assert [(k, a.tolist()) for k, a in warm.paths] == [
        (k, a.tolist()) for k, a in previous.warm.paths
    ]


def test_paths_over_a_removed_service_are_dropped_and_the_rest_are_paths_of_the_new_network():
    scn = cases.consolidation()
    _, previous = solved(scn)
    rest = tuple(s for s in scn.services if s.id != "H-C")
    new = build_network(dataclasses.replace(scn, services=rest))
    warm = previous.warm_start_for(new)
    # the optimum goes through the train H-C: its plan does not survive the train's removal
    assert previous.warm.incumbent and not warm.incumbent
    assert len(warm.paths) < len(previous.warm.paths)
    assert all(is_path(new.problem, k, a) for k, a in warm.paths)
