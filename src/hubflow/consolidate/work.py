"""Deterministic stops for a design solve: counts of work sized from nominal seconds, not the clock.

Stopped on the clock, a phase of a solve (pricing rounds, slope scaling, a MIP's branch and bound,
local moves) gets further on an idle machine than on a busy one, so the plan depends on the load.
Given nominal seconds (``SolverSettings.work_seconds``, derived from the user's time limit, never
read from the clock), each phase instead stops after a count of units of work: its share of the
nominal seconds over what a unit costs on one idle core of the reference machine, for this
problem's size. A :class:`WorkClock` spends those nominal seconds as the units are done, so later
phases get what earlier ones left, as with a deadline. The nominal seconds are ``WORK_SHARE`` of the
solve's budget, and the real deadline stays a hard stop: a phase it cuts short (a machine too slow
or busy for the counted work) is counted, and only then may the plan differ from run to run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hubflow.consolidate.problem import BoolArray, DesignProblem
from hubflow.deadline import Deadline

__all__ = [
    "DESIGN_STOPS",
    "WORK_SHARE",
    "Phase",
    "WorkClock",
    "arc_mip_root_seconds",
    "seconds_per_branch",
    "seconds_per_move",
    "seconds_per_node",
    "seconds_per_round",
]

#: how a design solve's phases stop: on counts of work (the same plan on any machine) or the clock
DESIGN_STOPS = ("work", "time")
#: the share of its budget (the time limit's seconds for the solve) a solve stopped on work sizes
#: its counts for. The time limit stays a hard stop, so the counts leave room for a machine at
#: most this much slower than the reference (a busy core beside it) to finish them in time and
#: repeat its plan. An earlier version sized for the whole budget and let the clock run on up
#: to 4 times it: Canad C+ files at 60 s under load took 91-240 s, breaking the time limit.
WORK_SHARE = 0.5

# Seconds per unit of work on one core of the reference machine (2 cores, 2026), the medians of
# Canad C files (c37, c45, c51, c57) and a generated week of 1,000 orders solved on the clock
# (bench/results/design_work.md; measured at load average 6-11, so an idle core is faster and
# finishes the counts in less than the nominal seconds).
#: a pricing round (LP re-solve + shortest paths for all demands), per (demand, arc) pair:
#: 0.2-1.7 µs measured
ROUND_SECONDS_PER_PAIR = 5e-7
#: a branch-and-bound node of a MIP, per nonzero of its matrix: 0.3-600 µs measured, median
#: 40 µs at load 6-9, about half that on an idle core (the root, with its heuristics' sub-MIPs,
#: is one node however long it takes: Canad's take seconds, a generated week's nodes
#: milliseconds), so MIP phases are the least well sized
NODE_SECONDS_PER_NONZERO = 2e-5
#: a local move (re-route, price and check the plan), per path of the master: 2.4-6 µs measured
MOVE_SECONDS_PER_PATH = 4e-6
#: the arc MIP's presolve and root node, per (demand, arc) pair: a rough estimate (the
#: example's 57,000 pairs: 4-25 s; the Canad C files' 45,000-70,000: often more than 60 s,
#: bench/results/mcnd_C_60s.md; c57's, 68,000 pairs, ran 180 s past a 60 s share at 0.2 ms),
#: below which the arc MIP is not started on work
ROOT_SECONDS_PER_PAIR = 2e-3
#: a node of the arc MIP's branch and bound after its root (charged apart, above), per nonzero:
#: 3.9 µs measured on Canad c25_100_30_F_T_5 at load 9 (207 nodes in 10.5 s after an 8.5 s
#: root), about 7 µs on c25_100_30_F_L_5 at load 7 with a second solve beside it
BRANCH_SECONDS_PER_NONZERO = 6e-6
MIN_UNIT_SECONDS = 1e-3  # no unit of work is cheaper than this, however small the problem


def seconds_per_round(pairs: int) -> float:
    """Reference seconds of one pricing round on a problem of ``pairs`` (demand, arc) pairs."""
    return max(MIN_UNIT_SECONDS, ROUND_SECONDS_PER_PAIR * pairs)


def seconds_per_node(nonzeros: int) -> float:
    """Reference seconds of one branch-and-bound node of a MIP with ``nonzeros`` nonzeros."""
    return max(MIN_UNIT_SECONDS, NODE_SECONDS_PER_NONZERO * nonzeros)


def seconds_per_branch(nonzeros: int) -> float:
    """Reference seconds of one node of the arc MIP after its root, ``nonzeros`` nonzeros."""
    return max(MIN_UNIT_SECONDS, BRANCH_SECONDS_PER_NONZERO * nonzeros)


def seconds_per_move(paths: int) -> float:
    """Reference seconds of one local move on a master of ``paths`` paths."""
    return max(MIN_UNIT_SECONDS, MOVE_SECONDS_PER_PATH * paths)


def arc_mip_root_seconds(p: DesignProblem, arcs: BoolArray | None = None) -> float:
    """Reference seconds of the arc MIP's presolve and root node on ``p`` (by its pairs), or
    on ``p`` with each demand's arcs cut to those in ``arcs``."""
    pairs = sum(len(d.arcs) if arcs is None else int(arcs[d.arcs].sum()) for d in p.demands)
    return ROOT_SECONDS_PER_PAIR * pairs


