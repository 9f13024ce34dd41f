"""A minimal reader of the example folder for these tests (the real reader lives in hubflow.io)."""

from __future__ import annotations

import csv
import tomllib
from datetime import datetime
from pathlib import Path

from hubflow.example import EXAMPLE_DIR
from hubflow.model import (
    Commodity,
    Order,
    Parameters,
    Pool,
    Scenario,
    Service,
    Site,
    Timetable,
    TruckGroup,
)


def rows(name: str, folder: Path = EXAMPLE_DIR) -> list[dict[str, str]]:
    with (folder / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _opt(text: str) -> float | None:
    return float(text) if text.strip() else None


def load(folder: Path = EXAMPLE_DIR) -> Scenario:
    toml = tomllib.loads((folder / "scenario.toml").read_text(encoding="utf-8"))
    start = toml["start"]  # a TOML offset date-time
    keys = set(Parameters.__dataclass_fields__) - {"start"}
    params = Parameters(start=start, **{k: v for k, v in toml.items() if k in keys})

    def minutes(ts: str) -> int:
        return round((datetime.fromisoformat(ts) - start).total_seconds() / 60)

    sites = tuple(
        Site(
            id=r["id"],
            name=r["name"],
            kind=r["kind"],
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            hub=r["hub"] == "true",
            handling_cost_per_t=float(r["handling_cost_per_t"]),
            handling_minutes=round(float(r["handling_hours"]) * 60),
            handling_co2e_kg_per_t=float(r["handling_co2e_kg_per_t"]),
            yard_m2=_opt(r["yard_m2"]),
            storage_cost_per_m2_day=float(r["storage_cost_per_m2_day"]),
            land_cost_per_m2_year=_opt(r["land_cost_per_m2_year"]),
            source=r["source"],
            country=r["country"],
            inbound_minutes=round(float(r["inbound_hours"] or 0) * 60),
            inbound_cost_per_t=float(r["inbound_cost_per_t"] or 0),
            outbound_minutes=round(float(r["outbound_hours"] or 0) * 60),
            outbound_cost_per_t=float(r["outbound_cost_per_t"] or 0),
        )
        for r in rows("sites.csv", folder)
    )
    commodities = tuple(
        Commodity(
            id=r["id"],
            name=r["name"],
            m2_per_t=float(r["m2_per_t"]),
            source=r["source"],
            group=r["group"],
        )
        for r in rows("commodities.csv", folder)
    )
    services = tuple(
        Service(
            id=r["id"],
            mode=r["mode"],
            origin=r["origin"],
            destination=r["destination"],
            timetable=Timetable.parse(r["timetable"]),
            transit_minutes=round(float(r["transit_hours"]) * 60),
            capacity_t=float(r["capacity_t"]),
            max_vehicles=int(r["max_vehicles"]),
            fixed_cost=float(r["fixed_cost"]),
            cost_per_t=float(r["cost_per_t"]),
            cost_per_tkm=float(r["cost_per_tkm"]),
            distance_km=_opt(r["distance_km"]),
            co2e_g_per_tkm=_opt(r["co2e_g_per_tkm"]),
            source=r["source"],
            commodities=tuple(c for c in r["commodities"].split(";") if c),
        )
        for r in rows("services.csv", folder)
    )
    orders = tuple(
        Order(
            id=r["id"],
            commodity=r["commodity"],
            origin=r["origin"],
            destination=r["destination"],
            tonnes=float(r["tonnes"]),
            release=minutes(r["release"]),
            due=minutes(r["due"]),
        )
        for r in rows("orders.csv", folder)
    )
    fleet = tuple(
        TruckGroup(
            id=r["id"],
            depot=r["depot"],
            count=int(r["count"]),
            capacity_t=float(r["capacity_t"]),
            fixed_cost=float(r["fixed_cost"]),
            cost_per_km=float(r["cost_per_km"]),
            cost_per_hour=float(r["cost_per_hour"]),
            shift_hours=float(r["shift_hours"]),
            speed_kmh=float(r["speed_kmh"]),
        )
        for r in rows("fleet.csv", folder)
    )
    return Scenario(
        parameters=params,
        sites=sites,
        commodities=commodities,
        services=services,
        orders=orders,
        fleet=fleet,
        pools=tuple(
            Pool(
                id=r["id"],
                services=tuple(r["services"].split(";")),
                limit=float(r["limit"]),
                unit=r["unit"],
                period=r["period"],
                source=r["source"],
            )
            for r in rows("pools.csv", folder)
        ),
    )
