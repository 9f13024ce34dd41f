"""compare.html: two plans side by side: KPIs with their differences, the two maps, and the
orders whose itinerary changed. One self-contained offline file, like the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hubflow.kpi import Kpis
from hubflow.model import Itinerary, Plan, Scenario
from hubflow.report import html, tables
from hubflow.report.fmt import esc, local_time, num, signed
from hubflow.report.map import render_map
from hubflow.report.names import scenario_title, site_name
from hubflow.report.render import COST_LABELS

MAX_CHANGED = 1000
MAP_WIDTH = 560


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a comparison: its label ("A"), the settings it ran with, and its plan."""

    label: str
    settings: str  # e.g. "example, carbon_price=200"
    scenario: Scenario
    plan: Plan
    kpis: Kpis


@dataclass(frozen=True, slots=True)
class Figure:
    """A KPI row: attribute, label, unit, digits, and whether less is better (None: neutral)."""

    key: str
    label: str
    unit: str
    digits: int = 0
    lower_is_better: bool | None = None


def figures(currency: str) -> tuple[Figure, ...]:
    return (
        Figure("orders", "Orders", "count"),
        Figure("delivered_orders", "Delivered in full", "count", 0, False),
        Figure("partly_delivered_orders", "Delivered in part", "count", 0, True),
        Figure("unserved_orders", "Unserved", "count", 0, True),
        Figure("on_time_pct", "On time", "%", 1, False),
        Figure("tonnes_delivered", "Tonnes delivered", "t", 1, False),
        Figure("total_cost", "Total cost", currency, 0, True),
        Figure("objective", "Objective (total cost + unserved penalty)", currency, 0, True),
        Figure("lower_bound", "Lower bound", currency, 0),
        Figure("gap_pct", "Gap", "%", 2, True),
        Figure("co2e_t", "CO2e", "t", 1, True),
        Figure("tonne_km", "Tonne-km", "t·km", 0),
        Figure("peak_yard_m2", "Peak yard, all hubs", "m²", 0, True),
        Figure("truck_km", "Own-fleet truck km", "km", 0),
        Figure("solve_seconds", "Solve time", "s", 1),
    )


def kpi_table(a: Side, b: Side) -> str:
    """KPIs of A and B with B − A; counts as integers, money with its currency, no "−0"."""
    c = a.kpis.currency
    head = (
        "KPI",
        "Unit",
        f"A: {a.settings}",
        f"B: {b.settings}",
        "B − A",
    )
    rows = []
    for f in figures(c):
        va, vb = getattr(a.kpis, f.key), getattr(b.kpis, f.key)
        rows.append(_kpi_row(f.label, f.unit, va, vb, f.digits, f.lower_is_better))
    for item in a.kpis.cost.keys() | b.kpis.cost.keys():
        va, vb = a.kpis.cost.get(item, 0.0), b.kpis.cost.get(item, 0.0)
        if va or vb:
            label = f"  cost: {COST_LABELS.get(item, item)}"
            rows.append(_kpi_row(label, c, va, vb, 0, True))
    return _diff_table(head, rows)


def _kpi_row(
    label: str, unit: str, va: float | None, vb: float | None, digits: int, lower: bool | None
) -> tuple[str, str, str, str, str, str]:
    def show(v: float | None) -> str:
        return "none" if v is None else num(v, digits)

    if va is None or vb is None:
        return label, unit, show(va), show(vb), "", ""
    diff = signed(vb - va, digits)
    tone = ""
    if lower is not None and diff not in ("0", num(0, digits)):
        tone = "up" if (vb > va) == lower else "down"  # "up": worse, "down": better
    return label, unit, show(va), show(vb), diff, tone


