"""The dashboard's pages and forms through the same checks as the API (cookie sign-in)."""

from __future__ import annotations

import re

from tests.api.conftest import Service
from tests.api.test_jobs import wait_for


def _sign_in(service: Service, who: str = "metals planner") -> None:
    r = service.client.post("/signin", data={"token": service.tokens[who]}, follow_redirects=False)
    assert r.status_code == 303 and "httponly" in r.headers["set-cookie"].lower()


def test_pages_need_a_sign_in(service: Service) -> None:
    for path in ("/scenarios", "/jobs", "/audit", "/plans/1", "/scenarios/1"):
        r = service.client.get(path, follow_redirects=False)
        assert (r.status_code, r.headers["location"]) == (303, "/"), path
    r = service.client.post("/signin", data={"token": "hf_wrong"})
    assert r.status_code == 401


def test_negotiation_round_in_the_dashboard(service: Service, small_workbook: bytes) -> None:
    _sign_in(service)
    page = service.client.get("/scenarios")
    assert page.status_code == 200 and "Upload" in page.text
    r = service.client.post(
        "/scenarios/upload",
        files={"file": ("small.xlsx", small_workbook)},
        data={"name": "week 12"},
    )
    assert r.status_code == 200 and "week 12 v1" in r.text
    sid = int(re.search(r"/scenarios/(\d+)/run", r.text).group(1))  # type: ignore[union-attr]
    r = service.client.post(
        f"/scenarios/{sid}/derive",
        data={"parameter": "carbon_price", "value": "300", "note": "city's carbon price"},
    )
    assert "week 12 v2" in r.text and "what changed" in r.text
    r = service.client.post(f"/scenarios/{sid}/share", data={"org": "city"})
    assert "Revoke" in r.text
    r = service.client.post(f"/scenarios/{sid}/comment", data={"body": "Can the yard shrink?"})
    assert "Can the yard shrink?" in r.text
    r = service.client.post(
        f"/scenarios/{sid}/run",
        data={"time_limit": "30", "carbon_price": ""},
        follow_redirects=False,
    )
    job_id = int(r.headers["location"].rsplit("/", 1)[1])
    assert f'data-job="{job_id}"' in service.client.get(f"/jobs/{job_id}").text
    job = wait_for(service, job_id)
    assert job["state"] == "done", job
    plan = service.client.get(f"/plans/{job['plan_id']}").text
    assert not re.search(
        r"""(src|href)=["']?(https?:)?//""", plan
    )  # nothing fetched from elsewhere
    for piece in (
        'class="cards"',
        'class="map"',
        'class="chart gantt"',
        "Truck routes",
        "Yard occupancy",
        "Objective",
        "on the objective",
    ):
        assert piece in plan, piece
    cmp = service.client.get(f"/compare?plans={job['plan_id']},{job['plan_id']}").text
    assert "For the company" in cmp and "For the city" in cmp
    assert service.client.get(f"/plans/{job['plan_id']}/files/report.html").status_code == 200


def test_a_viewer_page_refuses_writes_and_other_orgs_see_nothing(
    service: Service, small_workbook: bytes
) -> None:
    sid = service.upload(small_workbook).json()["id"]
    _sign_in(service, "metals viewer")
    assert service.client.post(f"/scenarios/{sid}/comment", data={"body": "x"}).status_code == 403
    _sign_in(service, "city planner")
    r = service.client.get(f"/scenarios/{sid}")
    assert r.status_code == 404 and "zhengzhou" not in r.text.lower()
