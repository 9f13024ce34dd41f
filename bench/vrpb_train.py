"""Back-ends side by side at equal wall time on the backhaul TRAINING files (made from X files
by ``vrp_tune.backhaul_file``; not the benchmark's three), one solve at a time, every solution
checked. They have no best-known solutions: the table gives each cost and its excess over the
best cost any solver found in the run. Example::

    python bench/vrpb_train.py --budget 60 --seed 0 --solvers hubflow,pyvrp,hubflow-vrpb-epochs \\
        --out bench/results/vrpb_train_60s_seed0
"""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vrp import backend
from vrp_tune import TRAINING, backhaul_file

from hubflow.dispatch import check_routes, read


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--budget", type=float, default=60.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--solvers", default="hubflow,pyvrp")
    ap.add_argument("--files", default=TRAINING["VRPB"])
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    solvers = args.solvers.split(",")
    rows = []
    for name in args.files.split(","):
        problem = read(backhaul_file(name), "round")
        for solver in solvers:
            res = backend(solver).solve(problem, time_limit=args.budget, seed=args.seed)
            bad = check_routes(problem, res)
            cost = res.cost / problem.scale if res.feasible and not bad else ""
            rows.append(
                {
                    "instance": name,
                    "n": len(problem.clients),
                    "solver": solver,
                    "scheme": res.info.get("scheme", ""),
                    "cost": cost,
                }
            )
            print(name, solver, cost, res.info.get("scheme", ""), flush=True)
    write(args, solvers, rows)


def write(args, solvers: list[str], rows: list[dict]) -> None:
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.with_suffix(".csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    lines = [
        f"# Backhaul training files, {args.budget:g} s per run, seed {args.seed}",
        "",
        f"- command: `python bench/vrpb_train.py {' '.join(sys.argv[1:])}`",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; every solution checked by "
        "`hubflow.dispatch.check_routes`; cost (% above the run's best for the file; '-' = "
        "no valid solution)",
        "",
        "| instance | n | " + " | ".join(solvers) + " |",
        "|---|---|" + "---|" * len(solvers),
    ]
    excess = {s: 0.0 for s in solvers}
    for name in dict.fromkeys(r["instance"] for r in rows):
        mine = {r["solver"]: r for r in rows if r["instance"] == name}
        best = min(r["cost"] for r in mine.values() if r["cost"] != "")
        cells = []
        for s in solvers:
            c = mine[s]["cost"]
            if c == "":
                cells.append("-")
                continue
            pct = 100 * (c - best) / best
            excess[s] += pct
            cells.append(f"{c:g} ({pct:.2f})")
        lines.append(f"| {name} | {mine[solvers[0]]['n']} | " + " | ".join(cells) + " |")
    lines.append(
        "| sum of excesses (%) | | " + " | ".join(f"{excess[s]:.2f}" for s in solvers) + " |"
    )
    args.out.with_suffix(".md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
