"""``/scenarios``: upload, list, read, derive a what-if, diff, share and revoke."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from sqlalchemy import select
from sqlalchemy.orm import Session

from hubflow.api import access
from hubflow.api.accounts import Member, audit, iso, now, org_named
from hubflow.api.auth import ReadDb, Reader, WriteDb, Writer, store_of
from hubflow.api.schemas import ID_MAX, Changes, Ident, ShareRequest
from hubflow.api.uploads import MAX_UPLOAD_BYTES, UploadRefused, read_upload
from hubflow.api.whatif import apply_changes, diff
from hubflow.io import scenario_from_dict, scenario_to_dict
from hubflow.model import Scenario
from hubflow.store import ScenarioRecord, Store
from hubflow.store.service_tables import OwnershipRow, ShareRow
from hubflow.store.tables import PlanRow, ScenarioRow

router = APIRouter(prefix="/scenarios", tags=["scenarios"])

TITLE_MAX = 150


def scenario_json(session: Session, v: access.Visible, **extra: Any) -> dict[str, Any]:
    """A scenario version as the API shows it (without its full document)."""
    row, owner = v.row, v.owner
    content = row.content
    return {
        "id": row.id,
        "name": owner.title,
        "version": row.version,
        "org": access.org_name(session, owner.org_id),
        "owned": v.owned,
        "parent_id": owner.parent_id,
        "note": owner.note,
        "created_at": iso(row.created_at),
        "sha256": row.sha256,
        "parameters": content.get("parameters", {}),
        "counts": {
            t: len(content.get(t, []))
            for t in ("sites", "commodities", "services", "orders", "fleet")
        },
    } | extra


def _save(
    store: Store,
    who: Member,
    title: str,
    scenario: Scenario,
    *,
    parent_id: int | None = None,
    note: str = "",
    action: str = "create",
) -> ScenarioRecord:
    """Store a scenario as the next version of ``title`` in the caller's organisation, with
    its owner row and audit line in the same transaction."""
    title = title.strip()[:TITLE_MAX] or "scenario"

    def own(session: Session, ident: int) -> None:
        session.add(
            OwnershipRow(
                scenario_id=ident, org_id=who.org_id, title=title, parent_id=parent_id, note=note
            )
        )
        audit(session, who, action, "scenario", ident, name=title, parent_id=parent_id)

    return store.save_scenario(f"{who.org_id}/{title}", scenario_to_dict(scenario), also=own)


def _visible_json(store: Store, who: Member, ident: int) -> dict[str, Any]:
    with store.session() as session:
        return scenario_json(session, access.scenario(session, who, ident))


@router.get("", summary="Own and shared scenario versions, newest first")
def list_scenarios(who: Reader, session: ReadDb) -> list[dict[str, Any]]:
    shared = access.shared_ids(session, who)
    owners = session.scalars(
        select(OwnershipRow)
        .where((OwnershipRow.org_id == who.org_id) | OwnershipRow.scenario_id.in_(shared))
        .order_by(OwnershipRow.scenario_id.desc())
    ).all()
    out = []
    for owner in owners:
        row = session.get(ScenarioRow, owner.scenario_id)
        assert row is not None
        v = access.Visible(row, owner, owner.org_id == who.org_id)
        out.append(scenario_json(session, v))
    return out


@router.post("", status_code=201, summary="Upload a scenario (.xlsx or zip of the CSV folder)")
async def upload_scenario(
    request: Request,
    who: Writer,
    file: Annotated[UploadFile, File(description=".xlsx workbook or zip of the scenario folder")],
    name: Annotated[str | None, Form(max_length=TITLE_MAX)] = None,
) -> dict[str, Any]:
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRefused(413, f"the upload is larger than {MAX_UPLOAD_BYTES} bytes")
    scenario = read_upload(file.filename or "upload", data)
    store = store_of(request)
    record = _save(store, who, name or scenario.parameters.name, scenario)
    return _visible_json(store, who, record.id)


@router.get("/{scenario_id}", summary="One scenario version (parameters and counts)")
def get_scenario(scenario_id: Ident, who: Reader, session: ReadDb) -> dict[str, Any]:
    return scenario_json(session, access.scenario(session, who, scenario_id))


@router.get("/{scenario_id}/document", summary="The whole scenario document (JSON form)")
def get_document(scenario_id: Ident, who: Reader, session: ReadDb) -> dict[str, Any]:
    return access.scenario(session, who, scenario_id).row.content


@router.post(
    "/{scenario_id}/versions",
    status_code=201,
    summary="Derive a what-if: a new version with a few parameter or row changes",
)
def derive_version(
    scenario_id: Ident, changes: Changes, request: Request, who: Writer
) -> dict[str, Any]:
    store = store_of(request)
    with store.session() as session:
        source = access.scenario(session, who, scenario_id)
        document, title = source.row.content, source.owner.title
    body = changes.model_dump()
    changed = apply_changes(document, body)
    scenario = scenario_from_dict(changed, file="changes")
    record = _save(
        store,
        who,
        changes.name or title,
        scenario,
        parent_id=scenario_id,
        note=changes.note,
        action="derive",
    )
    return _visible_json(store, who, record.id)


@router.get("/{scenario_id}/diff", summary="What differs from another version")
def scenario_diff(
    scenario_id: Ident,
    who: Reader,
    session: ReadDb,
    against: int = Query(ge=1, le=ID_MAX, description="the other scenario's id"),
) -> dict[str, Any]:
    a = access.scenario(session, who, scenario_id)
    b = access.scenario(session, who, against)
    return {"id": scenario_id, "against": against} | diff(a.row.content, b.row.content)


def share_json(session: Session, share: ShareRow) -> dict[str, Any]:
    return {
        "id": share.id,
        "scenario_id": share.scenario_id,
        "org": access.org_name(session, share.org_id),
        "created_at": iso(share.created_at),
        "revoked_at": iso(share.revoked_at),
    }


@router.post(
    "/{scenario_id}/shares",
    status_code=201,
    summary="Share a scenario (and its plans) read-only with another organisation",
)
def share(scenario_id: Ident, body: ShareRequest, who: Writer, session: WriteDb) -> dict[str, Any]:
    access.scenario(session, who, scenario_id, own=True)
    org = org_named(session, body.org)
    if org.id == who.org_id:
        raise HTTPException(422, "a scenario is shared with another organisation, not its own")
    existing = session.scalars(
        select(ShareRow).where(
            ShareRow.scenario_id == scenario_id,
            ShareRow.org_id == org.id,
            ShareRow.revoked_at.is_(None),
        )
    ).first()
    if existing is not None:
        return share_json(session, existing)
    row = ShareRow(scenario_id=scenario_id, org_id=org.id, created_at=now())
    session.add(row)
    session.flush()
    audit(session, who, "share", "scenario", scenario_id, org=org.name, share_id=row.id)
    return share_json(session, row)


@router.get("/{scenario_id}/shares", summary="Who a scenario is shared with (owner only)")
def list_shares(scenario_id: Ident, who: Reader, session: ReadDb) -> list[dict[str, Any]]:
    access.scenario(session, who, scenario_id, own=True)
    rows = session.scalars(
        select(ShareRow).where(ShareRow.scenario_id == scenario_id).order_by(ShareRow.id)
    )
    return [share_json(session, r) for r in rows]


@router.delete("/{scenario_id}/shares/{share_id}", summary="Revoke a share")
def revoke_share(
    scenario_id: Ident, share_id: Ident, who: Writer, session: WriteDb
) -> dict[str, Any]:
    access.scenario(session, who, scenario_id, own=True)
    row = session.get(ShareRow, share_id)
    if row is None or row.scenario_id != scenario_id:
        raise access.not_found("share", share_id)
    if row.revoked_at is None:
        row.revoked_at = now()
        audit(session, who, "revoke", "share", share_id, scenario_id=scenario_id)
    return share_json(session, row)


@router.get("/{scenario_id}/plans", summary="Plans of a scenario version")
def list_plans(scenario_id: Ident, who: Reader, session: ReadDb) -> list[dict[str, Any]]:
    from hubflow.api.plans import plan_summary

    access.scenario(session, who, scenario_id)
    rows = session.scalars(
        select(PlanRow).where(PlanRow.scenario_id == scenario_id).order_by(PlanRow.id.desc())
    )
    return [plan_summary(r) for r in rows]
