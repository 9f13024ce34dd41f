"""hubflow's errors as HTTP answers: invalid input is 422 with its located problems."""

from __future__ import annotations

import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
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


def standard(value: Any) -> Any:
    """``value`` with every NaN or infinity as its text: a refused ``NaN`` is quoted back in
    standard JSON, where the default answer failed to encode it (a 500)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: standard(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [standard(v) for v in value]
    return value


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": standard(jsonable_encoder(exc.errors()))}, status_code=422)

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
