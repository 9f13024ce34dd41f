"""The tables as files and sheets show them: columns, rows to objects, objects to rows.

One ``TableSpec`` per table serves both the CSV folder and the workbook. The JSON form uses the
dataclass fields instead (see ``json_form``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any

from hubflow.io.rows import Row, format_payloads, format_timetable, format_words
from hubflow.model.scenario import (
    LIMITS,
    Balance,
    Commodity,
    Order,
    Pool,
    Service,
    Site,
    TruckGroup,
)


def defaults(cls: type) -> dict[str, Any]:
    """The dataclass defaults of ``cls``, so that the readers never restate them."""
    return {f.name: f.default for f in fields(cls) if f.default is not MISSING}


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A table's columns (in file order), which are required, and how rows map to objects."""

    name: str
    columns: tuple[str, ...]
    required: frozenset[str]
    build: Callable[[Row, datetime | None], Any]
    cells: Callable[[Any, datetime], dict[str, object]]
    optional: bool = False  # the whole table may be absent
    written_when_empty: bool = True  # False: writers leave out a table without rows
    # Optional columns that writers leave out when every row's cell is empty (newer columns,
    # so that files of scenarios that do not use them stay as they were).
    omitted_when_empty: frozenset[str] = frozenset()
    # Field names of the model's Problems that are a different column here.
    columns_of_fields: dict[str, str] = field(default_factory=dict)


def _hours(cls: type, name: str) -> dict[str, Any]:
    """The upper limit of a duration field, in hours, for ``Row.minutes_from_hours``."""
    limit = LIMITS[cls][name]
    return {"most": limit.high / 60, "why": limit.why}


def _site(r: Row, start: datetime | None) -> Site:
    d = defaults(Site)
    ident = r.text("id")
    return Site(
        id=ident,
        name=r.text("name", ident),
        kind=r.word("kind"),
        lat=r.number("lat"),
        lon=r.number("lon"),
        hub=r.boolean("hub", d["hub"]),
        handling_cost_per_t=r.number("handling_cost_per_t", d["handling_cost_per_t"]),
        handling_minutes=r.minutes_from_hours(
            "handling_hours", d["handling_minutes"], **_hours(Site, "handling_minutes")
        ),
        handling_co2e_kg_per_t=r.number("handling_co2e_kg_per_t", d["handling_co2e_kg_per_t"]),
        yard_m2=r.optional_number("yard_m2"),
        storage_cost_per_m2_day=r.number("storage_cost_per_m2_day", d["storage_cost_per_m2_day"]),
        land_cost_per_m2_year=r.optional_number("land_cost_per_m2_year"),
        source=r.text("source", d["source"]),
        country=r.text("country", d["country"]),
        **{f: _site_direction(r, f, d[f]) for f in DIRECTION_FIELDS},
    )


DIRECTION_FIELDS = tuple(
    f"{side}_{what}"
    for side in ("inbound", "outbound")
    for what in ("minutes", "cost_per_t", "co2e_kg_per_t")
)


def _direction_column(name: str) -> str:
    return name.replace("_minutes", "_hours")


def _site_direction(r: Row, name: str, default: Any) -> Any:
    """One inbound/outbound cell: hours as minutes, the rest as numbers."""
    if name.endswith("_minutes"):
        return r.minutes_from_hours(_direction_column(name), default, **_hours(Site, name))
    return r.number(name, default)


def _site_cells(s: Site, start: datetime) -> dict[str, object]:
    return {
        "id": s.id,
        "name": s.name,
        "kind": s.kind,
        "lat": s.lat,
        "lon": s.lon,
        "hub": s.hub,
        "handling_cost_per_t": s.handling_cost_per_t,
        "handling_hours": s.handling_minutes / 60,
        "handling_co2e_kg_per_t": s.handling_co2e_kg_per_t,
        "yard_m2": s.yard_m2,
        "storage_cost_per_m2_day": s.storage_cost_per_m2_day,
        "land_cost_per_m2_year": s.land_cost_per_m2_year,
        "source": s.source,
        "country": s.country,
        **{
            _direction_column(f): (getattr(s, f) / 60 if f.endswith("_minutes") else getattr(s, f))
            or None  # 0, the default, leaves the cell empty
            for f in DIRECTION_FIELDS
        },
    }


def _commodity(r: Row, start: datetime | None) -> Commodity:
    ident = r.text("id")
    return Commodity(
        id=ident,
        name=r.text("name", ident),
        m2_per_t=r.number("m2_per_t"),
        source=r.text("source", defaults(Commodity)["source"]),
        group=r.text("group", defaults(Commodity)["group"]),
    )


def _commodity_cells(c: Commodity, start: datetime) -> dict[str, object]:
    return {
        "id": c.id,
        "name": c.name,
        "m2_per_t": c.m2_per_t,
        "source": c.source,
        "group": c.group,
    }


