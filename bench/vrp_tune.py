"""Tune PyVRP's parameters for short budgets on TRAINING instances (not in bench/vrp.py's lists).

Each configuration runs one search per instance at the same wall time, two at a time; the
table gives each configuration's mean gap and its ratio to PyVRP's defaults. Example::

    python bench/vrp_tune.py --budget 10 --out bench/results/vrp_tune_10s
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pyvrp
from pyvrp import PenaltyParams, SolveParams
from pyvrp.IteratedLocalSearch import IteratedLocalSearchParams
from pyvrp.search import (
    OPERATORS,
    NeighbourhoodParams,
    PerturbationParams,
    Relocate3,
    Swap31,
    Swap32,
    Swap33,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vrp import DEFAULT_BENCH, SETS, load_bks

from hubflow.dispatch import check_routes, read
from hubflow.dispatch.backends.pyvrp_backend import (
    from_solution,
    solution_cost,
    to_pyvrp,
)
from hubflow.dispatch.result import RoutingResult, Status

TRAINING = {
    "X": "X-n256-k16,X-n351-k40,X-n459-k26,X-n561-k42,X-n641-k35,X-n801-k40,X-n916-k207",
    "GH": "RC1_10_1,R2_10_1,C2_10_1",
    # backhauls made from X files (bench/data has only the benchmark's three): name-linehaul %
    "VRPB": "X-n469-k138-50,X-n513-k21-50,X-n561-k42-66,X-n599-k92-80",
}
BACKHAULS = Path(tempfile.gettempdir()) / "hubflow-vrpb-training"


def backhaul_file(name: str) -> Path:
    """A VRPB file in PyVRP's dialect from X file ``X-n..-k..`` and a linehaul share in %:
    clients at positions (i * share) mod 100 >= share become pickups of the same amount; gaps
    are then to the best cost any configuration found (no best-known solution)."""
    base, share = name.rsplit("-", 1)
    out = BACKHAULS / f"{name}.vrp"
    if out.exists():
        return out
    lines = (DEFAULT_BENCH / "cvrp-x" / f"{base}.vrp").read_text().splitlines()
    head = {ln.split(":")[0].strip(): ln.split(":", 1)[1].strip() for ln in lines if " : " in ln}
    n = int(head["DIMENSION"])
    i0 = next(i for i, ln in enumerate(lines) if ln.startswith("NODE_COORD_SECTION"))
    coords = [ln.split() for ln in lines[i0 + 1 : i0 + 1 + n]]
    d0 = next(i for i, ln in enumerate(lines) if ln.startswith("DEMAND_SECTION"))
    demand = [int(ln.split()[1]) for ln in lines[d0 + 1 : d0 + 1 + n]]
    back = [i > 0 and (i * int(share)) % 100 >= int(share) for i in range(n)]
    text = [
        f"NAME: {name}",
        "TYPE: VRPB",
        f"DIMENSION: {n}",
        f"CAPACITY: {head['CAPACITY']}",
        "EDGE_WEIGHT_TYPE: EUC_2D",
        "NODE_COORD_SECTION",
    ]
    text += ["\t".join(c) for c in coords]
    text += ["DEMAND_SECTION"] + [
        f"{i + 1}\t{0 if b else d}" for i, (d, b) in enumerate(zip(demand, back, strict=True))
    ]
    text += ["BACKHAUL_SECTION"] + [
        f"{i + 1}\t{d if b else 0}" for i, (d, b) in enumerate(zip(demand, back, strict=True))
    ]
    text += ["DEPOT_SECTION", "1", "-1", "EOF"]
    BACKHAULS.mkdir(exist_ok=True)
    out.write_text("\n".join(text) + "\n")
    return out


def configs() -> dict[str, SolveParams]:
    ils, nb, pert = IteratedLocalSearchParams, NeighbourhoodParams, PerturbationParams
    more = [*OPERATORS, Relocate3, Swap31, Swap32, Swap33]

    def tuned(neighbours: int, **kw) -> SolveParams:
        """History 50 and ``neighbours`` neighbours, with the other parameters in ``kw``."""
        return SolveParams(
            ils=ils(history_length=50), neighbourhood=nb(num_neighbours=neighbours), **kw
        )

    return {
        "default": SolveParams(),
        "nb30": SolveParams(neighbourhood=nb(num_neighbours=30)),
        "nb20": SolveParams(neighbourhood=nb(num_neighbours=20)),
        "nb30h100": SolveParams(neighbourhood=nb(num_neighbours=30), ils=ils(history_length=100)),
        "nb25h150": SolveParams(neighbourhood=nb(num_neighbours=25), ils=ils(history_length=150)),
        "nb20h100": SolveParams(neighbourhood=nb(num_neighbours=20), ils=ils(history_length=100)),
        "nb40h100": SolveParams(neighbourhood=nb(num_neighbours=40), ils=ils(history_length=100)),
        "nb30h50": SolveParams(neighbourhood=nb(num_neighbours=30), ils=ils(history_length=50)),
        "hist50": SolveParams(ils=ils(history_length=50)),
        "nb20h50": SolveParams(neighbourhood=nb(num_neighbours=20), ils=ils(history_length=50)),
        "nb15h50": SolveParams(neighbourhood=nb(num_neighbours=15), ils=ils(history_length=50)),
        "nb25h50": SolveParams(neighbourhood=nb(num_neighbours=25), ils=ils(history_length=50)),
        "nb20h30": SolveParams(neighbourhood=nb(num_neighbours=20), ils=ils(history_length=30)),
        "nb40h50": SolveParams(neighbourhood=nb(num_neighbours=40), ils=ils(history_length=50)),
        "nb50h30": SolveParams(ils=ils(history_length=30)),
        "nb70h50": SolveParams(neighbourhood=nb(num_neighbours=70), ils=ils(history_length=50)),
        "nb30h300": SolveParams(neighbourhood=nb(num_neighbours=30), ils=ils(history_length=300)),
        "hist100": SolveParams(ils=ils(history_length=100)),
        "hist1000": SolveParams(ils=ils(history_length=1000)),
        "pert10": SolveParams(perturbation=pert(max_perturbations=10)),
        "noexh": SolveParams(ils=ils(exhaustive_on_best=False)),
        # round six: operators beyond PyVRP's default list, perturbation and penalty updates
        "nb30h50ops3": tuned(30, operators=more),
        "nb30h50swap31": tuned(30, operators=[*OPERATORS, Swap31]),
        "nb30h50pert10": tuned(30, perturbation=pert(max_perturbations=10)),
        "nb30h50pert40": tuned(30, perturbation=pert(max_perturbations=40)),
        "nb30h50pen100": tuned(30, penalty=PenaltyParams(solutions_between_updates=100)),
        "nb50h50ops3": tuned(50, operators=more),
    }


def training_file(set_name: str, name: str):
    """A training file's problem and best-known cost (NaN for the backhaul files made here)."""
    if set_name == "VRPB":
        return read(backhaul_file(name), "round"), math.nan
    folder, suffix, rounding, bks_file = SETS[set_name]
    where = DEFAULT_BENCH / folder
    return read(where / f"{name}{suffix}", rounding), load_bks(where / bks_file)[name]


