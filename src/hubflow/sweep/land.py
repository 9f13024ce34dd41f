"""What a square metre of yard is worth at each hub, per week, in two ways side by side.

(1) **Duals**: the plan's LP with its vehicle numbers fixed (:mod:`hubflow.planning.land`, which
every plan with yard limits carries in its KPIs); the yard rows' duals summed over the horizon
are the saving of one more m² while every departure keeps its vehicles. Cheap and local: it sees re-routing and waiting, not a design change.
(2) **Finite differences**: re-plan at yard area × (1 ± δ); these include design changes (an extra
truck or a later train) but are steps of δ·area m², and carry the solver's gap.
The land curve re-plans at a range of areas: from where orders go unserved to where the limit
stops binding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hubflow.deadline import Deadline
from hubflow.io.variants import Change, Variant
from hubflow.model import Scenario
from hubflow.network import build_network
from hubflow.planning import PlanOptions, PlanOutcome
from hubflow.planning.land import WEEK_DAYS, land_duals
from hubflow.sweep.executors import Executor
from hubflow.sweep.run import SweepProgress, run_sweep

__all__ = ["CURVE", "DELTA", "CurvePoint", "HubLand", "LandValues", "dual_values", "land_values"]

DELTA = 0.1
CURVE = (0.5, 0.75, 1.25, 1.5)  # yard area factors re-planned per hub


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """One re-plan of the land curve: the hub's yard area and what the plan costs with it."""

    factor: float
    yard_m2: float
    status: str
    objective: float | None
    lower_bound: float | None
    unserved_t: float | None
    peak_m2: float | None

    @property
    def slack(self) -> float | None:
        """How far the plan may be from optimal (objective - bound); None without both."""
        if self.objective is None or self.lower_bound is None:
            return None
        return max(0.0, self.objective - self.lower_bound)


