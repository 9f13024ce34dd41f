"""HTML tables: departures run, unserved orders, itineraries (truncated with a note)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from hubflow.model import Plan, Scenario
from hubflow.report.fmt import esc, local_time, num

MAX_ITINERARIES = 500


def table(
    head: Sequence[str], rows: Iterable[Sequence[object]], *, numeric: Collection[int] = frozenset()
) -> str:
    """A plain table; cells are escaped here, columns in ``numeric`` are right-aligned."""
    th = "".join(f"<th>{esc(h)}</th>" for h in head)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="num">{esc(c)}</td>' if i in numeric else f"<td>{esc(c)}</td>"
            for i, c in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    if not body:
        return '<p class="empty">None.</p>'
    return f"<table><thead><tr>{th}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def departures_table(scenario: Scenario, plan: Plan) -> str:
    runs = sorted(plan.departures, key=lambda r: (r.departure, r.service))
    rows = (
        (
            r.service,
            r.mode,
            scenario.site(r.origin).name,
            scenario.site(r.destination).name,
            local_time(scenario, r.departure),
            local_time(scenario, r.arrival),
            r.vehicles,
            num(r.load_t, 1),
            f"{100 * r.load_t / r.capacity_t:.0f} %" if r.capacity_t else "",
        )
        for r in runs
    )
    head = (
        "Service",
        "Mode",
        "From",
        "To",
        "Departure",
        "Arrival",
        "Vehicles",
        "Load t",
        "Load factor",
    )
    return table(head, rows, numeric={6, 7, 8})


def unserved_table(scenario: Scenario, plan: Plan) -> str:
    orders = {o.id: o for o in scenario.orders}

    def route(order_id: str) -> str:
        o = orders.get(order_id)
        if o is None:
            return ""
        return f"{scenario.site(o.origin).name} → {scenario.site(o.destination).name}"

    rows = ((u.order, route(u.order), num(u.tonnes, 1), u.reason, u.detail) for u in plan.unserved)
    return table(("Order", "Route", "Tonnes", "Reason", "Detail"), rows, numeric={2})


def itineraries_table(scenario: Scenario, plan: Plan, limit: int = MAX_ITINERARIES) -> str:
    orders = {o.id: o for o in scenario.orders}
    shown = plan.itineraries[:limit]

    def legs(it_legs: Iterable) -> str:
        return "; ".join(
            f"{leg.service} {local_time(scenario, leg.departure)} → "
            f"{local_time(scenario, leg.arrival)} ({num(leg.tonnes, 1)} t)"
            for leg in sorted(it_legs, key=lambda leg: (leg.departure, leg.service))
        )

    rows = []
    for it in shown:
        o = orders.get(it.order)
        rows.append(
            (
                it.order,
                o.commodity if o else "",
                f"{scenario.site(o.origin).name} → {scenario.site(o.destination).name}"
                if o
                else "",
                num(it.tonnes, 1),
                legs(it.legs),
                local_time(scenario, it.delivered),
                local_time(scenario, o.due) if o else "",
                num(it.late_minutes / 60, 1) if it.late_minutes else "",
            )
        )
    head = ("Order", "Commodity", "Route", "Tonnes", "Legs", "Delivered", "Due", "Late h")
    out = table(head, rows, numeric={3, 7})
    if len(plan.itineraries) > limit:
        out += (
            f'<p class="note">Showing the first {limit} of {len(plan.itineraries)} '
            f"itineraries; plan.json and the CSV files hold all of them.</p>"
        )
    return out


def truck_routes_table(scenario: Scenario, plan: Plan, limit: int = MAX_ITINERARIES) -> str:
    """Own-fleet truck routes: fleet, times, stops in order, km and cost."""
    rows = (
        (
            n,
            r.fleet,
            local_time(scenario, r.start),
            local_time(scenario, r.end),
            " → ".join(
                "reload" if x.action == "reload" else f"{x.site} ({x.action} {num(x.tonnes, 1)} t)"
                for x in r.stops
            ),
            num(r.distance_km, 1),
            num(r.cost, 0),
        )
        for n, r in enumerate(plan.routes[:limit], start=1)
    )
    note = (
        f'<p class="note">First {limit} of {len(plan.routes)} routes; all are in truck_routes.csv.</p>'
        if len(plan.routes) > limit
        else ""
    )
    head = ("#", "Fleet", "Leaves depot", "Back", "Stops", "km", "Cost")
    return table(head, rows, numeric={5, 6}) + note
