"""A calendar written inside the timetable text: read, written back, located errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hubflow.io import load_scenario

from .conftest import problems, set_cell, written_and_read
from .test_bad_input import located

RAIL = 3  # the spreadsheet row of the daily train in tests/io/data/tiny/services.csv


def test_a_calendar_in_the_timetable_is_read_and_kept_apart_from_the_columns(tiny: Path) -> None:
    set_cell(
        tiny / "services.csv",
        RAIL,
        "timetable",
        "daily 06:00 18:00 from 2026-03-03 except 2026-03-05",
    )
    rail = load_scenario(tiny).services[1]
    assert (rail.timetable.valid_from, rail.timetable.days_off) == (
        date(2026, 3, 3),
        (date(2026, 3, 5),),
    )
    assert (rail.valid_from, rail.days_off) == (None, ())
    assert [rail.runs_on(date(2026, 3, d)) for d in (2, 3, 5, 6)] == [False, True, False, True]


@pytest.mark.parametrize("form", ["csv", "json", "xlsx"])
def test_a_calendar_in_the_timetable_round_trips(tiny: Path, tmp_path: Path, form: str) -> None:
    set_cell(
        tiny / "services.csv", RAIL, "timetable", "daily 06:00 until 2026-03-20 except 2026-03-05"
    )
    set_cell(tiny / "services.csv", 5, "timetable", "every 1.5h from 2026-03-04")
    s = load_scenario(tiny)
    assert written_and_read(s, tmp_path, form) == s


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("daily 06:00 from 2026-02-30", "'from' takes an ISO 8601 date"),
        ("daily 06:00 until 2025-12-31", "until 2025-12-31 is before the plan's dates 2026-03-02"),
        ("daily 06:00 from 2027-01-01", "from 2027-01-01 is after the plan's dates 2026-03-02"),
        ("daily 06:00 except 2062-03-05", "except 2062-03-05 is outside the plan's dates"),
    ],
)
def test_a_bad_calendar_in_the_timetable_is_located(tiny: Path, text: str, expected: str) -> None:
    set_cell(tiny / "services.csv", RAIL, "timetable", text)
    assert expected in located(problems(tiny), "services.csv", RAIL, "timetable").message
