"""``hubflow compare A B``: plan two scenarios (or one under two parameter sets) side by side."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from hubflow.cli.common import Stages, errors_to_exit, load, out, with_parameters
from hubflow.kpi import Kpis, compute_kpis
from hubflow.model import Parameters, Scenario
from hubflow.planning import make_plan

ROWS = [
    ("orders", "orders"),
    ("on_time_pct", "on time %"),
    ("total_cost", "total cost"),
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
    time_limit: Annotated[float, typer.Option("--time-limit", min=1)] = 60.0,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Plan A and B and print their KPIs side by side with the differences (B - A)."""
    with errors_to_exit():
        runs = []
        for name, path, sets in (("A", a, set_a), ("B", b or a, set_b)):
            scn = _apply(load(path), sets or [], name)
            with Stages(not as_json, time_limit) as stage:
                p = make_plan(scn, time_limit=time_limit, progress=stage)
            runs.append(compute_kpis(scn, p))
    ka, kb = runs
    if as_json:
        print(json.dumps({"a": ka.summary(), "b": kb.summary(), "diff": _diff(ka, kb)}))  # noqa: T201
        return
    t = Table(title="A vs B")
    for col in ("KPI", "A", "B", "B - A"):
        t.add_column(col, justify="right" if col != "KPI" else "left")
    for key, label in ROWS:
        va, vb = getattr(ka, key), getattr(kb, key)
        t.add_row(label, f"{va:,.2f}", f"{vb:,.2f}", f"{vb - va:+,.2f}")
    for item in ka.cost:
        t.add_row(
            f"  cost: {item}",
            f"{ka.cost[item]:,.0f}",
            f"{kb.cost[item]:,.0f}",
            f"{kb.cost[item] - ka.cost[item]:+,.0f}",
        )
    out.print(t)


def _diff(ka: Kpis, kb: Kpis) -> dict[str, float]:
    return {key: getattr(kb, key) - getattr(ka, key) for key, _ in ROWS}


def _apply(scn: Scenario, sets: list[str], which: str) -> Scenario:
    """Apply KEY=VALUE parameter overrides, typed like the Parameters field they replace."""
    import dataclasses

    from hubflow.errors import Problem, ScenarioError

    fields = {f.name: f for f in dataclasses.fields(Parameters)}
    changes: dict[str, object] = {}
    for item in sets:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or key not in fields or key == "start":
            raise ScenarioError(
                Problem(
                    f"--set-{which.lower()}",
                    None,
                    key or item,
                    f"'{item}' is not KEY=VALUE with KEY a scenario parameter",
                )
            )
        current = getattr(scn.parameters, key)
        try:
            changes[key] = type(current)(value) if not isinstance(current, str) else value
        except ValueError:
            raise ScenarioError(
                Problem(
                    f"--set-{which.lower()}",
                    None,
                    key,
                    f"'{value}' is not a {type(current).__name__}",
                )
            ) from None
    return with_parameters(scn, **changes)  # re-validates the scenario
