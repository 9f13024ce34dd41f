"""Benchmark hubflow's dispatch scheme against PyVRP, OR-Tools and VROOM at equal wall time.

Every solution is verified by ``hubflow.dispatch.check_routes`` before it is counted; a
solution with violations (or none at all) gets no gap. Conventions (see
../shared/benchmarks/README.md): X and XXL rounded to the nearest integer; Solomon with
``exact`` (x1000, i.e. unrounded to 3 decimals) against the distance-only BKS; Gehring-Homberger
1000 with the DIMACS convention (``bks.csv`` of ``1000-vrplib-dimacs``).

Heterogeneous fleet (HF), multi-depot with time windows (MDTW), backhauls (VRPB) and
prize-collecting with time windows (PCTW) come from bench/data (PyVRP/Instances, best-known
solutions included; see its README for units).

Example (the reduced run reported in docs/dispatch.md)::

    python bench/vrp.py --budget 10 --out bench/results/vrp_10s
    python bench/vrp.py --budget 60 --x X-n502-k39,X-n1001-k43 --solomon "" --gh R1_10_1 \
        --xxl "" --out bench/results/vrp_60s
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from hubflow.dispatch import check_routes, get_backend, read

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BENCH = ROOT.parent / "shared" / "benchmarks"
LOCAL_BENCH = ROOT / "bench" / "data"  # classes the shared folder lacks (see its README)
SETS = {
    # set: (folder, file suffix, rounding, bks file); "local:" folders are in bench/data
    "X": ("cvrp-x", ".vrp", "round", "bks.csv"),
    "Solomon": ("vrptw-solomon", ".txt", "exact", "bks_distance.csv"),
    "GH": ("vrptw-homberger/1000-vrplib-dimacs", ".vrp", "dimacs", "bks.csv"),
    "XXL": ("cvrp-xxl", ".vrp", "round", "bks.csv"),
    "HF": ("local:hfvrp", ".vrp", "exact", "bks.csv"),
    "MDTW": ("local:mdvrptw", ".vrp", "exact", "bks.csv"),
    "VRPB": ("local:vrpb", ".vrp", "round", "bks.csv"),
    "PCTW": ("local:pcvrptw", ".vrp", "dimacs", "bks.csv"),
}
DEFAULTS = {
    "X": "X-n101-k25,X-n157-k13,X-n204-k19,X-n303-k21,X-n401-k29,X-n502-k39,X-n701-k44,X-n1001-k43",
    "Solomon": "R102,RC101,R202,RC204",
    "GH": "C1_10_1,R1_10_1",
    "XXL": "Leuven1",
    "HF": "X115-HVRP,X139-HD,X214-HVRP,X317-HVRP,X106-FSMD",
    "MDTW": "PR11A,PR12A,PR17A",
    "VRPB": "X-n524-50-k125,X-n548-66-k33,X-n573-80-k27",
    "PCTW": "C1_10_1,R1_10_1,RC1_10_1",
}


#: hubflow's scheme with a part switched off, to measure what that part adds (--solvers)
VARIANTS = {
    # no route-based decomposition: anchor or epochs on every class, as before it
    "hubflow-noclusters": {"decompose_above": 10**9, "depots_above": 10**9},
    # PyVRP's default parameters in every search, as before short_budget_params
    "hubflow-untuned": {"tuned": False},
    # no recombination of the epochs' routes (set partitioning), as before it
    "hubflow-norecombine": {"recombine": False},
    # prize-collecting keeps the epochs (with recombination) on every budget: the default
    # since round six, measured under this name before it
    "hubflow-prize-epochs": {"prizes_anchor_above": math.inf},
    # several depots decomposed above 300 stops on any budget, as in round five
    "hubflow-mdclusters": {"depots_seconds": math.inf},
    # prize-collecting beyond 20 s with the anchor scheme, as in round five
    "hubflow-prize-anchor": {"prizes_anchor_above": 20.0},
    # tuned searches on every short budget whatever the size, as before round eight
    "hubflow-alltuned": {"tuned_per_stop": math.inf},
    # round eight's trials of the decomposition on 500-1,000 stops (not kept)
    "hubflow-dec500": {"decompose_above": 500},
    "hubflow-sec250": {"sector_size": 250},
    "hubflow-cl40": {"first_share": 0.4, "cluster_share": 0.35},
    "hubflow-dec500s250": {"decompose_above": 500, "sector_size": 250},
    # the epochs on every budget for one depot and required stops, as before round eight
    "hubflow-allepochs": {"epochs_per_stop": math.inf},
    # round eight's trial of whole searches from 0.1 s a stop (kept from 0.12)
    "hubflow-longanchor": {"epochs_per_stop": 0.1},
    # round nine's trials (not kept): from 400 stops, 30 % whole searches, then six rounds of
    # one cluster a worker with the cut shifted each round; "tt": two tuned first searches
    "hubflow-split400": {
        "decompose_above": 400,
        "first_share": 0.3,
        "cluster_share": 0.7,
        "cluster_rounds": 6,
        "sector_size": 0,
    },
    "hubflow-split400tt": {
        "decompose_above": 400,
        "first_share": 0.3,
        "cluster_share": 0.7,
        "cluster_rounds": 6,
        "sector_size": 0,
        "plain_beside": False,
    },
    # the decomposition in rounds (ROUNDS) beyond 20 s: the default since round nine, measured
    # under this name before it; and one round on every budget, as before round nine
    "hubflow-rounds20": {"rounds_above": 20.0},
    "hubflow-oneround": {"rounds_above": math.inf},
    # round nine's trial (not kept): backhauls on the epochs beyond 20 s
    "hubflow-vrpb-epochs": {"backhauls_epochs_above": 20.0},
    # round ten's trial (not kept): whole searches (anchor) for one depot and required stops on
    # every budget, never the epochs
    "hubflow-anchorall": {"epochs_per_stop": 0.0},
    # round eleven's trial: the anchor's helpers take up the plain search's best in epochs
    "hubflow-relay": {"relay": "always"},
    # round twelve: the anchor's two searches independent on a short budget, as before it;
    # the follower on backhauls only (its first form); on every anchor problem (the default)
    "hubflow-pair": {"follow": "never"},
    "hubflow-follow-pickups": {"follow": "pickups"},
    "hubflow-followall": {"follow": "always"},
    # round ten's trial: every whole search tuned (no plain PyVRP search beside), on any scheme
    "hubflow-tt": {"plain_beside": False},
    # the decomposition's whole searches with the plain PyVRP search beside the tuned one, as
    # before round ten (since then, on a short budget, both are tuned)
    "hubflow-clusters-plain": {"clusters_plain": True},
}


def backend(name: str):
    """The back-end called ``name``, or a variant of hubflow's scheme from VARIANTS."""
    if name in VARIANTS:
        from hubflow.dispatch.backends.portfolio import HubflowBackend

        b = HubflowBackend(**VARIANTS[name])
        b.name = name
        return b
    return get_backend(name)


