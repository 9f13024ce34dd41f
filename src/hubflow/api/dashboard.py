"""The dashboard at ``/``: server-rendered pages over the same functions as the API.

Signing in with a token sets an HttpOnly, SameSite=Strict cookie holding it; every page and
form checks it as the API checks a bearer token (same roles, same 404s). Forms post back and
redirect; the only script (``static/dashboard.js``) polls a running job for the progress bar.
Nothing is fetched from the internet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Cookie, FastAPI, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session

from hubflow.api import access, comments, compare, jobs, plans, scenarios, views
from hubflow.api.accounts import Member, member_for
from hubflow.api.auth import planner, store_of
from hubflow.api.planned import planned
from hubflow.api.schemas import Changes, CommentRequest, PlanRequest, ShareRequest
from hubflow.api.uploads import UploadRefused
from hubflow.errors import ScenarioError
from hubflow.report import html
from hubflow.report.fmt import esc, num

COOKIE = "hubflow_token"
STATIC = Path(__file__).parent / "static"
Token = Annotated[str | None, Cookie(alias=COOKIE)]


class SignIn(Exception):
    """No valid token cookie: show the sign-in page."""


class PageError(Exception):
    """A refusal (403, 404, ...) on a page: shown as a page, not as JSON."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _page(title: str, body: list[str], who: Member | None = None) -> HTMLResponse:
    nav = ""
    if who is not None:
        nav = (
            '<nav><a href="/scenarios">Scenarios</a> <a href="/jobs">Jobs</a> '
            f'<a href="/audit">Audit</a> <span class="who">{esc(who.user)} · {esc(who.org)} · '
            f'{esc(who.role)}</span> <form method="post" action="/signout" class="inline">'
            "<button>Sign out</button></form></nav>"
        )
    header = f"{nav}<h1>{esc(title)}</h1>"
    assets = '<link rel="stylesheet" href="/static/dashboard.css"><script src="/static/dashboard.js" defer></script>'
    return HTMLResponse(
        html.page(
            f"hubflow · {title}",
            assets + header,
            body,
            "hubflow negotiation service · API at /docs",
        )
    )


@contextmanager
def _as_member(
    request: Request, token: str | None, write: bool = False
) -> Iterator[tuple[Member, Session]]:
    store = store_of(request)
    with store.session(write=write) as session:
        who = member_for(session, token) if token else None
        if who is None:
            raise SignIn
        try:
            if write:
                planner(who)
            yield who, session
        except HTTPException as exc:
            raise PageError(exc.status_code, str(exc.detail)) from None


def _table(head: list[str], rows: list[list[str]]) -> str:
    """A table of already-escaped cells."""
    if not rows:
        return '<p class="empty">None yet.</p>'
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><tr>{th}</tr>{body}</table>"


def _problems(exc: ScenarioError) -> str:
    items = "".join(f"<li>{esc(p)}</li>" for p in exc.problems)
    return f'<div class="problems"><p>Invalid scenario ({len(exc.problems)} problem(s)):</p><ul>{items}</ul></div>'


