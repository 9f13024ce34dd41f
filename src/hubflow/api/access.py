"""Who may see what: an organisation sees its own scenarios, those shared with it (not
revoked), their plans, and its own jobs. Anything else is 404, never its data."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session

from hubflow.api.accounts import Member
from hubflow.store.service_tables import JobRow, OrgRow, OwnershipRow, ShareRow
from hubflow.store.tables import PlanRow, ScenarioRow


@dataclass(frozen=True, slots=True)
class Visible:
    """A scenario version the caller may read, with its owner and whether the caller owns it."""

    row: ScenarioRow
    owner: OwnershipRow
    owned: bool


def not_found(kind: str, ident: int) -> HTTPException:
    return HTTPException(404, f"no {kind} {ident}")


def shared_ids(session: Session, who: Member) -> set[int]:
    """Ids of the scenario versions shared with the caller's organisation (not revoked)."""
    query = select(ShareRow.scenario_id).where(
        ShareRow.org_id == who.org_id, ShareRow.revoked_at.is_(None)
    )
    return set(session.scalars(query))


def scenario(session: Session, who: Member, ident: int, *, own: bool = False) -> Visible:
    """The scenario version ``ident`` if the caller may read it (``own``: if its org owns it)."""
    owner = session.get(OwnershipRow, ident)
    if owner is None:
        raise not_found("scenario", ident)
    owned = owner.org_id == who.org_id
    if not owned and (own or ident not in shared_ids(session, who)):
        raise not_found("scenario", ident)
    row = session.get(ScenarioRow, ident)
    assert row is not None
    return Visible(row, owner, owned)


def plan(session: Session, who: Member, ident: int) -> tuple[PlanRow, Visible]:
    row = session.get(PlanRow, ident)
    if row is None:
        raise not_found("plan", ident)
    try:
        return row, scenario(session, who, row.scenario_id)
    except HTTPException:
        raise not_found("plan", ident) from None


def job(session: Session, who: Member, ident: int) -> JobRow:
    row = session.get(JobRow, ident)
    if row is None or row.org_id != who.org_id:
        raise not_found("job", ident)
    return row


def org_name(session: Session, org_id: int) -> str:
    org = session.get(OrgRow, org_id)
    return org.name if org else "?"
