"""``hubflow db upgrade [--db URL]``: bring a store's schema to this hubflow's revision."""

from __future__ import annotations

from typing import Annotated

import typer

from hubflow.cli.common import errors_to_exit, out

app = typer.Typer(help="The database schema: upgrade it to this hubflow's revision.")

DbUrl = Annotated[
    str | None,
    typer.Option("--db", help="SQLAlchemy URL; default sqlite:///hubflow.db or $HUBFLOW_DB."),
]


@app.command("upgrade")
def upgrade(db: DbUrl = None) -> None:
    """Run the missing schema revisions (Alembic) on the database; safe to repeat."""
    from hubflow.store import upgrade_schema

    with errors_to_exit():
        before, after = upgrade_schema(db)
    if before == after:
        out.print(f"The database is at revision {after} already.")
    else:
        out.print(f"Upgraded the database from revision {before or 'empty'} to {after}.")
