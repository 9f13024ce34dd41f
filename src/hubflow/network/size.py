"""How big the time-expanded network and its MIP will be, estimated before anything is built.

A date typo (an order due in 2126) or a tiny time step can ask for billions of arcs; this
estimate is cheap (arithmetic on timetables and windows) and lets the build refuse with a
message instead of exhausting the machine's memory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from hubflow.errors import PlanError
from hubflow.model import Scenario, Timetable

BYTES_PER_ARC = 200  # arc arrays, node keys and de-duplication dict, measured order of magnitude
BYTES_PER_FLOW_VARIABLE = 1_400  # one x[k, a] column in the MIP, HiGHS included (bench/scale.py)
ARCS_PER_ORDER_STEP = 6  # pruned arcs an order keeps per time step of its window (the example
# keeps about 5; generated weeks of 10,000 orders about 5 as well)

__all__ = ["NetworkSize", "check_network_size", "estimate_network_size"]


@dataclass(frozen=True, slots=True)
class NetworkSize:
    """Upper estimates: time buckets, arcs, flow variables and the bytes they need."""

    buckets: int
    arcs: int
    flow_variables: int

    @property
    def bytes(self) -> int:
        return self.arcs * BYTES_PER_ARC + self.flow_variables * BYTES_PER_FLOW_VARIABLE


def estimate_network_size(scenario: Scenario) -> NetworkSize:
    """Arcs (departures, holding and transfers per site and bucket) and per-order flow columns
    (a calibrated number per time step of each order's window: the pruning keeps few)."""
    p = scenario.parameters
    step = p.time_step_minutes
    last_due = max((o.due for o in scenario.orders), default=0)
    horizon = max(round(p.horizon_days * 1440), last_due + p.allowed_lateness) + step
    buckets = -(-horizon // step)
    departures = sum(_departures(s.timetable, horizon, step) for s in scenario.services)
    arcs = departures + 2 * len(scenario.sites) * buckets
    flow = 0
    for o in scenario.orders:
        window = -(-(o.due + p.allowed_lateness - o.release) // step) + 1
        flow += ARCS_PER_ORDER_STEP * max(1, min(window, buckets))
    return NetworkSize(buckets=buckets, arcs=arcs, flow_variables=flow)


def check_network_size(scenario: Scenario, memory_bytes: int | None = None) -> NetworkSize:
    """The estimate, or a PlanError saying what is too large when it would not fit in memory."""
    size = estimate_network_size(scenario)
    memory = memory_bytes if memory_bytes is not None else _physical_memory()
    if size.bytes > memory:
        raise PlanError(
            f"the time-expanded network would need about {size.bytes / 1e9:,.1f} GB "
            f"({size.buckets:,} time steps, {size.arcs:,} arcs, {size.flow_variables:,} order-arc "
            f"variables) but this machine has {memory / 1e9:,.1f} GB: check the orders' dates "
            "and the horizon, or use a longer time_step_minutes"
        )
    return size


def _departures(timetable: Timetable, horizon: int, step: int) -> int:
    """How many departures a timetable makes in the horizon, without listing them."""
    if timetable.kind == "continuous" or timetable.period <= 0:
        return -(-horizon // step)
    return (horizon // timetable.period + 2) * max(1, len(timetable.offsets))


def _physical_memory() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not POSIX
        return 8 * 2**30
