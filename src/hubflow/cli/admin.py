"""``hubflow admin create-org | create-token | revoke-token``: organisations and tokens."""

from __future__ import annotations

from typing import Annotated

import typer

from hubflow.cli.common import errors_to_exit, out
from hubflow.cli.db import DbUrl

app = typer.Typer(help="Organisations and their members' bearer tokens.")


@app.command("create-org")
def create_org(
    name: Annotated[str, typer.Argument(help="Organisation name.")], db: DbUrl = None
) -> None:
    """Create an organisation (a party at the table: the company, the city)."""
    from hubflow.api import accounts
    from hubflow.store import open_store

    with errors_to_exit(), open_store(db) as store, store.session(write=True) as session:
        org = accounts.create_org(session, name)
        out.print(f"Created organisation {org.name!r} (id {org.id}).")


@app.command("create-token")
def create_token(
    org: Annotated[str, typer.Option("--org", help="Organisation name.")],
    role: Annotated[str, typer.Option("--role", help="viewer, planner or admin.")],
    user: Annotated[str, typer.Option("--user", help="Who holds it (shown in comments).")] = "",
    db: DbUrl = None,
) -> None:
    """Create a bearer token; it is printed once, alone on the last line, and stored hashed."""
    from hubflow.api import accounts
    from hubflow.store import open_store

    with errors_to_exit(), open_store(db) as store, store.session(write=True) as session:
        token, token_id = accounts.create_token(session, org, role, user)
    out.print(f"Token {token_id} for {org!r} as {role} (shown once; keep it secret):")
    print(token)  # noqa: T201  (alone on the last line, for scripts)


@app.command("revoke-token")
def revoke_token(
    token: Annotated[str | None, typer.Argument(help="The token to revoke.")] = None,
    token_id: Annotated[int | None, typer.Option("--id", help="Or the token's id.")] = None,
    db: DbUrl = None,
) -> None:
    """Revoke a token (given itself or its id): every later request with it gets 401."""
    from hubflow.api import accounts
    from hubflow.store import open_store

    with errors_to_exit(), open_store(db) as store, store.session(write=True) as session:
        revoked = accounts.revoke_token(session, token=token, token_id=token_id)
    out.print(f"Revoked token {revoked}.")
