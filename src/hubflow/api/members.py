"""``/me`` and, for admins, the organisation's tokens: list, create, revoke."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import select

from hubflow.api import access
from hubflow.api.accounts import create_token, iso, revoke_token
from hubflow.api.auth import Admin, ReadDb, Reader, WriteDb
from hubflow.api.schemas import Ident, TokenRequest
from hubflow.store.service_tables import TokenRow

router = APIRouter(tags=["members"])


@router.get("/me", summary="Who the token belongs to")
def me(who: Reader) -> dict[str, Any]:
    return {"org": who.org, "user": who.user, "role": who.role, "token_id": who.token_id}


def token_json(t: TokenRow) -> dict[str, Any]:
    return {
        "id": t.id,
        "user": t.user,
        "role": t.role,
        "created_at": iso(t.created_at),
        "revoked_at": iso(t.revoked_at),
    }


@router.get("/tokens", summary="The organisation's tokens (admin)")
def list_tokens(who: Admin, session: ReadDb) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(TokenRow).where(TokenRow.org_id == who.org_id).order_by(TokenRow.id)
    )
    return [token_json(t) for t in rows]


@router.post("/tokens", status_code=201, summary="A new member token (admin); shown once")
def new_token(body: TokenRequest, who: Admin, session: WriteDb) -> dict[str, Any]:
    token, token_id = create_token(session, who.org, body.role, body.user)
    row = session.get(TokenRow, token_id)
    assert row is not None
    return token_json(row) | {"token": token}


@router.delete("/tokens/{token_id}", summary="Revoke a member token (admin)")
def delete_token(token_id: Ident, who: Admin, session: WriteDb) -> dict[str, Any]:
    row = session.get(TokenRow, token_id)
    if row is None or row.org_id != who.org_id:
        raise access.not_found("token", token_id)
    revoke_token(session, token_id=token_id)
    return token_json(row)
