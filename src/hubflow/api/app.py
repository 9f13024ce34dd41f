"""The FastAPI application: routers under ``/api/v1``, the dashboard at ``/``, the job pool."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from hubflow.api import comments, compare, dashboard, errors, jobs, members, plans, scenarios
from hubflow.api.uploads import MAX_UPLOAD_BYTES
from hubflow.store import open_store

API_PREFIX = "/api/v1"


def create_app(db_url: str | None = None, *, workers: int = 2) -> FastAPI:
    """The application on the store at ``db_url`` with ``workers`` plan-job processes.

    The store is opened at once, so an unreachable database or an older schema is refused
    before serving (with the ``hubflow db upgrade`` command in the message). Jobs that a
    stopped server left queued or running are marked failed.
    """
    store = open_store(db_url)
    url = store.url_with_password

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        jobs.fail_jobs(store, jobs.INTERRUPTED)
        app.state.jobs = jobs.JobRunner(store, url, workers)
        try:
            yield
        finally:
            app.state.jobs.shutdown()
            store.close()

    app = FastAPI(
        title="hubflow negotiation service",
        version="1",
        summary="Shared scenarios, plans and comparisons between the company and the city.",
        lifespan=lifespan,
        openapi_url="/openapi.json",
    )
    app.state.store = store
    errors.install(app)
    _limit_body(app)
    for module in (members, scenarios, jobs, plans, compare, comments):
        app.include_router(module.router, prefix=API_PREFIX)
    dashboard.install(app)
    return app


MAX_BODY_BYTES = MAX_UPLOAD_BYTES + 64 * 1024  # an upload plus its multipart framing


def _limit_body(app: FastAPI) -> None:
    """Refuse a request that declares a body larger than an upload may be (413) before it is
    read; the upload endpoint checks the file's own size again."""

    @app.middleware("http")
    async def limit(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        declared = request.headers.get("content-length", "0")
        if not declared.isdigit() or int(declared) > MAX_BODY_BYTES:
            return JSONResponse(
                {"detail": f"the request body is larger than {MAX_BODY_BYTES} bytes"},
                status_code=413,
            )
        return await call_next(request)
