"""10,000-30,000-stop CVRP (XXL) without a full matrix: gap and memory of ``solve_large``.

Each instance is solved by :func:`hubflow.dispatch.large.solve_large` (distances on demand,
one dense matrix per part) in a fresh process, so its peak memory is its own; where the dense
matrix fits (``--pyvrp-up-to`` stops), one PyVRP run on the whole instance runs beside it at
the same budget. Every set of routes is checked: each stop exactly once, load within capacity,
cost recomputed from the coordinates.

Example (the run reported in docs/dispatch.md)::

    python bench/xxl.py --budget 120 --instances Leuven2,Ghent1,Brussels2,Flanders2 \\
        --out bench/results/xxl_120s
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
XXL = ROOT.parent / "shared" / "benchmarks" / "cvrp-xxl"


class PeakMemory:
    """The largest resident memory of this process and all its descendants together (the
    pool's workers come from a fork server, so they are not this process's direct children),
    sampled from /proc every 0.2 s."""

    def __init__(self) -> None:
        import threading

        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(os.getpid()))


def _tree_rss_kb(root: int) -> int:
    parent, rss = {}, {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            status = (d / "status").read_text().splitlines()
        except OSError:
            continue
        fields = dict(ln.split(":", 1) for ln in status if ":" in ln)
        parent[int(d.name)] = int(fields.get("PPid", "0"))
        rss[int(d.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
    tree, todo = {root}, [root]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parent.items() if pp == p and c not in tree]
        tree.update(kids)
        todo += kids
    return sum(rss.get(p, 0) for p in tree)


def run_large(path: Path, budget: float, seed: int) -> dict:
    """One instance by solve_large, checked (runs in its own process)."""
    import numpy as np

    from hubflow.dispatch.large import read_coordinates, solve_large

    t0 = time.perf_counter()
    with PeakMemory() as memory:
        cvrp = read_coordinates(path)
        routes, info = solve_large(cvrp, budget, seed=seed)
    wall = time.perf_counter() - t0
    seen = np.sort(np.concatenate(routes))
    ok = np.array_equal(seen, np.arange(1, len(cvrp.xy))) and all(
        int(cvrp.demand[r].sum()) <= cvrp.capacity for r in routes
    )
    return {
        "cost": sum(cvrp.route_cost(r) for r in routes) if ok else "",
        "routes": len(routes),
        "wall": round(wall, 1),
        "parts": info["parts"],
        "first_cost": info["first_cost"],
        "peak_mb_main": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "peak_mb_all": memory.peak_kb // 1024,
        "status": "ok" if ok else "invalid",
    }


def run_pyvrp(path: Path, budget: float, seed: int) -> dict:
    """One PyVRP run on the whole instance with its dense matrix, checked."""
    from hubflow.dispatch import check_routes, get_backend, read

    t0 = time.perf_counter()
    with PeakMemory() as memory:
        problem = read(path, "round")
        res = get_backend("pyvrp").solve(problem, time_limit=budget, seed=seed)
    ok = res.feasible and not check_routes(problem, res)
    return {
        "cost": res.cost if ok else "",
        "routes": len(res.routes),
        "wall": round(time.perf_counter() - t0, 1),
        "parts": "",
        "first_cost": "",
        "peak_mb_main": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "peak_mb_all": memory.peak_kb // 1024,
        "status": "ok" if ok else res.status.value,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--budget", type=float, default=120.0)
    ap.add_argument("--instances", default="Leuven2,Ghent1,Brussels2,Flanders2")
    ap.add_argument("--pyvrp-up-to", type=int, default=5000, help="whole-instance PyVRP runs")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "xxl")
    ap.add_argument("--one", nargs=2, help=argparse.SUPPRESS)  # solver, instance: child process
    args = ap.parse_args()
    if args.one:
        solver, name = args.one
        run = run_large if solver == "hubflow-large" else run_pyvrp
        print(json.dumps(run(XXL / f"{name}.vrp", args.budget, args.seed)))
        return
    with (XXL / "bks.csv").open() as f:
        bks = {r["instance"]: float(r["bks_cost"]) for r in csv.DictReader(f)}
    rows = []
    for name in args.instances.split(","):
        n = int(
            next(
                ln.split(":")[1]
                for ln in (XXL / f"{name}.vrp").open()
                if ln.startswith("DIMENSION")
            )
        )
        solvers = ["hubflow-large"] + (["pyvrp"] if n - 1 <= args.pyvrp_up_to else [])
        for solver in solvers:
            cmd = [sys.executable, __file__, "--budget", str(args.budget), "--one", solver, name]
            done = subprocess.run(cmd, capture_output=True, text=True)
            r = json.loads(done.stdout.splitlines()[-1]) if done.returncode == 0 else {}
            r = r or {"cost": "", "status": f"failed: {done.stderr.strip()[-100:]}"}
            gap = 100 * (r["cost"] - bks[name]) / bks[name] if r["cost"] != "" else ""
            rows.append(
                {"instance": name, "n": n - 1, "solver": solver, "bks": bks[name], **r}
                | {"gap_pct": round(gap, 2) if gap != "" else ""}
            )
            print(rows[-1], flush=True)
    write(args, rows)


def write(args, rows: list[dict]) -> None:
    lines = [
        "| instance | n | BKS | solver | cost | gap % | routes | parts | wall s | peak MB "
        "(process / with workers) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['instance']} | {r['n']} | {r['bks']:g} | {r['solver']} | {r.get('cost', '')} | "
            f"{r['gap_pct']} | {r.get('routes', '')} | {r.get('parts', '')} | "
            f"{r.get('wall', '')} | {r.get('peak_mb_main', '')} / {r.get('peak_mb_all', '')} |"
        )
    save(
        args.out,
        rows,
        f"XXL CVRP without a full matrix, {args.budget:g} s per run",
        "every solution checked (each stop once, loads within capacity, cost recomputed); "
        "peak memory: the solving process's own peak resident set, and the largest sum of "
        "the resident sets of it and its pool's workers (sampled every 0.2 s)",
        lines,
    )


def save(out: Path, rows: list[dict], title: str, note: str, table: list[str]) -> None:
    """``rows`` as CSV, and ``table`` as Markdown under the title, the command that ran, the
    machine and its load, and ``note``."""
    keys = list(dict.fromkeys(k for r in rows for k in r))
    with out.with_suffix(".csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=keys)
        w.writeheader()
        w.writerows(rows)
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    lines = [
        f"# {title}",
        "",
        f"- command: `python bench/{Path(sys.argv[0]).name} {' '.join(sys.argv[1:])}`",
        f"- machine: {os.cpu_count()} cores shared with other engineers' work; load average at "
        f"the end {os.getloadavg()[0]:.2f}; commit {commit}; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- {note}",
        "",
        *table,
    ]
    out.with_suffix(".md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
