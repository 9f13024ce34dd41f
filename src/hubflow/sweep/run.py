"""Run a grid of variants on an executor and collect one row each, in the grid's order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from typing import Any

from hubflow.io import scenario_to_dict
from hubflow.io.variants import Variant
from hubflow.model import Scenario
from hubflow.planning import PlanOptions
from hubflow.sweep.executors import Executor
from hubflow.sweep.work import FAILED, failed_row, plan_variant

__all__ = ["SweepProgress", "run_sweep"]


@dataclass(frozen=True, slots=True)
class SweepProgress:
    """How far a sweep is: variants done (planned), failed, running and in all."""

    done: int
    failed: int
    running: int
    total: int
    last: str = ""  # the label of the variant that just finished


def _plain(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain data; an empty fleet is left out (the reader wants none or rows)."""
    data = scenario_to_dict(scenario)
    if not data.get("fleet"):
        data.pop("fleet", None)
    return data


def run_sweep(
    scenario: Scenario,
    variants: Sequence[Variant],
    options: PlanOptions,
    executor: Executor,
    *,
    progress: Callable[[SweepProgress], None] | None = None,
) -> list[dict[str, Any]]:
    """Plan every variant of ``scenario`` under ``options`` on ``executor``; rows in grid order.

    The variants were checked when parsed; a variant that fails anyway (or whose worker dies)
    gives a row with status FAILED and the reason.
    """
    data, opts = _plain(scenario), options.to_dict()
    rows: list[dict[str, Any] | None] = [None] * len(variants)
    futures: dict[Future[Any], int] = {}
    for i, v in enumerate(variants):
        futures[executor.submit(plan_variant, data, opts, v.to_texts(), i)] = i
    pending = set(futures)
    failed = 0
    tell = progress or (lambda _p: None)
    tell(SweepProgress(0, 0, min(executor.workers, len(variants)), len(variants)))
    while pending:
        finished, pending = wait(pending, return_when=FIRST_COMPLETED)
        for f in finished:
            i = futures[f]
            try:
                row = f.result()
            except Exception as e:  # the worker itself died
                row = {"index": i, "changes": variants[i].to_texts(), **failed_row(repr(e))}
            row["variant"] = variants[i].label
            rows[i] = row
            failed += row["status"] == FAILED
            done = len(variants) - len(pending)
            running = min(executor.workers, len(pending))
            tell(SweepProgress(done - failed, failed, running, len(variants), row["variant"]))
    return [r for r in rows if r is not None]
