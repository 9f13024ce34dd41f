"""Canad MCND benchmark: ``hubflow design`` (colgen or auto) vs the plain arc MIP at equal wall time.

Per instance both methods run as ``hubflow design FILE --json --solution`` in their own process,
side by side (both with 2 threads; the arc MIP with strong linking), each solution is
re-checked from the file by ``hubflow.consolidate.verify`` (cost, conservation, capacities), and
each objective's gap is taken to the best lower bound any method proved on that instance.
Writes bench/results/mcnd_<set>_<seconds>s.{csv,md}.

    python bench/mcnd.py --set C --time-limit 60                      # all 31 C files
    python bench/mcnd.py --set C --time-limit 60 --instances c33 c45  # a subset
    python bench/mcnd.py --set C --time-limit 300 --methods colgen    # colgen alone

With ``--methods colgen`` the MIP columns stay empty, the gap is to colgen's own bound (an upper
estimate of the proven gap) and the tables are named ``mcnd_<set>_<seconds>s_colgen``. With
``--methods auto,mip`` hubflow's side is its default method, ``auto`` (the arc MIP on small
problems, colgen beyond; its choice in the ``auto_chose`` column), in ``mcnd_<set>_<seconds>s_auto_mip``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tables import write_tables

DATA = Path(
    os.environ.get("MCND_DIR", Path(__file__).resolve().parents[2] / "shared/benchmarks/mcnd")
)
FOLDER = {"C": "C", "C+": "CPlus", "CPlus": "CPlus", "R": "R"}
SRC = Path(os.environ.get("HUBFLOW_SRC", Path(__file__).resolve().parents[1] / "src"))
METHODS = {"colgen": 2, "auto": 2, "mip": 2}  # threads: the same for all
HUBFLOW = ("colgen", "auto")  # hubflow's side of the table: one of these


def columns(hub: str) -> list[str]:
    """The table's columns with ``hub`` (colgen or auto) as hubflow's side."""
    cols = [f"{hub}_obj", f"{hub}_bound", f"{hub}_gap_pct", "mip_obj", "mip_bound", "mip_gap_pct"]
    cols += ["best_bound", f"{hub}_vs_best_pct", "mip_vs_best_pct", f"{hub}_vs_mip_pct"]
    cols += [f"{hub}_s", "mip_s", f"{hub}_cut"] + (["auto_chose"] if hub == "auto" else [])
    return ["instance", *cols, "check"]


def start(path: Path, method: str, limit: float, out: Path) -> subprocess.Popen[str]:
    code = "import sys; from hubflow.cli import main; sys.argv[0] = 'hubflow'; main()"
    argv = [sys.executable, "-c", code, "design", str(path), "--method", method, "--json"]
    argv += ["--time-limit", str(limit), "--threads", str(METHODS[method]), "--solution", str(out)]
    env = dict(os.environ, PYTHONPATH=str(SRC))
    return subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )


def run_instance(path: Path, limit: float, methods: tuple[str, ...]) -> dict[str, object]:
    from hubflow.consolidate.verify import check_dow_solution

    hub = _hub(methods)

    row: dict[str, object] = {"instance": path.stem}
    with tempfile.TemporaryDirectory() as tmp:
        procs = {m: start(path, m, limit, Path(tmp) / f"{m}.json") for m in methods}
        row.update(
            {f"{m}_{k}": None for m in (hub, "mip") for k in ("obj", "bound", "gap_pct", "s")}
        )
        notes = []
        for m, proc in procs.items():
            out, _ = proc.communicate()
            summary = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
            obj, bound = summary.get("objective"), summary.get("lower_bound")
            sol = Path(tmp) / f"{m}.json"
            if obj is not None and sol.exists():
                check = check_dow_solution(path, json.loads(sol.read_text()))
                if not check.ok or abs(check.cost - obj) > 1e-6 * max(1.0, abs(obj)):
                    notes.append(f"{m}: {len(check.violations)} violations, cost {check.cost}")
                    obj = None
            row[f"{m}_obj"] = obj
            row[f"{m}_bound"] = bound
            row[f"{m}_gap_pct"] = summary.get("gap_pct")
            row[f"{m}_s"] = summary.get("seconds")
            if m == hub:  # phases the clock cut short (0: the plan repeats on any machine)
                row[f"{m}_cut"] = summary.get("design_phases_at_time_limit")
            if m == "auto":
                row["auto_chose"] = summary.get("method")
        row["check"] = "; ".join(notes) or "ok"
    bounds = [b for m in (hub, "mip") if (b := row[f"{m}_bound"]) is not None]
    best = max(bounds) if bounds else None
    row["best_bound"] = best
    for m in (hub, "mip"):
        obj = row[f"{m}_obj"]
        row[f"{m}_vs_best_pct"] = 100 * (obj - best) / obj if obj and best is not None else None
    c, p = row[f"{hub}_obj"], row["mip_obj"]
    row[f"{hub}_vs_mip_pct"] = 100 * (c - p) / p if c and p else None
    return row


def _hub(methods: tuple[str, ...]) -> str:
    """Hubflow's side among ``methods``: colgen or auto (colgen when only the MIP runs)."""
    return next((m for m in methods if m in HUBFLOW), "colgen")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default="C", choices=sorted(FOLDER))
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--instances", nargs="*", help="file stems (default: the whole set)")
    ap.add_argument("--rewrite", action="store_true", help="re-read the CSV, rewrite the tables")
    ap.add_argument(
        "--merge",
        nargs="*",
        metavar="TABLE",
        help="rewrite the rows of these bench/results tables (names without .csv) as one, *_merged",
    )
    ap.add_argument(
        "--methods",
        default="colgen,mip",
        help="comma-separated: the MIP and one of colgen and auto (default colgen,mip)",
    )
    args = ap.parse_args()
    args.load_before = None if args.rewrite or args.merge else os.getloadavg()[0]
    methods = tuple(m for m in args.methods.split(",") if m)
    if not methods or set(methods) - set(METHODS) or len(set(methods) & set(HUBFLOW)) > 1:
        ap.error(f"--methods: the MIP and/or one of {', '.join(HUBFLOW)}")
    files = sorted((DATA / FOLDER[args.set]).glob("*.dow"))
    if args.instances:
        files = [f for f in files if f.stem in set(args.instances)]
    rows = []
    alone = "" if set(methods) == {"colgen", "mip"} else "_" + "_".join(methods)
    name = f"mcnd_{FOLDER[args.set]}_{args.time_limit:g}s{alone}"
    if args.rewrite or args.merge:
        tables = args.merge or [name]
        name += "_merged" if args.merge else ""
        rows = sorted((r for t in tables for r in _rows(t)), key=lambda r: r["instance"])
        files = []
    subset = f" --instances {' '.join(args.instances)}" if args.instances else ""
    only = f" --methods {args.methods}" if alone else ""
    only += f" --merge {' '.join(args.merge)}" if args.merge else ""
    command = (
        f"python bench/mcnd.py --set {args.set} --time-limit {args.time_limit:g}{subset}{only}"
    )
    for f in files:
        t = time.perf_counter()
        row = run_instance(f, args.time_limit, methods)
        print(row, f"{time.perf_counter() - t:.0f} s", flush=True)
        rows.append(row)
        write(name, args, command, rows)  # after every instance: a cut-short run keeps its rows
    if not files:
        write(name, args, command, rows)


