"""The work of one variant, as a module-level function of plain data, so any executor can run it.

A local process pool and a Ray worker both call :func:`plan_variant` with a scenario dict
(``hubflow.io.scenario_to_dict``), an options dict (``PlanOptions.to_dict``) and the variant's
``KEY=VALUE`` texts; it returns one row of the sweep table. Any failure of the variant (an invalid
scenario, a solver error) becomes a row with status FAILED and the reason: never a lost sweep.
"""

from __future__ import annotations

import time
import traceback
from typing import Any

from hubflow.deadline import Deadline
from hubflow.errors import ScenarioError
from hubflow.io import scenario_from_dict
from hubflow.io.variants import apply_variant, parse_variant
from hubflow.kpi import Kpis
from hubflow.planning import PlanOptions, PlanOutcome, plan_scenario

__all__ = ["FAILED", "failed_row", "outcome_row", "plan_variant"]

FAILED = "FAILED"


def plan_variant(
    scenario: dict[str, Any], options: dict[str, Any], changes: list[str], index: int = 0
) -> dict[str, Any]:
    """Plan one variant and return its row; the deadline starts when the worker starts it."""
    start = time.perf_counter()
    try:
        opts = PlanOptions.from_dict(options)
        deadline = Deadline.after(opts.time_limit)
        base = scenario_from_dict(scenario)
        variant = parse_variant(base, changes, source="variant") if changes else None
        scn = apply_variant(base, variant) if variant else base
        outcome = plan_scenario(scn, opts, deadline=deadline)
        row = outcome_row(outcome)
    except ScenarioError as e:
        row = failed_row("; ".join(str(p) for p in e.problems))
    except Exception as e:  # a variant's failure is its row, not the sweep's end
        last = traceback.extract_tb(e.__traceback__)[-1]
        row = failed_row(f"{type(e).__name__}: {e} ({last.filename}:{last.lineno})")
    return {"index": index, "changes": list(changes), **row, "seconds": time.perf_counter() - start}


def failed_row(reason: str) -> dict[str, Any]:
    """The row of a variant that could not be planned."""
    return {"status": FAILED, "reason": reason}


def outcome_row(outcome: PlanOutcome) -> dict[str, Any]:
    """The figures of one planned variant, in plain data."""
    k: Kpis = outcome.kpis
    return {
        "status": str(k.status) if outcome.ok else "CHECK_FAILED",
        "reason": "; ".join(outcome.violations[:3]),
        "total_cost": k.total_cost if k.objective is not None else None,
        "objective": k.objective,
        "lower_bound": k.lower_bound,
        "gap_pct": k.gap_pct,
        "co2e_t": k.co2e_t,
        "tonne_km_by_mode": dict(k.tonne_km_by_mode),
        "on_time_pct": k.on_time_pct,
        "yard_peak_m2": dict(k.yard_peak_m2),
        "yard_m2": {s.id: s.yard_m2 for s in outcome.scenario.sites if s.hub},
        "unserved_t": k.unserved_tonnes,
        "currency": k.currency,
    }
