"""The work of a sweep, as module-level functions of plain data, so any executor can run it.

A local process pool and a Ray worker both call :func:`plan_chain` with a scenario dict
(``hubflow.io.scenario_to_dict``), an options dict (``PlanOptions.to_dict``) and a chain of
variants (grid index and ``KEY=VALUE`` texts); it plans them one after another, each started
from what the solve before it in the chain learnt (a warm start), and returns one row of the
sweep table per variant. The chains are cut from the grid alone (:mod:`hubflow.sweep.run`), so a
row does not depend on the executor, the number of workers or the order they finish in. Any
failure of a variant (an invalid scenario, a solver error) becomes a row with status FAILED and
the reason: never a lost sweep.
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
from hubflow.model import Scenario
from hubflow.planning import PlanOptions, PlanOutcome, plan_scenario

__all__ = ["FAILED", "failed_row", "outcome_row", "plan_chain", "plan_variant"]

FAILED = "FAILED"


def plan_variant(
    scenario: dict[str, Any], options: dict[str, Any], changes: list[str], index: int = 0
) -> dict[str, Any]:
    """Plan one variant from scratch and return its row."""
    return plan_chain(scenario, options, [(index, changes)])[0]


def plan_chain(
    scenario: dict[str, Any], options: dict[str, Any], chain: list[tuple[int, list[str]]]
) -> list[dict[str, Any]]:
    """Plan the variants of ``chain`` in its order, each warm-started from the last one that
    was planned before it in the chain; one row each. Each deadline starts with its variant."""
    rows: list[dict[str, Any]] = []
    before: PlanOutcome | None = None
    try:
        base = scenario_from_dict(scenario)
    except ScenarioError as e:
        reason = "; ".join(str(p) for p in e.problems)
        return [{"index": i, "changes": list(c), **failed_row(reason)} for i, c in chain]
    for index, changes in chain:
        row, outcome = _plan_one(base, options, changes, before)
        if outcome is not None:
            before = outcome
        rows.append({"index": index, "changes": list(changes), **row})
    return rows


def _plan_one(
    base: Scenario,
    options: dict[str, Any],
    changes: list[str],
    before: PlanOutcome | None,
) -> tuple[dict[str, Any], PlanOutcome | None]:
    """One variant's row (with ``seconds``, the worker's ``cpu_seconds``, and whether it
    started ``warm``) and its outcome."""
    start, cpu = time.perf_counter(), time.process_time()
    outcome = None
    try:
        opts = PlanOptions.from_dict(options)
        deadline = Deadline.after(opts.time_limit)
        variant = parse_variant(base, changes, source="variant") if changes else None
        scn = apply_variant(base, variant) if variant else base
        outcome = plan_scenario(scn, opts, deadline=deadline, warm_from=before)
        row = outcome_row(outcome)
    except ScenarioError as e:
        row = failed_row("; ".join(str(p) for p in e.problems))
    except Exception as e:  # a variant's failure is its row, not the sweep's end
        last = traceback.extract_tb(e.__traceback__)[-1]
        row = failed_row(f"{type(e).__name__}: {e} ({last.filename}:{last.lineno})")
    warm = before is not None and before.previous is not None
    row |= {
        "warm": warm,
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
    }
    return row, outcome


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