def _rows(table: str) -> list[dict[str, str]]:
    """The instance rows (not the mean row) of bench/results/``table``.csv."""
    with open(Path(__file__).parent / "results" / f"{table}.csv") as fh:
        return [r for r in csv.DictReader(fh) if not r["instance"].startswith("mean")]


def write(name: str, args: argparse.Namespace, command: str, rows: list[dict]) -> None:
    """The tables of ``rows`` and their mean row."""
    hub = _hub(tuple(args.methods.split(",")))
    load = (
        "rows merged from the tables in the command, whose titles give the load"
        if args.merge
        else "load not recorded"
        if args.load_before is None
        else f"1-minute load average {args.load_before:.2f} before it started: above about 1 the "
        "machine was shared with other jobs (noisy timings)"
    )
    write_tables(
        name,
        f"Canad {args.set}: hubflow design ({hub}) vs the plain arc MIP (HiGHS, strong linking), "
        f"both with 2 threads, {args.time_limit:g} s each, run side by side on a 2-core machine; "
        + load
        + ("" if "mip" in command or "--methods" not in command else "; the MIP not run"),
        command,
        columns(hub),
        [{k: _cell(v) for k, v in r.items()} for r in [*rows, mean_row(rows, hub)]],
    )


def mean_row(rows: list[dict[str, object]], hub: str = "colgen") -> dict[str, object]:
    """Means over the instances where both methods have a plan, and how many lack a MIP plan."""
    both = [r for r in rows if _num(r.get(f"{hub}_obj")) and _num(r.get("mip_obj"))]
    out: dict[str, object] = {"instance": f"mean of {len(both)} with both plans"}
    for col in (f"{hub}_vs_best_pct", "mip_vs_best_pct", f"{hub}_vs_mip_pct"):
        vals = [float(r[col]) for r in both if _num(r.get(col)) is not None]  # type: ignore[arg-type]
        out[col] = sum(vals) / len(vals) if vals else None
    alone = [r for r in rows if _num(r.get(f"{hub}_obj")) and not _num(r.get("mip_obj"))]
    gaps = [float(r[f"{hub}_vs_best_pct"]) for r in alone]  # type: ignore[arg-type]
    mean = f"{sum(gaps) / len(gaps):.2f}" if gaps else "-"
    every = [
        float(r[f"{hub}_vs_best_pct"])  # type: ignore[arg-type]
        for r in rows
        if _num(r.get(f"{hub}_vs_best_pct")) is not None
    ]
    whole = f"{sum(every) / len(every):.2f}" if every else "-"
    out["check"] = (
        f"{len(alone)} with no MIP plan ({hub} mean gap {mean} %); "
        f"all {len(every)} {hub} plans: mean gap {whole} %"
    )
    return out


def _cell(v: object) -> object:
    """A table cell: floats rounded, nothing (no plan) left empty."""
    if v is None:
        return ""
    return round(v, 3) if isinstance(v, float) else v


def _num(v: object) -> float | None:
    try:
        x = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return x if x == x else None


if __name__ == "__main__":
    sys.exit(main())
