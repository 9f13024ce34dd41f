"""What a square metre of yard is worth at each hub, per week, in two ways side by side.

(1) **Duals**: the plan's LP with its vehicle numbers fixed (:mod:`hubflow.consolidate.duals`);
the yard rows' duals summed over the horizon are the saving of one more m² while every departure
keeps its vehicles. Cheap and local: it sees re-routing and waiting, not a design change.
(2) **Finite differences**: re-plan at yard area × (1 ± δ); these include design changes (an extra
truck or a later train) but are steps of δ·area m², and carry the solver's gap.
The land curve re-plans at a range of areas: from where orders go unserved to where the limit
stops binding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hubflow.consolidate.duals import resource_duals
from hubflow.io.variants import Change, Variant
from hubflow.model import Scenario
from hubflow.network import build_network
from hubflow.network.builder import yard_resource_keys
from hubflow.planning import PlanOptions, PlanOutcome
from hubflow.sweep.executors import Executor
from hubflow.sweep.land_section import full_hours
from hubflow.sweep.run import SweepProgress, run_sweep

__all__ = ["CURVE", "DELTA", "CurvePoint", "HubLand", "LandValues", "dual_values", "land_values"]

DELTA = 0.1
CURVE = (0.5, 0.75, 1.25, 1.5)  # yard area factors re-planned per hub
WEEK_DAYS = 7.0


@dataclass(frozen=True, slots=True)
class HubDual:
    """A hub's yard dual summed over the horizon (currency per m²), and the hours it is full."""

    per_m2_horizon: float
    binding_hours: float


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
    dual_per_m2_week: float
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


def dual_values(outcome: PlanOutcome) -> dict[str, HubDual]:
    """Per hub with a yard limit: the yard rows' duals in the plan's LP with vehicles fixed."""
    scn, plan = outcome.scenario, outcome.plan
    net = build_network(scn)
    index = {key: a for a, key in enumerate(net.arc_keys)}
    vehicles = np.zeros(net.problem.n_arcs, dtype=np.int64)
    for d in plan.departures:
        a = index.get(("dep", d.service, d.departure))
        if a is not None:
            vehicles[a] += d.vehicles
    duals = resource_duals(net.problem, vehicles)
    step_h = scn.parameters.time_step_minutes / 60
    value: dict[str, float] = {s.id: 0.0 for s in scn.sites if s.yard_m2 is not None}
    full: dict[str, float] = dict.fromkeys(value, 0.0)
    keys = yard_resource_keys(net)  # the yards come first among the resources, pools after
    n = len(keys)
    for (site, _b), res, marginal, used in zip(
        keys, net.problem.resources[:n], duals.marginal[:n], duals.activity[:n], strict=True
    ):
        value[site] -= float(marginal)
        if res.limit > 0 and used >= res.limit * (1 - 1e-6) - 1e-6:
            full[site] += step_h
    return {h: HubDual(value[h], full[h]) for h in value}


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
    hours = full_hours(scn, outcome.kpis)
    chosen = [h for h in (hubs or duals) if h in duals]
    peaks = outcome.kpis.yard_peak_m2
    base = outcome.kpis.objective
    todo = [h for h in chosen if peaks.get(h, 0.0) > (1 - delta) * (scn.site(h).yard_m2 or 0.0)]
    factors = sorted({*curve, 1 - delta, 1 + delta})
    variants = [Variant((Change("yard_area", h, f, factor=True),)) for h in todo for f in factors]
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
                dual_per_m2_week=duals[h].per_m2_horizon * per_week,
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
