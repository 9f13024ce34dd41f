"""Timetables: parsing, printing and expansion over a horizon."""

from __future__ import annotations

import re
from datetime import date

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
            "daily 08:00 from 2026-12-01",
            "weekly Mon 08:00; Thu 08:00 from 2026-12-01 until 2027-03-31 except 2026-12-25",
            "every 4h until 2027-01-31",
            "continuous except 2026-12-25, 2027-01-01",
        ]
    )
)
def test_text_form_round_trips(text):
    t = Timetable.parse(text)
    assert Timetable.parse(str(t)) == t


def test_a_calendar_clause_sets_the_dates_and_keeps_the_pattern():
    plain = Timetable.parse("Weekly Mon 08:00; Thu 08:00")
    t = Timetable.parse(
        "weekly Mon 08:00; Thu 08:00  From 2026-12-01 until 2027-03-31 except 2027-01-01,2026-12-25"
    )
    assert (t.kind, t.period, t.offsets) == (plain.kind, plain.period, plain.offsets)
    assert (t.valid_from, t.valid_until) == (date(2026, 12, 1), date(2027, 3, 31))
    assert t.days_off == (date(2026, 12, 25), date(2027, 1, 1))
    assert [t.runs_on(date(2026, 12, d)) for d in (1, 24, 25)] == [True, True, False]
    assert not t.runs_on(date(2026, 11, 30)) and not t.runs_on(date(2027, 4, 1))
    assert plain.runs_on(date(2026, 12, 25))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("daily 08:00 from 2026-13-01", "'from' takes an ISO 8601 date such as 2026-12-01"),
        ("daily 08:00 until", "'until' takes an ISO 8601 date such as 2026-12-01, not 'nothing'"),
        ("daily 08:00 except", "'except' needs dates"),
        ("daily 08:00 except 2026-12-25 xmas", "not 'xmas'"),
        ("daily 08:00 from 2026-12-01 from 2026-12-02", "'from' appears twice"),
        ("daily 08:00 from 2027-01-01 until 2026-01-01", "'until 2026-01-01' is before"),
        ("from 2026-12-01", "expected 'continuous'"),
    ],
)
def test_malformed_calendar_clauses_say_what_was_expected(text, says):
    with pytest.raises(ValueError, match=re.escape(says)):
        Timetable.parse(text)
