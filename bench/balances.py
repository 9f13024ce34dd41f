"""What it does to the example's plan when the China-Europe boxes must come back.

Plans the built-in Zhengzhou example as it is and with a what-if vehicle balance: every box
sent west on a China-Europe train (the ``X_ZZ__*`` services) must come back on the eastbound
train that mirrors its service (same timetable, transit, km and box size; one balance per
corridor, so a Hamburg box comes back from Hamburg), priced per box at 50 % of the westbound box
(the issue's workaround figure, an ASSUMPTION: no eastbound price is in the example's sources).
The example has no eastbound orders, so every box comes back empty. Each variant also at the
China ETS carbon price (CNY 95.96 per t, facts 12), where the empty running's CO2e (default:
half of a full box's, ASSUMPTION) enters the objective. Each plan is checked; one
method after another in one run; writes bench/results/balances.{csv,md}. With ``--orders N``
the example's week is replaced by N generated orders (``generate_orders``, seed 1: capacity
grows with volume) and the tables are balances_<N>.{csv,md}.

    python bench/balances.py --time-limit 60
    python bench/balances.py --orders 10000 --methods colgen --time-limit 60
"""

from __future__ import annotations

import argparse
import os
from dataclasses import replace

from tables import write_tables

from hubflow.check import check_plan
from hubflow.example import EXAMPLE_DIR
from hubflow.example.generate import generate_orders
from hubflow.io import load_scenario
from hubflow.kpi import compute_kpis
from hubflow.model import Balance, Scenario, Service
from hubflow.planning import make_plan

COLUMNS = [
    "variant",
    "method",
    "status",
    "solve_s",
    "objective",
    "lower_bound",
    "gap_pct",
    "co2e_t",
    "boxes_west",
    "boxes_back_empty",
    "empty_vehicle_km",
    "empty_co2e_t",
    "repositioning_cost",
    "rail_express_t",
    "check",
    "load_avg",
]
RETURN_SHARE = 0.5  # ASSUMPTION: an eastbound box costs half of a westbound one
ETS_PRICE = 95.96  # CNY per t CO2e, China national ETS 2024 average (facts 12)


def eastbound(s: Service) -> Service:
    """The mirror of a westbound China-Europe service, at RETURN_SHARE of its box price."""
    return replace(
        s,
        id=f"{s.id}__BACK",
        origin=s.destination,
        destination=s.origin,
        fixed_cost=RETURN_SHARE * s.fixed_cost,
        source="what-if eastbound return (bench/balances.py): ASSUMPTION",
    )


def with_boxes_back(base: Scenario) -> Scenario:
    """The example with an eastbound mirror of each westbound service and one balance each."""
    west = [s for s in base.services if s.id.startswith("X_ZZ__")]
    east = [eastbound(s) for s in west]
    balances = tuple(
        Balance(
            id=f"BOXES_{w.destination}",
            outbound=(w.id,),
            returns=(e.id,),
            source="what-if (bench/balances.py)",
        )
        for w, e in zip(west, east, strict=True)
    )
    return replace(base, services=base.services + tuple(east), balances=balances)


def priced(scn: Scenario) -> Scenario:
    return replace(scn, parameters=replace(scn.parameters, carbon_price=ETS_PRICE))


def variants(base: Scenario) -> dict[str, Scenario]:
    boxes = with_boxes_back(base)
    return {
        "as is": base,
        "boxes back": boxes,
        "as is, ETS price": priced(base),
        "boxes back, ETS price": priced(boxes),
    }


def row(name: str, method: str, scn: Scenario, time_limit: float) -> dict:
    plan = make_plan(scn, time_limit=time_limit, dispatch_time=0, method=method)
    k = compute_kpis(scn, plan)
    bad = check_plan(scn, plan, k.to_dict())
    west = [r for r in plan.departures if r.service.startswith("X_ZZ__")]
    west = [r for r in west if not r.service.endswith("__BACK")]
    back_empty = sum(b["vehicles_back_empty"] for b in k.balances.values())
    repositioning = sum(b["repositioning_cost"] for b in k.balances.values())
    return {
        "variant": name,
        "method": method,
        "status": plan.status,
        "solve_s": round(plan.solve_seconds, 1),
        "objective": round(k.objective) if k.objective is not None else "",
        "lower_bound": round(plan.lower_bound) if plan.lower_bound else "",
        "gap_pct": k.gap_pct if k.gap_pct is not None else "",
        "co2e_t": round(k.co2e_t, 1),
        "boxes_west": sum(r.vehicles for r in west),
        "boxes_back_empty": round(back_empty),
        "empty_vehicle_km": round(k.empty_vehicle_km),
        "empty_co2e_t": round(k.empty_co2e_t, 1),
        "repositioning_cost": round(repositioning),
        "rail_express_t": round(sum(r.load_t for r in west)),
        "check": "ok" if not bad else f"{len(bad)} violations: {bad[0]}",
        "load_avg": f"{os.getloadavg()[0]:.1f}",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--methods", nargs="+", default=["mip", "colgen"])
    ap.add_argument("--orders", type=int, default=0, help="generated orders (0: the example's)")
    args = ap.parse_args()
    base = load_scenario(EXAMPLE_DIR)
    if args.orders:
        base = generate_orders(base, args.orders, seed=1)
    rows = []
    for name, scn in variants(base).items():
        for method in args.methods:
            rows.append(row(name, method, scn, args.time_limit))
            print(rows[-1], flush=True)
    size = f", {args.orders:,} generated orders" if args.orders else ""
    write_tables(
        f"balances_{args.orders}" if args.orders else "balances",
        "Zhengzhou example: China-Europe boxes that must come back (what-if eastbound trains at "
        f"50 % of the westbound box price, ASSUMPTION{size}; one method after another on a "
        "2-core machine shared with other runs; times are indicative, the load average is per "
        "row)",
        f"python bench/balances.py --time-limit {args.time_limit:g} "
        f"--methods {' '.join(args.methods)}" + (f" --orders {args.orders}" if args.orders else ""),
        COLUMNS,
        rows,
    )


if __name__ == "__main__":
    main()
