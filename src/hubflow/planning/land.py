"""What one more m² of yard saves per week at each hub, read from the plan's own LP: cheap.

The plan's network LP (the arc MIP's model) with every departure's vehicles fixed to the plan's
(:mod:`hubflow.consolidate.duals`): the yard rows' duals, summed over the horizon and scaled to
a week. It sees re-routing and waiting between departures that run anyway, not a design change
(``hubflow land`` re-plans for that). A solver-derived estimate that the plan states as such;
the checker does not check it (docs/whatif.md).
"""

from __future__ import annotations

import numpy as np

from hubflow.consolidate.duals import resource_duals
from hubflow.deadline import Deadline
from hubflow.model import Plan, Scenario
from hubflow.network.builder import Network, yard_resource_keys

__all__ = ["LP_SHARE", "WEEK_DAYS", "land_duals"]

WEEK_DAYS = 7.0
LP_SHARE = 0.25  # most of the time left the dual LP may take (it gives up rather than be late)


def land_duals(
    scenario: Scenario, net: Network, plan: Plan, *, deadline: Deadline
) -> dict[str, float]:
    """Per site with a yard limit: the dual value of one more m² per week, in the scenario's
    currency (>= 0). Empty when there is no yard limit, the plan has no solution, or the LP
    does not finish in its share of ``deadline``."""
    yards = [s.id for s in scenario.sites if s.yard_m2 is not None]
    if not yards or not plan.status.has_solution:
        return {}
    index = {key: a for a, key in enumerate(net.arc_keys)}
    vehicles = np.zeros(net.problem.n_arcs, dtype=np.int64)
    for d in plan.departures:
        a = index.get(("dep", d.service, d.departure))
        if a is not None:
            vehicles[a] += d.vehicles
    duals = resource_duals(net.problem, vehicles, deadline=deadline.share(LP_SHARE))
    if duals.status not in ("OPTIMAL", "EMPTY"):
        return {}
    value = dict.fromkeys(yards, 0.0)
    keys = yard_resource_keys(net)  # the yards come first among the resources, pools after
    for (site, _bucket), marginal in zip(keys, duals.marginal[: len(keys)], strict=True):
        value[site] = value.get(site, 0.0) - float(marginal)
    per_week = WEEK_DAYS / scenario.parameters.horizon_days
    return {site: v * per_week + 0.0 for site, v in value.items()}
