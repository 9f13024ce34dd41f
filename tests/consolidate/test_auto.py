"""Method ``auto``: which solver it hands a problem to, by the arc MIP's size."""

from __future__ import annotations

import numpy as np
import pytest

from hubflow.consolidate import DesignProblem, SolverSettings, auto
from hubflow.consolidate.auto import (
    ARC_MIP_DESIGN_ARCS,
    ARC_MIP_PAIRS,
    CLOCK_PAIRS_PER_SECOND,
    AutoSolver,
    choose_method,
    runs_on_clock,
)
from hubflow.consolidate.problem import Demand


def _parallel_arcs(design: int, flow: int, demands: int) -> DesignProblem:
    """``design`` design arcs and ``flow`` pure flow arcs from node 0 to 1; every demand may
    take any of them (so the arc MIP has ``demands × (design + flow)`` flow variables)."""
    n = design + flow
    ones = np.ones(n)
    arcs = np.arange(n, dtype=np.int64)
    return DesignProblem(
        n_nodes=2,
        tail=np.zeros(n, np.int64),
        head=np.ones(n, np.int64),
        unit_cost=ones,
        weight_cost=np.zeros(n),
        fixed_cost=np.where(arcs < design, 10.0, 0.0),
        capacity=ones * 5,
        max_vehicles=np.where(arcs < design, 3, 0).astype(np.int64),
        demands=tuple(
            Demand(origin=0, destination=1, quantity=1.0, weight=1.0, penalty=1e6, arcs=arcs)
            for _ in range(demands)
        ),
    )


@pytest.mark.parametrize(
    ("design", "flow", "demands", "method"),
    [
        (100, 0, 30, "mip"),  # Canad C+ c25_100_30: the arc MIP proves the optimum in a minute
        (ARC_MIP_DESIGN_ARCS, 0, 40, "mip"),  # at both limits (12,000 pairs)
        (ARC_MIP_DESIGN_ARCS + 1, 0, 10, "colgen"),  # C+ c100_400: few pairs, many design arcs
        (10, ARC_MIP_PAIRS // 2 - 10, 2, "mip"),  # flow arcs count in pairs only: 20,000
        (10, ARC_MIP_PAIRS // 2 - 9, 2, "colgen"),  # one pair too many
    ],
)
def test_auto_takes_the_arc_mip_only_when_both_sizes_are_small(design, flow, demands, method):
    assert choose_method(_parallel_arcs(design, flow, demands)) == method


@pytest.mark.parametrize(
    ("design", "flow", "method", "work_seconds"),
    [
        (100, 0, "mip", None),  # small: the arc MIP, on the clock as ever
        (ARC_MIP_DESIGN_ARCS + 1, 0, "colgen", None),  # small, many design arcs: on the clock
        (10, ARC_MIP_PAIRS, "colgen", 30.0),  # large: colgen stops on work as told
    ],
)
def test_auto_runs_small_problems_on_the_clock(monkeypatch, design, flow, method, work_seconds):
    told: list[tuple[str, SolverSettings]] = []

    class Recorder:
        def __init__(self, name: str, settings: SolverSettings) -> None:
            told.append((name, settings))

        def solve(self, problem, **_):
            return "solved"

    monkeypatch.setattr(auto, "get_solver", Recorder)
    solver = AutoSolver(SolverSettings(threads=2, work_seconds=30.0))
    assert solver.solve(_parallel_arcs(design, flow, 2), deadline=5.0) == "solved"
    assert told == [(method, SolverSettings(threads=2, work_seconds=work_seconds))]
    assert solver.name == f"auto->{method}"


@pytest.mark.parametrize(
    ("pairs", "work_seconds", "clock"),
    [
        (ARC_MIP_PAIRS, 1.0, True),  # small: on the clock at any budget
        (ARC_MIP_PAIRS + 1, 60.0, False),  # mid-sized at a minute: on work
        (ARC_MIP_PAIRS + 1, None, True),  # told to run on the clock
        (int(CLOCK_PAIRS_PER_SECOND * 300), 300.0, True),  # Canad C's 70,000 pairs at 300 s
        (int(CLOCK_PAIRS_PER_SECOND * 300) + 1, 300.0, False),
    ],
)
def test_long_budgets_put_mid_sized_problems_on_the_clock(pairs, work_seconds, clock):
    problem = _parallel_arcs(0, pairs, 1)
    assert runs_on_clock(problem, work_seconds) is clock
