"""Signing in and out: the token goes into an HttpOnly, SameSite=Strict cookie."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from hubflow.api.accounts import member_for
from hubflow.api.auth import store_of
from hubflow.api.dashboard.common import (
    COOKIE,
    Token,
    error,
    page,
)

router = APIRouter(include_in_schema=False)


@router.get("/", response_model=None)
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
    return page("Sign in", [form])


@router.post("/signin", response_model=None)
def sign_in(request: Request, token: Annotated[str, Form()]) -> Response:
    with store_of(request).session() as s:
        if member_for(s, token.strip()) is None:
            return error("Sign in", "That token is unknown or revoked.", 401)
    response = RedirectResponse("/scenarios", status_code=303)
    response.set_cookie(COOKIE, token.strip(), httponly=True, samesite="strict", max_age=7 * 86400)
    return response


@router.post("/signout", response_model=None)
def sign_out() -> Response:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE)
    return response
