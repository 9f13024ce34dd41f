"""Random damage to a scenario gives a located ScenarioError or a valid scenario, nothing else.

Each example copies the tiny fixture or the Zhengzhou example (CSV folder with scenario.toml,
or its workbook), with or without the optional inputs (pools, balances, clearance by country,
payloads, minimum loads, calendars in timetables, no_split: ``enrich``), applies one to three
corruptions from ``hostile`` (values across the float and string range, dates in the years 1 to
9999, rows, columns, sheets, files, and values aimed at each optional column) and loads. The
memory-bomb kinds load in a forked child capped at 2 GB of address space. Valid but absurd
edits of the optional inputs (a pool of 0, returns that never run, a calendar closing every
day, ...) must plan with ``hubflow plan`` and explain each order left unserved.
``bench/robustness.py`` runs the same corruptions at volume.
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

import hubflow
from hubflow.io import load_scenario, write_scenario_csv, write_scenario_xlsx

from .conftest import EXAMPLE, TINY
from .hostile import (
    BOMB_KINDS,
    Verdict,
    absurd,
    bounded_verdict,
    corrupt_folder,
    corrupt_toml,
    corrupt_workbook,
    enrich,
    plan_verdict,
    verdict,
)

UNDER_TEST = {"PYTHONPATH": str(Path(hubflow.__file__).parents[1])}  # for the plan's child

SOURCES = [pytest.param(TINY, False, id="tiny"), pytest.param(TINY, True, id="tiny+optional")]
if (EXAMPLE / "scenario.toml").is_file():
    SOURCES.append(pytest.param(EXAMPLE, True, id="zhengzhou+optional"))
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


@pytest.mark.parametrize(("source", "optional"), SOURCES)
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rng=RANDOMS, count=st.integers(1, 3))
def test_corrupted_folder_fails_only_with_located_errors(
    source: Path, optional: bool, rng: Random, count: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "scenario"
        shutil.copytree(source, folder)
        if optional:
            enrich(folder)
        kinds = [
            (corrupt_toml if rng.random() < 0.3 else corrupt_folder)(rng, folder)
            for _ in range(count)
        ]
        assume(set(kinds) != {"none"})
        if judge(folder, kinds).outcome == "loaded":
            assert_round_trip(folder, Path(tmp) / "copy")


@pytest.fixture(scope="module")
def example_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example (or the tiny fixture) with every optional input, as a workbook."""
    folder = tmp_path_factory.mktemp("book") / "zhengzhou"
    shutil.copytree(EXAMPLE if (EXAMPLE / "scenario.toml").is_file() else TINY, folder)
    enrich(folder)
    path = folder.parent / "zhengzhou.xlsx"
    write_scenario_xlsx(load_scenario(folder), path)
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


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rng=RANDOMS, count=st.integers(1, 2))
def test_absurd_but_valid_optional_inputs_plan_and_explain_every_order(
    rng: Random, count: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "scenario"
        shutil.copytree(TINY, folder)
        enrich(folder)
        kinds = [absurd(rng, folder) for _ in range(count)]
        result = plan_verdict(folder, Path(tmp) / "out", env=UNDER_TEST)
        assert result.outcome in ("planned", "no plan in time"), (kinds, result)


def test_the_optional_inputs_keep_a_scenario_valid() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "scenario"
        shutil.copytree(TINY, folder)
        enrich(folder)
        scenario = load_scenario(folder)
    assert (len(scenario.pools), len(scenario.balances)) == (1, 1)
    assert scenario.orders[0].no_split and scenario.services[0].payload_t
    assert scenario.services[0].timetable.days_off and scenario.sites[-1].country == "KZ"


def test_the_bounded_load_reports_like_the_plain_one() -> None:
    assert bounded_verdict(TINY).outcome == verdict(TINY).outcome == "loaded"
