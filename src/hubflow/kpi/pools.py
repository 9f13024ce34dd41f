"""How much of each capacity pool a plan uses: the tonnes of its busiest day or week."""

from __future__ import annotations

from collections import defaultdict

from hubflow.model import Plan, Scenario


def pool_peak_t(scenario: Scenario, plan: Plan) -> dict[str, float]:
    """Per pool, the most tonnes its services' departures carry in one of its periods."""
    peaks: dict[str, float] = {}
    for pool in scenario.pools:
        members = set(pool.services)
        use: dict[int, float] = defaultdict(float)
        for run in plan.departures:
            if run.service in members:
                use[run.departure // pool.period_minutes] += run.load_t
        peaks[pool.id] = max(use.values(), default=0.0)
    return peaks
