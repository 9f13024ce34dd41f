"""HTML pieces of the dashboard's plan and compare pages, drawn with the report's public
functions (cards, map, line chart, tables) plus a Gantt of departures the report lacks."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from hubflow.api.planned import Planned
from hubflow.report import charts, html, tables
from hubflow.report.fmt import at, compact, esc, money, num
from hubflow.report.map import render_map
from hubflow.report.palette import mode_colour

GANTT_ROWS = 40  # services shown in the Gantt (those with the most departures)


def kpi_cards(p: Planned) -> str:
    k = p.kpis
    gap = "no bound" if k.gap_pct is None else f"gap {k.gap_pct:.2f} %"
    return html.cards(
        [
            html.card("Total cost", money(k.total_cost, k.currency), gap),
            html.card(
                "On time", f"{k.on_time_pct:.1f} %", f"{k.on_time_orders} of {k.orders} orders"
            ),
            html.card("CO2e", f"{num(k.co2e_t, 1)} t", f"{num(k.tonne_km)} tonne-km"),
            html.card("Peak yard", f"{num(k.peak_yard_m2)} m²", "all hubs together"),
            html.card("Unserved", num(k.unserved_orders), f"{num(k.unserved_tonnes, 1)} t"),
            html.card("Status", k.status, f"{k.solve_seconds:.1f} s"),
        ]
    )


def site_map(p: Planned) -> str:
    return render_map(p.scenario, p.plan)


def gantt(p: Planned, width: int = 1100) -> str:
    """Departures run, one row per service (the busiest ``GANTT_ROWS``), bars from departure
    to arrival in the mode's colour; the title of a bar gives vehicles and load."""
    runs = defaultdict(list)
    for d in p.plan.departures:
        runs[d.service].append(d)
    if not runs:
        return '<p class="empty">No departures run.</p>'
    services = sorted(runs, key=lambda s: (-len(runs[s]), s))[:GANTT_ROWS]
    horizon = p.scenario.parameters.horizon_days * 1440
    end = max([horizon, *(d.arrival for s in services for d in runs[s])])
    left, row = 260, 16
    span = width - left - 10
    height = row * len(services) + 24

    def x(minute: float) -> float:
        return left + span * minute / end

    out = [
        f'<svg class="chart gantt" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img">'
    ]
    for day in range(0, int(end // 1440) + 1):
        xd = x(day * 1440)
        out.append(f'<line class="grid" x1="{xd:.1f}" x2="{xd:.1f}" y1="0" y2="{height - 16}"/>')
        if day % 2 == 0:
            label = at(p.scenario, day * 1440).strftime("%m-%d")
            out.append(f'<text x="{xd:.1f}" y="{height - 4}">{esc(label)}</text>')
    for i, service in enumerate(services):
        y = i * row
        out.append(
            f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">{esc(service[:38])}</text>'
        )
        for d in runs[service]:
            tip = (
                f"{d.service}: {at(p.scenario, d.departure):%m-%d %H:%M} → "
                f"{at(p.scenario, d.arrival):%m-%d %H:%M}, {d.vehicles} vehicle(s), "
                f"{num(d.load_t, 1)} t of {num(d.capacity_t, 1)} t"
            )
            w = max(2.0, x(d.arrival) - x(d.departure))
            out.append(
                f'<rect x="{x(d.departure):.1f}" y="{y + 3}" width="{w:.1f}" height="{row - 5}" '
                f'fill="{esc(mode_colour(d.mode))}"><title>{esc(tip)}</title></rect>'
            )
    out.append("</svg>")
    note = (
        f'<p class="note">The {GANTT_ROWS} busiest of {len(runs)} services.</p>'
        if len(runs) > GANTT_ROWS
        else ""
    )
    return "".join(out) + note


def yard_charts(p: Planned) -> str:
    """Yard occupancy over time for each hub that was used."""
    step = p.scenario.parameters.time_step_minutes
    parts = []
    for hub, values in sorted(p.kpis.yard_series_m2.items()):
        if not any(values):
            continue
        per_day = max(1, 1440 // step)
        every = per_day * max(1, -(-len(values) // (per_day * 8)))  # at most ~8 ticks
        ticks = list(range(0, len(values), every))
        limit = p.scenario.site(hub).yard_m2
        chart = charts.line_chart(
            values,
            x_label=lambda i: at(p.scenario, i * step).strftime("%m-%d"),
            x_ticks=ticks,
            colour="#3b6fb6",
            limit=limit,
            y_unit="m²",
        )
        parts.append(f"<div><h3>{esc(hub)} (peak {esc(compact(max(values)))} m²)</h3>{chart}</div>")
    if not parts:
        return '<p class="empty">No yard was used.</p>'
    return f'<div class="grid2">{"".join(parts)}</div>'


def truck_routes(p: Planned) -> str:
    if not p.plan.routes:
        return '<p class="empty">No own-fleet truck routes in this plan.</p>'
    return tables.truck_routes_table(p.scenario, p.plan)


def departures(p: Planned) -> str:
    return html.collapsible(
        f"{len(p.plan.departures)} departures", tables.departures_table(p.scenario, p.plan)
    )


COMPANY = [
    ("total_cost", "Total cost", 0),
    ("cost_per_t", "Cost per tonne", 1),
    ("on_time_pct", "On time %", 1),
    ("co2e_kg_per_t", "CO2e kg per tonne", 2),
]
CITY = [
    ("yard_m2_days_total", "Yard m²-days (all hubs)", 0),
    ("hub_trucks", "Trucks to/from hubs", 0),
    ("hub_truck_km", "Truck-km to/from hubs", 0),
    ("rail_share_tkm_pct", "Rail share of tonne-km %", 1),
    ("co2e_t", "CO2e t", 1),
]


def comparison(result: dict[str, Any]) -> str:
    """Two tables, the company's and the city's, plans side by side with their differences."""
    plans = result["plans"]

    def cell(value: Any, digits: int) -> str:
        return "–" if value is None else num(value, digits)

    def block(party: str, title: str, rows: list[tuple[str, str, int]]) -> str:
        head = "".join(f"<th>{_plan_label(p)}</th>" for p in plans)
        body = []
        for key, label, digits in rows:
            cells = []
            for i, p in enumerate(plans):
                diff = p["difference"][party].get(key)
                extra = (
                    f' <span class="note">({"+" if diff >= 0 else ""}{cell(diff, digits)})</span>'
                    if i and isinstance(diff, int | float)
                    else ""
                )
                cells.append(f'<td class="num">{cell(p[party].get(key), digits)}{extra}</td>')
            body.append(f"<tr><th>{esc(label)}</th>{''.join(cells)}</tr>")
        if party == "city":
            hubs = sorted({h for p in plans for h in p["city"]["yard_m2_days"]})
            for hub in hubs:
                values = [p["city"]["yard_m2_days"].get(hub) for p in plans]
                if any(values):
                    tds = "".join(f'<td class="num">{cell(v, 0)}</td>' for v in values)
                    body.append(f"<tr><th>&nbsp;&nbsp;yard m²-days at {esc(hub)}</th>{tds}</tr>")
        return (
            f'<h3>{esc(title)}</h3><table class="compare"><tr><th></th>{head}</tr>'
            f"{''.join(body)}</table>"
        )

    return (
        block("company", "For the company (shipper)", COMPANY)
        + block("city", "For the city (hub operator)", CITY)
        + '<p class="note">In brackets: the difference from the first plan.</p>'
    )


def _plan_label(p: dict[str, Any]) -> str:
    price = "" if p.get("carbon_price") is None else f" · carbon price {num(p['carbon_price'])}"
    return f"plan {p['plan_id']} · {esc(p['scenario'])} v{p['version']}{esc(price)}"
