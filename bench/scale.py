"""Scale benchmark: plan generated weeks of 100 to 50,000 orders with a design method.

Each size runs in its own process (so peak memory is its own), with the same time limit, and
every plan is re-checked by the independent checker. ``--loaded`` runs a CPU-bound process
beside each solve (a busy machine); the 1-minute load average before and after each size says
how busy the shared machine was. Writes bench/results/scale[_<method>][_loaded].{csv,md}.

    python bench/scale.py                       # 100, 1000, 5000, 10000 orders, 120 s, arc MIP
    python bench/scale.py --orders 1000 10000 --time-limit 60 --method colgen --loaded
    python bench/scale.py --orders 10000 --method colgen --set horizon_days=30 time_step_minutes=120
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import sys
import time

from tables import write_tables

COLUMNS = [
    "orders",
    "method",
    "solver",
    "demands",
    "arcs",
    "variables",
    "integer_variables",
    "constraints",
    "network_s",
    "solve_s",
    "status",
    "objective",
    "lower_bound",
    "gap_pct",
    "unserved",
    "check",
    "peak_rss_mb",
]
LOAD = ["load_before", "load_after"]  # 1-minute load average: the shared machine's other work


def run_one(
    n: int, seed: int, time_limit: float, method: str, sets: list[str], days: float, queue: mp.Queue
) -> None:
    from hubflow.check import check_plan
    from hubflow.example import EXAMPLE_DIR, generate_orders
    from hubflow.io import apply_overrides, load_scenario
    from hubflow.kpi import compute_kpis
    from hubflow.planning import make_plan

    base = apply_overrides(load_scenario(EXAMPLE_DIR), sets, source="--set")
    scn = generate_orders(base, n, seed, days=days)
    plan = make_plan(scn, time_limit=time_limit, dispatch_time=0, method=method)  # no trucks
    kpis = compute_kpis(scn, plan)
    violations = check_plan(scn, plan, kpis.to_dict())
    s = plan.stats
    queue.put(
        {
            "orders": n,
            "method": method,
            "solver": plan.solver,
            "demands": int(s.get("demands", 0)),
            "arcs": int(s.get("arcs", 0)),
            "variables": int(s.get("variables", 0)),
            "integer_variables": int(s.get("integer_variables", 0)),
            "constraints": int(s.get("constraints", 0)),
            "network_s": round(s.get("network_seconds", 0.0), 2),
            "solve_s": round(plan.solve_seconds, 2),
            "status": plan.status,
            "objective": round(plan.objective),
            "lower_bound": round(plan.lower_bound),
            "gap_pct": round(100 * plan.gap, 3),
            "unserved": len(plan.unserved),
            "check": "ok" if not violations else f"{len(violations)} violations",
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        }
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, nargs="+", default=[100, 1000, 5000, 10000])
    ap.add_argument("--time-limit", type=float, default=120.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--method", default="mip", help="mip, colgen or auto")
    ap.add_argument("--loaded", action="store_true", help="a CPU-bound process beside each run")
    ap.add_argument("--set", nargs="*", default=[], help="scenario overrides KEY=VALUE")
    ap.add_argument("--tag", default="", help="appended to the tables' file name")
    ap.add_argument("--days", type=float, default=7.0, help="orders released over this many days")
    args = ap.parse_args()
    ctx = mp.get_context("spawn")
    rows = []
    for n in args.orders:
        q: mp.Queue = ctx.Queue()
        load_before = os.getloadavg()[0]
        start = time.perf_counter()
        burner = ctx.Process(target=burn, daemon=True) if args.loaded else None
        if burner:
            burner.start()
        proc = ctx.Process(
            target=run_one,
            args=(n, args.seed, args.time_limit, args.method, args.set, args.days, q),
        )
        proc.start()
        proc.join()
        if burner:
            burner.terminate()
            burner.join()
        row = q.get() if not q.empty() else {"orders": n, "status": f"crashed ({proc.exitcode})"}
        row["wall_s"] = round(time.perf_counter() - start, 1)
        row["load_before"], row["load_after"] = round(load_before, 2), round(os.getloadavg()[0], 2)
        print(row, flush=True)
        rows.append(row)
    write(rows, args)


def burn() -> None:
    """Keep one core busy (the 'second job' of a loaded machine)."""
    x = 0
    while True:
        x = (x * 1103515245 + 12345) % 2**31


def write(rows: list[dict], args: argparse.Namespace) -> None:
    command = (
        f"python bench/scale.py --orders {' '.join(map(str, args.orders))} "
        f"--time-limit {args.time_limit:g} --seed {args.seed} --method {args.method}"
        + (" --loaded" if args.loaded else "")
        + (f" --set {' '.join(args.set)}" if args.set else "")
        + (f" --days {args.days:g}" if args.days != 7.0 else "")
    )
    name = "scale" + ("" if args.method == "mip" else f"_{args.method}")
    name += "_loaded" if args.loaded else ""
    name += "_" + "_".join(x.replace("=", "") for x in args.set) if args.set else ""
    name += f"_{args.tag}" if args.tag else ""
    write_tables(
        name,
        f"Scale: method {args.method} on generated weeks"
        + (", with a CPU-bound process beside each run" if args.loaded else "")
        + " (shared 2-core machine: timings are noisy)",
        command,
        [*COLUMNS, "wall_s", *LOAD],
        rows,
    )


if __name__ == "__main__":
    sys.exit(main())
