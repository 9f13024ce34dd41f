"""SIGKILL the server while it stores a plan: the database holds the whole plan or none of
it, and the restarted server marks the job failed."""

from __future__ import annotations

import time

import httpx
from sqlalchemy import func, select

from hubflow.api.jobs import INTERRUPTED
from hubflow.api.worker import PAUSE_ENV
from hubflow.store import open_store
from hubflow.store.service_tables import JobRow
from hubflow.store.tables import PlanRow
from tests.api.conftest import make_members
from tests.api.server import Server


def test_kill_while_storing_a_plan_leaves_all_or_nothing(
    store_url: str, small_workbook: bytes
) -> None:
    tokens = make_members(store_url)
    auth = {"Authorization": f"Bearer {tokens['metals planner']}"}
    server = Server(store_url, env={PAUSE_ENV: "30"})
    try:
        with httpx.Client(base_url=server.base, headers=auth, timeout=30) as client:
            sid = client.post(
                "/api/v1/scenarios", files={"file": ("s.xlsx", small_workbook)}
            ).json()["id"]
            job_id = client.post(
                f"/api/v1/scenarios/{sid}/plans", json={"time_limit": 20, "dispatch_time": 0}
            ).json()["job_id"]
            end = time.monotonic() + 120
            while client.get(f"/api/v1/jobs/{job_id}").json()["stage"] != "store":
                assert time.monotonic() < end, "the job never reached the store stage"
                time.sleep(0.2)
            time.sleep(1.0)  # inside the storing transaction
    finally:
        server.kill()

    with open_store(store_url) as store, store.session() as s:
        plans = s.scalar(select(func.count()).select_from(PlanRow))
        job = s.get(JobRow, job_id)
        assert job is not None
        assert (plans, job.state, job.plan_id) == (0, "running", None)

    server = Server(store_url)
    try:
        job = httpx.get(f"{server.base}/api/v1/jobs/{job_id}", headers=auth).json()
        assert (job["state"], job["error"], job["plan_id"]) == ("failed", INTERRUPTED, None)
    finally:
        server.stop()
