"""What the land duals add to planning the example: the LP with vehicles fixed, timed apart.

Plans the built-in example with ``plan_scenario`` (the command's defaults: 60 s, 0.5 % gap,
5 s of own-truck routing) ``--runs`` times; each run's whole call and, within it, the seconds
of ``hubflow.planning.land.land_duals`` (measured by wrapping the function), and the dual of
the land port. Writes bench/results/land_duals.{csv,md}.

    python bench/land_duals.py --runs 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from tables import write_tables

import hubflow.planning.run as planning_run
from hubflow.example import EXAMPLE_DIR
from hubflow.io import load_scenario
from hubflow.planning import PlanOptions, plan_scenario

COLUMNS = ["run", "plan_scenario_s", "land_duals_s", "share_pct", "landport_dual", "load_avg"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    scn = load_scenario(EXAMPLE_DIR)
    spent: list[float] = []
    inner = planning_run.land_duals

    def timed(*a, **k):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return inner(*a, **k)
        finally:
            spent.append(time.perf_counter() - t)

    planning_run.land_duals = timed  # type: ignore[assignment]
    rows = []
    for run in range(1, args.runs + 1):
        t = time.perf_counter()
        outcome = plan_scenario(scn, PlanOptions())
        whole = time.perf_counter() - t
        rows.append(
            {
                "run": run,
                "plan_scenario_s": f"{whole:.2f}",
                "land_duals_s": f"{spent[-1]:.2f}",
                "share_pct": f"{100 * spent[-1] / whole:.1f}",
                "landport_dual": f"{outcome.kpis.land_dual_per_m2_week['ZZ_LANDPORT']:.2f}",
                "load_avg": f"{os.getloadavg()[0]:.1f}",
            }
        )
        print(rows[-1], flush=True)
    median = statistics.median(float(r["share_pct"]) for r in rows)
    rows.append({"run": "median", "share_pct": f"{median:.1f}"})
    write_tables(
        "land_duals",
        "Land duals (LP with vehicles fixed) within planning the example (machine shared with "
        "other work: see load_avg)",
        f"python bench/land_duals.py --runs {args.runs}",
        COLUMNS,
        rows,
    )


if __name__ == "__main__":
    main()
