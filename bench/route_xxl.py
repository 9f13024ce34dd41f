"""``hubflow route`` as a user runs it on XXL CVRP files: both methods, peak memory and gap.

Each run is the command line itself (``hubflow route FILE --time-limit T --method M --json``)
in a process of its own; its peak memory is the largest sum of the resident sets of it and its
pool's workers, sampled every 0.2 s. Every solution is checked without a matrix
(:func:`hubflow.dispatch.checker.check_coordinate_routes`: each stop once, loads, cost).

Example (the run reported in docs/dispatch.md)::

    python bench/route_xxl.py --budget 30 --runs Leuven2:dense,Leuven2:large,Ghent1:large,Ghent1:dense \\
        --out bench/results/route_xxl_30s
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from xxl import ROOT, XXL, _tree_rss_kb, save

from hubflow.dispatch.checker import check_coordinate_routes
from hubflow.dispatch.large import read_coordinates
from hubflow.dispatch.result import Route, RoutingResult, Status


def run(name: str, method: str, budget: float) -> dict:
    """One ``hubflow route`` run, its peak memory sampled from outside, its routes checked."""
    hubflow = Path(sys.executable).with_name("hubflow")
    cmd = [str(hubflow), "route", str(XXL / f"{name}.vrp"), "-t", str(budget), "--json"]
    t0 = time.perf_counter()
    proc = subprocess.Popen([*cmd, "--method", method], stdout=subprocess.PIPE, text=True)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            time.sleep(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, _ = proc.communicate()
    thread.join()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        return {
            "status": f"exit {proc.returncode}",
            "wall": round(wall, 1),
            "peak_mb": peak[0] // 1024,
        }
    doc = json.loads(out)
    cvrp = read_coordinates(XXL / f"{name}.vrp")
    routes = tuple(Route(r["vehicle_type"], tuple(r["visits"])) for r in doc["routes"])
    res = RoutingResult(Status(doc["status"]), doc["cost"], routes)
    bad = check_coordinate_routes(cvrp.xy, cvrp.demand, cvrp.capacity, res)
    return {
        "method": doc["method"],
        "cost": doc["cost"],
        "routes": len(routes),
        "wall": round(wall, 1),
        "peak_mb": peak[0] // 1024,
        "status": "ok" if not bad else f"checker: {bad[:2]}",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--budget", type=float, default=30.0)
    ap.add_argument("--runs", default="Leuven2:dense,Leuven2:large,Ghent1:large,Ghent1:dense")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "route_xxl")
    args = ap.parse_args()
    with (XXL / "bks.csv").open() as f:
        bks = {r["instance"]: float(r["bks_cost"]) for r in csv.DictReader(f)}
    rows = []
    for item in args.runs.split(","):
        name, method = item.split(":")
        r = {"instance": name, "asked": method, "bks": bks[name]} | run(name, method, args.budget)
        cost = r.get("cost")
        r["gap_pct"] = round(100 * (cost - bks[name]) / bks[name], 2) if cost else ""
        rows.append(r)
        print(r, flush=True)
    write(args, rows)


def write(args, rows: list[dict]) -> None:
    lines = [
        "| instance | method | cost | gap % | routes | wall s | peak MB | check |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['instance']} | {r.get('method', r['asked'])} | {r.get('cost', '')} | "
            f"{r['gap_pct']} | {r.get('routes', '')} | {r.get('wall', '')} | "
            f"{r.get('peak_mb', '')} | {r['status']} |"
        )
    save(
        args.out,
        rows,
        f"`hubflow route` on XXL CVRP, {args.budget:g} s, both methods",
        "each run is the command line in its own process; peak MB: the largest sum of the "
        "resident sets of it and its workers (sampled every 0.2 s); wall: the whole command, "
        "reading the file included; every solution checked without a matrix",
        lines,
    )


if __name__ == "__main__":
    main()