def load_bks(path: Path) -> dict[str, float]:
    with path.open() as f:
        return {row["instance"]: float(row["bks_cost"]) for row in csv.DictReader(f)}


def run_one(solver: str, problem, budget: float, seed: int) -> dict:
    t0 = time.perf_counter()
    try:
        res = backend(solver).solve(problem, time_limit=budget, seed=seed)
    except Exception as e:  # a back-end failing is a result, not a crash of the bench
        return {
            "cost": "",
            "routes": "",
            "wall": round(time.perf_counter() - t0, 1),
            "status": f"error: {type(e).__name__}: {e}"[:120],
            "scheme": "",
            "violations": "",
        }
    wall = time.perf_counter() - t0
    violations = check_routes(problem, res)
    ok = res.feasible and not violations
    return {
        "cost": res.cost / problem.scale if ok else "",
        "routes": len(res.routes),
        "wall": round(wall, 1),
        "status": "ok" if ok else res.status.value,
        "scheme": res.info.get("scheme", ""),
        "violations": "; ".join(violations[:3]),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--budget", type=float, default=10.0, help="seconds of wall time per run")
    ap.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--solvers", default="hubflow,pyvrp,ortools,vroom")
    for name in SETS:
        ap.add_argument(
            f"--{name.lower()}", default=DEFAULTS[name], help=f"{name} instances, comma separated"
        )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "vrp")
    ap.add_argument(
        "--tables-from", type=Path, help="only rewrite the .md tables from this run's .csv"
    )
    args = ap.parse_args()

    solvers = [s for s in args.solvers.split(",") if s]
    if args.tables_from:
        rows = read_rows(args.tables_from)
        solvers = list(dict.fromkeys(r["solver"] for r in rows))
        write(args, solvers, rows, rewrite=True)
        return
    rows = []
    for set_name, (folder, suffix, rounding, bks_file) in SETS.items():
        names = [n for n in getattr(args, set_name.lower()).split(",") if n]
        if not names:
            continue
        where = LOCAL_BENCH / folder[6:] if folder.startswith("local:") else args.bench_dir / folder
        bks = load_bks(where / bks_file)
        for name in names:
            problem = read(where / f"{name}{suffix}", rounding)
            for solver in solvers:
                r = run_one(solver, problem, args.budget, args.seed)
                gap = (100 * (r["cost"] - bks[name]) / bks[name]) if r["cost"] != "" else ""
                row = {
                    "set": set_name,
                    "instance": name,
                    "n": len(problem.clients),
                    "solver": solver,
                    "budget": args.budget,
                    "bks": bks[name],
                    **r,
                    "gap_pct": round(gap, 3) if gap != "" else "",
                }
                rows.append(row)
                print(
                    f"{set_name:8} {name:14} {solver:8} cost={r['cost']!s:>12} "
                    f"gap={row['gap_pct']!s:>7}% "
                    f"wall={r['wall']}s {r['status']} {r['violations']}",
                    flush=True,
                )
    write(args, solvers, rows)


