"""The plan by commodity, by customer (destination) and the scrap loop, from per-order figures.

Each order's cost is what its legs cost: tariffs per tonne and per tonne-km, its share (by tonnes)
of each departure's vehicle and departure costs, handling at the hubs it passes, lateness and
its carbon at the scenario's carbon price. Storage is not split by order (it stays in the cost
breakdown), so these costs add up to the total cost less storage.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from hubflow.distances import service_distance_km
from hubflow.emissions import handling_co2e_kg, leg_co2e_kg
from hubflow.model import Order, Plan, Scenario
from hubflow.model.handling import clearance
from hubflow.report import tables
from hubflow.report.fmt import esc, num
from hubflow.report.names import mode_name, site_name

ALLOCATION_NOTE = (
    "Cost per order: tariffs, its tonnes' share of each vehicle and departure it rides, "
    "handling at hubs, lateness and carbon; storage is not split by order."
)


@dataclass(frozen=True, slots=True)
class OrderFigures:
    """What one order got from the plan."""

    delivered_t: float
    cost: float
    co2e_kg: float
    on_time: bool
    modes: tuple[str, ...]  # modes of its legs, in order of departure
    hubs: tuple[str, ...]  # sites where it changes departure


def order_figures(scenario: Scenario, plan: Plan) -> dict[str, OrderFigures]:
    """Order id -> its delivered tonnes, cost, CO2e and on-time flag (see the module note)."""
    p = scenario.parameters
    services = {s.id: s for s in scenario.services}
    dist = {s.id: service_distance_km(scenario, s) for s in scenario.services}
    runs = {(r.service, r.departure): r for r in plan.departures}
    orders = {o.id: o for o in scenario.orders}
    short = {u.order for u in plan.unserved}
    out: dict[str, OrderFigures] = {}
    for it in plan.itineraries:
        order = orders[it.order]
        cost = co2 = 0.0
        legs = sorted(it.legs, key=lambda leg: (leg.departure, leg.service))
        for leg in legs:
            svc = services[leg.service]
            cost += (svc.cost_per_t + svc.cost_per_tkm * dist[svc.id]) * leg.tonnes
            run = runs.get((leg.service, leg.departure))
            if run is not None and run.load_t > 0:
                fixed = svc.fixed_cost * run.vehicles + svc.departure_cost
                cost += fixed * leg.tonnes / run.load_t
            co2 += leg_co2e_kg(svc, leg.tonnes, dist[svc.id])
            if leg.origin != order.origin:
                hub = scenario.site(leg.origin)
                cost += hub.handling_cost_per_t * leg.tonnes
                co2 += handling_co2e_kg(hub, leg.tonnes)
            cleared = clearance(scenario, svc)
            cost += cleared.cost_per_t * leg.tonnes
            co2 += cleared.co2e_kg_per_t * leg.tonnes
            if leg.destination == order.destination:
                late_h = max(0, leg.arrival - order.due) / 60
                cost += p.lateness_cost_per_t_hour * late_h * leg.tonnes
        cost += p.carbon_price * co2 / 1000
        out[it.order] = OrderFigures(
            delivered_t=it.tonnes,
            cost=cost,
            co2e_kg=co2,
            on_time=it.late_minutes == 0 and it.order not in short,
            modes=tuple(dict.fromkeys(leg.mode for leg in legs)),
            hubs=tuple(dict.fromkeys(leg.origin for leg in legs if leg.origin != order.origin)),
        )
    return out


@dataclass(frozen=True, slots=True)
class Row:
    """Totals over a group of orders."""

    orders: int
    tonnes: float  # ordered
    delivered_t: float
    cost: float
    co2e_kg: float
    on_time: int


def group_orders(
    orders: Iterable[Order], figures: dict[str, OrderFigures], key: Callable[[Order], str]
) -> dict[str, Row]:
    acc: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0.0, 0.0, 0])
    for o in orders:
        f = figures.get(o.id)
        a = acc[key(o)]
        a[0] += 1
        a[1] += o.tonnes
        if f is not None:
            a[2] += f.delivered_t
            a[3] += f.cost
            a[4] += f.co2e_kg
            a[5] += f.on_time
    return {k: Row(int(a[0]), a[1], a[2], a[3], a[4], int(a[5])) for k, a in acc.items()}


def group_table(rows: dict[str, Row], first: str, currency: str) -> str:
    """One line per group, largest tonnage first, with a total line."""
    head = (
        first,
        "Orders",
        "Tonnes ordered",
        "Tonnes delivered",
        f"Cost ({currency})",
        f"Cost per tonne ({currency}/t)",
        "On time",
        "CO2e (t)",
        "CO2e per tonne (kg/t)",
    )
    total = Row(
        sum(r.orders for r in rows.values()),
        sum(r.tonnes for r in rows.values()),
        sum(r.delivered_t for r in rows.values()),
        sum(r.cost for r in rows.values()),
        sum(r.co2e_kg for r in rows.values()),
        sum(r.on_time for r in rows.values()),
    )
    ordered = sorted(rows.items(), key=lambda kv: (-kv[1].tonnes, kv[0]))
    body = [_row(name, r) for name, r in ordered] + [_row("All", total)]
    return tables.table(head, body, numeric=set(range(1, 9)), total_row=True)


def _row(name: str, r: Row) -> tuple[object, ...]:
    per_t = r.cost / r.delivered_t if r.delivered_t else None
    co2_per_t = r.co2e_kg / r.delivered_t if r.delivered_t else None
    return (
        name,
        r.orders,
        num(r.tonnes, 1),
        num(r.delivered_t, 1),
        num(r.cost),
        "–" if per_t is None else num(per_t),
        f"{100 * r.on_time / r.orders:.0f} %" if r.orders else "–",
        num(r.co2e_kg / 1000, 1),
        "–" if co2_per_t is None else num(co2_per_t, 1),
    )


def by_commodity(scenario: Scenario, figures: dict[str, OrderFigures]) -> str:
    names = {c.id: c.name for c in scenario.commodities}
    rows = group_orders(scenario.orders, figures, lambda o: names.get(o.commodity, o.commodity))
    return group_table(rows, "Commodity", scenario.parameters.currency)


def by_customer(scenario: Scenario, figures: dict[str, OrderFigures]) -> str:
    rows = group_orders(
        scenario.orders, figures, lambda o: site_name(scenario, o.destination, short=False)
    )
    return group_table(rows, "Customer (destination)", scenario.parameters.currency)


def is_scrap(scenario: Scenario, order: Order) -> bool:
    c = scenario.commodity_index.get(order.commodity)
    return "scrap" in order.commodity.lower() or (c is not None and "scrap" in c.name.lower())


def scrap_loop(scenario: Scenario, plan: Plan, figures: dict[str, OrderFigures]) -> str:
    """Inbound scrap: tonnes from each recycler to each smelter, how it travels, on time."""
    scrap = [o for o in scenario.orders if is_scrap(scenario, o)]
    if not scrap:
        return '<p class="empty">No scrap orders in this scenario.</p>'
    lanes: dict[tuple[str, str], list[Order]] = defaultdict(list)
    for o in scrap:
        lanes[(o.origin, o.destination)].append(o)
    rows = []
    for (a, b), orders in sorted(lanes.items(), key=lambda kv: -sum(o.tonnes for o in kv[1])):
        figs = [figures[o.id] for o in orders if o.id in figures]
        via = sorted({" → ".join(mode_name(m) for m in f.modes) for f in figs})
        hubs = sorted({site_name(scenario, h) for f in figs for h in f.hubs})
        rows.append(
            (
                site_name(scenario, a),
                site_name(scenario, b),
                len(orders),
                num(sum(o.tonnes for o in orders), 1),
                num(sum(f.delivered_t for f in figs), 1),
                "; ".join(via) or "–",
                ", ".join(hubs) or "direct",
                f"{sum(f.on_time for f in figs)} of {len(orders)}",
            )
        )
    ordered_t = sum(o.tonnes for o in scrap)
    delivered = sum(figures[o.id].delivered_t for o in scrap if o.id in figures)
    sources = {o.origin for o in scrap}
    sinks = {o.destination for o in scrap}
    lead = (
        f'<p class="lead">{esc(num(ordered_t, 0))} t of scrap from {len(sources)} '
        f"recycler{'s' if len(sources) != 1 else ''} to {len(sinks)} smelter"
        f"{'s' if len(sinks) != 1 else ''} and remelting plants; {esc(num(delivered, 0))} t "
        "delivered in the plan.</p>"
    )
    head = ("From", "To", "Orders", "Tonnes ordered", "Tonnes delivered", "By", "Via", "On time")
    return lead + tables.table(head, rows, numeric={2, 3, 4})