def one(task):
    set_name, name, config, budget, seed = task
    problem, bks = training_file(set_name, name)
    data = to_pyvrp(problem)
    end = time.process_time() + budget  # CPU seconds: fair between configs on a loaded machine
    out = pyvrp.solve(
        data,
        lambda _: time.process_time() > end,
        seed=seed,
        collect_stats=False,
        params=configs()[config],
    )
    routes = from_solution(problem, out.best)
    res = RoutingResult(
        status=Status.FEASIBLE if out.best.is_feasible() else Status.NO_SOLUTION,
        cost=solution_cost(out.best),
        routes=tuple(routes),
        runtime=0.0,
        backend="pyvrp",
    )
    ok = res.feasible and not check_routes(problem, res)
    cost = res.cost / problem.scale if ok else float("nan")
    gap = 100 * (cost - bks) / bks
    print(
        f"{set_name} {name} {config} cost={cost} gap={gap:.3f} it={out.num_iterations}", flush=True
    )
    return {
        "set": set_name,
        "instance": name,
        "config": config,
        "cost": cost,
        "gap_pct": round(gap, 3),
        "iterations": out.num_iterations,
    }


def mean_gap(rows: list[dict], key: str, name: str, set_name: str | None = None) -> float:
    """Mean gap of the rows whose ``key`` is ``name`` (of one set, or all); nan when none."""
    g = [r["gap_pct"] for r in rows if r[key] == name and set_name in (None, r["set"])]
    return sum(g) / len(g) if g else math.nan


def run_all(one, args, names: list[str], files: dict[str, str] = TRAINING) -> list[dict]:
    """``one`` on every file of ``args.sets`` (or ``args.only``) in ``files`` (set: names,
    comma separated) and every name, ``args.parallel`` at a time; a file with no best-known
    solution gets gaps to the best cost found; the rows are written to ``args.out`` (.csv)."""
    tasks = [
        (s, inst, c, args.budget, args.seed)
        for s, insts in files.items()
        if s in args.sets.split(",")
        for inst in insts.split(",")
        if not args.only or inst in args.only.split(",")
        for c in names
    ]
    with ProcessPoolExecutor(args.parallel) as pool:
        rows = list(pool.map(one, tasks))
    for r in rows:
        if math.isnan(r["gap_pct"]):
            best = min(q["cost"] for q in rows if q["instance"] == r["instance"])
            r["gap_pct"] = round(100 * (r["cost"] - best) / best, 3)
    with args.out.with_suffix(".csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--budget", type=float, default=4.0, help="CPU seconds per search")
    ap.add_argument("--configs", default=",".join(configs()))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--parallel", type=int, default=2)
    ap.add_argument("--sets", default=",".join(TRAINING), help="training sets to run")
    ap.add_argument("--only", default="", help="only these files of those sets, comma separated")
    ap.add_argument("--out", type=Path, default=Path("bench/results/vrp_tune_10s"))
    args = ap.parse_args()
    names = [c for c in args.configs.split(",") if c]
    rows = run_all(one, args, names)
    sets = [s for s in TRAINING if s in args.sets.split(",")]
    lines = [
        f"# PyVRP parameters on training instances, {args.budget:g} CPU s per search",
        "",
        f"- command: `python bench/vrp_tune.py {' '.join(sys.argv[1:])}`",
        f"- load average at the end {os.getloadavg()[0]:.2f} (2 cores, shared machine)",
        "",
        "- each search stops on its own CPU time (fair between configurations on a loaded "
        "machine); one seed per file; gap to the best-known solution, or (VRPB, files made by "
        "`backhaul_file`) to the best cost any configuration found",
        "",
        "| config | " + " | ".join(sets) + " | all | ratio to default |",
        "|---|" + "---|" * (len(sets) + 2),
    ]

    def mean(c, s=None):
        return mean_gap(rows, "config", c, s)

    for c in names:
        lines.append(
            f"| {c} | "
            + " | ".join(f"{mean(c, s):.2f}" for s in sets)
            + f" | {mean(c):.2f} | {mean(c) / mean('default'):.2f} |"
        )
    args.out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
