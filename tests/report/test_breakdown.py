"""Per-order cost and CO2e, the plan by commodity and customer, and the scrap loop."""

from __future__ import annotations

import dataclasses

import pytest

from hubflow.model import Commodity
from hubflow.report.breakdown import by_commodity, order_figures, scrap_loop
from tests import cases
from tests.report.conftest import planned


def test_order_costs_split_the_train_by_tonnes(consolidation):
    """o1 and o2 (20 t each): own truck to H 500, half the 5,000 train, handling 10/t × 20 t =
    200: 3,200 each, 6,400 together, the total cost (no storage cost in the case)."""
    sc, plan, k = consolidation
    f = order_figures(sc, plan)
    assert f["o1"].cost == pytest.approx(3200.0) and f["o2"].cost == pytest.approx(3200.0)
    assert sum(x.cost for x in f.values()) == pytest.approx(k.total_cost - k.cost["storage"])
    assert f["o1"].modes == ("road", "rail") and f["o1"].hubs == ("H",)
    assert sum(x.co2e_kg for x in f.values()) == pytest.approx(1000 * k.co2e_t)


def test_by_commodity_has_a_total_line(consolidation):
    sc, plan, _ = consolidation
    out = by_commodity(sc, order_figures(sc, plan))
    assert "Aluminium ingot" in out and '<tr class="total">' in out
    assert ">3,200</td>" not in out and ">160</td>" in out  # 6,400 CNY / 40 t


def test_scrap_loop_lists_recycler_to_smelter():
    """30 t of scrap from recycler R to smelter S by one road truck."""
    sites = [cases.site("R"), cases.site("S", lat=34.9)]
    services = [cases.service("R-S", "road", "R", "S", fixed_cost=300.0)]
    sc = cases.scenario(sites, services, [])
    with_scrap = dataclasses.replace(
        sc,
        commodities=(*sc.commodities, Commodity(id="scrap", name="Scrap bales", m2_per_t=1.0)),
        orders=(cases.order("s1", "R", "S", 30, 0, 24, "scrap"),),
    )
    sc, plan, _ = planned(with_scrap)
    out = scrap_loop(sc, plan, order_figures(sc, plan))
    assert "30 t of scrap from 1 recycler to 1 smelter" in out
    assert "<td>R</td><td>S</td>" in out and "Road truck" in out and "1 of 1" in out


def test_no_scrap_says_so(consolidation):
    sc, plan, _ = consolidation
    assert "No scrap orders" in scrap_loop(sc, plan, order_figures(sc, plan))
