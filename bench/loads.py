"""What payloads by commodity and orders that must not be split do to the example's plan.

Plans the built-in Zhengzhou example under each design method as it is, with every order
unsplittable (``no_split = true``), and with a what-if payload of scrap bales at 72 % of every
service's rated capacity (18 t in a 25 t box; not a sourced fact), one after another in one run;
checks every plan and writes bench/results/loads.{csv,md}. ``lp_bound`` is the column
generation's LP bound (plus the penalty of the orders that no path reaches, as in
``lower_bound``), which does not see the no-split rule; ``lower_bound`` is the better of it and
the arc MIP's that may follow. The example's scrap rides carrier trucks priced per tonne, so its
payload adds vehicles at no cost.

    python bench/loads.py --time-limit 60
"""

from __future__ import annotations

import argparse
import os
from dataclasses import replace

from tables import write_tables

from hubflow.check import check_plan
from hubflow.example import EXAMPLE_DIR
from hubflow.io import load_scenario
from hubflow.kpi import compute_kpis
from hubflow.model import Scenario, UnservedReason
from hubflow.planning import make_plan

COLUMNS = [
    "variant",
    "method",
    "status",
    "solve_s",
    "objective",
    "total_cost",
    "lower_bound",
    "gap_pct",
    "lp_bound",
    "unserved",
    "unserved_t",
    "vehicles",
    "check",
    "load_avg",
]
SCRAP_SHARE = 0.72  # 18 t of bales in a box rated 25 t
NO_PATH = UnservedReason.NO_PATH_BEFORE_DUE


def variants(base: Scenario) -> dict[str, Scenario]:
    whole = replace(base, parameters=replace(base.parameters, no_split=True))
    bales = tuple(
        replace(s, payload_t=(("scrap", round(SCRAP_SHARE * s.capacity_t, 3)),))
        for s in base.services
    )
    return {"as is": base, "no_split": whole, "scrap payload": replace(base, services=bales)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--methods", nargs="+", default=["mip", "colgen"])
    args = ap.parse_args()
    rows = []
    for name, scn in variants(load_scenario(EXAMPLE_DIR)).items():
        for method in args.methods:
            plan = make_plan(scn, time_limit=args.time_limit, dispatch_time=0, method=method)
            k = compute_kpis(scn, plan)
            bad = check_plan(scn, plan, k.to_dict())
            lp = plan.stats.get("lp_bound")
            if lp is not None:
                unreachable = sum(u.tonnes for u in plan.unserved if u.reason == NO_PATH)
                lp += unreachable * scn.parameters.unserved_cost_per_t
            rows.append(
                {
                    "variant": name,
                    "method": method,
                    "status": plan.status,
                    "solve_s": round(plan.solve_seconds, 1),
                    "objective": round(k.objective) if k.objective is not None else "",
                    "total_cost": round(k.total_cost),
                    "lower_bound": round(plan.lower_bound) if plan.lower_bound else "",
                    "gap_pct": k.gap_pct if k.gap_pct is not None else "",
                    "lp_bound": round(lp) if lp is not None else "",
                    "unserved": k.unserved_orders,
                    "unserved_t": round(k.unserved_tonnes, 1),
                    "vehicles": sum(r.vehicles for r in plan.departures),
                    "check": "ok" if not bad else f"{len(bad)} violations",
                    "load_avg": f"{os.getloadavg()[0]:.1f}",
                }
            )
            print(rows[-1], flush=True)
    write_tables(
        "loads",
        "Zhengzhou example: payload by commodity and orders that must not be split "
        "(one method after another on a 2-core machine shared with other runs; times are "
        "indicative, the load average is recorded per row)",
        f"python bench/loads.py --time-limit {args.time_limit:g} --methods {' '.join(args.methods)}",
        COLUMNS,
        rows,
    )


if __name__ == "__main__":
    main()
