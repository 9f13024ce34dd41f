"""Deterministic stops: a phase sized from nominal seconds stops on its count, the clock is a
ceiling that is counted when it binds; the work clock shares like a deadline."""

from __future__ import annotations

import time

import pytest

from hubflow.consolidate.work import WORK_SHARE, Phase, WorkClock, nominal_seconds
from hubflow.deadline import Deadline


def run(phase: Phase) -> int:
    """Units a phase lets run."""
    n = 0
    while phase.more():
        phase.tick()
        n += 1
    return n


def test_a_phase_on_work_stops_on_its_count_before_the_clock():
    phase = Phase(Deadline.after(3600), seconds=1.0)
    assert phase.size(0.3) == 3
    assert run(phase) == 3
    assert not phase.cut
    assert phase.nominal_spent == pytest.approx(0.9)


def test_a_phase_on_work_gets_at_least_one_unit_however_small_its_share():
    phase = Phase(Deadline.after(3600), seconds=0.0)
    assert phase.size(5.0) == 1
    assert run(phase) == 1


def test_a_phase_on_the_clock_has_no_count_and_is_cut_when_its_deadline_passes():
    phase = Phase(Deadline(time.monotonic() - 1.0))
    assert phase.size(0.3) is None
    assert run(phase) == 0
    assert phase.cut


def test_the_ceiling_cuts_a_phase_on_work_and_says_so():
    phase = Phase(Deadline(time.monotonic() - 1.0), seconds=10.0)
    phase.size(1.0)
    assert run(phase) == 0
    assert phase.cut


def test_the_work_clock_shares_and_spends_like_a_deadline():
    clock = WorkClock(10.0)
    assert clock.share(0.5, keep=2.0) == pytest.approx(4.0)
    clock.spend(3.0)
    assert clock.seconds_left == pytest.approx(7.0)
    assert not clock.spent
    clock.spend(100.0)
    assert clock.spent and clock.share(1.0) == 0.0


def test_a_solve_sizes_its_work_for_a_share_of_its_budget_leaving_room_for_a_slow_machine():
    assert 0 < WORK_SHARE < 1
    assert nominal_seconds(10.0) == pytest.approx(10.0 * WORK_SHARE)
    assert nominal_seconds(-1.0) == 0.0
