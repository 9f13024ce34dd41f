"""What-if re-plans with column generation: cold solve vs warm start from the variant before.

For each change (carbon price 0 -> 200, a yard's area halved, one service removed) the network of
the base scenario is solved with ``colgen``; the changed scenario is then solved cold and warm
(paths and plan of the base solve carried over by ``hubflow.network.warm.carry_over``), with the
same mip gap. Writes bench/results/warm_start.{csv,md}.

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
    "cold_s",
    "warm_s",
    "speedup",
    "cold_objective",
    "warm_objective",
    "cold_gap_pct",
    "warm_gap_pct",
    "lp_rounds_cold",
    "lp_rounds_warm",
    "warm_paths",
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


def main() -> None:
    from hubflow.consolidate import SolverSettings
    from hubflow.consolidate.colgen import ColGenSolver
    from hubflow.example import EXAMPLE_DIR, generate_orders
    from hubflow.io import load_scenario
    from hubflow.network import build_network
    from hubflow.network.warm import carry_over

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, default=0, help="generated orders; 0: the example")
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--mip-gap", type=float, default=0.005)
    args = ap.parse_args()
    scn = load_scenario(EXAMPLE_DIR)
    if args.orders:
        scn = generate_orders(scn, args.orders, 1)
    solver = ColGenSolver(SolverSettings(mip_gap=args.mip_gap))
    rows = []
    for name, base, changed in variants(scn):
        old, new = build_network(base), build_network(changed)
        first = solver.solve(old.problem, deadline=args.time_limit)
        t = time.perf_counter()
        cold = solver.solve(new.problem, deadline=args.time_limit)
        cold_s = time.perf_counter() - t
        t = time.perf_counter()
        warm_start = carry_over(old, new, first.warm_start)
        warm = solver.solve(new.problem, deadline=args.time_limit, warm_start=warm_start)
        warm_s = time.perf_counter() - t
        row = {
            "change": name,
            "orders": len(changed.orders),
            "cold_s": round(cold_s, 2),
            "warm_s": round(warm_s, 2),
            "speedup": round(cold_s / max(warm_s, 1e-9), 2),
            "cold_objective": round(cold.objective or 0),
            "warm_objective": round(warm.objective or 0),
            "cold_gap_pct": round(100 * (cold.gap or 0), 3),
            "warm_gap_pct": round(100 * (warm.gap or 0), 3),
            "lp_rounds_cold": int(cold.stats.get("lp_rounds", 0)),
            "lp_rounds_warm": int(warm.stats.get("lp_rounds", 0)),
            "warm_paths": int(warm.stats.get("warm_paths", 0)),
        }
        print(row, flush=True)
        rows.append(row)
    command = f"python bench/warm_start.py --orders {args.orders} --time-limit {args.time_limit:g}"
    write_tables(
        "warm_start" + (f"_{args.orders}" if args.orders else ""),
        "What-if re-plans: column generation cold vs warm-started (solve time of the changed "
        "variant; timings on a shared 2-core machine are noisy)",
        command,
        COLUMNS,
        rows,
    )


if __name__ == "__main__":
    sys.exit(main())
