"""The plan job as it runs in a worker process: plain data in, the plan in the database out.

``run_plan_job(scenario, options, db_url, job_id)`` is a module-level function taking only
JSON-like data, so a "spawn" process pool can run it. It writes the solver's progress (stage,
objective, bound, gap) to the job's row, stops early when the job is cancelled, and stores the
plan and the job's "done" in one transaction: a plan is in the database whole or not at all.
"""

from __future__ import annotations

import os
import time
import traceback
from typing import Any, cast

from sqlalchemy import CursorResult, update

from hubflow.api.accounts import now
from hubflow.api.parties import party_views
from hubflow.api.planned import Planned
from hubflow.deadline import Deadline, ProgressEvent
from hubflow.io import scenario_from_dict
from hubflow.jsonsafe import finite_or_none
from hubflow.planning import PlanOptions, plan_scenario
from hubflow.store import Store, open_store
from hubflow.store.service_tables import JobRow

STAGE_SHARE = {
    "network": 0.05,
    "solve": 0.1,
    "decode": 0.8,
    "dispatch": 0.82,
    "kpi": 0.92,
    "check": 0.95,
    "store": 0.98,
}
PAUSE_ENV = "HUBFLOW_JOB_STORE_PAUSE"
"""Seconds to wait inside the storing transaction; only for the crash-safety test."""


class JobCancelled(Exception):
    """Raised from the progress callback when the job's row asks for cancellation."""


def run_plan_job(
    scenario: dict[str, Any], options: dict[str, Any], db_url: str, job_id: int
) -> str:
    """Plan ``scenario`` under ``options`` for job ``job_id``; return the job's final state."""
    with open_store(db_url) as store:
        if not _claim(store, job_id):
            return "cancelled"
        try:
            return _plan(store, scenario, options, job_id)
        except JobCancelled:
            _finish(store, job_id, "cancelled", error="cancelled by a member")
            return "cancelled"
        except Exception as exc:  # the job fails; the server and the pool go on
            detail = "".join(traceback.format_exception_only(exc)).strip()
            _finish(store, job_id, "failed", error=detail[:2000])
            return "failed"


def _claim(store: Store, job_id: int) -> bool:
    """Move the job from queued to running; False when it was cancelled meanwhile."""
    with store.session(write=True) as s:
        done = s.execute(
            update(JobRow)
            .where(JobRow.id == job_id, JobRow.state == "queued")
            .values(state="running", stage="load", started_at=now())
        )
        return bool(cast(CursorResult[Any], done).rowcount)


def _plan(store: Store, scenario: dict[str, Any], options: dict[str, Any], job_id: int) -> str:
    opts = PlanOptions.from_dict(options)
    deadline = Deadline.after(opts.time_limit)
    scn = scenario_from_dict(scenario)
    progress = _Reporter(store, job_id, opts.time_limit)
    outcome = plan_scenario(scn, opts, deadline=deadline, progress=progress)
    progress(ProgressEvent("store"), force=True)
    if progress.cancelled():
        raise JobCancelled
    plan_doc = outcome.plan.to_dict() | {"violations": list(outcome.violations)}
    parties = party_views(Planned(outcome.scenario, outcome.plan, outcome.kpis))
    kpis = outcome.kpis.to_dict() | {"parties": parties}
    pause = float(os.environ.get(PAUSE_ENV, "0") or 0)

    def mark_done(session: Any, plan_id: int) -> None:
        if pause:
            time.sleep(pause)
        session.execute(
            update(JobRow)
            .where(JobRow.id == job_id)
            .values(state="done", plan_id=plan_id, progress=1.0, stage="done", finished_at=now())
        )

    store.save_plan(_scenario_id(store, job_id), plan_doc, kpis, also=mark_done)
    return "done"


def _scenario_id(store: Store, job_id: int) -> int:
    with store.session() as s:
        job = s.get(JobRow, job_id)
        assert job is not None
        return job.scenario_id


class _Reporter:
    """The progress callback: writes stage, bound and gap to the job row at most twice a
    second (and at every new stage), and raises JobCancelled when the row asks for it."""

    def __init__(self, store: Store, job_id: int, time_limit: float) -> None:
        self.store, self.job_id, self.time_limit = store, job_id, time_limit
        self.start = time.monotonic()
        self.last, self.stage = 0.0, ""
        self.objective: float | None = None
        self.bound: float | None = None

    def __call__(self, event: ProgressEvent, force: bool = False) -> None:
        now = time.monotonic()
        if event.objective is not None:
            self.objective = finite_or_none(event.objective)
        if event.bound is not None:
            self.bound = finite_or_none(event.bound)
        if not force and event.stage == self.stage and now - self.last < 0.5:
            return
        self.stage, self.last = event.stage, now
        share = STAGE_SHARE.get(event.stage, 0.1)
        if event.stage == "solve":
            share = max(share, min(0.8, 0.1 + 0.7 * (now - self.start) / self.time_limit))
        gap = ProgressEvent("x", self.objective, self.bound).gap
        with self.store.session(write=True) as s:
            s.execute(
                update(JobRow)
                .where(JobRow.id == self.job_id)
                .values(
                    stage=event.stage[:50],
                    progress=share,
                    objective=self.objective,
                    bound=self.bound,
                    gap=gap,
                )
            )
        if event.stage != "store" and self.cancelled():
            raise JobCancelled

    def cancelled(self) -> bool:
        with self.store.session() as s:
            job = s.get(JobRow, self.job_id)
            return job is None or job.cancel_requested


def _finish(store: Store, job_id: int, state: str, *, error: str | None = None) -> None:
    with store.session(write=True) as s:
        s.execute(
            update(JobRow)
            .where(JobRow.id == job_id)
            .values(state=state, error=error, finished_at=now())
        )
