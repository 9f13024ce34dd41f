"""``/compare?plans=ID,ID``: plans side by side, grouped by the party that cares.

The company (shipper) looks at cost, cost per tonne, on-time rate and CO2e per tonne; the city
(hub operator) at the yard land used (m²-days per hub), trucks and truck-km to and from its
hub sites, the rail share of tonne-km and total CO2e. Differences are against the first plan.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query

from hubflow.api import access
from hubflow.api.auth import ReadDb, Reader
from hubflow.api.planned import Planned, planned
from hubflow.api.schemas import ID_MAX
from hubflow.distances import service_distance_km

router = APIRouter(tags=["compare"])

RAIL_MODES = ("rail", "rail_express", "hsr_express")
MAX_PLANS = 10


def company_view(p: Planned) -> dict[str, float | None]:
    k = p.kpis
    tonnes = k.tonnes_delivered
    return {
        "total_cost": k.total_cost,
        "cost_per_t": k.total_cost / tonnes if tonnes else None,
        "on_time_pct": k.on_time_pct,
        "co2e_kg_per_t": 1000 * k.co2e_t / tonnes if tonnes else None,
    }


def city_view(p: Planned) -> dict[str, Any]:
    """The hub city's figures; trucks are the road vehicles of departures that start or end
    at a hub site, truck-km those vehicles times the service's road distance."""
    scn, k = p.scenario, p.kpis
    step_days = scn.parameters.time_step_minutes / 1440
    hubs = {s.id for s in scn.sites if s.hub}
    services = {s.id: s for s in scn.services}
    trucks, truck_km = 0, 0.0
    for d in p.plan.departures:
        if d.mode == "road" and (d.origin in hubs or d.destination in hubs):
            trucks += d.vehicles
            service = services.get(d.service)
            if service is not None:
                truck_km += d.vehicles * service_distance_km(scn, service)
    rail_tkm = sum(v for m, v in k.tonne_km_by_mode.items() if m in RAIL_MODES)
    return {
        "yard_m2_days": {
            hub: sum(series) * step_days for hub, series in sorted(k.yard_series_m2.items())
        },
        "yard_m2_days_total": sum(sum(s) for s in k.yard_series_m2.values()) * step_days,
        "hub_trucks": trucks,
        "hub_truck_km": truck_km,
        "rail_share_tkm_pct": 100 * rail_tkm / k.tonne_km if k.tonne_km else None,
        "co2e_t": k.co2e_t,
    }


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
        p = planned(row, visible.row)
        views.append(
            {
                "plan_id": row.id,
                "scenario_id": row.scenario_id,
                "scenario": visible.owner.title,
                "version": visible.row.version,
                "currency": p.kpis.currency,
                "company": company_view(p),
                "city": city_view(p),
            }
        )
    base = views[0]
    for view in views:
        view["difference"] = {
            party: _delta(view[party], base[party]) for party in ("company", "city")
        }
    return {"base": base["plan_id"], "plans": views}
