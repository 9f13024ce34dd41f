"""The synthetic-order generator keeps the example's structure and is deterministic."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from hubflow.example import INFEASIBLE_ORDER_IDS, generate_orders
from hubflow.model import Balance, Scenario
from hubflow.network import build_network


def test_deterministic_for_a_seed(example):
    a = generate_orders(example, 200, seed=7)
    b = generate_orders(example, 200, seed=7)
    c = generate_orders(example, 200, seed=8)
    assert a.orders == b.orders
    assert a.orders != c.orders


@pytest.mark.parametrize("n", [0, 1, 50, 1000])
def test_n_orders_with_ids_and_valid_scenario(example, n):
    g = generate_orders(example, n, seed=1)
    assert isinstance(g, Scenario)  # __post_init__ validated every order
    assert len(g.orders) == n
    assert [o.id for o in g.orders] == [f"G{i:06d}" for i in range(1, n + 1)]
    assert [s.id for s in g.sites] == [s.id for s in example.sites]
    assert [s.id for s in g.services] == [s.id for s in example.services]
    rate = (n / 7.0) / (329 / example.parameters.horizon_days)
    factor = max(1, -(-rate // 1))
    for new, old in zip(g.services, example.services, strict=True):
        assert new.max_vehicles == old.max_vehicles * factor  # capacity grows with volume
    assert example.pools  # the China-Europe slot allocation
    for new_pool, old_pool in zip(g.pools, example.pools, strict=True):
        assert new_pool.limit == old_pool.limit * factor  # and so do the shared slots
    assert g.fleet == example.fleet and g.commodities == example.commodities
    assert list(g.orders) == sorted(g.orders, key=lambda o: o.release)


def test_lanes_windows_and_release_span(example):
    lanes = {(o.origin, o.destination, o.commodity) for o in example.orders}
    windows = {}
    for o in example.orders:
        if o.id not in INFEASIBLE_ORDER_IDS:
            windows.setdefault((o.origin, o.destination), set()).add(o.due - o.release)
    g = generate_orders(example, 500, seed=3, days=7.0)
    for o in g.orders:
        assert (o.origin, o.destination, o.commodity) in lanes
        assert o.due > o.release >= 0
        assert o.release < 7 * 24 * 60
        # the template's window, widened by at most 24 h earlier and 12 h later
        window = o.due - o.release
        assert any(0 <= window - w <= 36 * 60 for w in windows[(o.origin, o.destination)])
        assert o.tonnes > 0
    assert g.parameters.horizon_days == example.parameters.horizon_days


def test_scrap_share_and_commodity_mix(example):
    templates = [o for o in example.orders if o.id not in INFEASIBLE_ORDER_IDS]
    share = sum(o.commodity == "scrap" for o in templates) / len(templates)
    g = generate_orders(example, 1000, seed=11)
    got = sum(o.commodity == "scrap" for o in g.orders) / 1000
    assert got == pytest.approx(share, abs=0.001)
    assert set(Counter(o.commodity for o in g.orders)) == {c.id for c in example.commodities}


def test_never_copies_the_deliberately_infeasible_orders(example):
    bad = {
        (o.origin, o.destination, o.due - o.release)
        for o in example.orders
        if o.id in INFEASIBLE_ORDER_IDS
    }
    g = generate_orders(example, 2000, seed=5)
    assert not any((o.origin, o.destination, o.due - o.release) in bad for o in g.orders)


def test_longer_spans_grow_the_horizon(example):
    g = generate_orders(example, 300, seed=2, days=21.0)
    assert g.parameters.horizon_days >= 21.0
    assert max(o.release for o in g.orders) < 21 * 24 * 60
    assert len({o.release // (7 * 24 * 60) for o in g.orders}) == 3


def test_bad_arguments(example):
    with pytest.raises(ValueError):
        generate_orders(example, -1, seed=0)
    with pytest.raises(ValueError):
        generate_orders(example, 10, seed=0, days=0)


def _late(scenario):
    """Orders that no path reaches by their due time (hubflow.network's labels)."""
    return sorted(u.order for u in build_network(scenario).unreachable)


def test_only_the_deliberate_example_orders_have_no_path_in_time(example):
    assert _late(example) == sorted(INFEASIBLE_ORDER_IDS)


def test_generated_orders_have_a_path_in_time(example):
    assert _late(generate_orders(example, 600, seed=9)) == []


def test_orders_larger_than_a_flight_allocation_do_not_need_air_or_hsr(example):
    ground = {"road", "rail", "rail_express", "sea", "waterway"}
    by_ground = replace(example, services=tuple(s for s in example.services if s.mode in ground))
    late = set(_late(by_ground)) - set(INFEASIBLE_ORDER_IDS)
    assert late  # the urgent and air orders do need HSR or air
    tonnes = {o.id: o.tonnes for o in example.orders}
    assert all(tonnes[i] <= 10 for i in late)


def test_a_balance_slack_grows_with_volume(example):
    """Vehicles that may stay away scale like every other capacity (the example has none)."""
    boxes = Balance(id="b", outbound=("X_ZZ__HAMBURG",), returns=("X_ZZ__DUISBURG",), slack=3)
    g = generate_orders(replace(example, balances=(boxes,)), 1000, seed=1)
    factor = g.services[0].max_vehicles // example.services[0].max_vehicles
    assert factor > 1
    assert g.balances == (replace(boxes, slack=3 * factor),)
