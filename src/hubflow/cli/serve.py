"""``hubflow serve``: the negotiation service (API and dashboard) with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from hubflow.cli.common import err, errors_to_exit
from hubflow.cli.db import DbUrl


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    db: DbUrl = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, help="Plan jobs solved at once (processes).")
    ] = 2,
) -> None:
    """Serve the web API under /api/v1 (OpenAPI at /openapi.json) and the dashboard at /.

    Refuses to start on a database with an older schema; `hubflow db upgrade` upgrades it.
    """
    try:
        import uvicorn

        from hubflow.api.app import create_app
    except ModuleNotFoundError as exc:
        err.print(
            f"[bold red]Error:[/] hubflow serve needs {exc.name!r}: pip install 'hubflow[api]'"
        )
        raise typer.Exit(3) from None
    with errors_to_exit():
        app = create_app(db, workers=workers)
    err.print(f"hubflow serving on http://{host}:{port}/ (API docs: /docs)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
