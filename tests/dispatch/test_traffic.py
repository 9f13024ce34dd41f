"""Travel times by time of day: drives worked out by hand."""

from __future__ import annotations

import pytest

from hubflow.dispatch.traffic import SpeedProfile, conservative

RUSH = SpeedProfile((0, 7 * 60, 9 * 60), (1.0, 0.5, 1.0))  # half speed 07:00-09:00


@pytest.mark.parametrize(
    ("leave", "free", "arrive"),
    [
        (5 * 60, 60, 6 * 60),  # all before the rush
        (6 * 60 + 30, 60, 8 * 60),  # 30 min at full speed, the other half at half speed
        (7 * 60, 60, 9 * 60),  # all in the rush: twice as long
        (8 * 60, 90, 10 * 60),  # 60 min of the rush cover 30 free-flow minutes, then 60
        (9 * 60, 60, 10 * 60),  # after the rush
        (1440 + 7 * 60, 30, 1440 + 8 * 60),  # the next day has its rush hour too
        (7 * 60, 1, 7 * 60 + 2),
        (7 * 60, 0, 7 * 60),
    ],
)
def test_arrivals_by_hand(leave, free, arrive):
    assert RUSH.arrive(leave, free) == arrive


def test_leaving_later_never_arrives_earlier():
    arrivals = [RUSH.arrive(t, 45) for t in range(0, 2 * 1440, 7)]
    assert arrivals == sorted(arrivals)


def test_conservative_durations_use_the_slowest_hour_of_the_span():
    assert conservative(60, RUSH, 0, 6 * 60) == 60
    assert conservative(60, RUSH, 6 * 60, 7 * 60) == 120  # the span touches the rush
    assert conservative(60, RUSH, 10 * 60, 1440 + 6 * 60) == 60  # the night, across midnight
    assert conservative(60, RUSH, 0, 3 * 1440) == 120


def test_a_profile_starts_at_midnight_with_positive_factors():
    with pytest.raises(ValueError):
        SpeedProfile((60,), (1.0,))
    with pytest.raises(ValueError):
        SpeedProfile((0, 60), (1.0, 0.0))
