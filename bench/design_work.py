"""Work units of column generation: reference seconds per unit, measured on the clock.

Solves a few problems with ``colgen`` stopped on the clock (``work_seconds`` None, one thread),
each in its own process, and divides each phase's seconds by its units of work and its size:
seconds per pricing round and (demand, arc) pair, per branch-and-bound node and nonzero, per local
move and path. ``hubflow.consolidate.work`` takes its constants from these figures (on an idle
core). Writes bench/results/design_work.{csv,md}.

    python bench/design_work.py --time-limit 30
    python bench/design_work.py --time-limit 30 --dow c37 c45 --orders 1000
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tables import write_tables

if TYPE_CHECKING:
    from hubflow.consolidate import DesignProblem

DATA = Path(
    os.environ.get("MCND_DIR", Path(__file__).resolve().parents[2] / "shared/benchmarks/mcnd")
)
COLUMNS = [
    "problem",
    "pairs",
    "lp_rounds",
    "lp_s",
    "round_s_per_pair_us",
    "slope_rounds",
    "slope_s",
    "slope_s_per_pair_us",
    "rmp_nodes",
    "rmp_s",
    "node_s_per_nonzero_us",
    "local_tries",
    "local_s",
    "move_s_per_path_us",
    "load_avg",
]
EXTRA = ["lp_iterations", "rmp_nonzeros", "rmp_rows", "rmp_iterations", "local_paths", "cuts"]


def problem_of(name: str) -> DesignProblem:
    """A Canad file by stem (``c45``) or a generated week by order count (``orders-1000``)."""
    if name.startswith("orders-"):
        from hubflow.example import EXAMPLE_DIR, generate_orders
        from hubflow.io import load_scenario
        from hubflow.network import build_network

        scn = generate_orders(load_scenario(EXAMPLE_DIR), int(name.split("-")[1]), 1)
        return build_network(scn).problem
    from hubflow.consolidate.canad import read_dow

    return read_dow(DATA / "C" / f"{name}.dow").problem


def measure(name: str, limit: float, queue: mp.Queue) -> None:
    from hubflow.consolidate import SolverSettings, get_solver

    p = problem_of(name)
    pairs = sum(len(d.arcs) for d in p.demands)
    r = get_solver("colgen", SolverSettings(mip_gap=1e-4)).solve(p, deadline=limit)
    s = r.stats

    def per(seconds: str, units: str, size: float) -> float | None:
        n = s.get(units, 0.0)
        return round(1e6 * s[seconds] / (n * size), 3) if n and seconds in s and size else None

    slope_s = s.get("slope_seconds")
    queue.put(
        {
            "problem": name,
            "pairs": pairs,
            "lp_rounds": s.get("lp_rounds"),
            "lp_s": round(s.get("lp_seconds", 0.0), 2),
            "round_s_per_pair_us": per("lp_seconds", "lp_rounds", pairs),
            "slope_rounds": s.get("slope_price_rounds"),
            "slope_s": round(slope_s, 2) if slope_s is not None else None,
            "slope_s_per_pair_us": per("slope_seconds", "slope_price_rounds", pairs),
            "rmp_nodes": s.get("mip_nodes"),
            "rmp_s": round(s.get("rmp_seconds", 0.0), 2),
            "node_s_per_nonzero_us": per("rmp_seconds", "mip_nodes", s.get("rmp_nonzeros", 0)),
            "local_tries": s.get("local_tries"),
            "local_s": round(s.get("local_seconds", 0.0), 2),
            "move_s_per_path_us": per("local_seconds", "local_tries", s.get("local_paths", 0)),
            "load_avg": round(os.getloadavg()[0], 1),
            **{k: s.get(k) for k in EXTRA},
        }
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--time-limit", type=float, default=30.0)
    ap.add_argument("--dow", nargs="*", default=["c37", "c45", "c51"])
    ap.add_argument("--orders", type=int, nargs="*", default=[1000])
    args = ap.parse_args()
    rows = []
    for name in [*args.dow, *(f"orders-{n}" for n in args.orders)]:
        ctx = mp.get_context("spawn")
        queue: mp.Queue = ctx.Queue()
        proc = ctx.Process(target=measure, args=(name, args.time_limit, queue))
        proc.start()
        rows.append(queue.get())
        proc.join()
        print(rows[-1], flush=True)
    command = (
        f"python bench/design_work.py --time-limit {args.time_limit:g} --dow {' '.join(args.dow)}"
        f" --orders {' '.join(map(str, args.orders))}"
    )
    title = (
        "Column generation's work units on the clock: seconds per unit and size, one thread, "
        "2-core machine shared with other engineers' jobs (see load_avg)"
    )
    write_tables("design_work", title, command, COLUMNS, rows)


if __name__ == "__main__":
    sys.exit(main())
