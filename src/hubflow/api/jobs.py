"""Plan jobs: ``POST /scenarios/{id}/plans`` queues one, ``/jobs/{id}`` follows it.

A :class:`JobRunner` owns a bounded "spawn" process pool, so a solve never blocks the API;
the worker writes progress to the job's row (see :mod:`hubflow.api.worker`). At start-up,
jobs left queued or running by a stopped server are marked failed with the reason.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, cast

from fastapi import APIRouter, HTTPException, Request
from sqlalchemy import CursorResult, func, select, update

from hubflow.api import access
from hubflow.api.accounts import Member, audit, iso, now
from hubflow.api.auth import ReadDb, Reader, WriteDb, Writer, store_of
from hubflow.api.schemas import Ident, PlanRequest
from hubflow.api.worker import run_plan_job
from hubflow.planning import PlanOptions
from hubflow.store import Store
from hubflow.store.service_tables import JobRow

log = logging.getLogger("hubflow")

router = APIRouter(tags=["jobs"])

ACTIVE = ("queued", "running")
MAX_ACTIVE_PER_ORG = 50
INTERRUPTED = "interrupted: the server stopped before the job finished"
STOPPED = "stopped: the server was shut down while the job was queued or running"


class JobRunner:
    """Runs plan jobs in ``workers`` processes; submit returns at once."""

    def __init__(self, store: Store, db_url: str, workers: int) -> None:
        self.store, self.db_url, self.workers = store, db_url, workers
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    self.workers, mp_context=multiprocessing.get_context("spawn")
                )
            return self._pool

    def submit(self, job_id: int, scenario: dict[str, Any], options: dict[str, Any]) -> None:
        try:
            future = self._executor().submit(run_plan_job, scenario, options, self.db_url, job_id)
        except BrokenProcessPool:
            with self._lock:
                self._pool = None
            future = self._executor().submit(run_plan_job, scenario, options, self.db_url, job_id)
        future.add_done_callback(lambda f: self._done(job_id, f))

    def _done(self, job_id: int, future: Future[str]) -> None:
        """A worker that died (killed, out of memory) leaves its job running: fail it."""
        exc = future.exception() if not future.cancelled() else None
        if exc is None:
            return
        log.error("plan job %d: %s", job_id, exc)
        if isinstance(exc, BrokenProcessPool):
            with self._lock:
                self._pool = None
        fail_jobs(self.store, f"the worker process failed: {exc}", job_id=job_id)

    def shutdown(self) -> None:
        """Stop the workers now (a solve may have an hour left); their jobs are failed."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is None:
            return
        processes = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        fail_jobs(self.store, STOPPED)


def fail_jobs(store: Store, reason: str, *, job_id: int | None = None) -> int:
    """Mark queued or running jobs failed with ``reason`` (one job, or all); return how many."""
    query = update(JobRow).where(JobRow.state.in_(ACTIVE))
    if job_id is not None:
        query = query.where(JobRow.id == job_id)
    with store.session(write=True) as s:
        done = s.execute(query.values(state="failed", error=reason, finished_at=now()))
        return int(cast(CursorResult[Any], done).rowcount)


def job_json(row: JobRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "job_id": row.id,
        "scenario_id": row.scenario_id,
        "state": row.state,
        "stage": row.stage,
        "progress": row.progress,
        "objective": row.objective,
        "bound": row.bound,
        "gap": row.gap,
        "plan_id": row.plan_id,
        "error": row.error,
        "cancel_requested": row.cancel_requested,
        "options": row.options,
        "created_at": iso(row.created_at),
        "started_at": iso(row.started_at),
        "finished_at": iso(row.finished_at),
    }


def plan_options(body: PlanRequest) -> PlanOptions:
    """The job's PlanOptions: each option the request gives, by its PlanOptions name (the
    planner's default where it gives none), and the carbon price as a scenario override."""
    given = body.model_dump(exclude_none=True, exclude={"carbon_price"})
    overrides = () if body.carbon_price is None else (f"carbon_price={body.carbon_price!r}",)
    return PlanOptions(**given, overrides=overrides)


@router.post(
    "/scenarios/{scenario_id}/plans",
    status_code=202,
    summary='Start a plan job; answers {"job_id": ...} at once',
)
def start_plan(
    scenario_id: Ident, request: Request, who: Writer, body: PlanRequest | None = None
) -> dict[str, Any]:
    options = plan_options(body or PlanRequest())
    store = store_of(request)
    with store.session(write=True) as session:
        visible = access.scenario(session, who, scenario_id)
        if not visible.owned:
            raise HTTPException(
                403,
                "this scenario is shared with you read-only; derive a "
                "version of your own to plan it",
            )
        _check_load(session, who)
        row = JobRow(
            scenario_id=scenario_id,
            org_id=who.org_id,
            options=options.to_dict(),
            state="queued",
            stage="queued",
            progress=0.0,
            cancel_requested=False,
            created_at=now(),
        )
        session.add(row)
        session.flush()
        job_id = row.id
        audit(session, who, "plan", "scenario", scenario_id, job_id=job_id)
        content = visible.row.content
    request.app.state.jobs.submit(job_id, content, options.to_dict())
    return {"job_id": job_id, "state": "queued"}


def _check_load(session: Any, who: Member) -> None:
    active = session.scalar(
        select(func.count())
        .select_from(JobRow)
        .where(JobRow.org_id == who.org_id, JobRow.state.in_(ACTIVE))
    )
    if active >= MAX_ACTIVE_PER_ORG:
        raise HTTPException(
            429,
            f"{active} jobs of your organisation are queued or running; wait for some to finish",
        )


@router.get("/jobs", summary="Your organisation's jobs, newest first")
def list_jobs(who: Reader, session: ReadDb) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(JobRow).where(JobRow.org_id == who.org_id).order_by(JobRow.id.desc()).limit(200)
    )
    return [job_json(r) for r in rows]


@router.get("/jobs/{job_id}", summary="A job's state, progress, bound and gap, and plan_id")
def get_job(job_id: Ident, who: Reader, session: ReadDb) -> dict[str, Any]:
    return job_json(access.job(session, who, job_id))


@router.post("/jobs/{job_id}/cancel", summary="Cancel a queued or running job")
def cancel_job(job_id: Ident, who: Writer, session: WriteDb) -> dict[str, Any]:
    row = access.job(session, who, job_id)
    if row.state == "queued":
        row.state, row.finished_at, row.error = "cancelled", now(), "cancelled by a member"
    elif row.state == "running":
        row.cancel_requested = True
    else:
        return job_json(row)
    audit(session, who, "cancel", "job", job_id)
    session.flush()
    return job_json(row)
