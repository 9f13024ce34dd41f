"""``hubflow compare A B``: plan two scenarios (or one under two parameter sets) side by side."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hubflow.cli.common import (
    DEFAULTS,
    AllErrors,
    DispatchBackend,
    DispatchTime,
    Method,
    MipGap,
    Seed,
    Stages,
    Threads,
    TimeLimit,
    command_deadline,
    errors_to_exit,
    load,
    out,
    plan_options,
    quiet_solver_banner,
)
from hubflow.io import apply_overrides
from hubflow.kpi import Kpis
from hubflow.planning import plan_scenario
from hubflow.report.compare import Side, write_compare

ROWS = [
    ("orders", "orders"),
    ("delivered_orders", "delivered"),
    ("on_time_pct", "on time %"),
    ("total_cost", "total cost"),
    ("objective", "objective"),
    ("lower_bound", "lower bound"),
    ("gap_pct", "gap %"),
    ("co2e_t", "CO2e t"),
    ("tonne_km", "tonne-km"),
    ("peak_yard_m2", "peak yard m²"),
    ("unserved_orders", "unserved"),
]


def compare(
    a: Annotated[str, typer.Argument(help="Scenario A (folder/.xlsx or 'example').")] = "example",
    b: Annotated[str | None, typer.Argument(help="Scenario B; default: the same as A.")] = None,
    set_a: Annotated[
        list[str] | None, typer.Option("--set-a", help="Parameter for A, e.g. carbon_price=0.")
    ] = None,
    set_b: Annotated[
        list[str] | None, typer.Option("--set-b", help="Parameter for B, e.g. carbon_price=200.")
    ] = None,
    time_limit: TimeLimit = DEFAULTS.time_limit,
    mip_gap: MipGap = DEFAULTS.mip_gap,
    method: Method = DEFAULTS.method,
    threads: Threads = DEFAULTS.threads,
    seed: Seed = DEFAULTS.seed,
    all_errors: AllErrors = False,
    dispatch_time: DispatchTime = DEFAULTS.dispatch_time,
    dispatch_backend: DispatchBackend = DEFAULTS.dispatch_backend,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for compare.html.")] = Path(
        "hubflow-compare"
    ),
) -> None:
    """Plan A and B and print their KPIs side by side with the differences (B - A).

    Both scenarios and both parameter sets are read and checked before either is planned;
    ``--time-limit`` is the whole command, half of it for each side.
    """
    deadline = command_deadline(time_limit)
    with errors_to_exit():
        sides = []
        settings = []
        for name, path, sets in (("a", a, set_a), ("b", b or a, set_b)):
            settings.append(", ".join([path, *(sets or [])]))
            options = plan_options(
                time_limit=time_limit / 2,
                mip_gap=mip_gap,
                seed=seed,
                method=method,
                threads=threads,
                dispatch_time=dispatch_time,
                dispatch_backend=dispatch_backend,
                sets=sets,
                source=f"--set-{name}",
            )
            scn = load(path, all_errors=all_errors)
            apply_overrides(scn, options.overrides, source=f"--set-{name}")  # refuse early
            sides.append((scn, options))
        if as_json:
            quiet_solver_banner()
        outcomes = []
        for i, (scn, options) in enumerate(sides):
            share = deadline.share(1 / (len(sides) - i))
            with Stages(not as_json, share) as stage:
                outcomes.append(plan_scenario(scn, options, deadline=share, progress=stage))
        out_dir.mkdir(parents=True, exist_ok=True)
        side_a, side_b = (
            Side(label, text, o.scenario, o.plan, o.kpis)
            for label, text, o in zip("AB", settings, outcomes, strict=True)
        )
        page = write_compare(side_a, side_b, out_dir / "compare.html")
    ka, kb = (o.kpis for o in outcomes)
    if as_json:
        doc = {"a": ka.summary(), "b": kb.summary(), "diff": _diff(ka, kb)}
        print(json.dumps(doc, allow_nan=False))  # noqa: T201
        return
    t = Table(title=f"A ({settings[0]}) vs B ({settings[1]})")
    for col in ("KPI", "A", "B", "B - A"):
        t.add_column(col, justify="right" if col != "KPI" else "left")
    for key, label in ROWS:
        va, vb = getattr(ka, key), getattr(kb, key)
        if va is None or vb is None:
            t.add_row(label, _num(va), _num(vb), "")
        elif isinstance(va, int) and isinstance(vb, int):  # counts
            t.add_row(label, f"{va:,}", f"{vb:,}", f"{vb - va:+,}")
        else:
            t.add_row(label, f"{va:,.2f}", f"{vb:,.2f}", f"{vb - va:+,.2f}")
    for item in ka.cost:
        t.add_row(
            f"  cost: {item}",
            f"{ka.cost[item]:,.0f}",
            f"{kb.cost[item]:,.0f}",
            f"{kb.cost[item] - ka.cost[item]:+,.0f}",
        )
    out.print(t)
    out.print(f"Wrote {page}")


def _num(value: float | None) -> str:
    return "none" if value is None else f"{value:,.2f}"


def _diff(ka: Kpis, kb: Kpis) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for key, _ in ROWS:
        va, vb = getattr(ka, key), getattr(kb, key)
        out[key] = None if va is None or vb is None else vb - va
    return out
