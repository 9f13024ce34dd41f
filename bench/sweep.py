"""A sweep of the Zhengzhou example on 2 workers: local process pool vs Ray vs one after another.

Plans the same grid (default 3 carbon prices x 4 land-port yard areas = 12 variants) on each
executor and writes bench/results/sweep.{csv,md}: wall time, the speed-up over one after another,
the mean seconds a variant takes inside its worker, and Ray's overhead per variant (its wall time
minus the pool's, per variant; Ray's start-up is counted apart). Rows of every executor are
compared with the sequential run's (``same_rows``, ``max_objective_diff``). ``load_avg`` is the machine's 1-minute
load average when each executor finished: other work on a 2-core machine shows there.

    python bench/sweep.py
    python bench/sweep.py --workers 2 --time-limit 60
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from tables import write_tables

from hubflow.example import EXAMPLE_DIR
from hubflow.io import load_scenario
from hubflow.io.variants import parse_grid
from hubflow.planning import PlanOptions
from hubflow.sweep import PoolExecutor, RayExecutor, SequentialExecutor, run_sweep

AXES = ["carbon_price=0,100,200", "yard_area[ZZ_LANDPORT]=*0.7,*0.85,*1,*1.2"]
COLUMNS = [
    "executor",
    "workers",
    "variants",
    "failed",
    "start_s",
    "wall_s",
    "speed_up",
    "variant_mean_s",
    "overhead_per_variant_s",
    "load_avg",
    "same_rows",
    "max_objective_diff",
]


def _against(rows: list[dict], reference: list[dict]) -> dict[str, str]:
    """How many rows have the sequential run's status and objective (to 1 CNY), and the
    largest objective difference (the plans are solved to a gap, not to optimality)."""
    same = sum(
        r["status"] == q["status"] and abs((r["objective"] or 0) - (q["objective"] or 0)) < 1
        for r, q in zip(rows, reference, strict=True)
    )
    diff = max(
        abs((r["objective"] or 0) - (q["objective"] or 0))
        for r, q in zip(rows, reference, strict=True)
    )
    return {"same_rows": f"{same}/{len(rows)}", "max_objective_diff": f"{diff:.0f}"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--time-limit", type=float, default=60.0)
    args = ap.parse_args()
    scn = load_scenario(EXAMPLE_DIR)
    grid = parse_grid(scn, AXES)
    options = PlanOptions(time_limit=args.time_limit, dispatch_time=0)
    results = {}
    for name, make in (
        ("sequential", SequentialExecutor),
        ("process pool", lambda: PoolExecutor(args.workers)),
        ("ray (local runtime)", lambda: RayExecutor(args.workers)),
    ):
        t0 = time.perf_counter()
        with make() as ex:
            started = time.perf_counter()
            rows = run_sweep(scn, grid, options, ex)
        wall = time.perf_counter() - t0
        results[name] = (rows, wall, started - t0, os.getloadavg()[0])
        print(f"{name}: {wall:.1f} s", flush=True)
    reference = results["sequential"][0]
    seq_wall = results["sequential"][1]
    pool_wall = results["process pool"][1]
    table = []
    for name, (rows, wall, start, load) in results.items():
        workers = 1 if name == "sequential" else args.workers
        table.append(
            {
                "executor": name,
                "workers": workers,
                "variants": len(rows),
                "failed": sum(r["status"] == "FAILED" for r in rows),
                "start_s": f"{start:.2f}",
                "wall_s": f"{wall:.1f}",
                "speed_up": f"{seq_wall / wall:.2f}",
                "variant_mean_s": f"{statistics.mean(r['seconds'] for r in rows):.2f}",
                "overhead_per_variant_s": (
                    f"{(wall - pool_wall) / len(rows):.2f}" if name.startswith("ray") else ""
                ),
                "load_avg": f"{load:.1f}",
                **_against(rows, reference),
            }
        )
    write_tables(
        "sweep",
        f"Sweep of {len(grid)} variants of the Zhengzhou example ({' x '.join(AXES)})",
        f"python bench/sweep.py --workers {args.workers} --time-limit {args.time_limit:g}",
        COLUMNS,
        table,
    )


if __name__ == "__main__":
    main()