def nominal_seconds(budget: float) -> float:
    """The reference seconds of work a solve with ``budget`` seconds sizes its counts for."""
    return WORK_SHARE * max(0.0, budget)


class WorkClock:
    """Nominal seconds, spent at reference rates as work is done: a deadline that ticks on work,
    so every share it gives is the same on any machine."""

    def __init__(self, seconds: float) -> None:
        self.seconds_left = max(0.0, seconds)

    def share(self, fraction: float, *, keep: float = 0.0) -> float:
        """``fraction`` of the nominal seconds left after keeping ``keep`` back (as
        :meth:`Deadline.share`)."""
        return max(0.0, self.seconds_left - keep) * fraction

    def spend(self, seconds: float) -> None:
        self.seconds_left = max(0.0, self.seconds_left - seconds)

    @property
    def spent(self) -> bool:
        return self.seconds_left <= 0.0


@dataclass(slots=True)
class Phase:
    """When one phase of a solve stops: at ``until`` (its share of the deadline on the clock; the
    safety ceiling on work) or, given nominal ``seconds``, after the units of work they buy.

    The phase states what a unit costs (:meth:`size`), asks :meth:`more` before each unit and
    counts it with :meth:`tick`; ``cut`` records whether the clock stopped it."""

    until: Deadline
    seconds: float | None = None  # nominal seconds; None: on the clock alone
    unit_seconds: float = 0.0
    units: int | None = None  # the count it may do; None: on the clock alone
    done: int = 0
    cut: bool = False

    def size(self, unit_seconds: float) -> int | None:
        """Set the cost of a unit; the count of units the nominal seconds buy (at least one)."""
        self.unit_seconds = unit_seconds
        if self.seconds is not None:
            self.units = max(1, math.floor(self.seconds / unit_seconds))
        return self.units

    def more(self) -> bool:
        """Whether another unit may start: the count not reached and the clock not passed."""
        if self.units is not None and self.done >= self.units:
            return False
        if self.until.expired:
            self.cut = True
            return False
        return True

    def tick(self, units: int = 1) -> None:
        self.done += units

    @property
    def nominal_spent(self) -> float:
        """Reference seconds of the units done (what the phase takes from a WorkClock)."""
        return self.done * self.unit_seconds

    def time_left(self) -> float:
        """Seconds a solver call in this phase may run (HiGHS's ``time_limit``), at least 0.1."""
        return max(0.1, self.until.left())
