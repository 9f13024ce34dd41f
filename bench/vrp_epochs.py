"""Variants of the epochs scheme on TRAINING files, every search stopped on its own CPU time.

A variant's two searches of each epoch run one after the other in one process, each for
``budget / epochs`` CPU seconds, so the load of a shared machine does not favour a variant;
the recombination (set partitioning) is not counted (a few hundredths of a second). The table
gives each variant's mean gap and its ratio to one plain PyVRP search of ``budget`` CPU s (what
the ``pyvrp`` back-end gets at equal wall time on an idle core). Example::

    python bench/vrp_epochs.py --budget 8 --out bench/results/vrp_epochs_8cpu
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

import pyvrp
from pyvrp.search import NeighbourhoodParams

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vrp_tune import mean_gap, run_all, training_file

from hubflow.dispatch.backends.portfolio import short_budget_params
from hubflow.dispatch.backends.pyvrp_backend import from_solution, to_pyvrp, to_solution
from hubflow.dispatch.checker import solution_cost
from hubflow.dispatch.recombine import recombine

#: variant: (epochs, recombine, what the second search restarts from: "best" or "own")
VARIANTS = {
    "pyvrp": (1, False, "best"),
    "anchor": (1, False, "best"),  # the anchor scheme: a tuned and a plain search, the best
    "anchor-tt": (1, False, "best"),  # two tuned searches (seeds s and 1000 s + 1), the best
    "anchor-sp": (1, True, "best"),  # the anchor scheme's two searches, routes recombined
    "e4": (4, False, "best"),
    "e4-sp": (4, True, "best"),
    "e8-sp": (8, True, "best"),
    "e4-sp-own": (4, True, "own"),
    "e2-sp": (2, True, "best"),
    "e4-sp-mix": (4, True, "best"),  # the second search with 20 neighbours (the first 30)
}


def search(problem, data, cpu: float, seed: int, start, tuned: bool, neighbours: int = 0):
    """One PyVRP search of ``cpu`` CPU seconds from routes ``start``: (cost, routes);
    ``neighbours`` (if given) replaces the tuned parameters' neighbourhood size."""
    end = time.process_time() + cpu
    params = short_budget_params(problem) if tuned else pyvrp.SolveParams()
    if neighbours:
        params = pyvrp.SolveParams(ils=params.ils, neighbourhood=NeighbourhoodParams(neighbours))
    res = pyvrp.solve(
        data,
        lambda _: time.process_time() > end,
        seed=seed,
        collect_stats=False,
        params=params,
        initial_solution=to_solution(problem, data, start) if start else None,
    )
    routes = from_solution(problem, res.best)
    feasible = res.best.is_feasible()
    return (solution_cost(problem, routes) if feasible else math.inf), routes


def one(task):
    set_name, name, variant, budget, seed = task
    problem, bks = training_file(set_name, name)
    data = to_pyvrp(problem)
    epochs, joins, restart = VARIANTS[variant]
    if variant.startswith(("pyvrp", "anchor")):
        other = 1000 * seed + 1 if variant == "anchor-tt" else seed
        runs = [search(problem, data, budget, other, None, tuned=variant == "anchor-tt")]
        if variant != "pyvrp":
            runs.append(search(problem, data, budget, seed, None, tuned=True))
        best = min(runs, key=lambda r: r[0])
        if joins and math.isfinite(best[0]):
            pool = [r for run in runs if math.isfinite(run[0]) for r in run[1]]
            print(f"{name} {variant} before recombination {best[0] / problem.scale}", flush=True)
            best = (solution_cost(problem, recombine(problem, pool, best[1], 1.0)), best[1])
        cost = best[0]
    else:
        best, own, pool, s = (math.inf, None), [None, None], [], seed * 1000
        for _ in range(epochs):
            runs = []
            for w in range(2):
                start = own[w] if restart == "own" and w == 1 and own[w] else best[1]
                nb = 20 if variant.endswith("-mix") and w == 1 else 0
                runs.append(search(problem, data, budget / epochs, s + w, start, True, nb))
            s += 2
            own = [r[1] for r in runs]
            best = min([best, *runs], key=lambda r: r[0])
            if joins and math.isfinite(best[0]):
                pool += [r for run in runs if math.isfinite(run[0]) for r in run[1]]
                joined = recombine(problem, pool, best[1], 1.0)
                best = (solution_cost(problem, joined), joined)
        cost = best[0]
    cost /= problem.scale
    gap = 100 * (cost - bks) / bks
    print(f"{set_name} {name} {variant} cost={cost} gap={gap:.3f}", flush=True)
    return {"set": set_name, "instance": name, "variant": variant, "cost": cost, "gap_pct": gap}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--budget", type=float, default=8.0, help="CPU seconds per worker")
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--parallel", type=int, default=2)
    ap.add_argument("--sets", default="X", help="training sets to run")
    ap.add_argument("--only", default="", help="only these files of those sets, comma separated")
    ap.add_argument("--out", type=Path, default=Path("bench/results/vrp_epochs_8cpu"))
    args = ap.parse_args()
    names = [v for v in args.variants.split(",") if v]
    rows = run_all(one, args, names)
    sets = args.sets.split(",")

    def mean(v, s=None):
        return mean_gap(rows, "variant", v, s)

    lines = [
        f"# Epochs scheme variants on training files, {args.budget:g} CPU s per worker",
        "",
        f"- command: `python bench/vrp_epochs.py {' '.join(sys.argv[1:])}`",
        f"- load average at the end {os.getloadavg()[0]:.2f} (2 cores, shared machine); "
        "every search stopped on its own CPU time; one seed per file",
        "- variants: eN = N epochs of two tuned searches, each restarting from the best; "
        "-sp = recombination of all the searches' routes after each epoch; -own = the second "
        "search restarts from its own solution; -mix = the second search with 20 neighbours; pyvrp = one plain search of the whole budget; "
        "anchor = the better of a tuned and a plain search of the whole budget, same seed; "
        "anchor-tt = the better of two tuned searches (another seed for the second); "
        "anchor-sp = anchor's two searches, their routes recombined",
        "",
        "| variant | " + " | ".join(sets) + " | ratio to pyvrp |",
        "|---|" + "---|" * (len(sets) + 1),
    ]
    base = mean("pyvrp") if "pyvrp" in names else math.nan
    for v in names:
        cells = " | ".join(f"{mean(v, s):.2f}" for s in sets)
        lines.append(f"| {v} | {cells} | {mean(v) / base:.2f} |")
    lines += ["", "| instance | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for inst in dict.fromkeys(r["instance"] for r in rows):
        gaps = {r["variant"]: r["gap_pct"] for r in rows if r["instance"] == inst}
        lines.append(f"| {inst} | " + " | ".join(f"{gaps[v]:.2f}" for v in names) + " |")
    args.out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
