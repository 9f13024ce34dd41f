"""Invariants of clearance by direction and of chained short legs over random small scenarios."""

from __future__ import annotations

import dataclasses

from hypothesis import assume, given
from hypothesis import strategies as st

from hubflow.check import check_plan
from hubflow.kpi import compute_kpis
from hubflow.planning import make_plan
from tests.strategies import Tally, scenarios
from tests.test_properties import SETTINGS

checked = Tally()
compared = Tally()


@st.composite
def coarse_borders(draw: st.DrawFn):
    """A random scenario on 4-hour steps whose sites lie in two countries and clear goods."""
    scn = draw(scenarios())
    sites = tuple(
        dataclasses.replace(
            s,
            country=draw(st.sampled_from(["CN", "KZ"])),
            inbound_minutes=draw(st.sampled_from([0, 90, 360])),
            outbound_minutes=draw(st.sampled_from([0, 45, 240])),
            inbound_cost_per_t=draw(st.sampled_from([0.0, 30.0])),
            outbound_co2e_kg_per_t=draw(st.sampled_from([0.0, 2.0])),
        )
        for s in scn.sites
    )
    params = dataclasses.replace(scn.parameters, time_step_minutes=240)
    return dataclasses.replace(scn, sites=sites, parameters=params)


def _chained(scn, chain: bool):
    return dataclasses.replace(
        scn, parameters=dataclasses.replace(scn.parameters, chain_short_legs=chain)
    )


@checked.at_least(10)
@SETTINGS
@given(coarse_borders(), st.booleans())
def test_plans_with_clearance_and_chained_legs_pass_the_checker(scn, chain):
    scn = _chained(scn, chain)
    plan = make_plan(scn, time_limit=10, mip_gap=1e-6)
    assert check_plan(scn, plan, compute_kpis(scn, plan).to_dict()) == []
    if plan.itineraries:
        checked()


@compared.at_least(8)
@SETTINGS
@given(coarse_borders())
def test_chaining_short_legs_never_costs_more(scn):
    plain = make_plan(_chained(scn, False), time_limit=10, mip_gap=1e-9)
    chained = make_plan(_chained(scn, True), time_limit=10, mip_gap=1e-9)
    assume(plain.status == "OPTIMAL" and chained.status == "OPTIMAL" and plain.itineraries)
    compared()
    assert chained.objective <= plain.objective + 1e-6 * max(1.0, plain.objective)
