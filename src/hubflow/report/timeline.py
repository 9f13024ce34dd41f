"""The fortnight at a glance: a Gantt of the departures run per corridor, and the busiest days
at each hub. Both run over the planning horizon, one column per day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta

from hubflow.model import DepartureRun, Plan, Scenario
from hubflow.report.fmt import at, compact, esc, local_time, num
from hubflow.report.names import MODE_VEHICLES, mode_name, site_name
from hubflow.report.palette import mode_colour, mode_order

CHAR_PX = 6.4  # a generous width of one 11 px character
DAY = 1440
BLOCK_MINUTES = 12 * 60  # a departure's block; longer transits continue as a thin line


def horizon_minutes(scenario: Scenario) -> int:
    return round(scenario.parameters.horizon_days * DAY)


def day_label(scenario: Scenario, day: int) -> str:
    """ "Mon 02": weekday and day of month of the horizon's ``day``-th day (0-based)."""
    return (scenario.parameters.start + timedelta(days=day)).strftime("%a %d")


def gantt(
    scenario: Scenario, runs: Sequence[DepartureRun], *, plot_width: int = 760, row: int = 18
) -> str:
    """One row per service (corridor), one bar per departure from departure to arrival (cut at
    the horizon's end, marked ▸), filled from the bottom in proportion to its load factor."""
    if not runs:
        return '<p class="empty">No departures run.</p>'
    by_service: dict[str, list[DepartureRun]] = defaultdict(list)
    for r in runs:
        by_service[r.service].append(r)
    rank = {m: i for i, m in enumerate(mode_order({r.mode for r in runs}))}
    lines = _gantt_lines(scenario, by_service, rank)
    left = round(max(len(text) for text, _ in lines) * CHAR_PX) + 16
    right, top, bottom = 14, 8, 26
    horizon = horizon_minutes(scenario)
    width, height = left + plot_width + right, top + row * len(lines) + bottom

    def x(minute: float) -> float:
        return left + max(0.0, min(1.0, minute / horizon)) * plot_width

    out = [
        f'<svg class="chart gantt" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="Departures run per corridor">'
    ]
    days = round(scenario.parameters.horizon_days)
    every = max(1, -(-days // 14))
    for d in range(0, days + 1):
        xd = x(d * DAY)
        out.append(
            f'<line class="grid" x1="{xd:.1f}" x2="{xd:.1f}" y1="{top}" y2="{height - bottom}"/>'
        )
        if d < days and d % every == 0:
            out.append(
                f'<text x="{x(d * DAY + DAY / 2):.1f}" y="{height - 9}" text-anchor="middle">'
                f"{esc(day_label(scenario, d))}</text>"
            )
    for i, (text, service) in enumerate(lines):
        y = top + i * row
        if service is None:  # a group heading: mode and origin
            out.append(f'<text class="group" x="4" y="{y + row * 0.72:.1f}">{esc(text)}</text>')
            continue
        out.append(
            f'<text x="{left - 6}" y="{y + row * 0.7:.1f}" text-anchor="end">'
            f"<title>{esc(service)}</title>{esc(text)}</text>"
        )
        for r in sorted(by_service[service], key=lambda r: r.departure):
            out.append(_bar(scenario, r, x, y, row, horizon))
    out.append("</svg>")
    return "".join(out)


def _gantt_lines(
    scenario: Scenario, by_service: dict[str, list[DepartureRun]], rank: dict[str, int]
) -> list[tuple[str, str | None]]:
    """(text, service id) per row: a heading (service None) for each mode and origin, then one
    row per service named by its destination."""

    def key(s: str) -> tuple[int, str, str]:
        r = by_service[s][0]
        return rank[r.mode], site_name(scenario, r.origin), site_name(scenario, r.destination)

    lines: list[tuple[str, str | None]] = []
    last: tuple[str, str] | None = None
    for s in sorted(by_service, key=key):
        r = by_service[s][0]
        group = (r.mode, r.origin)
        if group != last:
            lines.append((f"{mode_name(r.mode)} from {site_name(scenario, r.origin)}", None))
            last = group
        lines.append((f"→ {site_name(scenario, r.destination)}", s))
    return lines


def _bar(scenario: Scenario, r: DepartureRun, x, y: float, row: int, horizon: int) -> str:
    """A block from the departure, at most ``BLOCK_MINUTES`` long, filled by the load factor;
    a longer transit goes on as a thin line to the arrival, so weekly trains stay apart."""
    x0, x_end = x(r.departure), x(r.arrival)
    x1 = x(min(r.arrival, r.departure + BLOCK_MINUTES))
    w = max(2.0, x1 - x0)
    h = row - 5
    lf = r.load_t / r.capacity_t if r.capacity_t else 0.0
    colour = mode_colour(r.mode)
    vehicles = MODE_VEHICLES.get(r.mode, "vehicles")
    tip = (
        f"{mode_name(r.mode)} {site_name(scenario, r.origin)} → "
        f"{site_name(scenario, r.destination)}: departs {local_time(scenario, r.departure)}, "
        f"arrives {local_time(scenario, r.arrival)}; {r.vehicles} {vehicles}, "
        f"{num(r.load_t, 1)} t of {num(r.capacity_t, 0)} t ({100 * lf:.0f} % full)"
    )
    fill_h = h * max(0.0, min(1.0, lf))
    transit = (
        f'<line class="transit" x1="{x0 + w:.1f}" x2="{x_end:.1f}" y1="{y + 2 + h / 2:.1f}" '
        f'y2="{y + 2 + h / 2:.1f}" stroke="{colour}"/>'
        if x_end > x0 + w
        else ""
    )
    cut = (
        f'<text class="cut" x="{x_end - 1:.1f}" y="{y + h:.1f}" text-anchor="end">▸</text>'
        if r.arrival > horizon
        else ""
    )
    return (
        f'<g class="run"><title>{esc(tip)}</title>{transit}'
        f'<rect x="{x0:.1f}" y="{y + 2:.1f}" width="{w:.1f}" height="{h}" fill="{colour}" '
        f'fill-opacity="0.18" stroke="{colour}" stroke-width="0.6"/>'
        f'<rect x="{x0:.1f}" y="{y + 2 + h - fill_h:.1f}" width="{w:.1f}" '
        f'height="{fill_h:.1f}" fill="{colour}"/>{cut}</g>'
    )


def gantt_section(scenario: Scenario, plan: Plan) -> str:
    """Scheduled services (trains, flights, ships, barges) in one chart; road trucks, which run
    whenever needed, in a second one below."""
    scheduled = [r for r in plan.departures if r.mode != "road"]
    road = [r for r in plan.departures if r.mode == "road"]
    parts = []
    if scheduled:
        parts.append("<h3>Trains, flights, ships and barges</h3>" + gantt(scenario, scheduled))
    if road:
        n = len({r.service for r in road})
        parts.append(
            f"<details><summary>Road trucks: {len(road)} departures on {n} corridors</summary>"
            + gantt(scenario, road)
            + "</details>"
        )
    if not parts:
        return '<p class="empty">No departures run.</p>'
    note = (
        '<p class="note">One row per service, one column per day of the planning horizon '
        "(local time). Each departure is a block starting when it leaves, filled from the "
        "bottom as full as it runs (load ÷ capacity of the vehicles sent); a thin line carries "
        "a transit longer than 12 h on to the arrival (▸: after the horizon). Hover a block for "
        "times, vehicles and tonnes.</p>"
    )
    return "".join(parts) + note


def hub_days(scenario: Scenario, plan: Plan) -> dict[str, list[float]]:
    """Hub id -> tonnes handled per day of the horizon (tonnes arriving on a leg that continues
    plus tonnes leaving on a leg that does not start at the order's origin)."""
    orders = {o.id: o for o in scenario.orders}
    days = max(1, round(scenario.parameters.horizon_days))
    hubs = {s.id for s in scenario.sites if s.hub}
    out: dict[str, list[float]] = {h: [0.0] * days for h in sorted(hubs)}
    for it in plan.itineraries:
        o = orders[it.order]
        for leg in it.legs:
            if leg.destination in hubs and leg.destination != o.destination:
                _add(out[leg.destination], leg.arrival // DAY, leg.tonnes)
            if leg.origin in hubs and leg.origin != o.origin:
                _add(out[leg.origin], leg.departure // DAY, leg.tonnes)
    return {h: v for h, v in out.items() if any(v)}


def _add(values: list[float], day: int, tonnes: float) -> None:
    if 0 <= day < len(values):
        values[day] += tonnes


def busiest_days(scenario: Scenario, plan: Plan, top: int = 3) -> str:
    """A heat table: hubs by day, shaded by tonnes handled, each hub's busiest days in bold."""
    series = hub_days(scenario, plan)
    if not series:
        return '<p class="empty">No goods pass through a hub in this plan.</p>'
    days = len(next(iter(series.values())))
    peak = max(max(v) for v in series.values()) or 1.0
    head = "".join(f'<th class="nw">{esc(day_label(scenario, d))}</th>' for d in range(days))
    rows = []
    for hub, values in sorted(series.items(), key=lambda kv: -sum(kv[1])):
        best = set(sorted(range(days), key=lambda d: -values[d])[:top])
        cells = []
        for d, v in enumerate(values):
            alpha = 0.08 + 0.8 * v / peak if v else 0.0
            bold = " busy" if d in best and v else ""
            tip = f"{site_name(scenario, hub)}, {at(scenario, d * DAY):%a %Y-%m-%d}: {num(v, 1)} t"
            cells.append(
                f'<td class="num heat{bold}" style="background:rgba(59,111,182,{alpha:.2f})" '
                f'title="{esc(tip)}">{esc(compact(v) if v else "")}</td>'
            )
        rows.append(
            f"<tr><th>{esc(site_name(scenario, hub))}</th>{''.join(cells)}"
            f'<td class="num">{esc(num(sum(values), 0))}</td></tr>'
        )
    return (
        '<div class="scroll-x"><table class="heat"><thead><tr><th>Hub</th>'
        f"{head}<th>Total (t)</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        '<p class="note">Tonnes handled per day (goods transferred in plus out, local days of '
        f"the {num(scenario.parameters.horizon_days, 0)}-day planning horizon); darker is "
        f"busier; each hub's {top} busiest days in bold.</p>"
    )
