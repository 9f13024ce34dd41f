"""Payload per commodity (services) and orders that must not be split: read, written back only
when used, located errors."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from hubflow.io import load_scenario, scenario_from_dict, scenario_to_dict, write_scenario_csv

from .conftest import problems, set_cell, written_and_read
from .test_bad_input import located


def _add_column(path: Path, column: str) -> None:
    """An empty ``column`` at the end of every line of a CSV table."""
    lines = path.read_text("utf-8").splitlines()
    path.write_text("\n".join([f"{lines[0]},{column}"] + [f"{x}," for x in lines[1:]]) + "\n")


def test_payloads_and_no_split_are_read(tiny: Path) -> None:
    _add_column(tiny / "services.csv", "payload_t")
    set_cell(tiny / "services.csv", 2, "payload_t", "foil=22; ingot=28.5")
    _add_column(tiny / "orders.csv", "no_split")
    set_cell(tiny / "orders.csv", 3, "no_split", "yes")
    s = load_scenario(tiny)
    truck = s.services[0]
    assert truck.payload_t == (("foil", 22.0), ("ingot", 28.5))
    assert truck.payload(s.commodity("foil")) == 22.0
    assert s.services[1].payload(s.commodity("foil")) == s.services[1].capacity_t
    assert [o.no_split for o in s.orders[:2]] == [False, True]


def test_unused_columns_are_not_written(tiny: Path, tmp_path: Path) -> None:
    write_scenario_csv(load_scenario(tiny), tmp_path / "out")
    assert "payload_t" not in (tmp_path / "out" / "services.csv").read_text("utf-8")
    assert "no_split" not in (tmp_path / "out" / "orders.csv").read_text("utf-8")


@pytest.mark.parametrize("form", ["csv", "json", "xlsx"])
def test_payloads_and_no_split_round_trip(tiny: Path, tmp_path: Path, form: str) -> None:
    s = load_scenario(tiny)
    truck = dataclasses.replace(s.services[0], payload_t=(("foil", 18.0),))
    whole = dataclasses.replace(s.orders[1], no_split=True)
    s = dataclasses.replace(
        s,
        services=(truck, *s.services[1:]),
        orders=(s.orders[0], whole, *s.orders[2:]),
    )
    assert written_and_read(s, tmp_path, form) == s


def test_a_json_payload_may_be_an_object(tiny: Path) -> None:
    data = scenario_to_dict(load_scenario(tiny))
    data["services"][0]["payload_t"] = {"foil": 18}
    assert scenario_from_dict(data).services[0].payload_t == (("foil", 18.0),)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("coal=20", "unknown commodity or commodity group 'coal'"),
        ("foil=18;foil=20", "names a commodity twice"),
        ("foil=0", "foil: 0.0 must be >= 0.01"),
        ("foil", '"foil=" is not id=tonnes (expected e.g. ingot=25;scrap=18)'),
        ("foil=heavy", '"foil=heavy" is not id=tonnes'),
    ],
)
def test_bad_payloads_are_located(tiny: Path, value: str, expected: str) -> None:
    _add_column(tiny / "services.csv", "payload_t")
    set_cell(tiny / "services.csv", 3, "payload_t", value)
    assert expected in located(problems(tiny), "services.csv", 3, "payload_t").message


def test_a_bad_no_split_flag_is_located(tiny: Path) -> None:
    _add_column(tiny / "orders.csv", "no_split")
    set_cell(tiny / "orders.csv", 2, "no_split", "whole")
    assert '"whole"' in located(problems(tiny), "orders.csv", 2, "no_split").message
