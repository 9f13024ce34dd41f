"""One colour per mode, used by every chart, the map and the legends."""

from __future__ import annotations

from collections.abc import Iterable

MODE_COLOURS = {
    "road": "#e07b39",
    "rail": "#3b6fb6",
    "rail_express": "#7b4fb5",
    "hsr_express": "#d6407a",
    "air": "#2aa7a1",
    "waterway": "#59a14f",
    "sea": "#1d4e63",
}
OTHER_COLOUR = "#8c8c8c"  # handling emissions and any mode not listed


def mode_colour(mode: str) -> str:
    return MODE_COLOURS.get(mode, OTHER_COLOUR)


def mode_order(modes: Iterable[str]) -> list[str]:
    """Modes in the canonical order (road first, sea last), unknown ones after, alphabetically."""
    present = set(modes)
    return [m for m in MODE_COLOURS if m in present] + sorted(present - MODE_COLOURS.keys())
