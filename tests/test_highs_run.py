"""HiGHS solves with different thread counts, one after another on one thread, all run."""

from __future__ import annotations

import highspy
import numpy as np
import pytest

from hubflow.highs_run import run
from hubflow.planning import PlanOptions, plan_scenario
from tests.sweep.land_cases import yard_or_trucks


def _tiny_mip(threads: int) -> highspy.Highs:
    """min x + y s.t. x + y >= 1.5, x, y integer in [0, 3]: optimum 2."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", threads)
    h.addVars(2, np.zeros(2), np.full(2, 3.0))
    h.changeColsCost(2, np.arange(2), np.ones(2))
    h.addRow(1.5, highspy.kHighsInf, 2, np.arange(2), np.ones(2))
    h.changeColsIntegrality(2, np.arange(2), np.array([highspy.HighsVarType.kInteger] * 2))
    return h


@pytest.mark.parametrize("counts", [(2, 1, 2), (0, 1), (1, 0, 1)])
def test_solves_with_other_thread_counts_on_one_thread_all_run(counts):
    for threads in counts:
        h = _tiny_mip(threads)
        run(h)
        assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal, threads
        assert h.getInfo().objective_function_value == pytest.approx(2.0)


def test_plans_with_two_then_one_thread_in_one_process_are_both_solved():
    """A service plans one request on two threads and the next on one: the second used to come
    back SOLVER_FAILED ("Not Set") because HiGHS's scheduler kept the first request's size."""
    scn = yard_or_trucks(20.0)
    for threads in (2, 1):
        out = plan_scenario(
            scn, PlanOptions(time_limit=20, mip_gap=0, dispatch_time=0, threads=threads)
        )
        assert out.plan.status.value == "OPTIMAL", (threads, out.plan.message)
