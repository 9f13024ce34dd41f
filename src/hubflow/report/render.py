"""Assemble the report from the scenario, the plan and its KPIs."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from hubflow.kpi import Kpis
from hubflow.model import MODES, Plan, Scenario
from hubflow.report import breakdown, charts, html, tables, timeline
from hubflow.report.fmt import at, compact, esc, money, num, short_money
from hubflow.report.map import ATTRIBUTION, render_map
from hubflow.report.names import mode_name, scenario_title, service_names
from hubflow.report.palette import OTHER_COLOUR, mode_colour, mode_order

COST_LABELS = {
    "departure": "Departure charges (trains chartered)",
    "vehicle_fixed": "Vehicles (per truck, wagon, flight)",
    "per_tonne": "Tariffs per tonne",
    "per_tonne_km": "Tariffs per tonne-km",
    "handling": "Handling at hubs",
    "storage": "Yard storage",
    "lateness": "Lateness",
    "carbon": "Carbon price",
}
YARD_COLOUR = "#3b6fb6"

if TYPE_CHECKING:
    from hubflow.sweep.land import LandValues


def render_report(
    scenario: Scenario,
    plan: Plan,
    kpis: Kpis,
    *,
    generated: datetime | None = None,
    land: LandValues | None = None,
) -> str:
    """The whole report as one self-contained HTML document (inline CSS, SVG and a few lines
    of inline script for the order search; nothing fetched). ``generated`` stamps the page;
    ``land`` (``hubflow land``'s values) completes the Land section."""
    p = scenario.parameters
    stamp = (generated or datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M")
    end = p.start + timedelta(days=p.horizon_days)
    title = scenario_title(p.name)
    header = (
        f"<h1>{esc(title)}: freight plan</h1><p>{len(scenario.orders)} orders, "
        f"{esc(num(kpis.tonnes, 0))} t, planned over {esc(num(p.horizon_days, 0))} days from "
        f"{esc(p.start.strftime('%a %Y-%m-%d'))} to {esc(end.strftime('%a %Y-%m-%d'))} "
        f"(local time {esc(p.start.strftime('%z'))}) · solver {esc(plan.solver)} "
        f'<span class="status">{esc(plan.status)}</span> · report generated {esc(stamp)}</p>'
    )
    from hubflow.sweep.land_section import land_section  # the Land fragment lives with sweeps

    figures = breakdown.order_figures(scenario, plan)
    body = [
        html.section("kpis", "Key figures", _kpi_cards(kpis) + _glossary(scenario, kpis)),
        html.section("map", "Sites and flows", render_map(scenario, plan)),
        html.section("gantt", "Departures run, day by day", timeline.gantt_section(scenario, plan)),
        html.section("hubs", "Busiest days at each hub", timeline.busiest_days(scenario, plan)),
        html.section(
            "commodities",
            "By commodity",
            breakdown.by_commodity(scenario, figures)
            + f'<p class="note">{esc(breakdown.ALLOCATION_NOTE)}</p>',
        ),
        html.section(
            "customers",
            "By customer",
            html.collapsible(
                f"{len({o.destination for o in scenario.orders})} destinations",
                breakdown.by_customer(scenario, figures),
                open_=True,
            ),
        ),
        html.section("scrap", "The scrap loop", breakdown.scrap_loop(scenario, plan, figures)),
        html.section("costs", "Cost breakdown", _costs(kpis)),
        html.section("modes", "Transport by mode", _modes(kpis)),
        html.section("load", "Load factors and vehicles", _load(scenario, kpis)),
        html.section("yard", "Yard occupancy", _yards(scenario, kpis)),
        html.section("land", "Land", land_section(scenario, kpis, land)),
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
                f"{len(plan.itineraries)} itineraries",
                tables.itineraries_table(scenario, plan),
                open_=True,
            ),
        ),
    ]
    footer = (
        f"hubflow report for scenario {esc(p.name)} · currency {esc(p.currency)} · "
        f"carbon price {esc(num(p.carbon_price))} {esc(p.currency)}/t CO2e · "
        f"{esc(ATTRIBUTION)}"
    )
    return html.page(f"{title}: freight plan", header, body, footer, tables.SEARCH_SCRIPT)


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
    c = k.currency
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
                short_money(k.total_cost, c),
                f"{num(k.total_cost / k.tonnes_delivered if k.tonnes_delivered else 0)} {c}/t "
                "delivered",
                money(k.total_cost, c),
            ),
            html.card(
                "Objective",
                "none" if k.objective is None else short_money(k.objective, c),
                "total cost + unserved penalty",
                "" if k.objective is None else money(k.objective, c),
            ),
            html.card(
                "Lower bound",
                "none" if k.lower_bound is None else short_money(k.lower_bound, c),
                "no solution" if k.gap_pct is None else f"gap {k.gap_pct:.2f} % on the objective",
                "" if k.lower_bound is None else money(k.lower_bound, c),
            ),
            html.card(
                "CO2e",
                f"{num(k.co2e_t, 1)} t",
                f"{num(1000 * k.co2e_t / k.tonnes_delivered if k.tonnes_delivered else 0, 1)} "
                "kg/t delivered",
            ),
            html.card(
                "Tonne-km",
                f"{compact(k.tonne_km)} t·km",
                f"{num(k.tonnes_delivered, 1)} t delivered",
                f"{num(k.tonne_km)} t·km",
            ),
            html.card("Peak yard", f"{num(k.peak_yard_m2)} m²", "all hub yards together"),
            html.card("Solve time", f"{k.solve_seconds:.1f} s", k.status),
            html.card(
                "Unserved orders",
                num(k.unserved_orders),
                f"{num(k.unserved_tonnes, 1)} t, penalty {short_money(k.unserved_penalty, c)}"
                if k.unserved_penalty
                else "every order served",
            ),
        ]
    )


