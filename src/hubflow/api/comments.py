"""``/scenarios/{id}/comments`` (the negotiation thread) and ``/audit`` (who did what)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from sqlalchemy import select

from hubflow.api import access
from hubflow.api.accounts import audit, iso, now
from hubflow.api.auth import ReadDb, Reader, WriteDb, Writer
from hubflow.api.schemas import CommentRequest, Ident
from hubflow.store.service_tables import AuditRow, CommentRow

router = APIRouter(tags=["comments"])


def comment_json(session: Any, c: CommentRow) -> dict[str, Any]:
    return {
        "id": c.id,
        "scenario_id": c.scenario_id,
        "org": access.org_name(session, c.org_id),
        "user": c.user,
        "body": c.body,
        "created_at": iso(c.created_at),
    }


@router.get("/scenarios/{scenario_id}/comments", summary="The scenario's comment thread")
def list_comments(scenario_id: Ident, who: Reader, session: ReadDb) -> list[dict[str, Any]]:
    access.scenario(session, who, scenario_id)
    rows = session.scalars(
        select(CommentRow).where(CommentRow.scenario_id == scenario_id).order_by(CommentRow.id)
    )
    return [comment_json(session, c) for c in rows]


@router.post(
    "/scenarios/{scenario_id}/comments",
    status_code=201,
    summary="Add a comment (both the owner and an organisation it is shared with)",
)
def add_comment(
    scenario_id: Ident, body: CommentRequest, who: Writer, session: WriteDb
) -> dict[str, Any]:
    access.scenario(session, who, scenario_id)
    row = CommentRow(
        scenario_id=scenario_id, org_id=who.org_id, user=who.user, body=body.body, created_at=now()
    )
    session.add(row)
    session.flush()
    audit(session, who, "comment", "scenario", scenario_id, comment_id=row.id)
    return comment_json(session, row)


@router.get("/audit", tags=["audit"], summary="Your organisation's audit log, newest first")
def audit_log(
    who: Reader, session: ReadDb, limit: int = Query(200, ge=1, le=1000)
) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(AuditRow)
        .where(AuditRow.org_id == who.org_id)
        .order_by(AuditRow.id.desc())
        .limit(limit)
    )
    return [
        {
            "id": r.id,
            "user": r.user,
            "action": r.action,
            "object_type": r.object_type,
            "object_id": r.object_id,
            "detail": r.detail,
            "at": iso(r.at),
        }
        for r in rows
    ]
