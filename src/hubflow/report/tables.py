"""HTML tables: departures run, unserved orders, itineraries (searchable by order id)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence

from hubflow.model import Leg, Plan, Scenario
from hubflow.report.fmt import at, esc, local_time, num
from hubflow.report.names import mode_name, site_name

MAX_ITINERARIES = 2000
UNSERVED_WORDS = {
    "NO_PATH_BEFORE_DUE": "no chain of departures arrives in time",
    "CAPACITY": "the departures are full",
    "YARD_FULL": "a hub's yard is full",
    "TIME_LIMIT": "the solver stopped at its time limit",
    "SOLVER_FAILED": "the solver stopped",
}


def table(
    head: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    numeric: Collection[int] = frozenset(),
    nowrap: Collection[int] = frozenset(),
    ids: Collection[int] = frozenset(),
    total_row: bool = False,
    row_keys: Sequence[str] | None = None,
    css_class: str = "",
) -> str:
    """A plain table; cells are escaped here (a list cell shows one item per line). Columns in
    ``numeric`` are right-aligned, those in ``nowrap`` never wrap (dates), those in ``ids`` are
    small and may break anywhere (ids for searching the CSV files); ``total_row`` sets
    the last row in bold; ``row_keys`` gives each row a ``data-key`` (what search matches)."""
    th = "".join(f"<th>{esc(h)}</th>" for h in head)
    body = []
    for n, row in enumerate(rows):
        cells = []
        for i, c in enumerate(row):
            flags = (("num", i in numeric), ("nw", i in nowrap), ("id", i in ids))
            cls = " ".join(x for x, on in flags if on)
            text = "<br>".join(esc(x) for x in c) if isinstance(c, list) else esc(c)
            cells.append(f'<td class="{cls}">{text}</td>' if cls else f"<td>{text}</td>")
        key = f' data-key="{esc(row_keys[n])}"' if row_keys is not None else ""
        body.append(f"<tr{key}>{''.join(cells)}</tr>")
    if not body:
        return '<p class="empty">None.</p>'
    if total_row:
        body[-1] = body[-1].replace("<tr", '<tr class="total"', 1)
    cls = f' class="{esc(css_class)}"' if css_class else ""
    return f"<table{cls}><thead><tr>{th}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def commodities_by_departure(scenario: Scenario, plan: Plan) -> dict[tuple[str, int], str]:
    """(service, departure) -> the commodity names on board, most tonnes first."""
    orders = {o.id: o for o in scenario.orders}
    names = {c.id: c.name for c in scenario.commodities}
    acc: dict[tuple[str, int], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for it in plan.itineraries:
        c = orders[it.order].commodity
        for leg in it.legs:
            acc[(leg.service, leg.departure)][names.get(c, c)] += leg.tonnes
    return {
        key: ", ".join(n for n, _ in sorted(t.items(), key=lambda kv: (-kv[1], kv[0])))
        for key, t in acc.items()
    }


def departures_table(scenario: Scenario, plan: Plan) -> str:
    """Every departure run, in time order, with what it carries and how full it is."""
    runs = sorted(plan.departures, key=lambda r: (r.departure, r.service))
    goods = commodities_by_departure(scenario, plan)
    rows = (
        (
            local_time(scenario, r.departure),
            local_time(scenario, r.arrival),
            mode_name(r.mode),
            site_name(scenario, r.origin),
            site_name(scenario, r.destination),
            goods.get((r.service, r.departure), ""),
            r.vehicles,
            num(r.load_t, 1),
            f"{100 * r.load_t / r.capacity_t:.0f} %" if r.capacity_t else "",
            r.service,
        )
        for r in runs
    )
    head = (
        "Departure",
        "Arrival",
        "Mode",
        "From",
        "To",
        "Commodity",
        "Vehicles",
        "Load (t)",
        "Load factor",
        "Service id",
    )
    return table(head, rows, numeric={6, 7, 8}, nowrap={0, 1, 2}, ids={9})


def unserved_table(scenario: Scenario, plan: Plan) -> str:
    orders = {o.id: o for o in scenario.orders}

    def route(order_id: str) -> str:
        o = orders.get(order_id)
        if o is None:
            return ""
        return f"{scenario.site(o.origin).name} → {scenario.site(o.destination).name}"

    rows = (
        (
            u.order,
            route(u.order),
            num(u.tonnes, 1),
            f"{UNSERVED_WORDS.get(u.reason, u.reason)} ({u.reason})",
            u.detail,
        )
        for u in plan.unserved
    )
    return table(("Order", "Route", "Tonnes (t)", "Reason", "Detail"), rows, numeric={2})


def itineraries_table(scenario: Scenario, plan: Plan, limit: int = MAX_ITINERARIES) -> str:
    """Each order's legs, with a box that filters the rows by order id (a few lines of inline
    script; without scripts the table simply shows every row)."""
    orders = {o.id: o for o in scenario.orders}
    names = {c.id: c.name for c in scenario.commodities}
    shown = sorted(plan.itineraries, key=lambda it: it.order)[:limit]

    def legs(it_legs: Iterable) -> list[str]:
        return [
            leg_line(scenario, leg)
            for leg in sorted(it_legs, key=lambda leg: (leg.departure, leg.service))
        ]

    rows = []
    for it in shown:
        o = orders.get(it.order)
        rows.append(
            (
                it.order,
                names.get(o.commodity, o.commodity) if o else "",
                f"{site_name(scenario, o.origin)} → {site_name(scenario, o.destination)}"
                if o
                else "",
                num(it.tonnes, 1),
                legs(it.legs),
                local_time(scenario, it.delivered),
                local_time(scenario, o.due) if o else "",
                num(it.late_minutes / 60, 1) if it.late_minutes else "",
            )
        )
    head = ("Order", "Commodity", "Route", "Tonnes (t)", "Legs", "Delivered", "Due", "Late (h)")
    out = SEARCH_BOX + table(
        head,
        rows,
        numeric={3, 7},
        nowrap={0, 5, 6},
        row_keys=[it.order for it in shown],
        css_class="searchable",
    )
    if len(plan.itineraries) > limit:
        out += (
            f'<p class="note">Showing the first {limit} of {len(plan.itineraries)} '
            f"itineraries by order id; plan.json and the CSV files hold all of them.</p>"
        )
    return out


def leg_line(scenario: Scenario, leg: Leg) -> str:
    """ "03-05 08:00 Road truck Luoyang copper processing → Hub warehouse, 44.0 t"."""
    return (
        f"{at(scenario, leg.departure):%m-%d %H:%M} {mode_name(leg.mode)} "
        f"{site_name(scenario, leg.origin)} → {site_name(scenario, leg.destination)}, "
        f"{num(leg.tonnes, 1)} t"
    )


SEARCH_BOX = (
    '<p class="search"><label>Find order: <input type="search" class="order-search" '
    'placeholder="order id, e.g. Z0042" autocomplete="off"></label> '
    '<span class="search-count"></span></p>'
)
SEARCH_SCRIPT = """
document.querySelectorAll('input.order-search').forEach(function (box) {
  var tbl = box.closest('section').querySelector('table.searchable');
  var count = box.closest('p').querySelector('.search-count');
  box.addEventListener('input', function () {
    var q = box.value.trim().toLowerCase(), n = 0;
    tbl.querySelectorAll('tbody tr').forEach(function (tr) {
      var hit = !q || tr.dataset.key.toLowerCase().indexOf(q) >= 0;
      tr.hidden = !hit; n += hit;
    });
    count.textContent = q ? n + ' matching' : '';
  });
});
"""


def truck_routes_table(scenario: Scenario, plan: Plan, limit: int = MAX_ITINERARIES) -> str:
    """Own-fleet truck routes: fleet, times, stops in order, km and cost."""
    rows = (
        (
            n,
            r.fleet,
            local_time(scenario, r.start),
            local_time(scenario, r.end),
            " → ".join(
                "reload"
                if x.action == "reload"
                else f"{site_name(scenario, x.site)} ({x.action} {num(x.tonnes, 1)} t)"
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
    head = (
        "#",
        "Fleet",
        "Leaves depot",
        "Back",
        "Stops",
        "km",
        f"Cost ({scenario.parameters.currency})",
    )
    return table(head, rows, numeric={5, 6}, nowrap={2, 3}) + note
