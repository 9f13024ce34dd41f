"""Time-limit margin: wall clock of the whole ``hubflow plan --time-limit L`` command.

Runs the command (``--no-store --json``) several times for each time limit on the built-in
example and on a generated week of 5,000 orders, and writes bench/results/time_limit.{csv,md}:
min / median / max wall seconds of the whole process, the overrun beyond the limit and the
machine's 1-minute load average after the runs. With
``--stages`` it also plans once in-process per case and writes where the time went, stage by
stage, to bench/results/time_limit_stages.{csv,md}.

    python bench/time_limit.py                          # limits 10 30, 3 runs each
    python bench/time_limit.py --limits 30 --runs 5 --stages
    python bench/time_limit.py --limits 20 --runs 2 --method mip --name time_limit_mip
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tables import write_tables

COLUMNS = [
    "scenario",
    "limit_s",
    "runs",
    "wall_min_s",
    "wall_median_s",
    "wall_max_s",
    "overrun_max_s",
    "status",
    "gap_pct",
    "solve_s",
    "load_avg",
]
STAGE_COLUMNS = ["scenario", "limit_s", "stage", "start_s", "seconds"]
HUBFLOW = str(Path(sys.executable).parent / "hubflow")


def plan_once(scenario: str, limit: float, out: Path, method: str | None = None) -> dict:
    """One ``hubflow plan`` process: its wall seconds and its ``--json`` summary."""
    cmd = [HUBFLOW, "plan", scenario, "--no-store", "--json", "--time-limit", f"{limit:g}"]
    cmd += ["--method", method] if method else []
    start = time.perf_counter()
    res = subprocess.run([*cmd, "--out", str(out)], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    lines = res.stdout.strip().splitlines()
    summary = json.loads(lines[-1]) if lines else {"status": f"exit {res.returncode}"}
    return {"wall": wall, **summary}


def row(name: str, limit: float, runs: list[dict]) -> dict:
    walls = [r["wall"] for r in runs]
    return {
        "scenario": name,
        "limit_s": limit,
        "runs": len(runs),
        "wall_min_s": round(min(walls), 1),
        "wall_median_s": round(statistics.median(walls), 1),
        "wall_max_s": round(max(walls), 1),
        "overrun_max_s": round(max(walls) - limit, 1),
        "status": "/".join(sorted({str(r.get("status")) for r in runs})),
        "gap_pct": "/".join(sorted({str(r.get("gap_pct")) for r in runs})),
        "solve_s": "/".join(f"{r.get('solve_seconds', 0):.1f}" for r in runs),
        "load_avg": round(os.getloadavg()[0], 1),  # other work on the machine stretches walls
    }


def stage_times(name: str, scenario: str, limit: float, out: Path) -> list[dict]:
    """Plan once in-process as ``hubflow plan`` does and time each stage from the deadline's
    start (interpreter start-up and imports are not included)."""
    from hubflow.cli.common import load
    from hubflow.deadline import Deadline, ProgressEvent
    from hubflow.export import write_plan_folder
    from hubflow.planning import PlanOptions, plan_scenario
    from hubflow.report import write_report

    start = time.monotonic()
    deadline = Deadline.after(limit)
    marks: list[tuple[str, float]] = []

    def tell(event: ProgressEvent) -> None:
        if not marks or marks[-1][0] != event.stage:
            marks.append((event.stage, time.monotonic() - start))

    tell(ProgressEvent("load"))
    scn = load(scenario)
    outcome = plan_scenario(scn, PlanOptions(time_limit=limit), deadline=deadline, progress=tell)
    tell(ProgressEvent("write"))
    write_plan_folder(outcome.scenario, outcome.plan, outcome.kpis, out)
    write_report(outcome.scenario, outcome.plan, outcome.kpis, out / "report.html")
    tell(ProgressEvent("end"))
    return [
        {
            "scenario": name,
            "limit_s": limit,
            "stage": stage,
            "start_s": round(at, 2),
            "seconds": round(marks[i + 1][1] - at, 2),
        }
        for i, (stage, at) in enumerate(marks[:-1])
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limits", type=float, nargs="+", default=[10.0, 30.0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--orders", type=int, default=5000)
    ap.add_argument("--stages", action="store_true", help="also time each stage in-process")
    ap.add_argument("--method", help="design method (default: the plan's default, auto)")
    ap.add_argument("--name", default="time_limit", help="results file name")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        generated = Path(tmp) / "generated"
        make = ["generate", "--orders", str(args.orders), "--seed", "1", "--out", str(generated)]
        subprocess.run([HUBFLOW, *make], capture_output=True, check=True)
        cases = [("example", "example"), (f"generated-{args.orders}", str(generated))]
        rows, stages = [], []
        for name, scenario in cases:
            for limit in args.limits:
                out = Path(tmp) / "out"
                runs = [plan_once(scenario, limit, out, args.method) for _ in range(args.runs)]
                rows.append(row(name, limit, runs))
                print(rows[-1], flush=True)
                if args.stages:
                    stages += stage_times(name, scenario, limit, Path(tmp) / "stages")
                    print(stages[-1], flush=True)
    limits = " ".join(f"{x:g}" for x in args.limits)
    command = f"python bench/time_limit.py --limits {limits} --runs {args.runs}"
    command += f" --orders {args.orders}" + (f" --method {args.method}" if args.method else "")
    command += f" --name {args.name}" if args.name != "time_limit" else ""
    title = "Time limit: wall clock of the whole `hubflow plan --time-limit L --no-store` process"
    write_tables(args.name, title, command, COLUMNS, rows)
    if args.stages:
        title = "Time limit: seconds per stage of one in-process plan (from the deadline's start)"
        write_tables("time_limit_stages", title, f"{command} --stages", STAGE_COLUMNS, stages)


if __name__ == "__main__":
    main()
