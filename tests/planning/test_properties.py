"""Invariants of every plan's headline numbers on random scenarios.

The objective is costs at tariffs plus the unserved penalty on every unserved tonne; the lower
bound bounds that same quantity; the gap is (objective - bound) / objective. The scenarios
include unserved tonnes (an order larger than every departure together) and late tonnes
(lateness allowed at a cost), and the test requires a minimum of each.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hubflow.kpi import compute_kpis
from hubflow.model import Scenario
from hubflow.planning import make_plan
from tests.strategies import scenarios

EXAMPLES = 100
MIN_CASES = {"planned": 50, "unserved": 10, "late": 5, "gap": 5}  # gap: bound < objective
TOO_MUCH_T = 100_000.0  # the most an order may weigh: more than random departures carry


@st.composite
def hard_scenarios(draw: st.DrawFn) -> Scenario:
    """A random scenario, sometimes with one order too large to carry, sometimes with
    lateness allowed at a cost and due times an hour after release."""
    scn = draw(scenarios())
    orders = list(scn.orders)
    if draw(st.booleans()):
        orders[0] = dataclasses.replace(orders[0], tonnes=TOO_MUCH_T)
    params = scn.parameters
    if draw(st.booleans()):
        orders = [dataclasses.replace(o, due=o.release + 60) for o in orders]
        params = dataclasses.replace(params, lateness="penalize", max_lateness_hours=48.0)
    return dataclasses.replace(scn, orders=tuple(orders), parameters=params)


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def test_objective_bounds_and_gap_agree_on_random_scenarios():
    seen: Counter[str] = Counter()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(hard_scenarios(), st.sampled_from([0.0, 0.01, 0.2, 0.5]))
    def check(scn: Scenario, mip_gap: float) -> None:
        plan = make_plan(scn, time_limit=10, mip_gap=mip_gap, dispatch_time=0)
        assume(plan.status.has_solution and plan.lower_bound is not None)
        kpis = compute_kpis(scn, plan)
        penalty = scn.parameters.unserved_cost_per_t * sum(u.tonnes for u in plan.unserved)
        assert close(plan.objective, sum(kpis.cost.values()) + penalty)
        assert close(kpis.objective, plan.objective)
        assert kpis.lower_bound == plan.lower_bound
        assert plan.lower_bound <= plan.objective + 1e-6 * max(1.0, plan.objective)
        if plan.objective > 0:
            expected = 100 * (plan.objective - plan.lower_bound) / plan.objective
            assert kpis.gap_pct == pytest.approx(expected, abs=1e-4)
        else:  # nothing to pay: a zero gap by definition
            assert kpis.gap_pct == 0
        seen["planned"] += 1
        seen["unserved"] += kpis.unserved_tonnes > 0
        seen["late"] += kpis.cost["lateness"] > 0
        seen["gap"] += plan.lower_bound < plan.objective - 1e-6

    check()
    short = {k: (seen[k], n) for k, n in MIN_CASES.items() if seen[k] < n}
    assert not short, f"too few real cases (seen, needed): {short}"
