"""The FastAPI application: routers under ``/api/v1``, the dashboard at ``/``, the job pool."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from hubflow.api import comments, compare, errors, jobs, members, plans, scenarios
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
    for module in (members, scenarios, jobs, plans, compare, comments):
        app.include_router(module.router, prefix=API_PREFIX)
    from hubflow.api import dashboard

    dashboard.install(app)
    return app