def _glossary(scenario: Scenario, k: Kpis) -> str:
    c = k.currency
    p = scenario.parameters
    return html.glossary(
        [
            (
                "Total cost",
                "what the delivered freight costs: vehicles, tariffs, handling, yard storage, "
                "lateness and the carbon price (see the cost breakdown).",
            ),
            (
                "Objective",
                "what the planner minimises: the total cost plus a penalty of "
                f"{num(p.unserved_cost_per_t)} {c} per tonne left unserved "
                f"({money(k.unserved_penalty, c)} here).",
            ),
            (
                "Lower bound, gap",
                "no plan can have an objective below the lower bound; the gap is how far the "
                "objective may still be from the best possible.",
            ),
            ("On time", "every tonne of the order delivered by its due time."),
            (
                "Load factor",
                "tonnes carried ÷ capacity of the vehicles sent, over the departures run.",
            ),
            (
                "CO2e",
                "well-to-wheel greenhouse gases of transport and hub handling (GLEC factors).",
            ),
        ]
    )


def _costs(k: Kpis) -> str:
    c = k.currency
    keys = [x for x in COST_LABELS if x in k.cost] + [x for x in k.cost if x not in COST_LABELS]
    spent = [x for x in keys if abs(k.cost[x]) > 0.005]
    zero = [COST_LABELS.get(x, x) for x in keys if x not in spent]
    bars = [
        charts.Bar(
            COST_LABELS.get(x, x),
            k.cost[x],
            "#3b6fb6",
            f"{COST_LABELS.get(x, x)}: {money(k.cost[x], c)}",
        )
        for x in spent
    ]
    chart = charts.bar_chart(bars, label=lambda v: short_money(v, c))
    total = (
        f'<p class="note">Total cost {esc(money(k.total_cost, c))}, in {esc(c)}.'
        + (f" Nothing spent on: {esc(', '.join(zero).lower())}." if zero else "")
        + "</p>"
    )
    return chart + total


def _by_mode(values: dict[str, float], unit: str, digits: int) -> str:
    bars = [
        charts.Bar(
            mode_name(m),
            values[m],
            mode_colour(m) if m in MODES else OTHER_COLOUR,
            f"{mode_name(m)}: {num(values[m], digits)} {unit}",
        )
        for m in mode_order(values)
    ]
    return charts.bar_chart(bars, label=lambda v: f"{compact(v)} {unit}")


def _modes(k: Kpis) -> str:
    return (
        '<div class="grid2"><div><h3>Tonne-km by mode (t·km)</h3>'
        + _by_mode(k.tonne_km_by_mode, "t·km", 0)
        + "</div><div><h3>CO2e by mode (t)</h3>"
        + _by_mode(k.co2e_t_by_mode, "t", 2)
        + "</div></div>"
    )