def _diff_table(head: tuple[str, ...], rows: list[tuple[str, str, str, str, str, str]]) -> str:
    th = "".join(f"<th>{esc(h)}</th>" for h in head)
    body = "".join(
        f'<tr><td>{esc(label)}</td><td>{esc(unit)}</td><td class="num">{esc(va)}</td>'
        f'<td class="num">{esc(vb)}</td><td class="num {tone}">{esc(diff)}</td></tr>'
        for label, unit, va, vb, diff, tone in rows
    )
    return f'<table class="kpis"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def _signature(it: Itinerary | None) -> tuple[tuple[str, int, float], ...]:
    if it is None:
        return ()
    legs = sorted(it.legs, key=lambda leg: (leg.departure, leg.service))
    return tuple((leg.service, leg.departure, round(leg.tonnes, 3)) for leg in legs)


def _legs_text(side: Side, it: Itinerary | None) -> list[str]:
    if it is None:
        return ["not delivered"]
    legs = sorted(it.legs, key=lambda leg: (leg.departure, leg.service))
    return [tables.leg_line(side.scenario, leg) for leg in legs]


def changed_orders(a: Side, b: Side, limit: int = MAX_CHANGED) -> str:
    """Orders whose legs differ between A and B (service, departure or tonnes), by order id."""
    ia = {it.order: it for it in a.plan.itineraries}
    ib = {it.order: it for it in b.plan.itineraries}
    orders = {o.id: o for o in b.scenario.orders} | {o.id: o for o in a.scenario.orders}
    changed = sorted(k for k in orders if _signature(ia.get(k)) != _signature(ib.get(k)))
    if not changed:
        return '<p class="empty">Every order travels the same way in A and B.</p>'
    sc = a.scenario
    rows = []
    for k in changed[:limit]:
        o = orders[k]
        rows.append(
            (
                k,
                f"{site_name(sc, o.origin)} → {site_name(sc, o.destination)}",
                num(o.tonnes, 1),
                _legs_text(a, ia.get(k)),
                _legs_text(b, ib.get(k)),
                local_time(sc, ia[k].delivered) if k in ia else "–",
                local_time(sc, ib[k].delivered) if k in ib else "–",
            )
        )
    head = ("Order", "Route", "Tonnes (t)", "A: legs", "B: legs", "A: delivered", "B: delivered")
    lead = f'<p class="lead">{len(changed)} of {len(orders)} orders travel differently.</p>'
    more = (
        f'<p class="note">The first {limit} by order id are listed.</p>'
        if len(changed) > limit
        else ""
    )
    return (
        lead
        + tables.SEARCH_BOX
        + tables.table(
            head,
            rows,
            numeric={2},
            nowrap={0, 5, 6},
            row_keys=changed[:limit],
            css_class="searchable",
        )
        + more
    )


def render_compare(a: Side, b: Side, *, generated: datetime | None = None) -> str:
    """The comparison page as one self-contained HTML document."""
    stamp = (generated or datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M")
    ta, tb = scenario_title(a.scenario.name), scenario_title(b.scenario.name)
    title = f"{ta}: A vs B" if ta == tb else f"{ta} vs {tb}"
    header = (
        f"<h1>{esc(title)}</h1><p>A: {esc(a.settings)} · B: {esc(b.settings)} · "
        f"differences are B − A · report generated {esc(stamp)}</p>"
    )
    maps = "".join(
        f"<div><h3>{esc(s.label)}: {esc(s.settings)}</h3>"
        f"{render_map(s.scenario, s.plan, width=MAP_WIDTH)}</div>"
        for s in (a, b)
    )
    body = [
        html.section(
            "kpis",
            "Key figures",
            kpi_table(a, b)
            + '<p class="note">Red: B is worse on this figure; green: B is better. Total cost '
            "is what the delivered freight costs; the objective adds the penalty for unserved "
            "tonnes.</p>",
        ),
        html.section("maps", "Sites and flows", f'<div class="pair">{maps}</div>'),
        html.section("changed", "Orders whose itinerary changed", changed_orders(a, b)),
    ]
    footer = "hubflow comparison · offline page, nothing fetched"
    return html.page(title, header, body, footer, tables.SEARCH_SCRIPT)


def write_compare(a: Side, b: Side, path: str | Path) -> Path:
    """Write compare.html at ``path`` (UTF-8) and return the path."""
    out = Path(path)
    out.write_text(render_compare(a, b), encoding="utf-8")
    return out
