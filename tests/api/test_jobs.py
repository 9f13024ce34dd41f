"""Plan jobs for real: worker processes, progress in the job row, the stored plan, its files,
the comparison of two plans from both parties' side, cancellation and restart."""

from __future__ import annotations

import csv
import io
import json
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hubflow.api import accounts
from hubflow.api.app import create_app
from hubflow.api.jobs import INTERRUPTED, plan_options
from hubflow.api.schemas import PlanRequest
from hubflow.planning import PlanOptions
from hubflow.store import open_store
from hubflow.store.service_tables import JobRow
from tests.api.conftest import Service


def wait_for(service: Service, job_id: int, timeout: float = 120) -> dict[str, Any]:
    """Poll the job until it ends; the states seen on the way must only move forward."""
    order = ["queued", "running", "done"]
    seen: list[str] = []
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        job = service.client.get(f"/api/v1/jobs/{job_id}", headers=service.auth()).json()
        if not seen or seen[-1] != job["state"]:
            seen.append(job["state"])
        if job["state"] not in ("queued", "running"):
            if job["state"] == "done":
                assert seen == [s for s in order if s in seen]
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s: {seen}")


def test_a_plan_request_sets_the_plan_options_it_names_and_leaves_the_rest():
    assert plan_options(PlanRequest()) == PlanOptions(time_limit=30.0)
    body = PlanRequest(time_limit=12, mip_gap=0.02, dispatch_time=0, carbon_price=200)
    assert plan_options(body) == PlanOptions(
        time_limit=12, mip_gap=0.02, dispatch_time=0, overrides=("carbon_price=200.0",)
    )
    stops = PlanRequest(method="colgen", seed=3, design_stop="time", dispatch_stop="time")
    assert plan_options(stops) == PlanOptions(
        time_limit=30.0, method="colgen", seed=3, design_stop="time", dispatch_stop="time"
    )
    # every field but the carbon price is the PlanOptions field of its name
    assert set(PlanRequest.model_fields) - {"carbon_price"} <= set(PlanOptions.__dataclass_fields__)


def test_a_plan_request_with_an_unknown_stop_or_method_is_refused_before_any_job(
    service: Service, small_workbook: bytes
) -> None:
    sid = service.upload(small_workbook).json()["id"]
    for body in ({"design_stop": "soon"}, {"dispatch_stop": "never"}, {"method": "guess"}):
        answer = service.client.post(
            f"/api/v1/scenarios/{sid}/plans", json=body, headers=service.auth()
        )
        assert answer.status_code == 422, body
        assert next(iter(body)) in answer.text


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity"])
def test_a_number_that_is_not_standard_json_is_refused_in_standard_json(
    service: Service, small_workbook: bytes, number: str
) -> None:
    """Python's clients send NaN unless told not to; the 422 quotes it as text (the default
    answer could not encode it and became a 500)."""
    sid = service.upload(small_workbook).json()["id"]
    for field in ("time_limit", "carbon_price", "mip_gap"):
        answer = service.client.post(
            f"/api/v1/scenarios/{sid}/plans",
            content=f'{{"{field}": {number}}}',
            headers={**service.auth(), "Content-Type": "application/json"},
        )
        assert answer.status_code == 422, answer.text
        (error,) = json.loads(answer.text, parse_constant=pytest.fail)["detail"]
        assert error["loc"] == ["body", field] and "finite" in error["msg"]


