"""Number, money and time formatting for the report; every text goes through :func:`esc`."""

from __future__ import annotations

import html
from datetime import datetime, timedelta

from hubflow.model import Scenario


def esc(value: object) -> str:
    """Escape any value for HTML text and attribute values (quotes included)."""
    return html.escape(str(value), quote=True)


def num(value: float, digits: int = 0) -> str:
    """Thousands separated, fixed digits: 12,345.6."""
    return f"{value:,.{digits}f}"


def compact(value: float) -> str:
    """Short form for axes and bar labels: 950, 12.3k, 4.5M."""
    a = abs(value)
    if a >= 1e6:
        return f"{value / 1e6:.3g}M"
    if a >= 1e4:
        return f"{value / 1e3:.3g}k"
    if a >= 100 or a == 0:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def money(value: float, currency: str) -> str:
    return f"{num(value)} {currency}"


def short_money(value: float, currency: str) -> str:
    """Money short enough for a card or a bar: 17.4M CNY from a million up, else in full
    (20,950 CNY)."""
    return f"{compact(value) if abs(value) >= 1e6 else num(value)} {currency}"


def signed(value: float, digits: int = 0) -> str:
    """A difference with its sign, never "−0": +1,250, −3.5, 0."""
    text = num(abs(value), digits)
    if float(text.replace(",", "")) == 0:
        return num(0, digits)
    return ("+" if value > 0 else "−") + text


def at(scenario: Scenario, minutes: float) -> datetime:
    """The scenario-local date-time ``minutes`` after the scenario start."""
    return scenario.parameters.start + timedelta(minutes=minutes)


def local_time(scenario: Scenario, minutes: float) -> str:
    return at(scenario, minutes).strftime("%Y-%m-%d %H:%M")
