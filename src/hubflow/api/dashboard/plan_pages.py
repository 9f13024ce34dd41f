"""Jobs (with the live progress bar), a plan (cards, map, Gantt, yard, trucks), the comparison
and the audit log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from hubflow.api import access, comments, compare, jobs, plans, views
from hubflow.api.accounts import Member
from hubflow.api.auth import store_of
from hubflow.api.dashboard.common import (
    Token,
    as_member,
    error,
    form_action,
    page,
    table,
)
from hubflow.api.planned import planned
from hubflow.report import html
from hubflow.report.fmt import esc

router = APIRouter(include_in_schema=False)


@router.get("/jobs", response_model=None)
def job_list(request: Request, token: Token = None) -> Response:
    with as_member(request, token) as (who, s):
        items = jobs.list_jobs(who, s)
    rows = [
        [
            f'<a href="/jobs/{j["id"]}">job {j["id"]}</a>',
            f'<a href="/scenarios/{j["scenario_id"]}">{j["scenario_id"]}</a>',
            esc(j["state"]),
            f'<a href="/plans/{j["plan_id"]}">plan {j["plan_id"]}</a>' if j["plan_id"] else "",
            esc(j["error"] or ""),
            esc(j["created_at"][:16]),
        ]
        for j in items
    ]
    return page(
        "Jobs", [table(["Job", "Scenario", "State", "Plan", "Error", "Created"], rows)], who
    )


@router.get("/jobs/{job_id}", response_model=None)
def job_page(job_id: int, request: Request, token: Token = None) -> Response:
    with as_member(request, token) as (who, s):
        job = jobs.get_job(job_id, who, s)
    bar = (
        f'<div class="job" data-job="{job_id}"><div class="bar"><div class="fill" '
        f'style="width:{100 * job["progress"]:.0f}%"></div></div>'
        f'<p class="state">{esc(job["state"])} · {esc(job["stage"])}</p>'
        f'<p class="plan-link"></p></div>'
    )
    cancel = (
        f'<form method="post" action="/jobs/{job_id}/cancel" class="inline"><button>Cancel</button></form>'
        if job["state"] in jobs.ACTIVE
        else ""
    )
    return page(
        f"Job {job_id}",
        [
            bar,
            cancel,
            f'<p><a href="/scenarios/{job["scenario_id"]}">Back to the scenario</a></p>',
        ],
        who,
    )


@router.get("/jobs/{job_id}/state", response_model=None)
def job_state(job_id: int, request: Request, token: Token = None) -> dict[str, Any]:
    with as_member(request, token) as (who, s):
        return jobs.get_job(job_id, who, s)


@router.post("/jobs/{job_id}/cancel", response_model=None)
def cancel(job_id: int, request: Request, token: Token = None) -> Response:
    def act(who: Member) -> str:
        with store_of(request).session(write=True) as s:
            jobs.cancel_job(job_id, who, s)
        return f"/jobs/{job_id}"

    return form_action(request, token, act)


@router.get("/plans/{plan_id}", response_model=None)
def plan_page(plan_id: int, request: Request, token: Token = None) -> Response:
    with as_member(request, token) as (who, s):
        row, visible = access.plan(s, who, plan_id)
        p = planned(row, visible.row)
        title = f"Plan {plan_id} of {visible.owner.title} v{visible.row.version}"
        sid = visible.row.id
    downloads = " · ".join(
        f'<a href="/plans/{plan_id}/files/{n}">{esc(n)}</a>' for n in plans.FILES
    )
    body = [
        f'<p><a href="/scenarios/{sid}">Scenario</a> · {downloads}</p>',
        html.section("kpis", "Key figures", views.kpi_cards(p)),
        html.section("map", "Sites and flows", views.site_map(p)),
        html.section("gantt", "Departures run", views.gantt(p)),
        html.section("yard", "Yard occupancy per hub", views.yard_charts(p)),
        html.section("trucks", "Truck routes", views.truck_routes(p)),
        html.section("departures", "Departure list", views.departures(p)),
    ]
    return page(title, body, who)


@router.get("/plans/{plan_id}/files/{name}", response_model=None)
def plan_file(plan_id: int, name: str, request: Request, token: Token = None) -> Response:
    with as_member(request, token) as (who, s):
        return plans.get_file(plan_id, name, who, s)


@router.get("/compare", response_model=None)
def compare_page(plans: str, request: Request, token: Token = None) -> Response:
    with as_member(request, token) as (who, s):
        try:
            result = compare.compare(who, s, plans)
        except HTTPException as exc:
            return error("Compare", esc(exc.detail), exc.status_code, who)
    return page("Comparison", [views.comparison(result)], who)


@router.get("/audit", response_model=None)
def audit_page(request: Request, token: Token = None) -> Response:
    with as_member(request, token) as (who, s):
        items = comments.audit_log(who, s, 200)
    rows = [
        [
            esc(a["at"][:19]),
            esc(a["user"]),
            esc(a["action"]),
            esc(a["object_type"]),
            esc(a["object_id"]),
            esc(a["detail"]),
        ]
        for a in items
    ]
    return page("Audit log", [table(["When", "Who", "Did", "What", "Id", "Detail"], rows)], who)
