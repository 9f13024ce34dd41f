"""Variants of the epochs scheme on TRAINING files, every search stopped on its own CPU time.

A variant's two searches of each epoch run one after the other in one process, each for
``budget / epochs`` CPU seconds, so the load of a shared machine does not favour a variant;
the recombination (set partitioning) is not counted (a few hundredths of a second). The table
gives each variant's mean gap and its ratio to one plain PyVRP search of ``budget`` CPU s (what
the ``pyvrp`` back-end gets at equal wall time on an idle core). ``--files bench`` runs the
benchmark's own files (bench/vrp.py's DEFAULTS, with their best-known solutions) instead, for
coarse choices of scheme per class at long budgets; the table says which. Example::

    python bench/vrp_epochs.py --budget 8 --out bench/results/vrp_epochs_8cpu
    python bench/vrp_epochs.py --budget 60 --files bench --sets HF,MDTW,VRPB --parallel 1 \
        --variants pyvrp,anchor-pp,anchor-pp-sp,e4-sp-plain,e2-sp-plain \
        --out bench/results/vrp_epochs_60cpu_hf_mdtw_vrpb
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
from vrp import DEFAULTS, LOCAL_BENCH, SETS, load_bks
from vrp_tune import TRAINING, mean_gap, run_all, training_file

from hubflow.dispatch import RoutingResult, Status, check_routes, read
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
    # PyVRP's default parameters in every search (the scheme beyond short_budget)
    "anchor-pp": (1, False, "best"),  # two plain searches (seeds s and 1000 s + 1), the best
    "anchor-pp-sp": (1, True, "best"),  # anchor-pp's two searches, routes recombined
    "e4-sp-plain": (4, True, "best"),
    "e2-sp-plain": (2, True, "best"),
}

#: whole-budget searches already run in this process, by (file, CPU s, seed, tuned): pyvrp,
#: anchor-pp and anchor-pp-sp (and anchor's plain search) share them instead of repeating them
WHOLE: dict[tuple, tuple] = {}


def load(set_name: str, name: str):
    """A file's problem and best-known cost: the benchmark's own (bench/vrp.py) when ``name``
    is in its DEFAULTS, else a training file."""
    if name not in DEFAULTS[set_name].split(","):
        return training_file(set_name, name)
    folder, suffix, rounding, bks_file = SETS[set_name]
    where = LOCAL_BENCH / folder.removeprefix("local:")
    return read(where / f"{name}{suffix}", rounding), load_bks(where / bks_file)[name]


def checked_cost(problem, routes) -> float:
    """The routes' recomputed cost, or infinity when there are none or ``check_routes`` finds
    a violation."""
    if routes is None:
        return math.inf
    cost = solution_cost(problem, routes)
    res = RoutingResult(Status.FEASIBLE, cost, tuple(routes), backend="bench")
    return math.inf if check_routes(problem, res) else cost


def join(problem, pool, start) -> tuple:
    """(cost, routes) of the recombination of ``pool`` from ``start`` (1 s at most); its wall
    time is printed, not counted."""
    t0 = time.perf_counter()
    joined = recombine(problem, pool, start, 1.0)
    print(f"recombined {len(pool)} routes in {time.perf_counter() - t0:.2f} s", flush=True)
    return solution_cost(problem, joined), joined


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
    problem, bks = load(set_name, name)
    data = to_pyvrp(problem)
    epochs, joins, restart = VARIANTS[variant]
    tuned = "plain" not in variant
    if variant.startswith(("pyvrp", "anchor")):
        other = 1000 * seed + 1 if variant == "anchor-tt" else seed
        whole = [(other, variant == "anchor-tt")]  # (seed, tuned) of each whole search
        if variant.startswith("anchor-pp"):
            whole.append((1000 * seed + 1, False))
        elif variant != "pyvrp":
            whole.append((seed, True))
        runs = []
        for s, t in whole:
            key = (set_name, name, budget, s, t)
            if key not in WHOLE:
                WHOLE[key] = search(problem, data, budget, s, None, tuned=t)
            runs.append(WHOLE[key])
        best = min(runs, key=lambda r: r[0])
        if joins and math.isfinite(best[0]):
            pool = [r for run in runs if math.isfinite(run[0]) for r in run[1]]
            print(f"{name} {variant} before recombination {best[0] / problem.scale}", flush=True)
            best = join(problem, pool, best[1])
    else:
        best, own, pool, s = (math.inf, None), [None, None], [], seed * 1000
        for _ in range(epochs):
            runs = []
            for w in range(2):
                start = own[w] if restart == "own" and w == 1 and own[w] else best[1]
                nb = 20 if variant.endswith("-mix") and w == 1 else 0
                runs.append(search(problem, data, budget / epochs, s + w, start, tuned, nb))
            s += 2
            own = [r[1] for r in runs]
            best = min([best, *runs], key=lambda r: r[0])
            if joins and math.isfinite(best[0]):
                pool += [r for run in runs if math.isfinite(run[0]) for r in run[1]]
                best = join(problem, pool, best[1])
    cost = checked_cost(problem, best[1]) / problem.scale
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
    ap.add_argument(
        "--files",
        choices=["training", "bench"],
        default="training",
        help="training files, "
        "or the benchmark's own (bench/vrp.py's DEFAULTS, gaps to their best-known solutions)",
    )
    ap.add_argument("--out", type=Path, default=Path("bench/results/vrp_epochs_8cpu"))
    args = ap.parse_args()
    names = [v for v in args.variants.split(",") if v]
    rows = run_all(one, args, names, DEFAULTS if args.files == "bench" else TRAINING)
    sets = args.sets.split(",")

    def mean(v, s=None):
        return mean_gap(rows, "variant", v, s)

    def ratio(gap: float, base: float) -> str:
        return f"{gap / base:.2f}" if base else "-"

    lines = [
        f"# Epochs scheme variants on {args.files} files, {args.budget:g} CPU s per worker",
        "",
        f"- command: `python bench/vrp_epochs.py {' '.join(sys.argv[1:])}`",
        f"- load average at the end {os.getloadavg()[0]:.2f} (2 cores, shared machine); "
        "every search stopped on its own CPU time; one seed per file",
        "- variants: eN = N epochs of two tuned searches, each restarting from the best; "
        "-sp = recombination of all the searches' routes after each epoch; -own = the second "
        "search restarts from its own solution; -mix = the second search with 20 neighbours; pyvrp = one plain search of the whole budget; "
        "anchor = the better of a tuned and a plain search of the whole budget, same seed; "
        "anchor-tt = the better of two tuned searches (another seed for the second); "
        "anchor-sp = anchor's two searches, their routes recombined; -plain and anchor-pp: "
        "PyVRP's default parameters in every search (anchor-pp = the better of two plain "
        "searches, seeds s and 1000 s + 1: the anchor scheme beyond short_budget)",
        "- every final solution checked by `hubflow.dispatch.check_routes`; files: "
        + (
            "the benchmark's own (bench/vrp.py DEFAULTS), gaps to their best-known solutions"
            if args.files == "bench"
            else "training files (bench/vrp_tune.py TRAINING)"
        ),
        "- cells: mean gap % (ratio to pyvrp's mean gap on that set)",
        "",
        "| variant | " + " | ".join(sets) + " | ratio to pyvrp |",
        "|---|" + "---|" * (len(sets) + 1),
    ]
    base = mean("pyvrp") if "pyvrp" in names else math.nan
    for v in names:
        cells = " | ".join(
            f"{mean(v, s):.2f} ({ratio(mean(v, s), mean('pyvrp', s))})" for s in sets
        )
        lines.append(f"| {v} | {cells} | {mean(v) / base:.2f} |")
    lines += ["", "| instance | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for inst in dict.fromkeys(r["instance"] for r in rows):
        gaps = {r["variant"]: r["gap_pct"] for r in rows if r["instance"] == inst}
        lines.append(f"| {inst} | " + " | ".join(f"{gaps[v]:.2f}" for v in names) + " |")
    args.out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
