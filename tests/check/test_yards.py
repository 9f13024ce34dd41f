"""Yard occupancy recomputed by the checker, on a hand-solved case."""

from __future__ import annotations

import pytest

from hubflow.check.facts import facts_of
from hubflow.check.yards import yard_series
from hubflow.planning import make_plan
from tests import cases


def test_goods_waiting_for_the_evening_train_fill_the_yard_from_arrival_to_departure():
    """``small_yard``: o1 reaches H at 08:00 and leaves on the 20:00 train: 20 t × 0.35 m²/t
    for the twelve hourly steps 8..19; o2 arrives at 20:00 and leaves at once."""
    scn = cases.small_yard(None)
    plan = make_plan(scn, time_limit=10, mip_gap=0)
    series = yard_series(facts_of(scn, plan))
    assert set(series) == {"H"}  # A, B and C have no yard, storage cost or hub
    hub = series["H"]
    assert [b for b, m2 in enumerate(hub) if m2 > 0] == list(range(8, 20))
    assert max(hub) == pytest.approx(7.0)
    last_arrival = max(leg.arrival for it in plan.itineraries for leg in it.legs) // 60
    horizon = round(scn.parameters.horizon_days * 24)  # one-hour steps
    assert len(hub) == max(horizon, last_arrival + 1)  # the horizon, or longer to the last arrival
