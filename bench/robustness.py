"""Hostile input at volume: corrupt the Zhengzhou example thousands of ways and load each one.

Every case applies one to three corruptions from ``tests/io/hostile.py`` (the fuzz test's own) to
the example's CSV folder, its scenario.toml or its workbook, then loads it in a forked child
capped at 2 GiB of address space and 60 s, in a pool of worker processes. The example first
gets every optional input it lacks (``enrich``: a balance, payloads, a minimum load, a calendar
in a timetable, no_split; it has pools and clearance by country of its own), so the corruptions
reach them too. A case behaves when it ends in a located ScenarioError ("refused") or a valid
scenario ("loaded"); anything else (crash, unlocated problem, out of memory, timeout) is a bug.

``--plans N`` then plans N cases with ``hubflow plan --time-limit 5`` (a child capped at 2 GiB
and 120 s): the tiny fixture with its optional inputs, one or two valid but absurd edits
(``absurd``: a pool of 0, returns that never run, min_load at capacity, every departure closed,
...) and, in half of them, one random corruption. Such a case behaves when the plan passes its
checker and names a reason for each order it leaves unserved ("planned"), or the command exits
2 with 'Invalid scenario' and located problems ("refused"), never a traceback.
Writes bench/results/robustness.{csv,md}: cases by outcome, the slowest and the largest.

    python bench/robustness.py                   # 10,000 cases on 2 workers
    python bench/robustness.py --case 1234       # re-run one case and print its verdict
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from random import Random

import openpyxl
from tables import RESULTS, write_tables

sys.path.insert(0, str(Path(__file__).parents[1]))  # the fuzz test's corruptions

from hubflow.example import EXAMPLE_DIR
from hubflow.io import load_scenario, write_scenario_xlsx
from tests.io.hostile import (
    PLAN_BEHAVED,
    absurd,
    bounded_verdict,
    corrupt_folder,
    corrupt_toml,
    corrupt_workbook,
    enrich,
    plan_verdict,
)

TINY = Path(__file__).parents[1] / "tests" / "io" / "data" / "tiny"

FORMS = (("csv", 0.65), ("toml", 0.25), ("xlsx", 0.10))  # share of cases per form
COLUMNS = [
    "form",
    "cases",
    "loaded",
    "refused",
    "unlocated",
    "crash",
    "memory",
    "timeout",
    "median_s",
    "p99_s",
    "max_s",
    "max_peak_mib",
]


@dataclass(frozen=True, slots=True)
class Case:
    """One corrupted input and how loading it ended."""

    number: int
    form: str
    kinds: str
    outcome: str
    detail: str
    seconds: float
    peak_mib: float


def run_case(number: int, seed: int, pristine: Path, memory: int, seconds: int) -> Case:
    """Corrupt a fresh copy of the example as case ``number`` says, then load it under the caps."""
    rng = Random(seed * 1_000_003 + number)
    form = rng.choices([f for f, _ in FORMS], [w for _, w in FORMS])[0]
    count = rng.randrange(1, 4)
    with tempfile.TemporaryDirectory() as tmp:
        kinds: list[str] = []
        try:
            if form == "xlsx":
                path = Path(tmp) / "zhengzhou.xlsx"
                book = openpyxl.load_workbook(pristine / "zhengzhou.xlsx")
                kinds = [corrupt_workbook(rng, book) for _ in range(count)]
                book.save(path)
            else:
                path = Path(tmp) / "zhengzhou"
                shutil.copytree(pristine / "zhengzhou", path, symlinks=True)
                corrupt = corrupt_toml if form == "toml" else corrupt_folder
                kinds = [corrupt(rng, path) for _ in range(count)]
        except Exception as exc:  # the corruption itself failed (openpyxl cannot store a value)
            detail = f"{type(exc).__name__}: {exc}"[:80]
            return Case(number, form, ",".join(kinds), "skipped", detail, 0.0, 0.0)
        v = bounded_verdict(path, memory=memory, seconds=seconds)
    return Case(number, form, ",".join(kinds), v.outcome, v.detail, v.seconds, v.peak_mib)


def run_chunk(first: int, last: int, seed: int, pristine: Path, memory: int, s: int) -> list[Case]:
    return [run_case(n, seed, pristine, memory, s) for n in range(first, last)]


def run_all(args: argparse.Namespace, pristine: Path, memory: int, stop: float) -> list[Case]:
    """Every case, in chunks over the pool, until all are done or the clock passes ``stop``."""
    with ProcessPoolExecutor(args.workers) as pool:
        chunks = [
            pool.submit(
                run_chunk, n, min(n + 20, args.cases), args.seed, pristine, memory, args.seconds
            )
            for n in range(0, args.cases, 20)
        ]
        for _ in as_completed(chunks):
            if time.perf_counter() > stop:
                pool.shutdown(wait=True, cancel_futures=True)  # running chunks finish
                break
    return [c for f in chunks if f.done() and not f.cancelled() for c in f.result()]


def run_plan_case(number: int, seed: int) -> Case:
    """Plan case ``number``: the tiny fixture (three in four) or the example, with its optional
    inputs and absurd edits."""
    rng = Random(seed * 1_000_003 + 10_000_000 + number)
    source, form = (EXAMPLE_DIR, "plan example") if rng.random() < 0.25 else (TINY, "plan tiny")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scenario"
        shutil.copytree(source, path)
        enrich(path)
        kinds = [absurd(rng, path) for _ in range(rng.randrange(1, 3))]
        if rng.random() < 0.5:
            kinds.append(corrupt_folder(rng, path))
        v = plan_verdict(path, Path(tmp) / "out")
    return Case(number, form, ",".join(kinds), v.outcome, v.detail, v.seconds, v.peak_mib)


def run_plans(args: argparse.Namespace) -> list[Case]:
    with ProcessPoolExecutor(args.workers) as pool:
        return list(pool.map(run_plan_case, range(args.plans), [args.seed] * args.plans))


def plan_summary(cases: list[Case]) -> list[str]:
    """The plan cases by source and outcome."""
    lines = [
        "",
        "## Planning absurd but valid optional inputs",
        "",
        f"`hubflow plan --time-limit 5` on {len(cases)} cases (`--plans {len(cases)}`); seconds "
        "are the command's wall time (start, imports, load, solve, report). Behaved = planned "
        "(the checker passes, each order delivered or unserved with a reason), refused (exit 2, "
        "'Invalid scenario', located problems) or no plan in time (exit 4, each order unserved "
        "with the time limit as its reason).",
        "",
        "| source | cases | outcomes | median_s | max_s |",
        "|---|---|---|---|---|",
    ]
    for form in sorted({c.form for c in cases}):
        mine = [c for c in cases if c.form == form]
        counts = Counter(c.outcome for c in mine)
        shown = ", ".join(f"{n} {outcome}" for outcome, n in counts.most_common())
        times = sorted(c.seconds for c in mine)
        median = statistics.median(times)
        lines.append(f"| {form} | {len(mine)} | {shown} | {median:.1f} | {times[-1]:.1f} |")
    return lines


def summary(cases: list[Case]) -> list[dict]:
    """One row per form and a total: cases by outcome, load time and peak memory."""
    rows = []
    for form in [*(f for f, _ in FORMS), "all"]:
        mine = [c for c in cases if form in ("all", c.form) and c.outcome != "skipped"]
        if not mine:
            continue
        times = sorted(c.seconds for c in mine)
        row: dict = {"form": form, "cases": len(mine)}
        for outcome in COLUMNS[2:8]:
            row[outcome] = sum(c.outcome == outcome for c in mine)
        row["median_s"] = round(statistics.median(times), 3)
        row["p99_s"] = round(times[min(len(times) - 1, int(0.99 * len(times)))], 3)
        row["max_s"] = round(times[-1], 3)
        row["max_peak_mib"] = round(max(c.peak_mib for c in mine))
        rows.append(row)
    return rows


def ranked(title: str, cases: list[Case]) -> list[str]:
    lines = [
        "",
        f"## {title}",
        "",
        "| case | form | corruptions | outcome | s | peak MiB | detail |",
    ]
    lines.append("|---|---|---|---|---|---|---|")
    for c in cases:
        detail = c.detail.replace("|", "\\|").replace("\n", " ")[:120]
        lines.append(
            f"| {c.number} | {c.form} | {c.kinds} | {c.outcome} | {c.seconds:.2f} | "
            f"{c.peak_mib:.0f} | {detail} |"
        )
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--memory-gib", type=float, default=2.0)
    ap.add_argument("--seconds", type=int, default=60, help="time cap of one load")
    ap.add_argument("--minutes", type=float, default=15, help="stop taking new cases after this")
    ap.add_argument("--case", type=int, help="re-run this one case and print its verdict")
    ap.add_argument("--plans", type=int, default=0, help="then plan this many absurd cases")
    args = ap.parse_args()
    memory = int(args.memory_gib * 2**30)
    with tempfile.TemporaryDirectory() as tmp:
        pristine = Path(tmp)
        shutil.copytree(EXAMPLE_DIR, pristine / "zhengzhou")
        enrich(pristine / "zhengzhou")
        write_scenario_xlsx(load_scenario(pristine / "zhengzhou"), pristine / "zhengzhou.xlsx")
        if args.case is not None:
            print(run_case(args.case, args.seed, pristine, memory, args.seconds))
            return
        clean = [
            bounded_verdict(pristine / name, memory) for name in ("zhengzhou", "zhengzhou.xlsx")
        ]
        started = time.perf_counter()
        cases = run_all(args, pristine, memory, started + args.minutes * 60)
        wall = time.perf_counter() - started
    plans = run_plans(args) if args.plans else []
    command = (
        f"python bench/robustness.py --cases {args.cases} --workers {args.workers} "
        f"--minutes {args.minutes:g}" + (f" --plans {args.plans}" if args.plans else "")
    )
    title = "Robustness: loading the Zhengzhou example under random corruption"
    write_tables("robustness", title, command, COLUMNS, summary(cases))
    skipped = sum(c.outcome == "skipped" for c in cases)
    bad = [c for c in cases if c.outcome not in ("loaded", "refused", "skipped")]
    bad += [c for c in plans if c.outcome not in PLAN_BEHAVED]
    notes = [
        "",
        f"{len(cases):,} of {args.cases:,} cases in {wall:.0f} s wall"
        f"{' (stopped at the time budget)' if len(cases) < args.cases else ''} ({skipped} skipped: the corruption itself "
        f"failed, e.g. openpyxl could not store the value). Each load ran in a forked child capped at {args.memory_gib:g} GiB "
        f"of address space and {args.seconds} s; peak MiB is the child's maximum resident set. "
        f"For reference, the uncorrupted example loads in {clean[0].seconds:.2f} s at "
        f"{clean[0].peak_mib:.0f} MiB (CSV folder) and {clean[1].seconds:.2f} s at "
        f"{clean[1].peak_mib:.0f} MiB (workbook). "
        "Behaved = loaded (a valid scenario) or refused (a ScenarioError, every problem located). "
        "The machine was shared with other engineers' runs: the times are indicative.",
        *(plan_summary(plans) if plans else []),
        *ranked("Cases that did not behave", bad[:30] if bad else []),
        *ranked("Slowest 10", sorted(cases, key=lambda c: -c.seconds)[:10]),
        *ranked("Largest memory 10", sorted(cases, key=lambda c: -c.peak_mib)[:10]),
    ]
    with (RESULTS / "robustness.md").open("a") as out:
        out.write("\n".join(notes) + "\n")
    print((RESULTS / "robustness.md").read_text())


if __name__ == "__main__":
    main()
