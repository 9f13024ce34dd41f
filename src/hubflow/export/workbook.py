"""The plan as an Excel workbook (``plan.xlsx``): the KPIs first, then one sheet per table.

Every sheet has a bold, frozen header row with a filter, column widths that fit the content,
real dates (scenario-local time, as the CSV files) and number formats with units in the header.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from numbers import Integral, Real
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format

from hubflow.kpi import Kpis
from hubflow.model import Plan, Scenario
from hubflow.report.breakdown import order_figures
from hubflow.report.fmt import at
from hubflow.report.names import mode_name
from hubflow.report.render import COST_LABELS
from hubflow.report.tables import commodities_by_departure

DATE = "yyyy-mm-dd hh:mm"
TONNES = "#,##0.0"
MONEY = "#,##0"
INT = "#,##0"
PCT = "0.0%"
MAX_WIDTH = 60


@dataclass(frozen=True, slots=True)
class Column:
    """A column heading and the Excel number format of its cells ("" for text)."""

    head: str
    fmt: str = ""


def write_plan_workbook(scenario: Scenario, plan: Plan, kpis: Kpis, path: str | Path) -> Path:
    """Write ``plan.xlsx`` at ``path`` and return the path.

    XlsxWriter streams the rows (``constant_memory``) rather than keeping a cell object each:
    a sheet with one row per leg of a 10,000-order week takes a second, not ten."""
    out = Path(path)
    wb = _Book(out)
    c = scenario.parameters.currency
    kpi_rows = _kpis(kpis)
    _sheet(
        wb,
        "KPIs",
        [Column("KPI"), Column("Value"), Column("Unit")],
        [r[:3] for r in kpi_rows],
        row_formats=[r[3] or "General" for r in kpi_rows],  # the Value column mixes units
    )
    _sheet(
        wb,
        "Costs",
        [Column("Cost item"), Column(f"Cost ({c})", MONEY)],
        [(COST_LABELS.get(item, item), value) for item, value in kpis.cost.items()],
    )
    _sheet(wb, "Departures", *_departures(scenario, plan))
    _sheet(wb, "Itineraries", *_legs(scenario, plan))
    _sheet(wb, "Orders", *_orders(scenario, plan))
    _sheet(
        wb,
        "Unserved",
        [Column("Order"), Column("Tonnes (t)", TONNES), Column("Reason"), Column("Detail")],
        [(u.order, u.tonnes, str(u.reason), u.detail) for u in plan.unserved],
    )
    _sheet(wb, "Truck routes", *_routes(scenario, plan))
    wb.close()
    return out


def _local(scenario: Scenario, minutes: float) -> datetime:
    """Scenario-local wall-clock time without an offset (Excel has no time zones)."""
    return at(scenario, minutes).replace(tzinfo=None)


class _Book:
    """An XlsxWriter workbook with its cell formats made once per number format (bold or not)."""

    def __init__(self, path: Path) -> None:
        # text stays text: an order id "=..." is no formula, a URL in a note no hyperlink
        text = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
        self.wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, **text})
        self.formats: dict[tuple[str, bool], Format] = {}

    def style(self, fmt: str = "", *, bold: bool = False) -> Format:
        key = (fmt, bold)
        if key not in self.formats:
            spec: dict[str, object] = {"bold": True} if bold else {}
            if fmt and fmt != "General":
                spec["num_format"] = fmt
            self.formats[key] = self.wb.add_format(spec)
        return self.formats[key]

    def close(self) -> None:
        self.wb.close()


def _sheet(
    wb: _Book,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence],
    row_formats: Sequence[str] = (),
) -> None:
    """A sheet with a bold, frozen, filtered header row and widths fitted to the content;
    ``row_formats`` gives the second column's number format row by row, where it mixes units."""
    table = [[_cell(v) for v in row] for row in rows]
    widths = [len(col.head) for col in columns]
    for row in table:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], _width(value))
    ws = wb.wb.add_worksheet(title)
    for i, w in enumerate(widths):
        ws.set_column(i, i, min(MAX_WIDTH, w + 2))
    ws.freeze_panes(1, 0)
    if table:
        ws.autofilter(0, 0, len(table), len(columns) - 1)
    ws.write_row(0, 0, [col.head for col in columns], wb.style(bold=True))
    body = [wb.style(col.fmt) for col in columns]
    for r, row in enumerate(table, start=1):
        formats = body
        if row_formats:
            formats = [body[0], wb.style(row_formats[r - 1]), *body[2:]]
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value, formats[c])


def _cell(value: object) -> object:
    """A value as a cell holds it: numbers as Python numbers, NaN and infinities blank."""
    if isinstance(value, bool) or value is None or isinstance(value, str | datetime):
        return value
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, Real):
        x = float(value)
        return x if math.isfinite(x) else None
    return str(value)


def _width(value: object) -> int:
    """Characters a cell needs as Excel shows it."""
    if isinstance(value, datetime):
        return 16
    if isinstance(value, float):
        return len(f"{value:,.1f}")
    if isinstance(value, int):
        return len(f"{value:,}")
    return len(str(value)) if value is not None else 0


