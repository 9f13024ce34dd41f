"""The built-in Zhengzhou example: solve time, bound and gap, and the cost-CO2e trade-off.

Plans the example once per carbon price (CNY per t CO2e) with the default 60 s limit, checks
every plan, and writes bench/results/example.{csv,md}.

    python bench/example.py                      # carbon prices 0 96 200 500 1000
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from tables import write_tables

from hubflow.check import check_plan
from hubflow.example import EXAMPLE_DIR
from hubflow.io import load_scenario
from hubflow.kpi import compute_kpis
from hubflow.planning import make_plan

COLUMNS = [
    "carbon_price",
    "status",
    "solve_s",
    "total_cost",
    "cost_excl_carbon",
    "lower_bound",
    "gap_pct",
    "co2e_t",
    "tonne_km",
    "on_time_pct",
    "unserved",
    "peak_yard_m2",
    "check",
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--carbon-prices", type=float, nargs="+", default=[0, 96, 200, 500, 1000])
    ap.add_argument("--time-limit", type=float, default=60.0)
    args = ap.parse_args()
    base = load_scenario(EXAMPLE_DIR)
    rows = []
    for price in args.carbon_prices:
        scn = replace(base, parameters=replace(base.parameters, carbon_price=price))
        plan = make_plan(scn, time_limit=args.time_limit, dispatch_time=0)
        k = compute_kpis(scn, plan)
        bad = check_plan(scn, plan, k.to_dict())
        rows.append(
            {
                "carbon_price": price,
                "status": plan.status,
                "solve_s": round(plan.solve_seconds, 1),
                "total_cost": round(k.total_cost),
                "cost_excl_carbon": round(k.total_cost - k.cost["carbon"]),
                "lower_bound": round(plan.lower_bound),
                "gap_pct": round(k.gap_pct, 3),
                "co2e_t": round(k.co2e_t, 1),
                "tonne_km": round(k.tonne_km),
                "on_time_pct": k.on_time_pct,
                "unserved": k.unserved_orders,
                "peak_yard_m2": round(k.peak_yard_m2),
                "check": "ok" if not bad else f"{len(bad)} violations",
            }
        )
        print(rows[-1], flush=True)
    prices = " ".join(f"{p:g}" for p in args.carbon_prices)
    command = f"python bench/example.py --carbon-prices {prices} --time-limit {args.time_limit:g}"
    write_tables(
        "example",
        "Zhengzhou example: plan quality and the cost-CO2e trade-off",
        command,
        COLUMNS,
        rows,
    )


if __name__ == "__main__":
    main()
