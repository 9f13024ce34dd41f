"""The time grid's approximation on the Zhengzhou example: coarse steps, with and without
``chain_short_legs``, against a fine grid.

Plans the example at each time step, once with arrivals rounded up to the grid (the default)
and once with arrivals in real minutes (``chain_short_legs = true``), checks every plan, and
writes bench/results/time_step.{csv,md}. The finest grid with chained legs is the reference:
each row's objective and cost are stated as a difference from it. All runs share one machine
and one run of this script, so the solve times compare side by side.

    python bench/time_step.py                       # steps 240 120 60, 120 s, 0.05 % gap each

The solver's relative gap is set tight (0.05 %, against the CLI's 0.5 %) so that differences
between grids are not lost in it; ``lower_bound`` shows what each grid proves.
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
from hubflow.network import build_network
from hubflow.planning import make_plan

COLUMNS = [
    "step_min",
    "chain_short_legs",
    "arcs",
    "status",
    "solve_s",
    "objective",
    "objective_vs_ref_pct",
    "total_cost",
    "cost_vs_ref_pct",
    "lower_bound",
    "gap_pct",
    "unserved_orders",
    "unserved_t",
    "on_time_pct",
    "co2e_t",
    "check",
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, nargs="+", default=[240, 120, 60])
    ap.add_argument("--time-limit", type=float, default=120.0)
    ap.add_argument("--mip-gap", type=float, default=0.0005)
    args = ap.parse_args()
    base = load_scenario(EXAMPLE_DIR)
    rows = []
    for step in args.steps:
        for chain in (False, True):
            params = replace(base.parameters, time_step_minutes=step, chain_short_legs=chain)
            scn = replace(base, parameters=params)
            arcs = build_network(scn).problem.n_arcs
            plan = make_plan(scn, time_limit=args.time_limit, mip_gap=args.mip_gap, dispatch_time=0)
            k = compute_kpis(scn, plan)
            bad = check_plan(scn, plan, k.to_dict())
            rows.append(
                {
                    "step_min": step,
                    "chain_short_legs": chain,
                    "arcs": arcs,
                    "status": plan.status,
                    "solve_s": round(plan.solve_seconds, 1),
                    "objective": round(plan.objective),
                    "total_cost": round(k.total_cost),
                    "lower_bound": round(plan.lower_bound) if plan.lower_bound is not None else "",
                    "gap_pct": round(k.gap_pct, 3) if k.gap_pct is not None else "",
                    "unserved_orders": k.unserved_orders,
                    "unserved_t": round(k.unserved_tonnes, 1),
                    "on_time_pct": k.on_time_pct,
                    "co2e_t": round(k.co2e_t, 1),
                    "check": "ok" if not bad else f"{len(bad)} violations",
                }
            )
            print(rows[-1], flush=True)
    ref = rows[-1]  # the finest grid, chained
    for r in rows:
        r["objective_vs_ref_pct"] = round(100 * (r["objective"] / ref["objective"] - 1), 2)
        r["cost_vs_ref_pct"] = round(100 * (r["total_cost"] / ref["total_cost"] - 1), 2)
    steps = " ".join(map(str, args.steps))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    write_tables(
        "time_step",
        f"Zhengzhou example on coarse and fine time grids (machine shared; load average {load} "
        "at the end)",
        f"python bench/time_step.py --steps {steps} --time-limit {args.time_limit:g} "
        f"--mip-gap {args.mip_gap:g}",
        COLUMNS,
        rows,
    )


if __name__ == "__main__":
    main()