def _service(r: Row, start: datetime | None) -> Service:
    d = defaults(Service)
    return Service(
        id=r.text("id"),
        mode=r.word("mode"),
        origin=r.text("origin"),
        destination=r.text("destination"),
        timetable=r.timetable("timetable"),
        transit_minutes=r.minutes_from_hours("transit_hours", **_hours(Service, "transit_minutes")),
        capacity_t=r.number("capacity_t"),
        max_vehicles=r.integer("max_vehicles", d["max_vehicles"]),
        fixed_cost=r.number("fixed_cost", d["fixed_cost"]),
        cost_per_t=r.number("cost_per_t", d["cost_per_t"]),
        cost_per_tkm=r.number("cost_per_tkm", d["cost_per_tkm"]),
        departure_cost=r.number("departure_cost", d["departure_cost"]),
        distance_km=r.optional_number("distance_km"),
        co2e_g_per_tkm=r.optional_number("co2e_g_per_tkm"),
        source=r.text("source", d["source"]),
        commodities=r.words("commodities"),
        valid_from=r.day("valid_from"),
        valid_until=r.day("valid_until"),
        days_off=r.days("days_off"),
        min_load_t=r.number("min_load_t", d["min_load_t"]),
        payload_t=r.payloads("payload_t"),
    )


def _service_cells(s: Service, start: datetime) -> dict[str, object]:
    return {
        "id": s.id,
        "mode": s.mode,
        "origin": s.origin,
        "destination": s.destination,
        "timetable": format_timetable(s.timetable),
        "transit_hours": s.transit_minutes / 60,
        "capacity_t": s.capacity_t,
        "max_vehicles": s.max_vehicles,
        "fixed_cost": s.fixed_cost,
        "cost_per_t": s.cost_per_t,
        "cost_per_tkm": s.cost_per_tkm,
        "departure_cost": s.departure_cost,
        "distance_km": s.distance_km,
        "co2e_g_per_tkm": s.co2e_g_per_tkm,
        "source": s.source,
        "commodities": format_words(s.commodities),
        "valid_from": s.valid_from and s.valid_from.isoformat(),
        "valid_until": s.valid_until and s.valid_until.isoformat(),
        "days_off": format_words(s.days_off),
        "min_load_t": s.min_load_t or None,  # 0, the default, leaves the cell empty
        "payload_t": format_payloads(s.payload_t),
    }


def _order(r: Row, start: datetime | None) -> Order:
    order = Order(
        id=r.text("id"),
        commodity=r.text("commodity"),
        origin=r.text("origin"),
        destination=r.text("destination"),
        tonnes=r.number("tonnes"),
        release=r.minutes_since("release", start),
        due=r.minutes_since("due", start),
        no_split=r.boolean("no_split", defaults(Order)["no_split"]),
    )
    if start is not None and not {"release", "due"} & r.failed:
        if order.release < 0:
            r.fail(
                "release",
                f'"{r.text("release")}" is before the scenario start {format_timestamp(start)}',
            )
        if order.due <= order.release:
            r.fail("due", f'"{r.text("due")}" is not after the release time "{r.text("release")}"')
    return order


def _order_cells(o: Order, start: datetime) -> dict[str, object]:
    return {
        "id": o.id,
        "commodity": o.commodity,
        "origin": o.origin,
        "destination": o.destination,
        "tonnes": o.tonnes,
        "release": format_timestamp(start + timedelta(minutes=o.release)),
        "due": format_timestamp(start + timedelta(minutes=o.due)),
        "no_split": o.no_split or None,  # false, the default, leaves the cell empty
    }


def _trucks(r: Row, start: datetime | None) -> TruckGroup:
    d = defaults(TruckGroup)
    return TruckGroup(
        id=r.text("id"),
        depot=r.text("depot"),
        count=r.integer("count"),
        capacity_t=r.number("capacity_t"),
        fixed_cost=r.number("fixed_cost", d["fixed_cost"]),
        cost_per_km=r.number("cost_per_km", d["cost_per_km"]),
        cost_per_hour=r.number("cost_per_hour", d["cost_per_hour"]),
        shift_hours=r.number("shift_hours", d["shift_hours"]),
        speed_kmh=r.number("speed_kmh", d["speed_kmh"]),
    )


def _truck_cells(t: TruckGroup, start: datetime) -> dict[str, object]:
    return {f.name: getattr(t, f.name) for f in fields(TruckGroup)}


def _pool(r: Row, start: datetime | None) -> Pool:
    d = defaults(Pool)
    return Pool(
        id=r.text("id"),
        services=r.words("services"),
        limit=r.number("limit"),
        unit=r.word("unit", d["unit"]),
        period=r.word("period", d["period"]),
        source=r.text("source", d["source"]),
    )


