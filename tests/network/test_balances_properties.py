"""Invariants of vehicle balances over random small scenarios: both design solvers keep them,
the checker agrees, and both reach the same optimum where both prove it."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hubflow.check import check_plan
from hubflow.kpi import compute_kpis
from hubflow.model import Balance, Scenario
from hubflow.planning import make_plan
from tests.strategies import Tally, scenarios

agreeing = Tally()


@st.composite
def with_boxes_back(draw: st.DrawFn) -> Scenario:
    """``scenarios()`` where one service's vehicles must come back on its mirror service."""
    scn = draw(scenarios())
    out = draw(st.sampled_from(scn.services))
    back = dataclasses.replace(
        out,
        id="BACK",
        origin=out.destination,
        destination=out.origin,
        fixed_cost=draw(st.sampled_from([0.0, 300.0, 2000.0])),
        max_vehicles=draw(st.integers(1, 3)),
    )
    balance = Balance(
        id="b", outbound=(out.id,), returns=("BACK",), slack=draw(st.sampled_from([0, 0, 1]))
    )
    return dataclasses.replace(scn, services=(*scn.services, back), balances=(balance,))


@agreeing.at_least(8)
@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(with_boxes_back())
def test_both_solvers_keep_the_balance_and_agree(scn):
    plans = {}
    for method in ("mip", "colgen"):
        plan = make_plan(scn, time_limit=10, mip_gap=1e-9, method=method)
        assert check_plan(scn, plan, compute_kpis(scn, plan).to_dict()) == []
        plans[method] = plan
    mip, colgen = plans["mip"], plans["colgen"]
    assume(mip.status == "OPTIMAL" and colgen.status == "OPTIMAL")
    b = scn.balances[0]
    out = sum(r.vehicles for r in mip.departures if r.service in b.outbound)
    assume(out > b.slack)  # the balance binds: some vehicle must come back
    agreeing()
    assert abs(mip.objective - colgen.objective) <= 1e-6 * max(1.0, mip.objective)
