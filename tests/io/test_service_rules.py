"""The optional service columns (commodities, calendar): read, written back, located errors."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from hubflow.io import load_scenario
from hubflow.model import Scenario

from .conftest import add_columns, problems, written_and_read
from .test_bad_input import located

RULES = {"commodities": "", "valid_from": "", "valid_until": "", "days_off": "", "min_load_t": ""}


def _with_columns(tiny: Path, row: int, **cells: str) -> None:
    """Add the rule columns to services.csv (empty) and set ``cells`` of one row."""
    add_columns(tiny / "services.csv", RULES, row, **cells)


def test_rules_are_read(tiny: Path) -> None:
    _with_columns(
        tiny,
        3,
        commodities="ingot; foil",
        valid_from="2026-03-03",
        valid_until="2026-03-20",
        days_off="2026-03-05;2026-03-04",
    )
    rail = load_scenario(tiny).services[1]
    assert rail.commodities == ("ingot", "foil")
    assert (rail.valid_from, rail.valid_until) == (date(2026, 3, 3), date(2026, 3, 20))
    assert rail.days_off == (date(2026, 3, 4), date(2026, 3, 5))
    other = load_scenario(tiny).services[0]  # empty cells: today's behaviour
    assert (other.commodities, other.valid_from, other.valid_until, other.days_off) == (
        (),
        None,
        None,
        (),
    )


@pytest.fixture
def ruled(tiny: Path) -> Scenario:
    s = load_scenario(tiny)
    rail = dataclasses.replace(
        s.services[1],
        commodities=("foil",),
        valid_from=date(2026, 3, 3),
        days_off=(date(2026, 3, 4), date(2026, 3, 6)),
        min_load_t=600.0,
    )
    return dataclasses.replace(s, services=(s.services[0], rail, *s.services[2:]))


@pytest.mark.parametrize("form", ["csv", "json", "xlsx"])
def test_rules_round_trip(ruled: Scenario, tmp_path: Path, form: str) -> None:
    assert written_and_read(ruled, tmp_path, form) == ruled


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("commodities", "ingot;coal", "unknown commodity or commodity group 'coal'"),
        ("commodities", "ingot;ingot", "names a commodity twice"),
        ("valid_from", "next monday", '"next monday" is not a date'),
        ("valid_from", "2027-01-01", "2027-01-01 is after the plan's dates 2026-03-02 to"),
        ("valid_until", "2025-12-31", "2025-12-31 is before the plan's dates 2026-03-02 to"),
        ("days_off", "2026-03-04;2062-03-05", "2062-03-05 is outside the plan's dates"),
        ("min_load_t", "1300", "1300.0 exceeds capacity_t 1200.0: never runs"),
        ("min_load_t", "-1", "-1.0 must be >= 0"),
    ],
)
def test_bad_rules_are_located(tiny: Path, column: str, value: str, expected: str) -> None:
    _with_columns(tiny, 3, **{column: value})
    assert expected in located(problems(tiny), "services.csv", 3, column).message


def test_a_calendar_ending_before_it_starts_is_located(tiny: Path) -> None:
    _with_columns(tiny, 4, valid_from="2026-03-05", valid_until="2026-03-04")
    found = located(problems(tiny), "services.csv", 4, "valid_until")
    assert "before valid_from 2026-03-05" in found.message


def test_services_may_name_a_commodity_group(tiny: Path, tmp_path: Path) -> None:
    path = tiny / "commodities.csv"
    lines = path.read_text("utf-8").splitlines()
    lines = [lines[0] + ",group", lines[1] + ",metal", *(line + "," for line in lines[2:])]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    _with_columns(tiny, 3, commodities="metal")
    s = load_scenario(tiny)
    assert [c.group for c in s.commodities] == ["metal", ""]
    assert s.services[1].commodities == ("metal",)
    assert written_and_read(s, tmp_path, "csv") == s
    path.write_text(path.read_text("utf-8").replace(",metal", ",foil"), "utf-8")
    found = located(problems(tiny), "commodities.csv", 2, "group")
    assert "'foil' is also a commodity id" in found.message
