"""Timetables: parsing, printing and expansion over a horizon."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hubflow.model import Timetable


def test_weekly_departures_follow_the_start_weekday():
    t = Timetable.parse("weekly Mon 08:00; Thu 20:00")
    # start on a Wednesday (weekday 2): Thu 20:00 is 1 day 20 h later, Mon 08:00 5 days 8 h later
    assert t.departures(2, 14 * 1440, 240)[:2] == [1 * 1440 + 20 * 60, 5 * 1440 + 8 * 60]


def test_continuous_departs_every_step():
    assert Timetable.parse("continuous").departures(0, 1440, 240) == list(range(0, 1440, 240))


@pytest.mark.parametrize(
    "text",
    ["every 0.001h", "daily ,", "weekly Monkey 08:00", "daily 25:00", "hourly", "weekly Mon"],
)
def test_malformed_timetables_are_rejected(text):
    with pytest.raises(ValueError):
        Timetable.parse(text)


@given(
    st.sampled_from(
        [
            "continuous",
            "every 1.5h",
            "every 4h",
            "daily 06:00 18:30",
            "weekly Mon 08:00; Thu 20:00",
            "weekly Sun 23:59",
        ]
    )
)
def test_text_form_round_trips(text):
    t = Timetable.parse(text)
    assert Timetable.parse(str(t)) == t
