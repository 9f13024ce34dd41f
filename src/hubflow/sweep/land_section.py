"""The Land section of the report: per hub, yard, peak, hours full and the price of its land;
with ``hubflow land``'s values, what a m² is worth per week by both methods and the land curves.

Kept apart from the report's own modules and light to import: the report calls
:func:`land_section` with the plan's KPIs only (no solve), ``hubflow land`` with its values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hubflow.kpi import Kpis
from hubflow.model import Scenario
from hubflow.report.fmt import esc, num
from hubflow.report.tables import table
from hubflow.sweep.page import Point, xy_chart

if TYPE_CHECKING:
    from hubflow.sweep.land import LandValues

__all__ = ["WHY", "full_hours", "land_section"]

WHY = (
    "Dual: the saving of one more m² while every departure keeps its vehicles (re-routing and "
    "waiting only). Finite difference: re-planned at yard × (1 ± δ), so it includes design "
    "changes (an extra truck, a later train) and is an average over δ × area m². The two agree "
    "when the design does not change; the dual is lower when more land would save vehicles, "
    "and 0 where the yard is never full."
)


def full_hours(scenario: Scenario, kpis: Kpis) -> dict[str, float]:
    """Hours each yard with a limit is full (occupancy within 0.1 % of its area) in the plan."""
    step_h = scenario.parameters.time_step_minutes / 60
    out = {}
    for s in scenario.sites:
        if s.yard_m2 is None:
            continue
        series = kpis.yard_series_m2.get(s.id, [])
        out[s.id] = step_h * sum(v >= s.yard_m2 * 0.999 and v > 0 for v in series)
    return out


def land_section(scenario: Scenario, kpis: Kpis, values: LandValues | None = None) -> str:
    """Per hub: yard, peak, hours full, land price, and (given ``values``) both land values and
    the land curves."""
    cur = scenario.parameters.currency
    hours = full_hours(scenario, kpis)
    valued = {h.hub: h for h in values.hubs} if values else {}
    head = ["hub", "yard m²", "peak m²", "hours full", f"land cost {cur}/m²·week"]
    if values:
        head += [f"dual {cur}/m²·week", f"finite diff. {cur}/m²·week"]
    rows = []
    for s in scenario.sites:
        if s.yard_m2 is None:
            continue
        land = None if s.land_cost_per_m2_year is None else s.land_cost_per_m2_year * 7 / 365
        row: list[object] = [
            s.id,
            num(s.yard_m2),
            num(kpis.yard_peak_m2.get(s.id, 0.0)),
            num(hours[s.id]),
            "" if land is None else num(land, 2),
        ]
        if values:
            h = valued.get(s.id)
            fd = h.finite_difference_per_m2_week if h else None
            row += [num(h.dual_per_m2_week, 2) if h else "", "" if fd is None else num(fd, 2)]
        rows.append(row)
    body = table(head, rows, numeric=set(range(1, len(head))))
    if values:
        body += f'<p class="note">{esc(WHY)}</p>' + _curves(values)
    else:
        body += (
            '<p class="note">What one more m² is worth per hub: run <code>hubflow land</code> '
            "(LP duals with the vehicles fixed, and re-plans at yard × (1 ± δ)).</p>"
        )
    return body


def _curves(values: LandValues) -> str:
    parts = []
    for h in values.hubs:
        pts = [Point(p.yard_m2, p.objective, _label(p)) for p in h.curve if p.objective is not None]
        if len(pts) < 2:
            continue
        parts.append(
            f"<h3>{esc(h.hub)}: plan cost against yard area</h3>"
            + xy_chart(pts, x_unit="yard m²", y_unit=f"cost incl. penalties ({values.currency})")
        )
    return "".join(parts)


def _label(p: Any) -> str:
    extra = f", {num(p.unserved_t, 1)} t unserved" if p.unserved_t else ""
    return f"× {p.factor:g} ({num(p.yard_m2)} m²){extra}"
