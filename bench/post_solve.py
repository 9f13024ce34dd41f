"""Post-solve tail: seconds per stage after the network-design solve of ``hubflow plan``.

Plans a generated week of N orders in-process as ``hubflow plan`` does (``--dispatch-time 0``,
``--no-store``), each case in a fresh interpreter, and times each stage after the solve:
decode, KPIs, the land duals' LP, the independent check, then each output writer (the plan
folder: plan.json, CSV files, scenario copy and manifest; plan.xlsx; report.html). With
``--before COMMIT`` each case also runs on that commit's code, right before this tree's. Writes
bench/results/{name}.{csv,md}; ``--profile`` also prints the tail's top cProfile costs.

    python bench/post_solve.py --before 4baf7e4            # 1000 5000 10000 orders, colgen
    python bench/post_solve.py --orders 5000 --profile
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tables import write_tables

HUBFLOW = str(Path(sys.executable).parent / "hubflow")
STAGES = ["decode", "kpi", "land", "check", "json_csv", "xlsx", "html"]
COLUMNS = [
    "code",
    "orders",
    "legs",
    "limit_s",
    "solve_s",
    *[f"{s}_s" for s in STAGES],
    "tail_s",
    "ok",
    "load_avg",
]


def plan_case(scenario: str, limit: float, method: str, out: Path, profile: bool) -> dict:
    """One in-process plan; seconds per tail stage (and the tail's profile when asked)."""
    from hubflow.cli.common import load
    from hubflow.deadline import Deadline, ProgressEvent
    from hubflow.export import write_plan_folder
    from hubflow.export.workbook import write_plan_workbook
    from hubflow.planning import PlanOptions, plan_scenario
    from hubflow.planning import run as run_module
    from hubflow.report import write_report

    prof = cProfile.Profile()
    marks: list[tuple[str, float]] = []

    def mark(stage: str) -> None:
        marks.append((stage, time.perf_counter()))
        if stage == "decode" and profile:
            prof.enable()

    def tell(event: ProgressEvent) -> None:
        if event.stage in ("solve", "decode", "kpi", "check") and (
            not marks or marks[-1][0] != event.stage
        ):
            mark(event.stage)

    land = run_module.land_duals

    def timed_land(*args, **kwargs):  # type: ignore[no-untyped-def]
        mark("land")
        return land(*args, **kwargs)

    run_module.land_duals = timed_land
    scn = load(scenario)
    options = PlanOptions(time_limit=limit, method=method, dispatch_time=0)
    outcome = plan_scenario(scn, options, deadline=Deadline.after(limit), progress=tell)
    run_module.land_duals = land
    mark("json_csv")
    write_plan_folder(outcome.scenario, outcome.plan, outcome.kpis, out)
    mark("xlsx")
    write_plan_workbook(outcome.scenario, outcome.plan, outcome.kpis, out / "plan.xlsx")
    mark("html")
    write_report(outcome.scenario, outcome.plan, outcome.kpis, out / "report.html")
    mark("end")
    prof.disable()
    if profile:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    at = dict(marks)
    seconds = {f"{s}_s": round(marks[i + 1][1] - t, 2) for i, (s, t) in enumerate(marks[:-1])}
    return {
        "legs": sum(len(i.legs) for i in outcome.plan.itineraries),
        "solve_s": seconds.get("solve_s"),
        "tail_s": round(at["end"] - at["decode"], 2),
        "ok": outcome.ok,
        **{k: v for k, v in seconds.items() if k != "solve_s"},
    }


def one_case(args: argparse.Namespace) -> None:
    """The ``--case`` child: plan one generated week and print its row as JSON."""
    out = Path(args.case_out)
    row = plan_case(args.scenario, args.limit, args.method, out, args.profile)
    print(json.dumps(row))


def run_case(src: Path, scenario: Path, out: Path, args: argparse.Namespace) -> dict:
    """One case in a fresh interpreter importing hubflow from ``src``."""
    cmd = [sys.executable, __file__, "--case", "--scenario", str(scenario), "--case-out", str(out)]
    cmd += ["--limit", str(args.limit), "--method", args.method]
    cmd += ["--profile"] if args.profile else []
    env = os.environ | {"PYTHONPATH": str(src)}
    res = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    *profile, row = res.stdout.strip().splitlines()
    if args.profile:
        print("\n".join(profile), flush=True)
    return json.loads(row)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, nargs="+", default=[1000, 5000, 10000])
    ap.add_argument("--limit", type=float, default=60.0)
    ap.add_argument("--method", default="colgen")
    ap.add_argument("--before", help="also time this commit's code, case by case beside HEAD's")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--name", default="post_solve")
    ap.add_argument("--case", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--scenario", help=argparse.SUPPRESS)
    ap.add_argument("--case-out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.case:
        one_case(args)
        return
    rows = []
    here = Path(__file__).resolve().parent.parent / "src"
    with tempfile.TemporaryDirectory() as tmp:
        versions = [("HEAD", here)]
        if args.before:
            old = Path(tmp) / "before"
            old.mkdir()
            archive = subprocess.run(
                ["git", "archive", args.before, "src"], capture_output=True, check=True
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
            versions.insert(0, (args.before, old / "src"))
        for n in args.orders:
            generated = Path(tmp) / f"generated-{n}"
            make = ["generate", "--orders", str(n), "--seed", "1", "--out", str(generated)]
            subprocess.run([HUBFLOW, *make], capture_output=True, check=True)
            for code, src in versions:
                case = run_case(src, generated, Path(tmp) / f"out-{n}-{code}", args)
                row = {"code": code, "orders": n, "limit_s": args.limit, **case}
                rows.append(row | {"load_avg": round(os.getloadavg()[0], 1)})
                print(rows[-1], flush=True)
    orders = " ".join(str(n) for n in args.orders)
    command = f"python bench/post_solve.py --orders {orders} --limit {args.limit:g}"
    command += f" --method {args.method}"
    command += f" --before {args.before}" if args.before else ""
    command += f" --name {args.name}" if args.name != "post_solve" else ""
    title = "Post-solve tail: seconds per stage after the design solve (machine shared)"
    write_tables(args.name, title, command, COLUMNS, rows)


if __name__ == "__main__":
    main()
