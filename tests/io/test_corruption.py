"""Random damage to a scenario gives a located ScenarioError or a valid scenario, nothing else.

Each example copies the tiny fixture or the Zhengzhou example (CSV folder with scenario.toml,
or its workbook), applies one to three corruptions from ``hostile`` (values across the float
and string range, dates in the years 1 to 9999, rows, columns, sheets, files) and loads. The
memory-bomb kinds load in a forked child capped at 2 GB of address space. ``bench/robustness.py``
runs the same corruptions at volume.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from random import Random

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hubflow.io import load_scenario, write_scenario_csv, write_scenario_xlsx

from .conftest import EXAMPLE, TINY
from .hostile import (
    BOMB_KINDS,
    Verdict,
    bounded_verdict,
    corrupt_folder,
    corrupt_toml,
    corrupt_workbook,
    verdict,
)

SOURCES = [pytest.param(TINY, id="tiny")]
if (EXAMPLE / "scenario.toml").is_file():
    SOURCES.append(pytest.param(EXAMPLE, id="zhengzhou"))
RANDOMS = st.randoms(use_true_random=False)


def judge(path: Path, kinds: list[str]) -> Verdict:
    """The verdict on loading ``path``; under a memory cap when a corruption may be a bomb."""
    result = bounded_verdict(path) if set(kinds) & set(BOMB_KINDS) else verdict(path)
    assert result.behaved, (kinds, result)
    return result


def assert_round_trip(path: Path, copy: Path) -> None:
    """A scenario that loads is written as CSV and reads back equal."""
    scenario = load_scenario(path)
    write_scenario_csv(scenario, copy)
    assert load_scenario(copy) == scenario


@pytest.mark.parametrize("source", SOURCES)
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rng=RANDOMS, count=st.integers(1, 3))
def test_corrupted_folder_fails_only_with_located_errors(
    source: Path, rng: Random, count: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "scenario"
        shutil.copytree(source, folder)
        kinds = [
            (corrupt_toml if rng.random() < 0.3 else corrupt_folder)(rng, folder)
            for _ in range(count)
        ]
        assume(set(kinds) != {"none"})
        if judge(folder, kinds).outcome == "loaded":
            assert_round_trip(folder, Path(tmp) / "copy")


@pytest.fixture(scope="module")
def example_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("book") / "zhengzhou.xlsx"
    write_scenario_xlsx(
        load_scenario(EXAMPLE if (EXAMPLE / "scenario.toml").is_file() else TINY), path
    )
    return path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rng=RANDOMS, count=st.integers(1, 3))
def test_corrupted_workbook_fails_only_with_located_errors(
    example_book: Path, rng: Random, count: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.xlsx"
        book = openpyxl.load_workbook(example_book)
        kinds = [corrupt_workbook(rng, book) for _ in range(count)]
        assume(set(kinds) != {"none"})
        try:
            book.save(path)
        except (ValueError, TypeError, OverflowError):  # openpyxl cannot store the value
            assume(False)
        if judge(path, kinds).outcome == "loaded":
            assert_round_trip(path, Path(tmp) / "copy")


def test_the_bounded_load_reports_like_the_plain_one() -> None:
    assert bounded_verdict(TINY).outcome == verdict(TINY).outcome == "loaded"
