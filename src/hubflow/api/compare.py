"""``/compare?plans=ID,ID``: plans side by side, grouped by the party that cares (see
:mod:`hubflow.api.parties`); differences are against the first plan."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query

from hubflow.api import access
from hubflow.api.auth import ReadDb, Reader
from hubflow.api.parties import party_views
from hubflow.api.planned import carbon_price, planned
from hubflow.api.schemas import ID_MAX

router = APIRouter(tags=["compare"])

MAX_PLANS = 10


def _delta(value: Any, base: Any) -> Any:
    if isinstance(value, dict) and isinstance(base, dict):
        return {
            key: _delta(value.get(key), base.get(key)) for key in sorted(set(value) | set(base))
        }
    if isinstance(value, int | float) and isinstance(base, int | float):
        return value - base
    return None


def _ids(text: str) -> list[int]:
    try:
        ids = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise HTTPException(422, "plans must be plan ids separated by commas, e.g. 3,7") from None
    if not all(1 <= i <= ID_MAX for i in ids):
        raise HTTPException(422, f"plan ids are between 1 and {ID_MAX}")
    if not 1 <= len(ids) <= MAX_PLANS:
        raise HTTPException(422, f"give 1 to {MAX_PLANS} plan ids")
    return ids


@router.get("/compare", summary="KPIs side by side, for the company and for the city")
def compare(
    who: Reader,
    session: ReadDb,
    plans: str = Query(description="plan ids, comma-separated; the first is the base"),
) -> dict[str, Any]:
    rows = [access.plan(session, who, ident) for ident in _ids(plans)]
    views = []
    for row, visible in rows:
        stored = row.kpis.get("parties")
        parties = stored if isinstance(stored, dict) else party_views(planned(row, visible.row))
        views.append(
            {
                "plan_id": row.id,
                "scenario_id": row.scenario_id,
                "scenario": visible.owner.title,
                "version": visible.row.version,
                "currency": row.kpis.get("currency"),
                "carbon_price": carbon_price(row.content),
                "company": parties["company"],
                "city": parties["city"],
            }
        )
    base = views[0]
    for view in views:
        view["difference"] = {
            party: _delta(view[party], base[party]) for party in ("company", "city")
        }
    return {"base": base["plan_id"], "plans": views}