def test_plans_run_as_jobs_and_compare_by_party(service: Service, small_workbook: bytes) -> None:
    sid = service.upload(small_workbook).json()["id"]
    jobs = [
        service.client.post(f"/api/v1/scenarios/{sid}/plans", json=body, headers=service.auth())
        for body in (
            {"time_limit": 30, "dispatch_time": 0},
            {"time_limit": 30, "dispatch_time": 0, "carbon_price": 2000},
        )
    ]
    assert [j.status_code for j in jobs] == [202, 202]
    assert [j.json()["state"] for j in jobs] == ["queued", "queued"]  # solved in the background
    done = [wait_for(service, j.json()["job_id"]) for j in jobs]
    assert [d["state"] for d in done] == ["done", "done"], done
    assert all(d["progress"] == 1.0 and d["plan_id"] for d in done)

    plan = service.client.get(f"/api/v1/plans/{done[0]['plan_id']}", headers=service.auth()).json()
    assert plan["kpis"]["orders"] == 40 and plan["violations"] == []
    assert len(plan["itineraries"]) == plan["kpis"]["delivered_orders"]
    assert plan["departures"] and "routes" in plan
    for name, url in plan["downloads"].items():
        r = service.client.get(url, headers=service.auth())
        assert r.status_code == 200 and r.content, name
    deps = service.client.get(plan["downloads"]["departures.csv"], headers=service.auth()).text
    assert len(list(csv.DictReader(io.StringIO(deps)))) == len(plan["departures"])

    ids = f"{done[0]['plan_id']},{done[1]['plan_id']}"
    cmp = service.client.get(
        "/api/v1/compare", params={"plans": ids}, headers=service.auth()
    ).json()
    base, priced = cmp["plans"]
    assert set(base["company"]) == {"total_cost", "cost_per_t", "on_time_pct", "co2e_kg_per_t"}
    assert {"yard_m2_days", "hub_trucks", "hub_truck_km", "rail_share_tkm_pct", "co2e_t"} <= set(
        base["city"]
    )
    assert base["company"]["cost_per_t"] * plan["kpis"]["tonnes_delivered"] == (
        pytest.approx(plan["kpis"]["total_cost"])
    )
    assert (
        priced["city"]["co2e_t"] <= base["city"]["co2e_t"] + 1e-6
    )  # a carbon price never adds CO2e
    assert priced["difference"]["city"]["co2e_t"] == (
        pytest.approx(priced["city"]["co2e_t"] - base["city"]["co2e_t"])
    )
    assert all(v == 0 for v in base["difference"]["company"].values())


def test_a_queued_job_can_be_cancelled(service: Service, small_workbook: bytes) -> None:
    sid = service.upload(small_workbook).json()["id"]
    ids = [
        service.client.post(
            f"/api/v1/scenarios/{sid}/plans",
            json={"time_limit": 20, "dispatch_time": 0},
            headers=service.auth(),
        ).json()["job_id"]
        for _ in range(2)
    ]
    r = service.client.post(f"/api/v1/jobs/{ids[1]}/cancel", headers=service.auth())
    assert r.json()["state"] in ("cancelled", "running")
    assert wait_for(service, ids[1])["state"] == "cancelled"
    assert wait_for(service, ids[0])["state"] == "done"


def test_restart_marks_interrupted_jobs_failed(service: Service, small_workbook: bytes) -> None:
    sid = service.upload(small_workbook).json()["id"]
    with open_store(service.url) as store, store.session(write=True) as s:
        org = accounts.org_named(s, "metals").id
        for state in ("queued", "running", "done"):
            s.add(
                JobRow(
                    scenario_id=sid,
                    org_id=org,
                    options={},
                    state=state,
                    stage=state,
                    progress=0.0,
                    cancel_requested=False,
                    created_at=accounts.now(),
                )
            )
    with TestClient(create_app(service.url, workers=1)) as client:
        jobs = client.get("/api/v1/jobs", headers=service.auth()).json()
    states = sorted((j["state"], j["error"]) for j in jobs)
    assert states == [("done", None), ("failed", INTERRUPTED), ("failed", INTERRUPTED)]


def test_a_running_job_cancelled_stores_no_plan(service: Service, small_workbook: bytes) -> None:
    sid = service.upload(small_workbook).json()["id"]
    job_id = service.client.post(
        f"/api/v1/scenarios/{sid}/plans",
        json={"time_limit": 30, "dispatch_time": 5},
        headers=service.auth(),
    ).json()["job_id"]
    end = time.monotonic() + 60
    while (
        service.client.get(f"/api/v1/jobs/{job_id}", headers=service.auth()).json()["state"]
        != "running"
    ):
        assert time.monotonic() < end
        time.sleep(0.1)
    r = service.client.post(f"/api/v1/jobs/{job_id}/cancel", headers=service.auth())
    assert r.json()["cancel_requested"] is True
    job = wait_for(service, job_id)
    assert (job["state"], job["plan_id"]) == ("cancelled", None)
    plans = service.client.get(f"/api/v1/scenarios/{sid}/plans", headers=service.auth()).json()
    assert plans == []
