"""The dashboard at ``/``: server-rendered pages over the same functions as the API.

Signing in with a token sets an HttpOnly, SameSite=Strict cookie holding it; every page and
form checks it as the API checks a bearer token (same roles, same 404s). Forms post back and
redirect; the only script (``static/dashboard.js``) polls a running job for the progress bar.
Nothing is fetched from the internet.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from hubflow.api.dashboard import plan_pages, scenario_pages, signin
from hubflow.api.dashboard.common import STATIC, PageError, SignIn, error
from hubflow.report.fmt import esc


def install(app: FastAPI) -> None:
    """Add the dashboard's pages, forms and static files to ``app``."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(SignIn)
    async def _sign_in(request: Request, exc: SignIn) -> Response:
        return RedirectResponse("/", status_code=303)

    @app.exception_handler(PageError)
    async def _refused(request: Request, exc: PageError) -> Response:
        return error("Refused", esc(exc.message), exc.status)

    for module in (signin, scenario_pages, plan_pages):
        app.include_router(module.router)