def _load(scenario: Scenario, k: Kpis) -> str:
    """Load factor by mode, then per scheduled service (road corridors folded away)."""
    mode_of = {s.id: s.mode for s in scenario.services}
    names = service_names(scenario)

    def bars(ids: list[str]) -> list[charts.Bar]:
        return [
            charts.Bar(
                names.get(s, s),
                100 * k.load_factor_by_service[s],
                mode_colour(mode_of.get(s, "")),
                f"{names.get(s, s)} ({s}): {100 * k.load_factor_by_service[s]:.1f} %",
            )
            for s in ids
        ]

    order = {m: i for i, m in enumerate(mode_order(mode_of.values()))}
    ids = sorted(k.load_factor_by_service, key=lambda s: (order[mode_of[s]], names[s]))
    scheduled = [s for s in ids if mode_of[s] != "road"]
    road = [s for s in ids if mode_of[s] == "road"]
    pct = lambda v: f"{v:.0f} %"  # noqa: E731
    by_mode = [
        charts.Bar(mode_name(m), 100 * v, mode_colour(m), f"{mode_name(m)}: {100 * v:.1f} %")
        for m, v in sorted(k.load_factor_by_mode.items(), key=lambda kv: order.get(kv[0], 99))
    ]
    vehicles = {m: float(v) for m, v in k.vehicles_by_mode.items()}
    out = (
        '<div class="grid2"><div><h3>Load factor by mode (%)</h3>'
        + charts.bar_chart(by_mode, label=pct, max_value=100.0)
        + "</div><div><h3>Vehicles sent by mode (count)</h3>"
        + _by_mode(vehicles, "", 0)
        + "</div></div>"
    )
    if scheduled:
        out += "<h3>Load factor per scheduled service (%)</h3>" + charts.bar_chart(
            bars(scheduled), label=pct, max_value=100.0
        )
    if road:
        out += html.collapsible(
            f"Load factor per road corridor (%), {len(road)} corridors",
            charts.bar_chart(bars(road), label=pct, max_value=100.0),
        )
    return out + _pools(scenario, k) + _balances(scenario, k)


def _balances(scenario: Scenario, k: Kpis) -> str:
    """Each balance (balances.csv): vehicles out and back, loaded or empty, and what the empty
    running costs."""
    if not scenario.balances:
        return ""
    rows = []
    for b in scenario.balances:
        f = k.balances.get(b.id, {})
        rows.append(
            [
                b.id,
                num(f.get("vehicles_out", 0.0), 0),
                num(f.get("vehicles_back_loaded", 0.0), 0),
                num(f.get("vehicles_back_empty", 0.0), 0),
                num(f.get("empty_vehicle_km", 0.0), 0),
                num(f.get("empty_co2e_t", 0.0), 2),
                num(f.get("repositioning_cost", 0.0), 0),
            ]
        )
    head = ["Balance", "out", "back loaded", "back empty", "empty km", "t CO2e", "repositioning"]
    return "<h3>Vehicles that come back (balances)</h3>" + tables.table(
        head, rows, numeric={1, 2, 3, 4, 5, 6}, ids={0}
    )


def _pools(scenario: Scenario, k: Kpis) -> str:
    """Each shared capacity (pools.csv): its limit and the use of its busiest day or week."""
    if not scenario.pools:
        return ""
    rows = []
    for pool in scenario.pools:
        used = k.pool_peak_vehicles if pool.unit == "vehicles" else k.pool_peak_t
        unit = "vehicles" if pool.unit == "vehicles" else "t"
        share = 100 * used.get(pool.id, 0.0) / pool.limit if pool.limit else 0.0
        rows.append(
            [
                pool.id,
                f"{len(pool.services)}",
                f"{num(pool.limit, 0)} {unit} a {pool.period}",
                f"{num(k.pool_peak_t.get(pool.id, 0.0), 0)} t",
                f"{num(k.pool_peak_vehicles.get(pool.id, 0.0), 0)}",
                f"{share:.0f} %",
            ]
        )
    head = ["Pool", "services", "limit", "busiest period", "vehicles", "of the limit"]
    return "<h3>Shared capacity (pools)</h3>" + tables.table(
        head, rows, numeric={1, 3, 4, 5}, ids={0}
    )


def _yards(scenario: Scenario, k: Kpis) -> str:
    p = scenario.parameters
    step = p.time_step_minutes
    n = max(1, round(p.horizon_days * 1440 / step))  # samples over the planning horizon
    charts_html, idle = [], []
    for site_id, full in sorted(
        k.yard_series_m2.items(), key=lambda kv: (-max(kv[1], default=0), kv[0])
    ):
        site = scenario.site(site_id)
        values = list(full[:n])
        if not any(values):
            idle.append(site.name)
            continue
        day = max(1, 1440 // step)  # samples per day
        every = day * max(1, -(-n // (day * 8)))  # at most ~8 day ticks
        ticks = list(range(0, n, every))

        def label(i: int) -> str:
            return at(scenario, i * step).strftime("%a %d")

        peak = max(values, default=0.0)
        avg = sum(values) / len(values)
        limit = f"; limit {num(site.yard_m2)} m²" if site.yard_m2 is not None else ""
        charts_html.append(
            f'<div><h3>{esc(site.name)}</h3><p class="note">peak {esc(compact(peak))} m², '
            f"average {esc(compact(avg))} m² over the {esc(num(p.horizon_days, 0))} days"
            f"{esc(limit)}</p>"
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
        f'<p class="note">Yard area occupied (m²) over the planning horizon, sampled every '
        f"{step} min from {esc(p.start.strftime('%Y-%m-%d %H:%M %z'))}; averages are over the "
        "whole horizon; dashed line: yard limit.</p>"
    )
    return f'<div class="grid2">{"".join(charts_html)}</div>{note}'
