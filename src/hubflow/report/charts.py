"""Inline SVG charts: horizontal bars with values, and a time line chart with a limit line."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hubflow.report.fmt import compact, esc

Label = Callable[[float], str]
CHAR_PX = 6.4  # a generous width of one 11 px character
LIMIT_ON_SCALE = 4.0  # draw a limit line on the axis when it is at most this times the peak


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    colour: str
    tooltip: str = ""


def bar_chart(
    bars: Sequence[Bar],
    *,
    label: Label = compact,
    max_value: float | None = None,
    width: int = 560,
    row: int = 24,
) -> str:
    """Horizontal bars, one per row, each with its label on the left and value on the right."""
    if not bars:
        return '<p class="empty">Nothing to show.</p>'
    longest = max(len(b.label) for b in bars)
    longest_value = max(len(label(b.value)) for b in bars)
    left = max(110, round(CHAR_PX * longest) + 14)  # room for the longest label, never cut
    right = max(60, round(CHAR_PX * longest_value) + 12)
    width = max(width, left + 320 + right)
    top = max_value if max_value is not None else max((b.value for b in bars), default=0.0)
    top = top if top > 0 else 1.0
    span = width - left - right
    height = row * len(bars) + 8
    out = [
        f'<svg class="chart bars" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img">'
    ]
    for i, b in enumerate(bars):
        y = 4 + i * row
        w = max(0.0, min(1.0, b.value / top)) * span
        tip = esc(b.tooltip or f"{b.label}: {label(b.value)}")
        out.append(
            f"<g><title>{tip}</title>"
            f'<text x="{left - 6}" y="{y + row * 0.65:.1f}" text-anchor="end">{esc(b.label)}</text>'
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" '
            f'fill="{esc(b.colour)}"/>'
            f'<text x="{left + w + 5:.1f}" y="{y + row * 0.65:.1f}">'
            f"{esc(label(b.value))}</text></g>"
        )
    out.append("</svg>")
    return "".join(out)


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values 0, d, 2d, ... covering [0, top]."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)]


def line_chart(
    values: Sequence[float],
    *,
    x_label: Callable[[int], str],
    x_ticks: Sequence[int],
    colour: str,
    limit: float | None = None,
    y_unit: str = "",
    width: int = 560,
    height: int = 200,
) -> str:
    """One series over equally spaced samples, with ticks at ``x_ticks`` (sample indices) and an
    optional dashed horizontal line at ``limit`` (a note instead when the limit exceeds
    ``LIMIT_ON_SCALE`` times the peak)."""
    left, right, top_pad, bottom = 56, 12, 10, 28
    n = len(values)
    peak = max(values, default=0.0)
    # a limit far above the data would flatten it: then the axis follows the data only
    on_scale = limit is not None and (peak <= 0 or limit <= LIMIT_ON_SCALE * peak)
    top = max(peak, limit if on_scale and limit is not None else 0.0)
    ticks = nice_ticks(top * 1.05 if top > 0 else 1.0)
    y_max = ticks[-1]
    plot_w, plot_h = width - left - right, height - top_pad - bottom

    def x(i: float) -> float:
        return left + (i / max(1, n - 1)) * plot_w

    def y(v: float) -> float:
        return top_pad + plot_h - v / y_max * plot_h

    out = [
        f'<svg class="chart line" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img">'
    ]
    for t in ticks:
        out.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(t):.1f}" '
            f'y2="{y(t):.1f}"/><text x="{left - 4}" y="{y(t) + 4:.1f}" '
            f'text-anchor="end">{esc(compact(t))}</text>'
        )
    for i in x_ticks:
        out.append(
            f'<line class="grid" x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{top_pad}" '
            f'y2="{top_pad + plot_h}"/><text x="{x(i):.1f}" y="{height - 8}" '
            f'text-anchor="middle">{esc(x_label(i))}</text>'
        )
    if limit is not None and not on_scale:
        out.append(
            f'<text class="limit-note" x="{width - right}" y="{top_pad + 10}" text-anchor="end">'
            f"limit {esc(compact(limit))} {esc(y_unit)} (above the axis)</text>"
        )
    elif limit is not None:
        out.append(
            f'<line class="limit" x1="{left}" x2="{width - right}" y1="{y(limit):.1f}" '
            f'y2="{y(limit):.1f}"><title>yard limit {esc(compact(limit))} {esc(y_unit)}'
            f"</title></line>"
        )
    if n:
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        out.append(f'<polyline class="series" points="{points}" stroke="{esc(colour)}"/>')
        peak = max(range(n), key=lambda i: values[i])
        out.append(
            f'<circle cx="{x(peak):.1f}" cy="{y(values[peak]):.1f}" r="3" '
            f'fill="{esc(colour)}"><title>peak {esc(compact(values[peak]))} {esc(y_unit)} '
            f"at {esc(x_label(peak))}</title></circle>"
        )
    out.append("</svg>")
    return "".join(out)
