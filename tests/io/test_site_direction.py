"""The optional site columns for handling by direction and the site kinds mine and border_crossing."""

from __future__ import annotations

from pathlib import Path

import pytest

from hubflow.io import load_scenario

from .conftest import add_columns, problems, set_cell, written_and_read
from .test_bad_input import located

DIRECTION = (
    "country",
    "inbound_hours",
    "inbound_cost_per_t",
    "inbound_co2e_kg_per_t",
    "outbound_hours",
    "outbound_cost_per_t",
    "outbound_co2e_kg_per_t",
)


def _with_columns(tiny: Path, row: int, **cells: str) -> None:
    """Add the direction columns to sites.csv (empty) and set ``cells`` of one row."""
    add_columns(tiny / "sites.csv", DIRECTION, row, **cells)


def test_direction_columns_are_read_and_round_trip(tiny: Path, tmp_path: Path) -> None:
    _with_columns(
        tiny,
        2,
        country="CN",
        inbound_hours="24",
        inbound_cost_per_t="80",
        outbound_hours="12.5",
        outbound_co2e_kg_per_t="2",
    )
    s = load_scenario(tiny)
    x = s.sites[0]
    assert (x.country, x.inbound_minutes, x.inbound_cost_per_t, x.outbound_minutes) == (
        "CN",
        24 * 60,
        80.0,
        750,
    )
    assert (x.outbound_co2e_kg_per_t, x.outbound_cost_per_t) == (2.0, 0.0)
    assert not s.sites[1].handles_by_direction and s.sites[1].country == ""
    for form in ("csv", "json", "xlsx"):
        (tmp_path / form).mkdir()
        assert written_and_read(s, tmp_path / form, form) == s


def test_files_without_the_columns_are_written_as_they_were(tiny: Path, tmp_path: Path) -> None:
    written_and_read(load_scenario(tiny), tmp_path, "csv")
    header = (tmp_path / "s" / "sites.csv").read_text("utf-8").splitlines()[0]
    assert not set(DIRECTION) & set(header.split(","))


@pytest.mark.parametrize("kind", ["mine", "border_crossing"])
def test_new_site_kinds_are_accepted(tiny: Path, kind: str) -> None:
    set_cell(tiny / "sites.csv", 2, "kind", kind)
    assert load_scenario(tiny).sites[0].kind == kind


@pytest.mark.parametrize(
    ("cells", "column", "expected"),
    [
        ({"inbound_hours": "6"}, "country", "is required with inbound or outbound handling"),
        ({"country": "CN", "outbound_hours": "-1"}, "outbound_hours", "hours must be >= 0"),
        ({"country": "CN", "outbound_hours": "200"}, "outbound_hours", "must be <= 168"),
        ({"country": "CN", "inbound_cost_per_t": "x"}, "inbound_cost_per_t", "is not a number"),
        ({"country": "CN", "inbound_co2e_kg_per_t": "5000"}, "inbound_co2e_kg_per_t", "<= 1,000"),
    ],
)
def test_bad_direction_cells_are_located(
    tiny: Path, cells: dict[str, str], column: str, expected: str
) -> None:
    _with_columns(tiny, 3, **cells)
    assert expected in located(problems(tiny), "sites.csv", 3, column).message