def _pool_cells(q: Pool, start: datetime) -> dict[str, object]:
    return {
        "id": q.id,
        "services": format_words(q.services),
        "limit": q.limit,
        "unit": q.unit,
        "period": q.period,
        "source": q.source,
    }


def _balance(r: Row, start: datetime | None) -> Balance:
    d = defaults(Balance)
    return Balance(
        id=r.text("id"),
        outbound=r.words("outbound"),
        returns=r.words("returns"),
        slack=r.integer("slack", d["slack"]),
        empty_co2e_kg_per_km=r.optional_number("empty_co2e_kg_per_km"),
        source=r.text("source", d["source"]),
    )


def _balance_cells(b: Balance, start: datetime) -> dict[str, object]:
    return {
        "id": b.id,
        "outbound": format_words(b.outbound),
        "returns": format_words(b.returns),
        "slack": b.slack,
        "empty_co2e_kg_per_km": b.empty_co2e_kg_per_km,
        "source": b.source,
    }


def table_to_write(
    scenario: Any, spec: TableSpec
) -> tuple[tuple[str, ...], list[dict[str, object]]] | None:
    """The columns and cells a writer puts in ``spec``'s table; None to leave the table out."""
    objects = getattr(scenario, spec.name)
    if not spec.written_when_empty and not objects:
        return None
    start = scenario.parameters.start
    rows = [spec.cells(obj, start) for obj in objects]
    columns = tuple(
        c
        for c in spec.columns
        if c not in spec.omitted_when_empty or any(r[c] not in (None, "") for r in rows)
    )
    return columns, rows


def format_timestamp(when: datetime) -> str:
    """ISO 8601 with the offset, to the minute unless seconds are present."""
    if when.second or when.microsecond:
        return when.isoformat()
    return when.isoformat(timespec="minutes")


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "sites",
            (
                "id",
                "name",
                "kind",
                "lat",
                "lon",
                "hub",
                "handling_cost_per_t",
                "handling_hours",
                "handling_co2e_kg_per_t",
                "yard_m2",
                "storage_cost_per_m2_day",
                "land_cost_per_m2_year",
                "source",
                "country",
                *map(_direction_column, DIRECTION_FIELDS),
            ),
            frozenset({"id", "kind", "lat", "lon"}),
            _site,
            _site_cells,
            omitted_when_empty=frozenset({"country", *map(_direction_column, DIRECTION_FIELDS)}),
            columns_of_fields={
                "handling_minutes": "handling_hours",
                "inbound_minutes": "inbound_hours",
                "outbound_minutes": "outbound_hours",
            },
        ),
        TableSpec(
            "commodities",
            ("id", "name", "m2_per_t", "source", "group"),
            frozenset({"id", "m2_per_t"}),
            _commodity,
            _commodity_cells,
            omitted_when_empty=frozenset({"group"}),
        ),
        TableSpec(
            "services",
            (
                "id",
                "mode",
                "origin",
                "destination",
                "timetable",
                "transit_hours",
                "capacity_t",
                "max_vehicles",
                "fixed_cost",
                "cost_per_t",
                "cost_per_tkm",
                "departure_cost",
                "distance_km",
                "co2e_g_per_tkm",
                "source",
                "commodities",
                "valid_from",
                "valid_until",
                "days_off",
                "min_load_t",
                "payload_t",
            ),
            frozenset(
                {"id", "mode", "origin", "destination", "timetable", "transit_hours", "capacity_t"}
            ),
            _service,
            _service_cells,
            omitted_when_empty=frozenset(
                {"commodities", "valid_from", "valid_until", "days_off", "min_load_t", "payload_t"}
            ),
        ),
        TableSpec(
            "orders",
            ("id", "commodity", "origin", "destination", "tonnes", "release", "due", "no_split"),
            frozenset({"id", "commodity", "origin", "destination", "tonnes", "release", "due"}),
            _order,
            _order_cells,
            omitted_when_empty=frozenset({"no_split"}),
        ),
        TableSpec(
            "fleet",
            (
                "id",
                "depot",
                "count",
                "capacity_t",
                "fixed_cost",
                "cost_per_km",
                "cost_per_hour",
                "shift_hours",
                "speed_kmh",
            ),
            frozenset({"id", "depot", "count", "capacity_t"}),
            _trucks,
            _truck_cells,
            optional=True,
        ),
        TableSpec(
            "pools",
            ("id", "services", "limit", "unit", "period", "source"),
            frozenset({"id", "services", "limit"}),
            _pool,
            _pool_cells,
            optional=True,
            written_when_empty=False,
        ),
        TableSpec(
            "balances",
            ("id", "outbound", "returns", "slack", "empty_co2e_kg_per_km", "source"),
            frozenset({"id", "outbound", "returns"}),
            _balance,
            _balance_cells,
            optional=True,
            written_when_empty=False,
        ),
    )
}
