"""What-if re-plans through the Python API: cold vs warm-started from the variant before.

For each change (carbon price 0 -> 200, a yard's area halved, one rail service removed, and
added back) the scenario before is planned with ``hubflow.plan_scenario``; the changed scenario
is then planned cold and warm (``plan_scenario(..., warm_from=outcome_before)``, which reuses the
paths and plan of the solve before), one after the other in the same process, with the same
options. Every plan is checked. Writes bench/results/warm_start[_ORDERS].{csv,md}.

    python bench/warm_start.py                      # the example
    python bench/warm_start.py --orders 5000        # a generated week
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time

from tables import write_tables

COLUMNS = [
    "change",
    "orders",
    "method",
    "cold_s",
    "warm_s",
    "speedup",
    "cold_design_s",
    "warm_design_s",
    "cold_objective",
    "warm_objective",
    "warm_vs_cold_pct",
    "cold_gap_pct",
    "warm_gap_pct",
    "lp_rounds_cold",
    "lp_rounds_warm",
    "warm_paths",
    "check",
]


def variants(scn):
    """(name, base scenario, changed scenario) pairs."""
    from hubflow.io import apply_overrides

    base = apply_overrides(scn, ["carbon_price=0"], source="bench")
    yield "carbon price 0 -> 200", base, apply_overrides(scn, ["carbon_price=200"], source="bench")
    yards = [s for s in scn.sites if getattr(s, "yard_m2", None)]
    if yards:
        big = max(yards, key=lambda s: s.yard_m2)
        small = dataclasses.replace(big, yard_m2=big.yard_m2 / 2)
        sites = tuple(small if s.id == big.id else s for s in scn.sites)
        yield f"yard {big.id} area / 2", scn, dataclasses.replace(scn, sites=sites)
    rail = [s for s in scn.services if s.mode == "rail"]
    if rail:
        gone = rail[len(rail) // 2]
        rest = tuple(s for s in scn.services if s.id != gone.id)
        yield f"service {gone.id} removed", scn, dataclasses.replace(scn, services=rest)
        yield f"service {gone.id} added", dataclasses.replace(scn, services=rest), scn


def main() -> None:
    from hubflow.example import EXAMPLE_DIR, generate_orders
    from hubflow.io import load_scenario
    from hubflow.planning import PlanOptions, plan_scenario

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, default=0, help="generated orders; 0: the example")
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--mip-gap", type=float, default=0.005)
    ap.add_argument("--method", default="auto")
    args = ap.parse_args()
    scn = load_scenario(EXAMPLE_DIR)
    if args.orders:
        scn = generate_orders(scn, args.orders, 1)
    options = PlanOptions(
        time_limit=args.time_limit, mip_gap=args.mip_gap, method=args.method, dispatch_time=0
    )
    rows = []
    for name, base, changed in variants(scn):
        first = plan_scenario(base, options)
        t = time.perf_counter()
        cold = plan_scenario(changed, options)
        cold_s = time.perf_counter() - t
        t = time.perf_counter()
        warm = plan_scenario(changed, options, warm_from=first)
        warm_s = time.perf_counter() - t
        rows.append(row(name, len(changed.orders), cold, cold_s, warm, warm_s))
        print(rows[-1], flush=True)
    command = (
        f"python bench/warm_start.py --orders {args.orders} --time-limit {args.time_limit:g} "
        f"--method {args.method}"
    )
    write_tables(
        "warm_start" + (f"_{args.orders}" if args.orders else ""),
        "What-if re-plans through plan_scenario: cold vs warm-started from the variant before "
        "(_s: the whole plan_scenario call of the changed variant, truck routing off; _design_s: "
        "its design solve and decode; one after the other on a 2-core machine shared with other "
        "engineers' jobs: timings are noisy)",
        command,
        COLUMNS,
        rows,
    )


def design_seconds(plan) -> float:
    """The design solve and decode, without building the network (the rest is KPIs, check)."""
    return plan.solve_seconds - plan.stats.get("network_seconds", 0.0)


def row(name: str, orders: int, cold, cold_s: float, warm, warm_s: float) -> dict:
    """One table row: seconds, objectives and gaps of both, and both checks."""
    return {
        "change": name,
        "orders": orders,
        "method": warm.plan.solver,
        "cold_s": round(cold_s, 2),
        "warm_s": round(warm_s, 2),
        "speedup": round(cold_s / max(warm_s, 1e-9), 2),
        "cold_design_s": round(design_seconds(cold.plan), 2),
        "warm_design_s": round(design_seconds(warm.plan), 2),
        "cold_objective": round(cold.plan.objective or 0),
        "warm_objective": round(warm.plan.objective or 0),
        "warm_vs_cold_pct": round(100 * (w - c) / c, 3)
        if (w := warm.plan.objective) and (c := cold.plan.objective)
        else None,
        "cold_gap_pct": round(cold.kpis.gap_pct or 0, 3),
        "warm_gap_pct": round(warm.kpis.gap_pct or 0, 3),
        "lp_rounds_cold": int(cold.plan.stats.get("lp_rounds", 0)),
        "lp_rounds_warm": int(warm.plan.stats.get("lp_rounds", 0)),
        "warm_paths": int(warm.plan.stats.get("warm_paths", 0)),
        "check": "ok" if cold.ok and warm.ok else f"{len(cold.violations)}/{len(warm.violations)}",
    }


if __name__ == "__main__":
    sys.exit(main())
