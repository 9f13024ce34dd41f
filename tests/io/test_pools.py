"""The optional pools table: read, written back (only when there are pools), located errors."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from hubflow.io import (
    load_scenario,
    scenario_to_dict,
    write_scenario_csv,
)
from hubflow.model import Pool

from .conftest import problems, written_and_read
from .test_bad_input import located

HEADER = "id,services,limit,unit,period,source\n"


def test_pools_are_read(tiny: Path) -> None:
    (tiny / "pools.csv").write_text(
        HEADER + "border,T-GYS-ZZH; T-ZZH-CGO,300,,week,quota 2026\n", "utf-8"
    )
    [pool] = load_scenario(tiny).pools
    assert pool == Pool(
        id="border",
        services=("T-GYS-ZZH", "T-ZZH-CGO"),
        limit=300,
        period="week",
        source="quota 2026",
    )
    assert (pool.unit, pool.period_minutes) == ("t", 7 * 1440)


def test_no_pools_file_means_no_pools_and_none_is_written(tiny: Path, tmp_path: Path) -> None:
    s = load_scenario(tiny)
    assert s.pools == ()
    write_scenario_csv(s, tmp_path / "out")
    assert not (tmp_path / "out" / "pools.csv").exists()
    assert "pools" not in scenario_to_dict(s)


@pytest.mark.parametrize("form", ["csv", "json", "xlsx"])
def test_pools_round_trip(tiny: Path, tmp_path: Path, form: str) -> None:
    pool = Pool(id="slots", services=("R-ZZH-SHA",), limit=2400.5, period="week")
    gate = Pool(id="gate", services=("T-GYS-ZZH",), limit=40, unit="vehicles")
    s = dataclasses.replace(load_scenario(tiny), pools=(pool, gate))
    assert written_and_read(s, tmp_path, form) == s


@pytest.mark.parametrize(
    ("column", "row", "expected"),
    [
        ("services", "q,R-ZZH-SHA;NOPE,10,t,day,", "unknown service 'NOPE'"),
        ("services", "q,,10,t,day,", "names no service"),
        ("unit", "q,R-ZZH-SHA,10,crates,day,", "'crates' is not one of t, vehicles"),
        ("period", "q,R-ZZH-SHA,10,t,month,", "'month' is not one of day, week"),
        ("limit", "q,R-ZZH-SHA,-5,t,day,", "-5.0 must be >= 0"),
    ],
)
def test_bad_pools_are_located(tiny: Path, column: str, row: str, expected: str) -> None:
    (tiny / "pools.csv").write_text(HEADER + row + "\n", "utf-8")
    assert expected in located(problems(tiny), "pools.csv", 2, column).message
