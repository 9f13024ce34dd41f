"""Organisations and bearer tokens: create, resolve, revoke. Plain SQLAlchemy, no FastAPI,
so ``hubflow admin`` and the server share it.

A token is 32 random bytes (URL-safe base64, prefixed ``hf_``); only its SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hubflow.errors import HubflowError
from hubflow.store.service_tables import ROLES, AuditRow, OrgRow, TokenRow
from hubflow.store.tables import NAME_MAX

TOKEN_PREFIX = "hf_"


class AccountError(HubflowError):
    """An organisation or token request that cannot be done (unknown name, bad role, ...)."""


@dataclass(frozen=True, slots=True)
class Member:
    """Who is calling: the token's organisation, role and user name."""

    token_id: int
    org_id: int
    org: str
    user: str
    role: str

    def can(self, role: str) -> bool:
        """Whether this member's role is ``role`` or above (viewer < planner < admin)."""
        return ROLES.index(self.role) >= ROLES.index(role)


def now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime | None) -> str | None:
    """A stored time as ISO 8601 in UTC (SQLite gives naive UTC values back)."""
    if moment is None:
        return None
    return (moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment).isoformat()


def token_hash(token: str) -> str:
    """The SHA-256 (hex) under which a token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def audit(
    session: Session,
    who: Member | None,
    action: str,
    object_type: str,
    object_id: int | None,
    **detail: object,
) -> None:
    """Append one line to the audit log (in the caller's transaction)."""
    session.add(
        AuditRow(
            org_id=who.org_id if who else None,
            user=who.user if who else "hubflow admin",
            action=action,
            object_type=object_type,
            object_id=object_id,
            detail=dict(detail),
            at=now(),
        )
    )


def create_org(session: Session, name: str) -> OrgRow:
    """A new organisation; the name is unique."""
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise AccountError(f"organisation name must have 1 to {NAME_MAX} characters")
    if session.scalars(select(OrgRow).where(OrgRow.name == name)).first() is not None:
        raise AccountError(f"organisation {name!r} exists already")
    org = OrgRow(name=name, created_at=now())
    session.add(org)
    try:
        session.flush()
    except IntegrityError as exc:
        raise AccountError(f"organisation {name!r} exists already") from exc
    audit(session, None, "create", "org", org.id, name=name)
    return org


def org_named(session: Session, name: str) -> OrgRow:
    org = session.scalars(select(OrgRow).where(OrgRow.name == name)).first()
    if org is None:
        raise AccountError(f"no organisation named {name!r} (hubflow admin create-org NAME)")
    return org


def create_token(session: Session, org_name: str, role: str, user: str = "") -> tuple[str, int]:
    """A new token for a member of ``org_name`` with ``role``; returns (token, token id).
    The token itself is shown once and never stored."""
    if role not in ROLES:
        raise AccountError(f"role {role!r} is not one of {', '.join(ROLES)}")
    org = org_named(session, org_name)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = TokenRow(
        org_id=org.id,
        user=(user.strip() or f"{org.name} {role}")[:NAME_MAX],
        role=role,
        sha256=token_hash(token),
        created_at=now(),
    )
    session.add(row)
    session.flush()
    audit(session, None, "create", "token", row.id, org=org.name, role=role, user=row.user)
    return token, row.id


def revoke_token(session: Session, *, token: str | None = None, token_id: int | None = None) -> int:
    """Revoke a token given itself or its id; returns its id. Revoking twice is harmless."""
    query = select(TokenRow)
    if token is not None:
        query = query.where(TokenRow.sha256 == token_hash(token))
    elif token_id is not None:
        query = query.where(TokenRow.id == token_id)
    else:
        raise AccountError("give the token or its id")
    row = session.scalars(query).first()
    if row is None:
        raise AccountError("no such token")
    if row.revoked_at is None:
        row.revoked_at = now()
        audit(session, None, "revoke", "token", row.id)
    return row.id


def member_for(session: Session, token: str) -> Member | None:
    """The member a presented token belongs to, or ``None`` (unknown or revoked)."""
    row = session.scalars(select(TokenRow).where(TokenRow.sha256 == token_hash(token))).first()
    if row is None or row.revoked_at is not None:
        return None
    org = session.get(OrgRow, row.org_id)
    assert org is not None
    return Member(row.id, org.id, org.name, row.user, row.role)
