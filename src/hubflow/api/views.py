"""HTML pieces of the dashboard's plan and compare pages, drawn with the report's public
functions (cards, map, Gantt, line chart, tables)."""

from __future__ import annotations

from typing import Any

from hubflow.api.planned import Planned
from hubflow.report import charts, html, tables, timeline
from hubflow.report.fmt import at, compact, esc, money, num, short_money
from hubflow.report.map import render_map


def kpi_cards(p: Planned) -> str:
    k = p.kpis
    gap = "no bound" if k.gap_pct is None else f"gap {k.gap_pct:.2f} % on the objective"
    c = k.currency
    return html.cards(
        [
            html.card(
                "Total cost", short_money(k.total_cost, c), "at tariffs", money(k.total_cost, c)
            ),
            html.card(
                "Objective",
                "none" if k.objective is None else short_money(k.objective, c),
                f"cost + unserved penalty; {gap}",
                "" if k.objective is None else money(k.objective, c),
            ),
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


def gantt(p: Planned) -> str:
    """Departures run per corridor: the report's Gantt (scheduled services, then road trucks)."""
    return timeline.gantt_section(p.scenario, p.plan)


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
