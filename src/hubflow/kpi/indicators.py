"""Compute a plan's KPIs from the scenario and the plan's decisions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from hubflow.distances import service_distance_km
from hubflow.emissions import handling_co2e_kg, leg_co2e_kg
from hubflow.kpi.balances import balance_figures, empty_runs
from hubflow.kpi.pools import pool_peak_t, pool_peak_vehicles
from hubflow.kpi.yard import binding_hours, yard_occupancy
from hubflow.model import Plan, Scenario, relative_gap
from hubflow.model.handling import clearance

COST_ITEMS = (
    "departure",
    "vehicle_fixed",
    "per_tonne",
    "per_tonne_km",
    "handling",
    "storage",
    "lateness",
    "carbon",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Kpis:
    """Headline figures of one plan; money in the scenario's currency, CO2e in tonnes."""

    orders: int
    delivered_orders: int  # every tonne delivered
    partly_delivered_orders: int  # some tonnes delivered, some unserved
    on_time_orders: int
    on_time_pct: float
    unserved_orders: int  # no tonne delivered
    tonnes: float
    tonnes_delivered: float
    total_cost: float  # the cost items at tariffs: what the delivered freight costs
    cost: dict[str, float]
    unserved_penalty: float  # unserved_cost_per_t × every unserved tonne
    unserved_tonnes: float
    tonne_km: float
    co2e_t: float
    tonne_km_by_mode: dict[str, float]
    co2e_t_by_mode: dict[str, float]
    vehicles_by_mode: dict[str, int]
    load_factor_by_service: dict[str, float]
    load_factor_by_mode: dict[str, float]
    peak_yard_m2: float
    yard_peak_m2: dict[str, float]
    yard_avg_m2: dict[str, float]
    yard_series_m2: dict[str, list[float]] = field(repr=False)
    lower_bound: float | None  # bounds ``objective``; None when the solver proved none
    gap_pct: float | None  # 100 × (objective - lower_bound) / objective
    objective: float | None  # total_cost + unserved_penalty; None without a solution
    solve_seconds: float
    status: str
    currency: str
    truck_routes: int = 0
    truck_km: float = 0.0
    own_fleet_cost: float = 0.0
    carrier_cost_replaced: float = 0.0  # the road tariff of the loads own trucks carry
    fleet_saving: float = 0.0  # carrier_cost_replaced - own_fleet_cost
    total_cost_with_fleet: float = 0.0  # total_cost - fleet_saving
    carrier_loads: int = 0  # local road loads left to carriers
    pool_peak_t: dict[str, float] = field(default_factory=dict)  # busiest period per pool
    pool_peak_vehicles: dict[str, float] = field(default_factory=dict)  # the same, in vehicles
    # Hours each yard with a limit is full (within 0.1 % of its area): a claim, checked.
    yard_binding_hours: dict[str, float] = field(default_factory=dict)
    # What one more m² of yard saves per week, by the LP duals of the yard limits with the
    # plan's vehicles fixed (hubflow.planning.land): a solver-derived estimate, not a claim,
    # so the checker does not check it; empty when not computed (no yard limit, no solution).
    land_dual_per_m2_week: dict[str, float] = field(default_factory=dict)
    # Vehicles that must come back (balances.csv): the unladen share of the return services'
    # vehicle-km, its CO2e (also in co2e_t, under the mode), and figures per balance.
    empty_vehicle_km: float = 0.0
    empty_co2e_t: float = 0.0
    balances: dict[str, dict[str, float]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> dict[str, Any]:
        """The machine-readable summary printed by ``hubflow plan --json``."""
        keys = (
            "orders",
            "delivered_orders",
            "partly_delivered_orders",
            "on_time_pct",
            "total_cost",
            "lower_bound",
            "gap_pct",
            "objective",
            "co2e_t",
            "tonne_km",
            "peak_yard_m2",
            "solve_seconds",
            "status",
            "unserved_orders",
            "unserved_tonnes",
            "unserved_penalty",
            "currency",
            "truck_routes",
            "truck_km",
            "fleet_saving",
            "total_cost_with_fleet",
            "yard_binding_hours",
            "land_dual_per_m2_week",
            "empty_vehicle_km",
            "empty_co2e_t",
        )
        out = {k: getattr(self, k) for k in keys}
        out["cost"] = dict(self.cost)
        for key in ("yard_binding_hours", "land_dual_per_m2_week"):
            out[key] = dict(out[key])
        return out


def compute_kpis(scenario: Scenario, plan: Plan) -> Kpis:
    """Derive every KPI from the scenario and the plan's itineraries and departures."""
    p = scenario.parameters
    services = {s.id: s for s in scenario.services}
    orders = {o.id: o for o in scenario.orders}
    dist = {s.id: service_distance_km(scenario, s) for s in scenario.services}
    cost = dict.fromkeys(COST_ITEMS, 0.0)
    tkm: dict[str, float] = defaultdict(float)
    co2e_kg: dict[str, float] = defaultdict(float)
    on_time = 0
    short = {u.order for u in plan.unserved}
    for it in plan.itineraries:
        order = orders[it.order]
        for leg in it.legs:
            svc = services[leg.service]
            cost["per_tonne"] += svc.cost_per_t * leg.tonnes
            cost["per_tonne_km"] += svc.cost_per_tkm * dist[svc.id] * leg.tonnes
            tkm[svc.mode] += leg.tonnes * dist[svc.id]
            co2e_kg[svc.mode] += leg_co2e_kg(svc, leg.tonnes, dist[svc.id])
            if leg.origin != order.origin:
                hub = scenario.site(leg.origin)
                cost["handling"] += hub.handling_cost_per_t * leg.tonnes
                co2e_kg["handling"] += handling_co2e_kg(hub, leg.tonnes)
            cleared = clearance(scenario, svc)
            cost["handling"] += cleared.cost_per_t * leg.tonnes
            co2e_kg["handling"] += cleared.co2e_kg_per_t * leg.tonnes
            if leg.destination == order.destination:
                late_h = max(0, leg.arrival - order.due) / 60
                cost["lateness"] += p.lateness_cost_per_t_hour * late_h * leg.tonnes
        if it.late_minutes == 0 and it.order not in short:
            on_time += 1
    vehicles: dict[str, int] = defaultdict(int)
    lf_sum: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    lf_mode: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for run in plan.departures:
        cost["vehicle_fixed"] += services[run.service].fixed_cost * run.vehicles
        cost["departure"] += services[run.service].departure_cost
        vehicles[run.mode] += run.vehicles
        for acc in (lf_sum[run.service], lf_mode[run.mode]):
            acc[0] += run.load_t
            acc[1] += run.capacity_t
    back = [e for runs in empty_runs(scenario, plan).values() for e in runs]
    for e in back:
        co2e_kg[e.run.mode] += e.co2e_kg
    series = yard_occupancy(scenario, plan)
    step_days = p.time_step_minutes / 1440
    for site, values in series.items():
        cost["storage"] += scenario.site(site).storage_cost_per_m2_day * sum(values) * step_days
    co2e_total_t = sum(co2e_kg.values()) / 1000
    cost["carbon"] = p.carbon_price * co2e_total_t
    total = sum(cost.values())
    unserved_t = sum(u.tonnes for u in plan.unserved)
    penalty = unserved_t * p.unserved_cost_per_t
    carried = {it.order for it in plan.itineraries}
    hubs = [s.id for s in scenario.sites if s.hub]
    totals = [
        sum(v[i] for v in series.values()) for i in range(max(map(len, series.values()), default=0))
    ]
    n_orders = len(scenario.orders)
    tariff = {s: services[s].cost_per_t + services[s].cost_per_tkm * dist[s] for s in services}
    replaced = sum(
        tariff[x.service] * x.tonnes for r in plan.routes for x in r.stops if x.action != "reload"
    )
    own = sum(r.cost for r in plan.routes)
    objective = total + penalty if plan.status.has_solution else None
    gap = relative_gap(objective, plan.lower_bound)
    return Kpis(
        orders=n_orders,
        delivered_orders=len(carried - short),
        partly_delivered_orders=len(carried & short),
        on_time_orders=on_time,
        on_time_pct=round(100.0 * on_time / n_orders, 2) if n_orders else 100.0,
        unserved_orders=len(short - carried),
        tonnes=sum(o.tonnes for o in scenario.orders),
        tonnes_delivered=sum(it.tonnes for it in plan.itineraries),
        total_cost=total,
        cost=cost,
        unserved_penalty=penalty,
        unserved_tonnes=unserved_t,
        tonne_km=sum(tkm.values()),
        co2e_t=co2e_total_t,
        tonne_km_by_mode=dict(tkm),
        co2e_t_by_mode={m: v / 1000 for m, v in co2e_kg.items()},
        vehicles_by_mode=dict(vehicles),
        load_factor_by_service={s: a[0] / a[1] for s, a in sorted(lf_sum.items()) if a[1] > 0},
        load_factor_by_mode={m: a[0] / a[1] for m, a in sorted(lf_mode.items()) if a[1] > 0},
        peak_yard_m2=max(totals, default=0.0),
        yard_peak_m2={h: max(series.get(h, [0.0]), default=0.0) for h in hubs},
        yard_avg_m2={h: sum(series.get(h, [])) / max(1, len(series.get(h, []))) for h in hubs},
        yard_series_m2=series,
        lower_bound=plan.lower_bound,
        gap_pct=None if gap is None else round(100 * gap, 4),
        objective=objective,
        solve_seconds=round(plan.solve_seconds, 3),
        status=plan.status,
        currency=p.currency,
        truck_routes=len(plan.routes),
        truck_km=sum(r.distance_km for r in plan.routes),
        own_fleet_cost=own,
        carrier_cost_replaced=replaced,
        fleet_saving=replaced - own,
        total_cost_with_fleet=total - (replaced - own),
        carrier_loads=len(plan.unrouted),
        pool_peak_t=pool_peak_t(scenario, plan),
        pool_peak_vehicles=pool_peak_vehicles(scenario, plan),
        yard_binding_hours=binding_hours(scenario, series),
        empty_vehicle_km=sum(e.empty_km for e in back),
        empty_co2e_t=sum(e.co2e_kg for e in back) / 1000,
        balances=balance_figures(scenario, plan),
    )
