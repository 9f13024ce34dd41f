"""The HTML report of a plan: one self-contained, offline file (inline CSS and SVG).

``render_report`` returns the document; ``write_report`` saves it. The map's base layer is
vendored Natural Earth data (``assets/basemap.json``; see ``assets/SOURCES.md``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from hubflow.kpi import Kpis
from hubflow.model import Plan, Scenario
from hubflow.report.render import render_report as render_report

if TYPE_CHECKING:
    from hubflow.sweep.land import LandValues


def write_report(
    scenario: Scenario, plan: Plan, kpis: Kpis, path: str | Path, *, land: LandValues | None = None
) -> Path:
    """Write the report to ``path`` (UTF-8) and return the path; ``land``: ``hubflow land``'s
    values for the Land section."""
    out = Path(path)
    out.write_text(render_report(scenario, plan, kpis, land=land), encoding="utf-8")
    return out


__all__ = ["render_report", "write_report"]
