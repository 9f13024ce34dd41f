"""The Land section of the report: per hub with a yard limit, its area, peak, the hours it is
full, the price of its land and what one more m² saves per week by the plan's LP duals (every
plan's KPIs carry them); with ``hubflow land``'s values, the re-planned (finite-difference)
value, one more and one less m², and the land curves.

Kept apart from the report's own modules and light to import: the report calls
:func:`land_section` with the plan's KPIs (no solve), ``hubflow land`` with its values too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hubflow.kpi import Kpis
from hubflow.model import Scenario
from hubflow.report.fmt import esc, num
from hubflow.report.tables import table
from hubflow.sweep.page import Point, xy_chart

if TYPE_CHECKING:
    from hubflow.sweep.land import HubLand, LandValues

__all__ = ["DUAL_NOTE", "WHY", "land_section"]

DUAL_NOTE = (
    "Hours full: time steps in which the yard's occupancy is within 0.1 % of its area "
    "(checked against the plan). Dual: what one more m² saves per week while every departure "
    "keeps its vehicles (the plan's LP with its vehicles fixed): an estimate derived from the "
    "solver, not a checked figure; 0 where the yard never binds."
)
WHY = (
    "Finite difference: re-planned at yard × (1 ± δ), so it includes design changes (an extra "
    "truck, a later train) and is an average over δ × area m²; ± is how far the solvers' gaps "
    "may move it. The two agree when the design does not change; the dual is lower when more "
    "land would save vehicles, higher when the fixed vehicles are exactly full (then one m² "
    "less leaves tonnes unserved rather than buying a truck)."
)


def land_section(scenario: Scenario, kpis: Kpis, values: LandValues | None = None) -> str:
    """The hubs' table (with ``values``: both methods side by side) and, with ``values``, the
    land curves."""
    cur = scenario.parameters.currency
    per = f"{cur}/m²·week"
    valued = {h.hub: h for h in values.hubs} if values else {}
    head = ["hub", "yard m²", "peak m²", "hours full", f"land cost {per}", f"dual {per}"]
    if values:
        head += [f"finite diff. {per}", "one more m²", "one less m²"]
    rows = []
    for s in scenario.sites:
        if s.yard_m2 is None:
            continue
        land = None if s.land_cost_per_m2_year is None else s.land_cost_per_m2_year * 7 / 365
        dual = kpis.land_dual_per_m2_week.get(s.id)
        row: list[object] = [
            s.id,
            num(s.yard_m2),
            num(max(kpis.yard_series_m2.get(s.id, []), default=0.0)),
            num(kpis.yard_binding_hours.get(s.id, 0.0)),
            _money(land),
            _money(dual),
        ]
        if values:
            row += _replanned(valued.get(s.id))
        rows.append(row)
    if not rows:
        return '<p class="empty">No site has a yard limit.</p>'
    body = table(head, rows, numeric=set(range(1, len(head))))
    body += f'<p class="note">{esc(DUAL_NOTE)}</p>'
    if not kpis.land_dual_per_m2_week:
        body += '<p class="note">No dual values: the plan has no solution to price.</p>'
    if values:
        body += (
            f'<p class="note">{esc(WHY)} δ = {values.delta:g}; * not re-planned (never within '
            "δ of full: worth 0).</p>" + _curves(values)
        )
    else:
        body += (
            '<p class="note">Re-planned values and the land curve: run <code>hubflow land</code> '
            "(re-plans at yard × (1 ± δ) and over a range of areas; its folder has this report "
            "with them).</p>"
        )
    return body


def _money(value: float | None) -> str:
    return "" if value is None else num(value, 2)


def _replanned(h: HubLand | None) -> list[object]:
    """finite difference (± error, * when not re-planned), one more m², one less m²."""
    if h is None:
        return ["", "", ""]
    fd = _money(h.finite_difference_per_m2_week)
    if fd and h.finite_difference_error_per_m2_week:
        fd += f" ± {num(h.finite_difference_error_per_m2_week, 0)}"
    if not h.replanned:
        fd += " *"
    return [fd, _money(h.more_per_m2_week), _money(h.less_per_m2_week)]


def _curves(values: LandValues) -> str:
    parts = []
    for h in values.hubs:
        pts = [Point(p.yard_m2, p.objective, _label(p)) for p in h.curve if p.objective is not None]
        if values.base_objective is not None and pts:
            pts.append(Point(h.yard_m2, values.base_objective, f"today ({num(h.yard_m2)} m²)"))
        if len(pts) < 2:
            continue
        today = f"today {num(h.yard_m2)} m²"
        parts.append(
            f"<div><h3>{esc(h.hub)}: plan cost against yard area ({esc(today)})</h3>"
            + xy_chart(
                pts,
                x_unit="yard m²",
                y_unit=f"cost incl. penalties ({values.currency})",
                line=sorted(pts, key=lambda p: p.x),
            )
            + "</div>"
        )
    if not parts:
        return ""
    return (
        '<div class="grid2">'
        + "".join(parts)
        + '</div><p class="note">Each point is a re-plan at that yard area (hover for the '
        "unserved tonnes); land_curve.csv has the figures.</p>"
    )


def _label(p: Any) -> str:
    extra = f", {num(p.unserved_t, 1)} t unserved" if p.unserved_t else ""
    return f"× {p.factor:g} ({num(p.yard_m2)} m²){extra}"
