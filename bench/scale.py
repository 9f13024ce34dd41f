"""Scale benchmark: plan generated weeks of 100 to 10,000 orders with the monolithic arc MIP.

Each size runs in its own process (so peak memory is its own), with the same time limit, and
every plan is re-checked by the independent checker. Writes bench/results/scale.{csv,md}.

    python bench/scale.py                       # 100, 1000, 5000, 10000 orders, 120 s each
    python bench/scale.py --orders 100 1000 --time-limit 60
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing as mp
import platform
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
COLUMNS = [
    "orders",
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


def run_one(n: int, seed: int, time_limit: float, queue: mp.Queue) -> None:
    from hubflow.check import check_plan
    from hubflow.example import EXAMPLE_DIR, generate_orders
    from hubflow.io import load_scenario
    from hubflow.kpi import compute_kpis
    from hubflow.planning import make_plan

    scn = generate_orders(load_scenario(EXAMPLE_DIR), n, seed)
    plan = make_plan(scn, time_limit=time_limit)
    kpis = compute_kpis(scn, plan)
    violations = check_plan(scn, plan, kpis.to_dict())
    s = plan.stats
    queue.put(
        {
            "orders": n,
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
    args = ap.parse_args()
    ctx = mp.get_context("spawn")
    rows = []
    for n in args.orders:
        q: mp.Queue = ctx.Queue()
        start = time.perf_counter()
        proc = ctx.Process(target=run_one, args=(n, args.seed, args.time_limit, q))
        proc.start()
        proc.join()
        row = q.get() if not q.empty() else {"orders": n, "status": f"crashed ({proc.exitcode})"}
        row["wall_s"] = round(time.perf_counter() - start, 1)
        print(row, flush=True)
        rows.append(row)
    write(rows, args)


def write(rows: list[dict], args: argparse.Namespace) -> None:
    RESULTS.mkdir(exist_ok=True)
    cols = [*COLUMNS, "wall_s"]
    with (RESULTS / "scale.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=cols)
        w.writeheader()
        w.writerows(rows)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    lines = [
        "# Scale: monolithic arc MIP (HiGHS) on generated weeks",
        "",
        f"Command: `python bench/scale.py --orders {' '.join(map(str, args.orders))} "
        f"--time-limit {args.time_limit:g} --seed {args.seed}`  ",
        f"Machine: {platform.machine()}, {mp.cpu_count()} cores, Python {platform.python_version()}; "
        f"commit {commit}; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        "| " + " | ".join(cols) + " |",
        "|" + "---|" * len(cols),
    ]
    lines += ["| " + " | ".join(str(r.get(c, "")) for c in cols) + " |" for r in rows]
    (RESULTS / "scale.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
