"""What the dashboard's pages share: the page frame, sign-in by cookie, tables, refusals.

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

from fastapi import Cookie, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from hubflow.api.accounts import Member, member_for
from hubflow.api.auth import planner, store_of
from hubflow.errors import ScenarioError
from hubflow.report import html
from hubflow.report.fmt import esc, num

COOKIE = "hubflow_token"
STATIC = Path(__file__).parents[1] / "static"
Token = Annotated[str | None, Cookie(alias=COOKIE)]


class SignIn(Exception):
    """No valid token cookie: show the sign-in page."""


class PageError(Exception):
    """A refusal (403, 404, ...) on a page: shown as a page, not as JSON."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def page(title: str, body: list[str], who: Member | None = None) -> HTMLResponse:
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
def as_member(
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


def table(head: list[str], rows: list[list[str]]) -> str:
    """A table of already-escaped cells."""
    if not rows:
        return '<p class="empty">None yet.</p>'
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><tr>{th}</tr>{body}</table>"


def problems(exc: ScenarioError) -> str:
    items = "".join(f"<li>{esc(p)}</li>" for p in exc.problems)
    return f'<div class="problems"><p>Invalid scenario ({len(exc.problems)} problem(s)):</p><ul>{items}</ul></div>'


def error(title: str, message: str, status: int, who: Member | None = None) -> HTMLResponse:
    response = page(
        title,
        [
            f'<div class="problems"><p>{message}</p></div>',
            '<p><a href="javascript:history.back()">Back</a></p>',
        ],
        who,
    )
    response.status_code = status
    return response


def form_action(request: Request, token: str | None, act: Callable[[Member], str]) -> Response:
    with as_member(request, token) as (who, _):
        planner(who)
    try:
        return RedirectResponse(act(who), status_code=303)
    except ScenarioError as exc:
        return page("Refused", [problems(exc)], who)
    except HTTPException as exc:
        return error("Refused", esc(exc.detail), exc.status_code, who)


def figure(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else num(value, digits)


def form_value(text: str) -> Any:
    """A form value as a number when it reads as one, else the text."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text.strip()
