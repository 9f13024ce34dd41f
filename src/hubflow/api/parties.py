"""The figures each party at the table looks at, from a plan and its scenario.

The company (shipper) looks at cost, cost per tonne, on-time rate and CO2e per tonne; the city
(hub operator) at the yard land used (m²-days per hub), trucks and truck-km to and from its
hub sites, the rail share of tonne-km and total CO2e. Computed once when a job stores a plan
(under ``parties`` in its KPI document) and again only for plans stored without them.
"""

from __future__ import annotations

from typing import Any

from hubflow.api.planned import Planned
from hubflow.distances import service_distance_km

RAIL_MODES = ("rail", "rail_express", "hsr_express")


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


def party_views(p: Planned) -> dict[str, Any]:
    """Both parties' figures, as stored with a plan."""
    return {"company": company_view(p), "city": city_view(p)}
