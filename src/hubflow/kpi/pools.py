"""How much of each capacity pool a plan uses: the tonnes and the vehicles of its busiest day or
week."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from hubflow.model import DepartureRun, Plan, Scenario


def pool_peak_t(scenario: Scenario, plan: Plan) -> dict[str, float]:
    """Per pool, the most tonnes its services' departures carry in one of its periods."""
    return _peaks(scenario, plan, lambda run: run.load_t)


def pool_peak_vehicles(scenario: Scenario, plan: Plan) -> dict[str, float]:
    """Per pool, the most vehicles its services' departures run in one of its periods."""
    return _peaks(scenario, plan, lambda run: float(run.vehicles))


def _peaks(
    scenario: Scenario, plan: Plan, amount: Callable[[DepartureRun], float]
) -> dict[str, float]:
    peaks: dict[str, float] = {}
    for pool in scenario.pools:
        members = set(pool.services)
        use: dict[int, float] = defaultdict(float)
        for run in plan.departures:
            if run.service in members:
                use[run.departure // pool.period_minutes] += amount(run)
        peaks[pool.id] = max(use.values(), default=0.0)
    return peaks
