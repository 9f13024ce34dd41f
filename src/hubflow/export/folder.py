"""Write and read a plan folder."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from hubflow.io import load_scenario, write_scenario_csv
from hubflow.kpi import Kpis
from hubflow.model import Plan, Scenario

PLAN_JSON = "plan.json"
SCENARIO_DIR = "scenario"


def write_plan_folder(scenario: Scenario, plan: Plan, kpis: Kpis, out: Path) -> list[Path]:
    """Write every output of a plan into ``out``; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    write_scenario_csv(scenario, out / SCENARIO_DIR)
    doc = plan.to_dict() | {"kpis": kpis.to_dict(), "summary": kpis.summary()}
    (out / PLAN_JSON).write_text(json.dumps(doc, indent=1, ensure_ascii=False), encoding="utf-8")
    clock = _clock(scenario)
    files = [out / PLAN_JSON]
    files.append(
        _csv(
            out / "itineraries.csv",
            [
                "order",
                "leg",
                "service",
                "mode",
                "origin",
                "destination",
                "departure",
                "arrival",
                "tonnes",
            ],
            [
                [
                    it.order,
                    i + 1,
                    leg.service,
                    leg.mode,
                    leg.origin,
                    leg.destination,
                    clock(leg.departure),
                    clock(leg.arrival),
                    leg.tonnes,
                ]
                for it in plan.itineraries
                for i, leg in enumerate(it.legs)
            ],
        )
    )
    files.append(
        _csv(
            out / "departures.csv",
            [
                "service",
                "mode",
                "origin",
                "destination",
                "departure",
                "arrival",
                "vehicles",
                "load_t",
                "capacity_t",
                "load_factor",
            ],
            [
                [
                    r.service,
                    r.mode,
                    r.origin,
                    r.destination,
                    clock(r.departure),
                    clock(r.arrival),
                    r.vehicles,
                    round(r.load_t, 3),
                    r.capacity_t,
                    round(r.load_t / r.capacity_t, 4),
                ]
                for r in plan.departures
            ],
        )
    )
    files.append(
        _csv(
            out / "trucks.csv",
            ["service", "origin", "destination", "date", "trucks", "load_t"],
            _trucks_per_day(plan, clock),
        )
    )
    files.append(_routes_csv(out / "truck_routes.csv", plan, clock))
    files.append(
        _csv(
            out / "carrier_loads.csv",
            ["order", "service", "departure", "tonnes", "reason"],
            [
                [c.order, c.service, clock(c.departure), round(c.tonnes, 3), c.reason]
                for c in plan.unrouted
            ],
        )
    )
    files.append(
        _csv(
            out / "unserved.csv",
            ["order", "tonnes", "reason", "detail"],
            [[u.order, u.tonnes, u.reason, u.detail] for u in plan.unserved],
        )
    )
    step = scenario.parameters.time_step_minutes
    files.append(
        _csv(
            out / "yard.csv",
            ["time", "site", "m2"],
            [
                [clock(b * step), site, round(m2, 3)]
                for site, series in kpis.yard_series_m2.items()
                for b, m2 in enumerate(series)
            ],
        )
    )
    files.append(
        _csv(out / "kpis.csv", ["kpi", "value"], [[k, v] for k, v in _flat(kpis.summary()).items()])
    )
    return files


def read_plan_folder(folder: Path) -> tuple[Scenario, Plan, dict[str, Any]]:
    """The scenario copy, the plan and the KPIs it claims, as written by write_plan_folder."""
    scenario = load_scenario(folder / SCENARIO_DIR)
    doc = json.loads((folder / PLAN_JSON).read_text(encoding="utf-8"))
    return scenario, Plan.from_dict(doc), doc.get("kpis", {})


def _clock(scenario: Scenario):  # type: ignore[no-untyped-def]
    start: datetime = scenario.parameters.start

    def at(minutes: int) -> str:
        return (start + timedelta(minutes=minutes)).isoformat(timespec="minutes")

    return at


def _csv(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def _routes_csv(path: Path, plan: Plan, clock) -> Path:  # type: ignore[no-untyped-def]
    """One row per stop of every own-fleet truck route."""
    header = [
        "route",
        "fleet",
        "depot",
        "stop",
        "site",
        "action",
        "order",
        "tonnes",
        "arrival",
        "route_start",
        "route_end",
        "route_km",
        "route_cost",
    ]
    rows = [
        [
            n,
            r.fleet,
            r.depot,
            i + 1,
            x.site,
            x.action,
            x.order,
            round(x.tonnes, 3),
            clock(x.arrival),
            clock(r.start),
            clock(r.end),
            round(r.distance_km, 3),
            round(r.cost, 2),
        ]
        for n, r in enumerate(plan.routes, start=1)
        for i, x in enumerate(r.stops)
    ]
    return _csv(path, header, rows)


def _trucks_per_day(plan: Plan, clock) -> list[list[Any]]:  # type: ignore[no-untyped-def]
    days: dict[tuple[str, str, str, str], list[float]] = {}
    for r in plan.departures:
        if r.mode != "road":
            continue
        key = (r.service, r.origin, r.destination, clock(r.departure)[:10])
        acc = days.setdefault(key, [0, 0.0])
        acc[0] += r.vehicles
        acc[1] += r.load_t
    return [[*k, int(v[0]), round(v[1], 3)] for k, v in sorted(days.items())]


def _flat(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out |= _flat(v, f"{prefix}{k}.")
        else:
            out[f"{prefix}{k}"] = v
    return out
