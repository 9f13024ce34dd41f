"""The optional balances table: read, written back (only when there are balances), located
errors."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from hubflow.io import load_scenario, scenario_to_dict, write_scenario_csv
from hubflow.model import Balance

from .conftest import problems, written_and_read
from .test_bad_input import located

HEADER = "id,outbound,returns,slack,empty_co2e_kg_per_km,source\n"


def test_balances_are_read(tiny: Path) -> None:
    (tiny / "balances.csv").write_text(
        HEADER + "boxes,T-GYS-ZZH; R-ZZH-SHA,T-ZZH-CGO,2,,box pool 2026\n", "utf-8"
    )
    [balance] = load_scenario(tiny).balances
    assert balance == Balance(
        id="boxes",
        outbound=("T-GYS-ZZH", "R-ZZH-SHA"),
        returns=("T-ZZH-CGO",),
        slack=2,
        source="box pool 2026",
    )


def test_no_balances_file_means_none_and_none_is_written(tiny: Path, tmp_path: Path) -> None:
    s = load_scenario(tiny)
    assert s.balances == ()
    write_scenario_csv(s, tmp_path / "out")
    assert not (tmp_path / "out" / "balances.csv").exists()
    assert "balances" not in scenario_to_dict(s)


@pytest.mark.parametrize("form", ["csv", "json", "xlsx"])
def test_balances_round_trip(tiny: Path, tmp_path: Path, form: str) -> None:
    boxes = Balance(
        id="boxes", outbound=("R-ZZH-SHA",), returns=("T-ZZH-CGO",), empty_co2e_kg_per_km=0.8
    )
    s = dataclasses.replace(load_scenario(tiny), balances=(boxes,))
    assert written_and_read(s, tmp_path, form) == s


@pytest.mark.parametrize(
    ("column", "row", "expected"),
    [
        ("outbound", "b,R-ZZH-SHA;NOPE,T-ZZH-CGO,,,", "unknown service 'NOPE'"),
        ("returns", "b,R-ZZH-SHA,,,,", "names no service"),
        ("returns", "b,R-ZZH-SHA,R-ZZH-SHA,,,", "'R-ZZH-SHA' is already in balance b"),
        ("outbound", "b,R-ZZH-SHA;R-ZZH-SHA,T-ZZH-CGO,,,", "names a service twice"),
        ("slack", "b,R-ZZH-SHA,T-ZZH-CGO,1.5,,", '"1.5" is not a whole number'),
        ("slack", "b,R-ZZH-SHA,T-ZZH-CGO,-1,,", "-1 must be >= 0"),
        ("empty_co2e_kg_per_km", "b,R-ZZH-SHA,T-ZZH-CGO,,-2,", "-2.0 must be >= 0"),
    ],
)
def test_bad_balances_are_located(tiny: Path, column: str, row: str, expected: str) -> None:
    (tiny / "balances.csv").write_text(HEADER + row + "\n", "utf-8")
    assert expected in located(problems(tiny), "balances.csv", 2, column).message


def test_a_service_in_two_balances_is_located_on_the_second(tiny: Path) -> None:
    rows = "a,R-ZZH-SHA,T-ZZH-CGO,,,\nb,T-GYS-ZZH,T-ZZH-CGO,,,\n"
    (tiny / "balances.csv").write_text(HEADER + rows, "utf-8")
    found = located(problems(tiny), "balances.csv", 3, "returns")
    assert "'T-ZZH-CGO' is already in balance a" in found.message
