"""The scenario pages: list and upload, one version (plans, what-if, comments, shares), diff,
and the forms that act on it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from hubflow.api import comments, jobs, scenarios
from hubflow.api.accounts import Member
from hubflow.api.auth import planner, store_of
from hubflow.api.dashboard.common import (
    Token,
    as_member,
    error,
    figure,
    form_action,
    form_value,
    page,
    problems,
    table,
)
from hubflow.api.schemas import Changes, CommentRequest, PlanRequest, ShareRequest
from hubflow.api.uploads import UploadRefused
from hubflow.errors import ScenarioError
from hubflow.report import html
from hubflow.report.fmt import esc, num

router = APIRouter(include_in_schema=False)


@router.get("/scenarios", response_model=None)
def scenario_list(request: Request, token: Token = None) -> Response:
    with as_member(request, token) as (who, s):
        items = scenarios.list_scenarios(who, s)
    rows = [
        [
            f'<a href="/scenarios/{i["id"]}">{esc(i["name"])}</a>',
            str(i["version"]),
            esc(i["org"]) + ("" if i["owned"] else " (shared with you)"),
            num(i["counts"]["orders"]),
            esc(i["parameters"].get("carbon_price")),
            esc(i["note"]),
            esc(i["created_at"][:16]),
        ]
        for i in items
    ]
    upload = (
        '<form method="post" action="/scenarios/upload" enctype="multipart/form-data" '
        'class="card"><label>Scenario (.xlsx or zip of the CSV folder) '
        '<input type="file" name="file" required></label> <label>Name '
        '<input name="name" placeholder="from the file"></label> '
        '<button type="submit">Upload</button></form>'
    )
    listing = table(
        ["Scenario", "Version", "Organisation", "Orders", "Carbon price", "Note", "Created"],
        rows,
    )
    return page(
        "Scenarios",
        [
            html.section("list", "Own and shared scenarios", listing),
            html.section("upload", "Upload", upload),
        ],
        who,
    )


@router.post("/scenarios/upload", response_model=None)
async def upload(
    request: Request, file: UploadFile, name: Annotated[str, Form()] = "", token: Token = None
) -> Response:
    with as_member(request, token) as (who, _):
        planner(who)
    try:
        created = await scenarios.upload_scenario(request, who, file, name or None)
    except ScenarioError as exc:
        return page("Upload refused", [problems(exc)], who)
    except UploadRefused as exc:
        return error("Upload refused", esc(exc.reason), exc.status, who)
    return RedirectResponse(f"/scenarios/{created['id']}", status_code=303)


@router.get("/scenarios/{scenario_id}", response_model=None)
def scenario_page(scenario_id: int, request: Request, token: Token = None) -> Response:
    with as_member(request, token) as (who, s):
        item = scenarios.get_scenario(scenario_id, who, s)
        plan_rows = scenarios.list_plans(scenario_id, who, s)
        thread = comments.list_comments(scenario_id, who, s)
        shares = scenarios.list_shares(scenario_id, who, s) if item["owned"] else []
    return page(
        f"{item['name']} v{item['version']}",
        _scenario_body(item, plan_rows, thread, shares),
        who,
    )


def _scenario_body(
    item: dict[str, Any],
    plan_rows: list[dict[str, Any]],
    thread: list[dict[str, Any]],
    shares: list[dict[str, Any]],
) -> list[str]:
    sid = item["id"]
    params = "".join(
        f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in item["parameters"].items()
    )
    counts = ", ".join(f"{n} {esc(t)}" for t, n in item["counts"].items())
    origin = (
        f' Derived from <a href="/scenarios/{item["parent_id"]}">{item["parent_id"]}</a> '
        f'(<a href="/scenarios/{sid}/diff?against={item["parent_id"]}">what changed</a>).'
        if item["parent_id"]
        else ""
    )
    about = (
        f"<p>{esc(item['org'])} · {counts}.{origin} {esc(item['note'])}</p>"
        f"<details><summary>Parameters</summary><table>{params}</table></details>"
    )
    run = (
        (
            f'<form method="post" action="/scenarios/{sid}/run" class="card">'
            '<label>Time limit (s) <input name="time_limit" value="30" size="5"></label> '
            '<label>Carbon price <input name="carbon_price" size="6" placeholder="scenario\'s"></label> '
            '<button type="submit">Run a plan</button></form>'
        )
        if item["owned"]
        else (
            '<p class="note">Shared with you read-only: derive a what-if of your own to plan it.</p>'
        )
    )
    derive = (
        f'<form method="post" action="/scenarios/{sid}/derive" class="card">'
        '<label>Parameter <input name="parameter" placeholder="carbon_price"></label> '
        '<label>= <input name="value" size="8" placeholder="200"></label><br>'
        '<label>Row: table <input name="table" size="8" placeholder="sites"></label> '
        '<label>id <input name="row_id" size="14"></label> '
        '<label>field <input name="field" size="10" placeholder="yard_m2"></label> '
        '<label>= <input name="row_value" size="8"></label><br>'
        '<label>Note <input name="note" size="40"></label> '
        '<button type="submit">Derive a what-if</button></form>'
    )
    plan_table = table(
        ["", "Plan", "Created", "Status", "Total cost", "CO2e t", "On time %", "Carbon price"],
        [
            [
                f'<input type="checkbox" class="pick" value="{p["id"]}">',
                f'<a href="/plans/{p["id"]}">plan {p["id"]}</a>',
                esc(p["created_at"][:16]),
                esc(p["status"]),
                figure(p["total_cost"]),
                figure(p["co2e_t"], 1),
                figure(p["on_time_pct"], 1),
                figure(p["carbon_price"]),
            ]
            for p in plan_rows
        ],
    )
    compare_button = (
        '<p><button type="button" id="compare-picked">Compare the ticked plans</button></p>'
        if plan_rows
        else ""
    )
    talk = "".join(
        f'<div class="comment"><b>{esc(c["user"])}</b> ({esc(c["org"])}, '
        f"{esc(c['created_at'][:16])}): {esc(c['body'])}</div>"
        for c in thread
    )
    talk_form = (
        f'<form method="post" action="/scenarios/{sid}/comment" class="card">'
        '<textarea name="body" rows="2" cols="70" required></textarea> '
        '<button type="submit">Comment</button></form>'
    )
    body = [
        about,
        html.section("run", "Plan", run),
        html.section("plans", "Plans", plan_table + compare_button),
        html.section("derive", "What-if", derive),
        html.section(
            "comments",
            "Comments",
            (talk or '<p class="empty">No comments yet.</p>') + talk_form,
        ),
    ]
    if item["owned"]:
        share_rows = [
            [
                esc(x["org"]),
                esc(x["created_at"][:16]),
                "revoked"
                if x["revoked_at"]
                else f'<form method="post" action="/scenarios/{sid}/shares/{x["id"]}/revoke" class="inline">'
                "<button>Revoke</button></form>",
            ]
            for x in shares
        ]
        share_form = (
            f'<form method="post" action="/scenarios/{sid}/share" class="card">'
            '<label>Organisation <input name="org" required></label> '
            '<button type="submit">Share read-only</button></form>'
        )
        body.append(
            html.section(
                "shares",
                "Shared with",
                table(["Organisation", "Since", ""], share_rows) + share_form,
            )
        )
    return body


@router.get("/scenarios/{scenario_id}/diff", response_model=None)
def diff_page(scenario_id: int, against: int, request: Request, token: Token = None) -> Response:
    with as_member(request, token) as (who, s):
        d = scenarios.scenario_diff(scenario_id, who, s, against)
    rows = [[esc(p["name"]), esc(p["against"]), esc(p["value"])] for p in d["parameters"]]
    for name, entry in d["tables"].items():
        rows += [
            [
                f"{esc(name)} {esc(c['id'])}.{esc(c['field'])}",
                esc(c["against"]),
                esc(c["value"]),
            ]
            for c in entry["changed"]
        ]
        rows += [[f"{esc(name)} {esc(i)}", "", "added"] for i in entry["added"]]
        rows += [[f"{esc(name)} {esc(i)}", "removed", ""] for i in entry["removed"]]
    return page(
        f"Scenario {scenario_id} against {against}",
        [table(["What", f"in {against}", f"in {scenario_id}"], rows)],
        who,
    )


@router.post("/scenarios/{scenario_id}/run", response_model=None)
def run(
    scenario_id: int,
    request: Request,
    time_limit: Annotated[str, Form()] = "30",
    carbon_price: Annotated[str, Form()] = "",
    token: Token = None,
) -> Response:
    def act(who: Member) -> str:
        try:
            body = PlanRequest(
                time_limit=float(time_limit or 30),
                carbon_price=float(carbon_price) if carbon_price.strip() else None,
            )
        except ValueError as exc:
            raise HTTPException(422, f"not a number: {exc}") from None
        job = jobs.start_plan(scenario_id, request, who, body)
        return f"/jobs/{job['job_id']}"

    return form_action(request, token, act)


@router.post("/scenarios/{scenario_id}/derive", response_model=None)
def derive(
    scenario_id: int,
    request: Request,
    parameter: Annotated[str, Form()] = "",
    value: Annotated[str, Form()] = "",
    table: Annotated[str, Form()] = "",
    row_id: Annotated[str, Form()] = "",
    field: Annotated[str, Form()] = "",
    row_value: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    token: Token = None,
) -> Response:
    def act(who: Member) -> str:
        changes: dict[str, Any] = {"note": note[:2000]}
        if parameter.strip():
            changes["parameters"] = {parameter.strip(): form_value(value)}
        if table.strip():
            changes["rows"] = [
                {
                    "table": table.strip(),
                    "id": row_id.strip(),
                    "set": {field.strip(): form_value(row_value)},
                }
            ]
        try:
            body = Changes(**changes)
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from None
        new = scenarios.derive_version(scenario_id, body, request, who)
        return f"/scenarios/{new['id']}"

    return form_action(request, token, act)


@router.post("/scenarios/{scenario_id}/share", response_model=None)
def share(
    scenario_id: int, request: Request, org: Annotated[str, Form()], token: Token = None
) -> Response:
    def act(who: Member) -> str:
        with store_of(request).session(write=True) as s:
            scenarios.share(scenario_id, ShareRequest(org=org.strip() or "?"), who, s)
        return f"/scenarios/{scenario_id}#shares"

    return form_action(request, token, act)


@router.post("/scenarios/{scenario_id}/shares/{share_id}/revoke", response_model=None)
def revoke(scenario_id: int, share_id: int, request: Request, token: Token = None) -> Response:
    def act(who: Member) -> str:
        with store_of(request).session(write=True) as s:
            scenarios.revoke_share(scenario_id, share_id, who, s)
        return f"/scenarios/{scenario_id}#shares"

    return form_action(request, token, act)


@router.post("/scenarios/{scenario_id}/comment", response_model=None)
def comment(
    scenario_id: int, request: Request, body: Annotated[str, Form()], token: Token = None
) -> Response:
    def act(who: Member) -> str:
        with store_of(request).session(write=True) as s:
            comments.add_comment(scenario_id, CommentRequest(body=body[:10000] or "-"), who, s)
        return f"/scenarios/{scenario_id}#comments"

    return form_action(request, token, act)