@dataclass(frozen=True, slots=True)
class HubLand:
    """Value of one m² of yard at ``hub`` per week: by duals, by finite differences (central,
    and one-sided: one more m², one less m²), the hours its yard is full in the plan (KPIs),
    the land price."""

    hub: str
    yard_m2: float
    peak_m2: float
    binding_hours: float
    dual_per_m2_week: float | None  # None: the plan has no solution (or the LP gave none)
    finite_difference_per_m2_week: float | None
    finite_difference_error_per_m2_week: float | None = None  # from the plans' gaps
    more_per_m2_week: float | None = None
    less_per_m2_week: float | None = None
    land_cost_per_m2_week: float | None = None
    replanned: bool = False
    curve: tuple[CurvePoint, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The entry of ``hubflow land --json``."""
        return {
            "hub": self.hub,
            "dual_per_m2_week": self.dual_per_m2_week,
            "finite_difference_per_m2_week": self.finite_difference_per_m2_week,
            "binding_hours": self.binding_hours,
        }


@dataclass(frozen=True, slots=True)
class LandValues:
    currency: str
    delta: float
    base_objective: float | None
    hubs: tuple[HubLand, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {"currency": self.currency, "hubs": [h.to_json() for h in self.hubs]}


def dual_values(outcome: PlanOutcome) -> dict[str, float]:
    """Per hub with a yard limit: the plan's land duals per m² per week (its KPIs carry them;
    computed here for a plan made without them)."""
    if outcome.kpis.land_dual_per_m2_week or not outcome.plan.status.has_solution:
        return dict(outcome.kpis.land_dual_per_m2_week)
    scn = outcome.scenario
    return land_duals(scn, build_network(scn), outcome.plan, deadline=Deadline.after(60.0))


def land_values(
    scenario: Scenario,
    outcome: PlanOutcome,
    options: PlanOptions,
    executor: Executor,
    *,
    hubs: Sequence[str] = (),
    delta: float = DELTA,
    curve: Sequence[float] = CURVE,
    progress: Any = None,
) -> LandValues:
    """Both values for ``hubs`` (default: every hub with a yard limit) of a planned scenario.

    Hubs whose yard is never full in the plan get their dual value and no re-plans (their finite
    difference is reported as 0 when the peak stays below (1 - δ) × area, else re-planned).
    """
    scn = outcome.scenario
    per_week = WEEK_DAYS / scn.parameters.horizon_days
    duals = dual_values(outcome)
    hours = outcome.kpis.yard_binding_hours
    chosen = [h for h in hubs or hours if h in hours]
    peaks = outcome.kpis.yard_peak_m2
    base = outcome.kpis.objective
    todo = [h for h in chosen if peaks.get(h, 0.0) > (1 - delta) * (scn.site(h).yard_m2 or 0.0)]
    factors = sorted({*curve, 1 - delta, 1 + delta})
    variants = [Variant((Change("yard_area", h, f, factor=True),)) for h in todo for f in factors]
    # Cold (run_sweep's default): a re-plan warm-started from its neighbour may stop at that
    # neighbour's plan when it is within the gap, flattening the curve where its slope is wanted.
    rows = run_sweep(scenario, variants, options, executor, progress=progress) if variants else []
    by_hub: dict[str, list[CurvePoint]] = {h: [] for h in todo}
    for v, r in zip(variants, rows, strict=True):
        c = v.changes[0]
        by_hub[c.target].append(
            CurvePoint(
                factor=float(c.value),
                yard_m2=float(c.value) * (scn.site(c.target).yard_m2 or 0.0),
                status=r["status"],
                objective=r.get("objective"),
                lower_bound=r.get("lower_bound"),
                unserved_t=r.get("unserved_t"),
                peak_m2=r.get("yard_peak_m2", {}).get(c.target),
            )
        )
    out = []
    for h in chosen:
        site = scn.site(h)
        area = site.yard_m2 or 0.0
        points = tuple(by_hub.get(h, ()))
        more, less, central = _differences(points, base, delta, area)
        error = _error(points, delta, area)
        out.append(
            HubLand(
                hub=h,
                yard_m2=area,
                peak_m2=peaks.get(h, 0.0),
                binding_hours=hours[h],
                dual_per_m2_week=duals.get(h),
                finite_difference_per_m2_week=(central * per_week if central is not None else None)
                if h in by_hub
                else 0.0,
                finite_difference_error_per_m2_week=error * per_week if error is not None else None,
                more_per_m2_week=more * per_week if more is not None else None,
                less_per_m2_week=less * per_week if less is not None else None,
                land_cost_per_m2_week=(
                    site.land_cost_per_m2_year * WEEK_DAYS / 365
                    if site.land_cost_per_m2_year is not None
                    else None
                ),
                replanned=h in by_hub,
                curve=points,
            )
        )
    return LandValues(scn.parameters.currency, delta, base, tuple(out))


def _differences(
    points: Sequence[CurvePoint], base: float | None, delta: float, area: float
) -> tuple[float | None, float | None, float | None]:
    """(one more m², one less m², central) in currency per m² over the horizon."""
    at = {round(p.factor, 9): p.objective for p in points}
    up, down = at.get(round(1 + delta, 9)), at.get(round(1 - delta, 9))
    step = delta * area
    if base is None or step <= 0:
        return None, None, None
    more = (base - up) / step if up is not None else None
    less = (down - base) / step if down is not None else None
    central = (down - up) / (2 * step) if up is not None and down is not None else None
    return more, less, central


def _error(points: Sequence[CurvePoint], delta: float, area: float) -> float | None:
    """The most the central difference can be off because the two plans are not proven optimal
    (their gaps), per m² over the horizon."""
    at = {round(p.factor, 9): p.slack for p in points}
    up, down = at.get(round(1 + delta, 9)), at.get(round(1 - delta, 9))
    if up is None or down is None or delta * area <= 0:
        return None
    return (up + down) / (2 * delta * area)


def progress_text(p: SweepProgress) -> str:
    return f"{p.done} done, {p.running} running, {p.failed} failed of {p.total}"
