"""``/plans/{id}``: a finished plan with its KPIs, itineraries, departures and routes, and
its files (the ``--out`` folder's CSV/JSON and the HTML report) as downloads."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from hubflow.api import access
from hubflow.api.accounts import iso
from hubflow.api.auth import ReadDb, Reader
from hubflow.api.planned import carbon_price, planned
from hubflow.api.schemas import Ident
from hubflow.export import write_plan_folder
from hubflow.report import render_report
from hubflow.store.tables import PlanRow

router = APIRouter(prefix="/plans", tags=["plans"])

FILES = {
    "plan.json": "application/json",
    "kpis.csv": "text/csv",
    "itineraries.csv": "text/csv",
    "departures.csv": "text/csv",
    "trucks.csv": "text/csv",
    "truck_routes.csv": "text/csv",
    "carrier_loads.csv": "text/csv",
    "unserved.csv": "text/csv",
    "yard.csv": "text/csv",
    "report.html": "text/html; charset=utf-8",
}


def plan_summary(row: PlanRow) -> dict[str, Any]:
    """A plan's headline columns, for lists."""
    return {
        "id": row.id,
        "scenario_id": row.scenario_id,
        "created_at": iso(row.created_at),
        "solver": row.solver,
        "status": row.status,
        "objective": row.objective,
        "lower_bound": row.lower_bound,
        "gap_pct": row.gap_pct,
        "total_cost": row.total_cost,
        "co2e_t": row.co2e_t,
        "on_time_pct": row.on_time_pct,
        "carbon_price": carbon_price(row.content),
    }


@router.get("/{plan_id}", summary="A plan: KPIs, itineraries, departures, routes, downloads")
def get_plan(plan_id: Ident, who: Reader, session: ReadDb) -> dict[str, Any]:
    row, _ = access.plan(session, who, plan_id)
    doc = row.content
    return plan_summary(row) | {
        "kpis": row.kpis,
        "itineraries": doc.get("itineraries", []),
        "departures": doc.get("departures", []),
        "routes": doc.get("routes", []),
        "unserved": doc.get("unserved", []),
        "carrier_loads": doc.get("unrouted", []),
        "options": doc.get("options", {}),
        "violations": doc.get("violations", []),
        "downloads": {name: f"/api/v1/plans/{plan_id}/files/{name}" for name in FILES},
    }


@router.get(
    "/{plan_id}/files/{name}",
    summary="One file of the plan's folder, or its report",
    response_class=Response,
)
def get_file(plan_id: Ident, name: str, who: Reader, session: ReadDb) -> Response:
    if name not in FILES:
        raise HTTPException(404, f"no file {name!r}; one of {', '.join(FILES)}")
    row, visible = access.plan(session, who, plan_id)
    p = planned(row, visible.row)
    if name == "report.html":
        body = render_report(p.scenario, p.plan, p.kpis).encode("utf-8")
    else:
        with tempfile.TemporaryDirectory(prefix="hubflow-plan-") as tmp:
            out = Path(tmp) / "plan"
            write_plan_folder(p.scenario, p.plan, p.kpis, out)
            body = (out / name).read_bytes()
    disposition = "inline" if name == "report.html" else f'attachment; filename="{name}"'
    return Response(body, media_type=FILES[name], headers={"Content-Disposition": disposition})