def install(app: FastAPI) -> None:
    """Add the dashboard's pages, forms and static files to ``app``."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(SignIn)
    async def _sign_in(request: Request, exc: SignIn) -> Response:
        return RedirectResponse("/", status_code=303)

    @app.exception_handler(PageError)
    async def _refused(request: Request, exc: PageError) -> Response:
        return error("Refused", esc(exc.message), exc.status)

    def route(path: str, method: str = "get") -> Callable[[Callable[..., Any]], Any]:
        decorator = app.get if method == "get" else app.post
        return decorator(path, include_in_schema=False, response_model=None)

    def error(title: str, message: str, status: int, who: Member | None = None) -> HTMLResponse:
        page = _page(
            title,
            [
                f'<div class="problems"><p>{message}</p></div>',
                '<p><a href="javascript:history.back()">Back</a></p>',
            ],
            who,
        )
        page.status_code = status
        return page

    @route("/")
    def index(request: Request, token: Token = None) -> Response:
        with store_of(request).session() as s:
            if token and member_for(s, token):
                return RedirectResponse("/scenarios", status_code=303)
        form = (
            '<form method="post" action="/signin" class="card signin"><label>Token '
            '<input type="password" name="token" autocomplete="off" required></label> '
            '<button type="submit">Sign in</button></form>'
            '<p class="note">A token comes from your organisation\'s admin '
            "(<code>hubflow admin create-token --org NAME --role ROLE</code>).</p>"
        )
        return _page("Sign in", [form])

    @route("/signin", "post")
    def sign_in(request: Request, token: Annotated[str, Form()]) -> Response:
        with store_of(request).session() as s:
            if member_for(s, token.strip()) is None:
                return error("Sign in", "That token is unknown or revoked.", 401)
        response = RedirectResponse("/scenarios", status_code=303)
        response.set_cookie(
            COOKIE, token.strip(), httponly=True, samesite="strict", max_age=7 * 86400
        )
        return response

    @route("/signout", "post")
    def sign_out() -> Response:
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(COOKIE)
        return response

    @route("/scenarios")
    def scenario_list(request: Request, token: Token = None) -> Response:
        with _as_member(request, token) as (who, s):
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
        table = _table(
            ["Scenario", "Version", "Organisation", "Orders", "Carbon price", "Note", "Created"],
            rows,
        )
        return _page(
            "Scenarios",
            [
                html.section("list", "Own and shared scenarios", table),
                html.section("upload", "Upload", upload),
            ],
            who,
        )

    @route("/scenarios/upload", "post")
    async def upload(
        request: Request, file: UploadFile, name: Annotated[str, Form()] = "", token: Token = None
    ) -> Response:
        with _as_member(request, token) as (who, _):
            planner(who)
        try:
            created = await scenarios.upload_scenario(request, who, file, name or None)
        except ScenarioError as exc:
            return _page("Upload refused", [_problems(exc)], who)
        except UploadRefused as exc:
            return error("Upload refused", esc(exc.reason), exc.status, who)
        return RedirectResponse(f"/scenarios/{created['id']}", status_code=303)

    @route("/scenarios/{scenario_id}")
    def scenario_page(scenario_id: int, request: Request, token: Token = None) -> Response:
        with _as_member(request, token) as (who, s):
            item = scenarios.get_scenario(scenario_id, who, s)
            plan_rows = scenarios.list_plans(scenario_id, who, s)
            thread = comments.list_comments(scenario_id, who, s)
            shares = scenarios.list_shares(scenario_id, who, s) if item["owned"] else []
        return _page(
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
        plan_table = _table(
            ["", "Plan", "Created", "Status", "Total cost", "CO2e t", "On time %", "Carbon price"],
            [
                [
                    f'<input type="checkbox" class="pick" value="{p["id"]}">',
                    f'<a href="/plans/{p["id"]}">plan {p["id"]}</a>',
                    esc(p["created_at"][:16]),
                    esc(p["status"]),
                    _n(p["total_cost"]),
                    _n(p["co2e_t"], 1),
                    _n(p["on_time_pct"], 1),
                    _n(p["carbon_price"]),
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
                    _table(["Organisation", "Since", ""], share_rows) + share_form,
                )
            )
        return body

    @route("/scenarios/{scenario_id}/diff")
    def diff_page(
        scenario_id: int, against: int, request: Request, token: Token = None
    ) -> Response:
        with _as_member(request, token) as (who, s):
            d = scenarios.scenario_diff(scenario_id, who, s, against)
        rows = [[esc(p["name"]), esc(p["against"]), esc(p["value"])] for p in d["parameters"]]
        for table, entry in d["tables"].items():
            rows += [
                [
                    f"{esc(table)} {esc(c['id'])}.{esc(c['field'])}",
                    esc(c["against"]),
                    esc(c["value"]),
                ]
                for c in entry["changed"]
            ]
            rows += [[f"{esc(table)} {esc(i)}", "", "added"] for i in entry["added"]]
            rows += [[f"{esc(table)} {esc(i)}", "removed", ""] for i in entry["removed"]]
        return _page(
            f"Scenario {scenario_id} against {against}",
            [_table(["What", f"in {against}", f"in {scenario_id}"], rows)],
            who,
        )

    def _form_action(request: Request, token: str | None, act: Callable[[Member], str]) -> Response:
        with _as_member(request, token) as (who, _):
            planner(who)
        try:
            return RedirectResponse(act(who), status_code=303)
        except ScenarioError as exc:
            return _page("Refused", [_problems(exc)], who)
        except HTTPException as exc:
            return error("Refused", esc(exc.detail), exc.status_code, who)

    @route("/scenarios/{scenario_id}/run", "post")
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

        return _form_action(request, token, act)

    @route("/scenarios/{scenario_id}/derive", "post")
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
                changes["parameters"] = {parameter.strip(): _value(value)}
            if table.strip():
                changes["rows"] = [
                    {
                        "table": table.strip(),
                        "id": row_id.strip(),
                        "set": {field.strip(): _value(row_value)},
                    }
                ]
            try:
                body = Changes(**changes)
            except ValueError as exc:
                raise HTTPException(422, str(exc)) from None
            new = scenarios.derive_version(scenario_id, body, request, who)
            return f"/scenarios/{new['id']}"

        return _form_action(request, token, act)

    @route("/scenarios/{scenario_id}/share", "post")
    def share(
        scenario_id: int, request: Request, org: Annotated[str, Form()], token: Token = None
    ) -> Response:
        def act(who: Member) -> str:
            with store_of(request).session(write=True) as s:
                scenarios.share(scenario_id, ShareRequest(org=org.strip() or "?"), who, s)
            return f"/scenarios/{scenario_id}#shares"

        return _form_action(request, token, act)

    @route("/scenarios/{scenario_id}/shares/{share_id}/revoke", "post")
    def revoke(scenario_id: int, share_id: int, request: Request, token: Token = None) -> Response:
        def act(who: Member) -> str:
            with store_of(request).session(write=True) as s:
                scenarios.revoke_share(scenario_id, share_id, who, s)
            return f"/scenarios/{scenario_id}#shares"

        return _form_action(request, token, act)

    @route("/scenarios/{scenario_id}/comment", "post")
    def comment(
        scenario_id: int, request: Request, body: Annotated[str, Form()], token: Token = None
    ) -> Response:
        def act(who: Member) -> str:
            with store_of(request).session(write=True) as s:
                comments.add_comment(scenario_id, CommentRequest(body=body[:10000] or "-"), who, s)
            return f"/scenarios/{scenario_id}#comments"

        return _form_action(request, token, act)

    @route("/jobs")
    def job_list(request: Request, token: Token = None) -> Response:
        with _as_member(request, token) as (who, s):
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
        return _page(
            "Jobs", [_table(["Job", "Scenario", "State", "Plan", "Error", "Created"], rows)], who
        )

    @route("/jobs/{job_id}")
    def job_page(job_id: int, request: Request, token: Token = None) -> Response:
        with _as_member(request, token) as (who, s):
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
        return _page(
            f"Job {job_id}",
            [
                bar,
                cancel,
                f'<p><a href="/scenarios/{job["scenario_id"]}">Back to the scenario</a></p>',
            ],
            who,
        )

    @route("/jobs/{job_id}/state")
    def job_state(job_id: int, request: Request, token: Token = None) -> dict[str, Any]:
        with _as_member(request, token) as (who, s):
            return jobs.get_job(job_id, who, s)

    @route("/jobs/{job_id}/cancel", "post")
    def cancel(job_id: int, request: Request, token: Token = None) -> Response:
        def act(who: Member) -> str:
            with store_of(request).session(write=True) as s:
                jobs.cancel_job(job_id, who, s)
            return f"/jobs/{job_id}"

        return _form_action(request, token, act)

    @route("/plans/{plan_id}")
    def plan_page(plan_id: int, request: Request, token: Token = None) -> Response:
        with _as_member(request, token) as (who, s):
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
        return _page(title, body, who)

    @route("/plans/{plan_id}/files/{name}")
    def plan_file(plan_id: int, name: str, request: Request, token: Token = None) -> Response:
        with _as_member(request, token) as (who, s):
            return plans.get_file(plan_id, name, who, s)

    @route("/compare")
    def compare_page(plans: str, request: Request, token: Token = None) -> Response:
        with _as_member(request, token) as (who, s):
            try:
                result = compare.compare(who, s, plans)
            except HTTPException as exc:
                return error("Compare", esc(exc.detail), exc.status_code, who)
        return _page("Comparison", [views.comparison(result)], who)

    @route("/audit")
    def audit_page(request: Request, token: Token = None) -> Response:
        with _as_member(request, token) as (who, s):
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
        return _page(
            "Audit log", [_table(["When", "Who", "Did", "What", "Id", "Detail"], rows)], who
        )


def _n(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else num(value, digits)


def _value(text: str) -> Any:
    """A form value as a number when it reads as one, else the text."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text.strip()
