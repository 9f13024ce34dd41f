"""hubflow's errors as HTTP answers: invalid input is 422 with its located problems."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from hubflow.api.accounts import AccountError
from hubflow.api.uploads import UploadRefused
from hubflow.errors import ScenarioError, StoreError


def problems_response(exc: ScenarioError) -> JSONResponse:
    """422 with ``problems``: one object per problem (file, row, field, message)."""
    problems = [
        {"file": p.file, "row": p.row, "field": p.field, "message": p.message} for p in exc.problems
    ]
    detail = f"invalid scenario ({len(problems)} problem(s))"
    return JSONResponse({"detail": detail, "problems": problems}, status_code=422)


def install(app: FastAPI) -> None:
    @app.exception_handler(ScenarioError)
    async def _scenario(_: Request, exc: ScenarioError) -> JSONResponse:
        return problems_response(exc)

    @app.exception_handler(UploadRefused)
    async def _upload(_: Request, exc: UploadRefused) -> JSONResponse:
        return JSONResponse({"detail": exc.reason}, status_code=exc.status)

    @app.exception_handler(AccountError)
    async def _account(_: Request, exc: AccountError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(StoreError)
    async def _store(_: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": f"the database refused: {exc}"}, status_code=503)