def _kpis(k: Kpis) -> list[tuple[str, object, str, str]]:
    """(KPI, value, unit, number format); a missing value reads "none"."""
    c = k.currency
    rows: list[tuple[str, object, str, str]] = [
        ("Orders", k.orders, "count", INT),
        ("Orders delivered in full", k.delivered_orders, "count", INT),
        ("Orders delivered in part", k.partly_delivered_orders, "count", INT),
        ("Orders unserved", k.unserved_orders, "count", INT),
        ("On time", k.on_time_pct / 100, "share of orders", PCT),
        ("Tonnes ordered", k.tonnes, "t", TONNES),
        ("Tonnes delivered", k.tonnes_delivered, "t", TONNES),
        ("Total cost", k.total_cost, c, MONEY),
        ("Unserved penalty", k.unserved_penalty, c, MONEY),
        ("Objective (total cost + unserved penalty)", k.objective, c, MONEY),
        ("Lower bound on the objective", k.lower_bound, c, MONEY),
        ("Gap", None if k.gap_pct is None else k.gap_pct / 100, "of the objective", "0.00%"),
        ("CO2e", k.co2e_t, "t", TONNES),
        ("Tonne-km", k.tonne_km, "t·km", INT),
        ("Peak yard, all hubs", k.peak_yard_m2, "m²", INT),
        ("Own-fleet truck routes", k.truck_routes, "count", INT),
        ("Own-fleet saving", k.fleet_saving, c, MONEY),
        ("Solve time", k.solve_seconds, "s", "0.0"),
        ("Status", str(k.status), "", ""),
    ]
    return [(name, "none" if v is None else v, unit, fmt) for name, v, unit, fmt in rows]


def _departures(scenario: Scenario, plan: Plan) -> tuple[list[Column], list[tuple]]:
    goods = commodities_by_departure(scenario, plan)
    cols = [
        Column("Departure", DATE),
        Column("Arrival", DATE),
        Column("Mode"),
        Column("From"),
        Column("To"),
        Column("Commodity"),
        Column("Vehicles", INT),
        Column("Load (t)", TONNES),
        Column("Capacity (t)", TONNES),
        Column("Load factor", PCT),
        Column("Service id"),
    ]
    rows = [
        (
            _local(scenario, r.departure),
            _local(scenario, r.arrival),
            mode_name(r.mode),
            scenario.site(r.origin).name,
            scenario.site(r.destination).name,
            goods.get((r.service, r.departure), ""),
            r.vehicles,
            r.load_t,
            r.capacity_t,
            r.load_t / r.capacity_t if r.capacity_t else 0.0,
            r.service,
        )
        for r in sorted(plan.departures, key=lambda r: (r.departure, r.service))
    ]
    return cols, rows


def _legs(scenario: Scenario, plan: Plan) -> tuple[list[Column], list[tuple]]:
    cols = [
        Column("Order"),
        Column("Leg", INT),
        Column("Mode"),
        Column("From"),
        Column("To"),
        Column("Departure", DATE),
        Column("Arrival", DATE),
        Column("Tonnes (t)", TONNES),
        Column("Service id"),
    ]
    rows = [
        (
            it.order,
            n,
            mode_name(leg.mode),
            scenario.site(leg.origin).name,
            scenario.site(leg.destination).name,
            _local(scenario, leg.departure),
            _local(scenario, leg.arrival),
            leg.tonnes,
            leg.service,
        )
        for it in sorted(plan.itineraries, key=lambda it: it.order)
        for n, leg in enumerate(sorted(it.legs, key=lambda leg: (leg.departure, leg.service)), 1)
    ]
    return cols, rows


def _orders(scenario: Scenario, plan: Plan) -> tuple[list[Column], list[tuple]]:
    c = scenario.parameters.currency
    figures = order_figures(scenario, plan)
    names = {x.id: x.name for x in scenario.commodities}
    delivered = {it.order: it.delivered for it in plan.itineraries}
    cols = [
        Column("Order"),
        Column("Commodity"),
        Column("From"),
        Column("To"),
        Column("Tonnes ordered (t)", TONNES),
        Column("Tonnes delivered (t)", TONNES),
        Column("Release", DATE),
        Column("Due", DATE),
        Column("Delivered", DATE),
        Column("On time"),
        Column(f"Cost ({c})", MONEY),
        Column(f"Cost per tonne ({c}/t)", MONEY),
        Column("CO2e (kg)", INT),
    ]
    rows = []
    for o in scenario.orders:
        f = figures.get(o.id)
        rows.append(
            (
                o.id,
                names.get(o.commodity, o.commodity),
                scenario.site(o.origin).name,
                scenario.site(o.destination).name,
                o.tonnes,
                f.delivered_t if f else 0.0,
                _local(scenario, o.release),
                _local(scenario, o.due),
                _local(scenario, delivered[o.id]) if o.id in delivered else None,
                "yes" if f and f.on_time else "no",
                f.cost if f else 0.0,
                f.cost / f.delivered_t if f and f.delivered_t else None,
                f.co2e_kg if f else 0.0,
            )
        )
    return cols, rows


def _routes(scenario: Scenario, plan: Plan) -> tuple[list[Column], list[tuple]]:
    c = scenario.parameters.currency
    cols = [
        Column("Route", INT),
        Column("Fleet"),
        Column("Leaves depot", DATE),
        Column("Back", DATE),
        Column("Stops"),
        Column("Distance (km)", "#,##0.0"),
        Column(f"Cost ({c})", MONEY),
    ]
    rows = [
        (
            n,
            r.fleet,
            _local(scenario, r.start),
            _local(scenario, r.end),
            " → ".join(
                "reload" if x.action == "reload" else f"{scenario.site(x.site).name} ({x.action})"
                for x in r.stops
            ),
            r.distance_km,
            r.cost,
        )
        for n, r in enumerate(plan.routes, start=1)
    ]
    return cols, rows
