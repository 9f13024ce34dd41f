"""Bearer tokens on every request: 401 without a valid one, 403 for a role too low."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from hubflow.api.accounts import Member, member_for
from hubflow.store import Store

bearer = HTTPBearer(auto_error=False, description="A token from `hubflow admin create-token`.")


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def read_session(request: Request) -> Iterator[Session]:
    with store_of(request).session() as session:
        yield session


def write_session(request: Request) -> Iterator[Session]:
    with store_of(request).session(write=True) as session:
        yield session


def member(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Member:
    """The caller, from ``Authorization: Bearer <token>``; 401 when missing, unknown or revoked."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(401, "a bearer token is required", {"WWW-Authenticate": "Bearer"})
    with store_of(request).session() as session:
        who = member_for(session, credentials.credentials)
    if who is None:
        raise HTTPException(401, "the token is unknown or revoked", {"WWW-Authenticate": "Bearer"})
    return who


def planner(who: Annotated[Member, Depends(member)]) -> Member:
    """A member allowed to write: planner or admin (403 for a viewer)."""
    if not who.can("planner"):
        raise HTTPException(403, f"a {who.role} may only read; this needs a planner")
    return who


def admin(who: Annotated[Member, Depends(member)]) -> Member:
    if not who.can("admin"):
        raise HTTPException(403, f"a {who.role} cannot manage tokens; this needs an admin")
    return who


Reader = Annotated[Member, Depends(member)]
Writer = Annotated[Member, Depends(planner)]
Admin = Annotated[Member, Depends(admin)]
ReadDb = Annotated[Session, Depends(read_session)]
WriteDb = Annotated[Session, Depends(write_session)]