def read_rows(path: Path) -> list[dict]:
    """A run's rows back from its .csv, numbers as numbers."""
    with path.open() as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        for key in ("cost", "gap_pct", "bks", "budget"):
            r[key] = float(r[key]) if r[key] != "" else ""
    return rows


def write(args, solvers: list[str], rows: list[dict], rewrite: bool = False) -> None:
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if not rewrite:
        with args.out.with_suffix(".csv").open("w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    lines = [
        f"# VRP benchmark, {args.budget:g} s per run",
        "",
        f"- command: `python bench/{Path(sys.argv[0]).name} {' '.join(sys.argv[1:])}`",
        f"- machine: {os.cpu_count()} cores, {cpu}; "
        f"load average at the end {os.getloadavg()[0]:.2f} (the bench's own runs use up to 2 "
        "cores; a higher figure means other work ran beside it)",
        f"- commit: {commit}; date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "- every solution checked by `hubflow.dispatch.check_routes`; "
        "gap = (cost - BKS) / BKS in %; '-' = no valid solution; "
        "[N s] = wall time when a run overran the budget by more than 10 %",
        "",
    ]
    md = args.out.with_suffix(".md")
    if rewrite:  # the run's own header stays
        args.budget = float(rows[0]["budget"])
        lines = md.read_text().split("## Mean gap per set")[0].splitlines()
    variants = [x for x in solvers if x in VARIANTS and "pyvrp" in solvers]
    lines += [
        "## Mean gap per set (%)",
        "",
        "| set | instances | "
        + " | ".join(solvers)
        + " | hubflow / pyvrp |"
        + "".join(f" {v} / pyvrp |" for v in variants),
        "|---|---|" + "---|" * (len(solvers) + 1 + len(variants)),
    ]

    def ratios(means: dict) -> str:
        """The variants' mean gaps over PyVRP's, as extra cells."""
        cells = [means[v] / means["pyvrp"] if means["pyvrp"] else math.nan for v in variants]
        return "".join(" -  |" if math.isnan(c) else f" {c:.2f} |" for c in cells)

    sets = dict.fromkeys(r["set"] for r in rows)
    for s in sets:
        means = {}
        for solver in solvers:
            gaps = [r["gap_pct"] for r in rows if r["set"] == s and r["solver"] == solver]
            means[solver] = (
                (sum(gaps) / len(gaps)) if gaps and all(g != "" for g in gaps) else math.nan
            )
        n = len({r["instance"] for r in rows if r["set"] == s})
        ratio = (
            (means.get("hubflow", math.nan) / means["pyvrp"]) if means.get("pyvrp") else math.nan
        )
        cells = " | ".join("-" if math.isnan(means[x]) else f"{means[x]:.2f}" for x in solvers)
        lines.append(
            f"| {s} | {n} | {cells} | {'-' if math.isnan(ratio) else f'{ratio:.2f}'} |"
            + ratios(means)
        )
    every = {x: [r["gap_pct"] for r in rows if r["solver"] == x] for x in solvers}
    means = {x: sum(g) / len(g) if g and "" not in g else math.nan for x, g in every.items()}
    ratio = means.get("hubflow", math.nan) / means["pyvrp"] if means.get("pyvrp") else math.nan
    cells = " | ".join("-" if math.isnan(means[x]) else f"{means[x]:.2f}" for x in solvers)
    n_all = len({(r["set"], r["instance"]) for r in rows})
    lines.append(
        f"| all | {n_all} | {cells} | {'-' if math.isnan(ratio) else f'{ratio:.2f}'} |"
        + ratios(means)
    )
    lines += [
        "",
        "## Per instance: cost (gap %)",
        "",
        "| set | instance | n | BKS | " + " | ".join(solvers) + " |",
        "|---|---|---|---|" + "---|" * len(solvers),
    ]
    for s in sets:
        for inst in dict.fromkeys(r["instance"] for r in rows if r["set"] == s):
            rs = {r["solver"]: r for r in rows if r["instance"] == inst and r["set"] == s}
            first = next(iter(rs.values()))
            cells = []
            for x in solvers:
                r = rs.get(x)
                cell = "-" if not r or r["cost"] == "" else f"{r['cost']:.1f} ({r['gap_pct']:.2f})"
                if r and float(r["wall"]) > 1.1 * args.budget:
                    cell += f" [{float(r['wall']):.0f} s]"  # overran the budget
                cells.append(cell)
            lines.append(
                f"| {s} | {inst} | {first['n']} | {first['bks']:g} | " + " | ".join(cells) + " |"
            )
    md.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
