"""``hubflow compare A B``: plan two scenarios (or one under two parameter sets) side by side."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hubflow.cli.common import (
    AllErrors,
    Stages,
    command_deadline,
    errors_to_exit,
    load,
    out,
    quiet_solver_banner,
    with_overrides,
)
from hubflow.cli.options import plan_flags
from hubflow.io import apply_overrides
from hubflow.kpi import Kpis
from hubflow.planning import PlanOptions, plan_scenario
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


@plan_flags()
def compare(
    a: Annotated[str, typer.Argument(help="Scenario A (folder/.xlsx or 'example').")] = "example",
    b: Annotated[str | None, typer.Argument(help="Scenario B; default: the same as A.")] = None,
    set_a: Annotated[
        list[str] | None, typer.Option("--set-a", help="Parameter for A, e.g. carbon_price=0.")
    ] = None,
    set_b: Annotated[
        list[str] | None, typer.Option("--set-b", help="Parameter for B, e.g. carbon_price=200.")
    ] = None,
    all_errors: AllErrors = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for compare.html.")] = Path(
        "hubflow-compare"
    ),
    *,
    options: PlanOptions,
) -> None:
    """Plan A and B and print their KPIs side by side with the differences (B - A).

    Both scenarios and both parameter sets are read and checked before either is planned;
    ``--time-limit`` is the whole command, half of it for each side.
    """
    deadline = command_deadline(options.time_limit)
    half = options.replace(time_limit=options.time_limit / 2)
    with errors_to_exit():
        sides = []
        settings = []
        for name, path, sets in (("a", a, set_a), ("b", b or a, set_b)):
            settings.append(", ".join([path, *(sets or [])]))
            side = with_overrides(half, sets, source=f"--set-{name}")
            scn = load(path, all_errors=all_errors)
            apply_overrides(scn, side.overrides, source=f"--set-{name}")  # refuse early
            sides.append((scn, side))
        if as_json:
            quiet_solver_banner()
        outcomes = []
        for i, (scn, side) in enumerate(sides):
            share = deadline.share(1 / (len(sides) - i))
            with Stages(not as_json, share) as stage:
                outcomes.append(plan_scenario(scn, side, deadline=share, progress=stage))
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
