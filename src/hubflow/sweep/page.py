"""``sweep.html``: the cost–CO2e trade-off with its Pareto front, and cost against yard area.

Offline and in the report's style: the report's page skeleton, formatting and tables; the one
chart the report has no helper for (points on two numeric axes) is drawn here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from hubflow.report import html
from hubflow.report.charts import nice_ticks
from hubflow.report.fmt import compact, esc, num
from hubflow.report.tables import table
from hubflow.sweep.table import write_text

__all__ = ["Point", "pareto_front", "render_sweep", "tick_labels", "xy_chart"]

FRONT_COLOUR, POINT_COLOUR = "#b3261e", "#3b6fb6"


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float
    label: str


def pareto_front(points: Sequence[Point]) -> list[Point]:
    """The points no other point beats on both x and y (both to be minimised), by x."""
    front: list[Point] = []
    for p in sorted(points, key=lambda p: (p.x, p.y)):
        if not front or p.y < front[-1].y - 1e-9:
            front.append(p)
    return front


def xy_chart(
    points: Sequence[Point],
    *,
    x_unit: str,
    y_unit: str,
    line: Sequence[Point] = (),
    width: int = 560,
    height: int = 260,
) -> str:
    """Points on two axes from 0 (hover: label and values); ``line`` joined in red on top."""
    if not points:
        return '<p class="empty">Nothing to show.</p>'
    left, right, top_pad, bottom = 64, 16, 10, 40
    xs, ys = [p.x for p in points], [p.y for p in points]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)
    x_pad, y_pad = (
        (x1 - x0) * 0.05 or abs(x1) * 0.05 or 1.0,
        (y1 - y0) * 0.1 or abs(y1) * 0.05 or 1.0,
    )
    x_lo, y_lo = x0 - x_pad, y0 - y_pad
    x_ticks = [x_lo + t for t in nice_ticks(x1 + x_pad - x_lo, 4)]
    y_ticks = [y_lo + t for t in nice_ticks(y1 + y_pad - y_lo, 4)]
    y_labels = tick_labels(y_ticks)
    left = max(left, 26 + 7 * max(map(len, y_labels)))  # room for long labels and the unit
    plot_w, plot_h = width - left - right, height - top_pad - bottom

    def sx(v: float) -> float:
        return left + (v - x_lo) / (x_ticks[-1] - x_lo) * plot_w

    def sy(v: float) -> float:
        return top_pad + plot_h - (v - y_lo) / (y_ticks[-1] - y_lo) * plot_h

    out = [
        f'<svg class="chart xy" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">'
    ]
    for t, text in zip(y_ticks, y_labels, strict=True):
        out.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{sy(t):.1f}" y2="{sy(t):.1f}"/>'
            f'<text x="{left - 4}" y="{sy(t) + 4:.1f}" text-anchor="end">{esc(text)}</text>'
        )
    for t, text in zip(x_ticks, tick_labels(x_ticks), strict=True):
        out.append(
            f'<line class="grid" x1="{sx(t):.1f}" x2="{sx(t):.1f}" y1="{top_pad}" y2="{top_pad + plot_h}"/>'
            f'<text x="{sx(t):.1f}" y="{top_pad + plot_h + 14}" text-anchor="middle">{esc(text)}</text>'
        )
    out.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle">{esc(x_unit)}</text>'
        f'<text x="12" y="{top_pad + plot_h / 2:.1f}" transform="rotate(-90 12 {top_pad + plot_h / 2:.1f})" '
        f'text-anchor="middle">{esc(y_unit)}</text>'
    )
    if len(line) > 1:
        pts = " ".join(f"{sx(p.x):.1f},{sy(p.y):.1f}" for p in line)
        out.append(
            f'<polyline points="{pts}" fill="none" stroke="{FRONT_COLOUR}" stroke-width="1.5"/>'
        )
    on_line = {id(p) for p in line}
    for p in points:
        colour = FRONT_COLOUR if id(p) in on_line else POINT_COLOUR
        out.append(
            f'<circle cx="{sx(p.x):.1f}" cy="{sy(p.y):.1f}" r="4" fill="{colour}">'
            f"<title>{esc(p.label)}: {esc(num(p.x, 1))} {esc(x_unit)}, "
            f"{esc(num(p.y, 0))} {esc(y_unit)}</title></circle>"
        )
    out.append("</svg>")
    return "".join(out)


def tick_labels(ticks: Sequence[float]) -> list[str]:
    """Short labels (12.3k, 27.6M), with more digits where the short ones would repeat
    (27.62M, 27.64M on a curve that moves by a few tenths of a per cent)."""
    labels = [compact(t) for t in ticks]
    for digits in (4, 5, 6):
        if len(set(labels)) == len(labels):
            break
        labels = [_short(t, digits) for t in ticks]
    return labels


def _short(value: float, digits: int) -> str:
    for scale, unit in ((1e6, "M"), (1e3, "k")):
        if abs(value) >= scale * 10 ** (1 if unit == "k" else 0):
            return f"{value / scale:.{digits}g}{unit}"
    return f"{value:.{digits}g}"


def _planned(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if r.get("objective") is not None and r.get("co2e_t") is not None]


def tradeoff(rows: Sequence[dict[str, Any]], currency: str) -> str:
    """Cost (with unserved penalties) against CO2e, the Pareto front in red."""
    points = [Point(r["co2e_t"], r["objective"], r["variant"]) for r in _planned(rows)]
    front = pareto_front(points)
    chart = xy_chart(
        points, x_unit="t CO2e", y_unit=f"cost incl. penalties ({currency})", line=front
    )
    listing = table(
        ("variant on the front", "t CO2e", f"cost ({currency})"),
        [(p.label, num(p.x, 1), num(p.y)) for p in front],
        numeric={1, 2},
    )
    return (
        chart
        + '<p class="note">Red: variants no other variant beats on both cost and CO2e.</p>'
        + listing
    )


def cost_by_yard(rows: Sequence[dict[str, Any]], currency: str) -> str:
    """One chart per hub whose yard area differs between variants: cost against that area."""
    parts = []
    hubs = sorted({h for r in rows for h in r.get("yard_m2", {})})
    for hub in hubs:
        areas = {r["yard_m2"].get(hub) for r in _planned(rows)}
        if len(areas - {None}) < 2:
            continue
        pts = [
            Point(r["yard_m2"][hub], r["objective"], r["variant"])
            for r in _planned(rows)
            if r["yard_m2"].get(hub) is not None
        ]
        parts.append(f"<h3>{esc(hub)}</h3>" + xy_chart(pts, x_unit="yard m²", y_unit=currency))
    return "".join(parts) or '<p class="empty">No variant changes a yard area.</p>'


def render_sweep(
    name: str,
    header_row: list[str],
    flat: Sequence[dict[str, Any]],
    rows: Sequence[dict[str, Any]],
    currency: str,
    *,
    generated: datetime | None = None,
) -> str:
    """The whole page: counts, trade-off, cost by yard area and the table of variants."""
    stamp = (generated or datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M")
    failed = sum(r["status"] == "FAILED" for r in rows)
    header = (
        f"<h1>{esc(name)}: what-if sweep</h1><p>{len(rows)} variants, "
        f"{len(rows) - failed} planned, {failed} failed · generated {esc(stamp)}</p>"
    )
    shown = [c for c in header_row if not c.startswith(("tonne_km_", "peak_yard", "yard_m2"))]
    body = [
        html.section("tradeoff", "Cost against CO2e", tradeoff(rows, currency)),
        html.section("yard", "Cost against yard area", cost_by_yard(rows, currency)),
        html.section(
            "variants",
            "Variants",
            html.collapsible(
                f"{len(rows)} variants (all columns in sweep.csv)",
                table(shown, [[_text(r.get(c)) for c in shown] for r in flat]),
                open_=True,
            ),
        ),
    ]
    return html.page(f"{name}: sweep", header, body, f"hubflow sweep · currency {esc(currency)}")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return num(value, 2 if abs(value) < 100 else 0)
    return str(value)


def write_sweep_html(path: Path, *args: Any, **kwargs: Any) -> Path:
    """Render and write ``sweep.html``."""
    return write_text(path, render_sweep(*args, **kwargs))
