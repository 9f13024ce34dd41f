"""A sweep of the Zhengzhou example on 2 workers: local process pool vs Ray vs one after another,
each cold (every variant from scratch) and warm (chains of neighbouring variants, each started
from the one before), side by side in one run.

Plans the same grid (default 3 carbon prices x 4 land-port yard areas = 12 variants) on each
executor and writes bench/results/sweep.{csv,md}: wall time, the speed-up over one after another
cold, the mean seconds a variant takes inside its worker (all variants, and those that started
warm against the same variants cold, in wall and in the worker's CPU seconds: CPU time is what
the load of a shared machine disturbs least), and Ray's overhead per variant (its wall time minus the pool's, per variant; Ray's
start-up is counted apart). Rows are compared with the sequential run of the same start
(``same_rows``: status and objective to 1 CNY; ``max_objective_diff``) and warm with cold
(``vs_cold``: how much lower the warm objectives are, largest change). ``load_avg`` is the
machine's 1-minute load average when each run finished: other work on a 2-core machine shows
there.

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
    "start",
    "workers",
    "variants",
    "failed",
    "start_s",
    "wall_s",
    "speed_up",
    "variant_mean_s",
    "warm_variants",
    "warm_variant_mean_s",
    "same_variants_cold_mean_s",
    "warm_variant_cpu_s",
    "same_variants_cold_cpu_s",
    "overhead_per_variant_s",
    "load_avg",
    "same_rows",
    "max_objective_diff",
    "vs_cold",
]


def _against(rows: list[dict], reference: list[dict]) -> dict[str, str]:
    """How many rows have the reference's status and objective (to 1 CNY), and the largest
    objective difference (the plans are solved to a gap, not to optimality)."""
    same = sum(
        r["status"] == q["status"] and abs((r["objective"] or 0) - (q["objective"] or 0)) < 1
        for r, q in zip(rows, reference, strict=True)
    )
    diff = max(
        abs((r["objective"] or 0) - (q["objective"] or 0))
        for r, q in zip(rows, reference, strict=True)
    )
    return {"same_rows": f"{same}/{len(rows)}", "max_objective_diff": f"{diff:.0f}"}


def _vs_cold(rows: list[dict], cold: list[dict]) -> str:
    """Warm objectives against cold ones: mean relative change and the largest, in %."""
    change = [
        100 * (r["objective"] - q["objective"]) / q["objective"]
        for r, q in zip(rows, cold, strict=True)
        if r.get("objective") and q.get("objective")
    ]
    worst = max(change, key=abs, default=0.0)
    return f"mean {statistics.mean(change or [0.0]):+.3f} %, largest {worst:+.3f} %"


def _mean(rows: list[dict], which: list[int], key: str) -> str:
    """The mean of ``key`` over the rows ``which`` ('' for none)."""
    return f"{statistics.mean(rows[i][key] for i in which):.2f}" if which else ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--time-limit", type=float, default=60.0)
    args = ap.parse_args()
    scn = load_scenario(EXAMPLE_DIR)
    grid = parse_grid(scn, AXES)
    options = PlanOptions(time_limit=args.time_limit, dispatch_time=0)
    runs = {}
    for name, make in (
        ("sequential", SequentialExecutor),
        ("process pool", lambda: PoolExecutor(args.workers)),
        ("ray (local runtime)", lambda: RayExecutor(args.workers)),
    ):
        for warm in (False, True):  # cold first, as the sweep runs by default
            t0 = time.perf_counter()
            with make() as ex:
                started = time.perf_counter()
                rows = run_sweep(scn, grid, options, ex, warm=warm)
            wall = time.perf_counter() - t0
            runs[name, warm] = (rows, wall, started - t0, os.getloadavg()[0])
            print(f"{name} {'warm' if warm else 'cold'}: {wall:.1f} s", flush=True)
    table = []
    for (name, warm), (rows, wall, start, load) in runs.items():
        cold_rows = runs[name, False][0]
        warmed = [i for i, r in enumerate(rows) if r.get("warm")]
        table.append(
            {
                "executor": name,
                "start": "warm" if warm else "cold",
                "workers": 1 if name == "sequential" else args.workers,
                "variants": len(rows),
                "failed": sum(r["status"] == "FAILED" for r in rows),
                "start_s": f"{start:.2f}",
                "wall_s": f"{wall:.1f}",
                "speed_up": f"{runs['sequential', False][1] / wall:.2f}",
                "variant_mean_s": f"{statistics.mean(r['seconds'] for r in rows):.2f}",
                "warm_variants": len(warmed),
                "warm_variant_mean_s": _mean(rows, warmed, "seconds"),
                "same_variants_cold_mean_s": _mean(cold_rows, warmed, "seconds"),
                "warm_variant_cpu_s": _mean(rows, warmed, "cpu_seconds"),
                "same_variants_cold_cpu_s": _mean(cold_rows, warmed, "cpu_seconds"),
                "overhead_per_variant_s": (
                    f"{(wall - runs['process pool', warm][1]) / len(rows):.2f}"
                    if name.startswith("ray")
                    else ""
                ),
                "load_avg": f"{load:.1f}",
                **_against(rows, runs["sequential", warm][0]),
                "vs_cold": _vs_cold(rows, cold_rows) if warm else "",
            }
        )
    write_tables(
        "sweep",
        f"Sweep of {len(grid)} variants of the Zhengzhou example ({' x '.join(AXES)}), cold "
        "and warm-started (machine shared with other work: see load_avg)",
        f"python bench/sweep.py --workers {args.workers} --time-limit {args.time_limit:g}",
        COLUMNS,
        table,
    )


if __name__ == "__main__":
    main()
