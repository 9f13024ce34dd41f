"""Fixtures of the io tests: the tiny scenario folder, copied so that a test may damage it."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

from hubflow.errors import Problem, ScenarioError
from hubflow.io import load_scenario, write_scenario_csv, write_scenario_json, write_scenario_xlsx
from hubflow.model import Scenario

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny"
EXAMPLE = Path(__file__).parents[2] / "src" / "hubflow" / "data" / "zhengzhou"


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A writable copy of tests/io/data/tiny."""
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    return folder


def problems(path: Path) -> list[Problem]:
    """The problems that loading ``path`` reports (the load must fail)."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.problems, "a ScenarioError must list at least one problem"
    return info.value.problems


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell of a CSV file; ``row`` counts as a spreadsheet does (header = 1)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[row - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def written_and_read(scenario: Scenario, folder: Path, form: str) -> Scenario:
    """The scenario written in ``form`` (csv, json or xlsx) and loaded back."""
    write, name = {
        "csv": (write_scenario_csv, "s"),
        "json": (write_scenario_json, "s.json"),
        "xlsx": (write_scenario_xlsx, "s.xlsx"),
    }[form]
    write(scenario, folder / name)
    return load_scenario(folder / name)


def add_columns(path: Path, names: Iterable[str], row: int, **cells: str) -> None:
    """Add columns to a CSV file (empty) and set ``cells`` of one spreadsheet row."""
    columns = list(names)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[0] += columns
    for n, line in enumerate(rows[1:], start=2):
        line += [cells.get(c, "") if n == row else "" for c in columns]
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
