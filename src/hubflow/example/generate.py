"""Synthetic orders with the structure of a scenario's own orders, for scale tests.

Each synthetic order copies a *template*: one of the scenario's orders, drawn at random. It keeps
the template's lane (origin, destination, commodity) and its window (due minus release, which is
the lane's transit plus its slack), and takes the template's tonnes scaled by a log-normal factor.
Its release is the template's position in the week (time of day and weekday, so that the weekly
trains and daily departures that made the template feasible are there again) moved by a random
whole number of weeks inside ``days``, then released up to 24 h earlier and due up to 12 h later:
a wider window keeps every path of the template, so an order is as feasible as its template, and
the copies of one template differ (they are not one order repeated).

Capacity grows with volume: every service's vehicles per departure, every yard, every pool's
limit (tonnes or vehicles a day or week over several services) and every balance's slack (the
vehicles that may stay away) are multiplied by the ratio of the synthetic order rate to the
scenario's own (rounded up), so that a 10,000-order week tests the planner rather than the
example's timetable or slot allocation running out of room.

Inbound scrap (commodity ``scrap``) keeps its share exactly: ``round(share × n_orders)`` orders are
drawn from the scrap templates and the rest from the others. Orders the example makes impossible on
purpose (``INFEASIBLE_ORDER_IDS``) are never used as templates.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import replace

import numpy as np

from hubflow.model import Order, Scenario

MINUTES_PER_WEEK = 7 * 24 * 60
INFEASIBLE_ORDER_IDS = ("Z0901", "Z0902", "Z0903")
SCRAP = "scrap"
TONNES_SIGMA = 0.25  # log-normal spread of tonnes around the template's

__all__ = ["INFEASIBLE_ORDER_IDS", "generate_orders"]


def generate_orders(
    scenario: Scenario,
    n_orders: int,
    seed: int,
    days: float = 7.0,
    *,
    exclude: Collection[str] = INFEASIBLE_ORDER_IDS,
) -> Scenario:
    """A copy of ``scenario`` whose orders are ``n_orders`` synthetic ones released over ``days``.

    Deterministic for ``seed`` (numpy ``default_rng``); ids ``G000001``... in release order. The
    horizon grows when ``days`` is longer, or when an order moved to a later week needs departures
    after it (only for ``days`` > 7).
    """
    if n_orders < 0:
        raise ValueError(f"n_orders must be >= 0, not {n_orders}")
    if not days > 0:
        raise ValueError(f"days must be > 0, not {days}")
    templates = [o for o in scenario.orders if o.id not in set(exclude)]
    if not templates and n_orders:
        raise ValueError("the scenario has no orders to take the structure from")
    rng = np.random.default_rng(seed)
    params = scenario.parameters
    span = round(days * 24 * 60)

    scrap = [o for o in templates if o.commodity == SCRAP]
    other = [o for o in templates if o.commodity != SCRAP]
    n_scrap = round(n_orders * len(scrap) / len(templates)) if templates else 0
    if not other:
        n_scrap = n_orders
    elif not scrap:
        n_scrap = 0
    picks = [scrap[i] for i in rng.integers(0, len(scrap), n_scrap)] if n_scrap else []
    if n_orders - n_scrap:
        picks += [other[i] for i in rng.integers(0, len(other), n_orders - n_scrap)]

    weeks = max(1, math.ceil(span / MINUTES_PER_WEEK))
    made: list[tuple[int, int, Order]] = []
    horizon = round(params.horizon_days * 24 * 60)
    needed = max(horizon, span)
    for k, tpl in enumerate(picks):
        phase = tpl.release % MINUTES_PER_WEEK
        window = tpl.due - tpl.release
        choices = [phase + w * MINUTES_PER_WEEK for w in range(weeks)]
        choices = [t for t in choices if t < span] or [phase % span]
        anchor = choices[int(rng.integers(0, len(choices)))]
        release = max(0, anchor - int(rng.integers(0, 25)) * 60)
        late = int(rng.integers(0, 13)) * 60
        tonnes = max(0.1, round(tpl.tonnes * float(rng.lognormal(0.0, TONNES_SIGMA)), 1))
        order = Order(
            id="",
            commodity=tpl.commodity,
            origin=tpl.origin,
            destination=tpl.destination,
            tonnes=tonnes,
            release=release,
            due=anchor + window + late,
        )
        made.append((release, k, order))
        # the template's departures were inside the horizon; moved later, so must they be
        needed = max(needed, horizon + anchor - tpl.release)
    made.sort(key=lambda x: (x[0], x[1]))
    orders = tuple(replace(o, id=f"G{i:06d}") for i, (_r, _k, o) in enumerate(made, start=1))
    if needed > horizon:
        params = replace(params, horizon_days=needed / (24 * 60))
    factor = _capacity_factor(len(templates), scenario.parameters.horizon_days, n_orders, days)
    return replace(
        scenario,
        parameters=params,
        orders=orders,
        services=tuple(replace(s, max_vehicles=s.max_vehicles * factor) for s in scenario.services),
        sites=tuple(
            replace(s, yard_m2=None if s.yard_m2 is None else s.yard_m2 * factor)
            for s in scenario.sites
        ),
        pools=tuple(replace(q, limit=q.limit * factor) for q in scenario.pools),
        balances=tuple(replace(b, slack=b.slack * factor) for b in scenario.balances),
    )


def _capacity_factor(n_base: int, base_days: float, n_orders: int, days: float) -> int:
    """How many times the scenario's order rate the synthetic rate is (at least 1)."""
    if not n_base:
        return 1
    return max(1, math.ceil((n_orders / days) / (n_base / base_days)))
