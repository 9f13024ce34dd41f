"""Assemble the report from the scenario, the plan and its KPIs."""

from __future__ import annotations

from datetime import datetime, timedelta

from hubflow.kpi import Kpis
from hubflow.model import MODES, Plan, Scenario
from hubflow.report import charts, html, tables
from hubflow.report.fmt import at, compact, esc, money, num
from hubflow.report.map import ATTRIBUTION, render_map
from hubflow.report.palette import OTHER_COLOUR, mode_colour, mode_order

COST_LABELS = {
    "departure": "Departures run",
    "vehicle_fixed": "Vehicle fixed",
    "per_tonne": "Per tonne",
    "per_tonne_km": "Per tonne-km",
    "handling": "Handling",
    "storage": "Storage",
    "lateness": "Lateness",
    "carbon": "Carbon",
}
YARD_COLOUR = "#3b6fb6"


def render_report(
    scenario: Scenario, plan: Plan, kpis: Kpis, *, generated: datetime | None = None
) -> str:
    """The whole report as one self-contained HTML document (inline CSS and SVG, no scripts,
    nothing fetched). ``generated`` stamps the page (default: now)."""
    p = scenario.parameters
    stamp = (generated or datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M")
    end = p.start + timedelta(days=p.horizon_days)
    header = (
        f"<h1>{esc(p.name)}</h1><p>Plan of {len(scenario.orders)} orders, "
        f"{esc(p.start.strftime('%Y-%m-%d'))} to {esc(end.strftime('%Y-%m-%d'))} "
        f"({esc(num(p.horizon_days, 0))} days, {p.time_step_minutes} min steps) · solver "
        f'{esc(plan.solver)} <span class="status">{esc(plan.status)}</span> · '
        f"report generated {esc(stamp)}</p>"
    )
    body = [
        html.section("kpis", "Key figures", _kpi_cards(kpis)),
        html.section("costs", "Cost breakdown", _costs(kpis)),
        html.section("modes", "Transport by mode", _modes(kpis)),
        html.section("load", "Load factors and vehicles", _load(scenario, kpis)),
        html.section("yard", "Yard occupancy", _yards(scenario, kpis)),
        html.section("map", "Sites and flows", render_map(scenario, plan)),
        html.section(
            "departures",
            "Departures run",
            html.collapsible(
                f"{len(plan.departures)} departures",
                tables.departures_table(scenario, plan),
                open_=True,
            ),
        ),
        html.section("trucks", "Own-fleet truck routes", _trucks(scenario, plan, kpis)),
        html.section("unserved", "Unserved orders", tables.unserved_table(scenario, plan)),
        html.section(
            "itineraries",
            "Itineraries",
            html.collapsible(
                f"{len(plan.itineraries)} itineraries", tables.itineraries_table(scenario, plan)
            ),
        ),
    ]
    footer = (
        f"hubflow report for scenario {esc(p.name)} · currency {esc(p.currency)} · "
        f"carbon price {esc(num(p.carbon_price))} {esc(p.currency)}/t CO2e · "
        f"{esc(ATTRIBUTION)}"
    )
    return html.page(f"hubflow · {p.name}", header, body, footer)


def _trucks(scenario: Scenario, plan: Plan, k: Kpis) -> str:
    if not plan.dispatched:
        return '<p class="empty">Truck dispatch was not run for this plan.</p>'
    summary = (
        f'<p class="note">{k.truck_routes} routes, {esc(num(k.truck_km))} km: own fleet '
        f"{esc(money(k.own_fleet_cost, k.currency))} instead of "
        f"{esc(money(k.carrier_cost_replaced, k.currency))} at the road tariff (saving "
        f"{esc(money(k.fleet_saving, k.currency))}); {k.carrier_loads} local loads stay with "
        "carriers.</p>"
    )
    return summary + html.collapsible(
        f"{len(plan.routes)} routes", tables.truck_routes_table(scenario, plan)
    )


def _kpi_cards(k: Kpis) -> str:
    return html.cards(
        [
            html.card(
                "Orders",
                num(k.orders),
                f"{k.delivered_orders} delivered, {k.partly_delivered_orders} in part",
            ),
            html.card("On time", f"{k.on_time_pct:.1f} %", f"{k.on_time_orders} orders"),
            html.card(
                "Total cost",
                money(k.total_cost, k.currency),
                "delivered freight at tariffs, carbon price included",
            ),
            html.card(
                "Objective",
                "none" if k.objective is None else money(k.objective, k.currency),
                "total cost + penalty for unserved tonnes",
            ),
            html.card(
                "Lower bound",
                "none" if k.lower_bound is None else money(k.lower_bound, k.currency),
                "no solution" if k.gap_pct is None else f"gap {k.gap_pct:.2f} % on the objective",
            ),
            html.card("CO2e", f"{num(k.co2e_t, 1)} t"),
            html.card("Tonne-km", num(k.tonne_km), f"{num(k.tonnes_delivered, 1)} t delivered"),
            html.card("Peak yard", f"{num(k.peak_yard_m2)} m²", "all watched yards together"),
            html.card("Solve time", f"{k.solve_seconds:.1f} s", k.status),
            html.card(
                "Unserved orders",
                num(k.unserved_orders),
                f"penalty {num(k.unserved_penalty)}" if k.unserved_penalty else "",
            ),
        ]
    )


def _costs(k: Kpis) -> str:
    keys = [c for c in COST_LABELS if c in k.cost] + [c for c in k.cost if c not in COST_LABELS]
    bars = [
        charts.Bar(
            COST_LABELS.get(c, c),
            k.cost[c],
            "#3b6fb6",
            f"{COST_LABELS.get(c, c)}: {money(k.cost[c], k.currency)}",
        )
        for c in keys
    ]
    total = f'<p class="note">Total {esc(money(k.total_cost, k.currency))}.</p>'
    return charts.bar_chart(bars) + total


def _by_mode(values: dict[str, float], unit: str, digits: int) -> str:
    bars = [
        charts.Bar(
            m,
            values[m],
            mode_colour(m) if m in MODES else OTHER_COLOUR,
            f"{m}: {num(values[m], digits)} {unit}",
        )
        for m in mode_order(values)
    ]
    return charts.bar_chart(bars)


def _modes(k: Kpis) -> str:
    return (
        '<div class="grid2"><div><h3>Tonne-km</h3>'
        + _by_mode(k.tonne_km_by_mode, "t·km", 0)
        + "</div><div><h3>CO2e (t)</h3>"
        + _by_mode(k.co2e_t_by_mode, "t CO2e", 2)
        + "</div></div>"
    )


def _load(scenario: Scenario, k: Kpis) -> str:
    mode_of = {s.id: s.mode for s in scenario.services}
    lf = [
        charts.Bar(
            s,
            100 * v,
            mode_colour(mode_of.get(s, "")),
            f"{s} ({mode_of.get(s, '?')}): {100 * v:.1f} %",
        )
        for s, v in k.load_factor_by_service.items()
    ]
    vehicles = {m: float(v) for m, v in k.vehicles_by_mode.items()}
    return (
        '<div class="grid2"><div><h3>Load factor per service (%)</h3>'
        + charts.bar_chart(lf, label=lambda v: f"{v:.0f} %", max_value=100.0)
        + "</div><div><h3>Vehicles by mode</h3>"
        + _by_mode(vehicles, "vehicles", 0)
        + "</div></div>"
    )


def _yards(scenario: Scenario, k: Kpis) -> str:
    step = scenario.parameters.time_step_minutes
    charts_html, idle = [], []
    for site_id, values in sorted(
        k.yard_series_m2.items(), key=lambda kv: (-max(kv[1], default=0), kv[0])
    ):
        site = scenario.site(site_id)
        if not any(values):
            idle.append(site.name)
            continue
        n = len(values)
        day = max(1, 1440 // step)  # samples per day
        every = day * max(1, -(-n // (day * 8)))  # at most ~8 day ticks
        ticks = list(range(0, n, every)) if n else []

        def label(i: int) -> str:
            return at(scenario, i * step).strftime("%m-%d")

        peak = max(values, default=0.0)
        limit = f", limit {num(site.yard_m2)} m²" if site.yard_m2 is not None else ""
        charts_html.append(
            f"<div><h3>{esc(site.name)} (peak {esc(compact(peak))} m², average "
            f"{esc(compact(k.yard_avg_m2.get(site_id, sum(values) / max(1, n))))} m²"
            f"{esc(limit)})</h3>"
            + charts.line_chart(
                values,
                x_label=label,
                x_ticks=ticks,
                colour=YARD_COLOUR,
                limit=site.yard_m2,
                y_unit="m²",
            )
            + "</div>"
        )
    idle_note = (
        f'<p class="note">Never occupied: {esc(", ".join(sorted(idle)))}.</p>' if idle else ""
    )
    if not charts_html:
        return idle_note or '<p class="empty">No hub or yard to show.</p>'
    note = idle_note + (
        f'<p class="note">m² occupied, sampled every {step} min from '
        f"{esc(scenario.parameters.start.strftime('%Y-%m-%d %H:%M %z'))}; dashed line: "
        "yard limit.</p>"
    )
    return f'<div class="grid2">{"".join(charts_html)}</div>{note}'
