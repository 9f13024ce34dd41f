"""``hubflow route``: solve one routing file (VRPLIB, Solomon, Li & Lim, VROOM JSON)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class Rounding(StrEnum):
    round = "round"
    exact = "exact"
    dimacs = "dimacs"
    none = "none"


def route(
    file: Annotated[
        Path,
        typer.Argument(help="Instance: .vrp (VRPLIB), Solomon/GH or Li & Lim .txt, VROOM .json."),
    ],
    time_limit: Annotated[
        float, typer.Option("--time-limit", "-t", min=0.0, help="Wall-time budget in seconds.")
    ] = 10.0,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    round_func: Annotated[
        Rounding, typer.Option("--round", help="Distance convention, as PyVRP's reader.")
    ] = Rounding.round,
    backend: Annotated[
        str, typer.Option("--backend", help="pyvrp | ortools | vroom | hubflow")
    ] = "pyvrp",
    as_json: Annotated[
        bool, typer.Option("--json", help='Print only {"cost", "feasible", "routes"}.')
    ] = False,
) -> None:
    """Solve one routing instance file and print cost and routes."""
    from rich.console import Console
    from rich.table import Table

    from hubflow.dispatch import check_routes, read, route_stats, solve
    from hubflow.errors import BackendUnavailable, ScenarioError

    err = Console(stderr=True)
    try:
        problem = read(file, round_func.value)
        result = solve(problem, backend=backend, time_limit=time_limit, seed=seed)
    except ScenarioError as e:
        err.print(f"[red]error:[/red] {e}")
        raise typer.Exit(code=2) from None
    except (BackendUnavailable, KeyError) as e:
        err.print(f"[red]error:[/red] {e}")
        raise typer.Exit(code=2) from None

    if as_json:
        typer.echo(json.dumps(result.to_json(problem.scale)))
        return
    con = Console()
    scale = problem.scale
    table = Table(title=f"{problem.name}: {len(result.routes)} routes")
    for col in ("#", "type", "stops", "distance", "visits"):
        table.add_column(col)
    for i, r in enumerate(result.routes):
        st = route_stats(problem, r)
        shown = " ".join(map(str, r.visits[:30])) + (" ..." if len(r.visits) > 30 else "")
        table.add_row(
            str(i), str(r.vehicle_type), str(len(r.visits)), f"{st.distance / scale:g}", shown
        )
    con.print(table)
    for u in result.unassigned:
        con.print(f"unassigned location {u.location}: {u.reason}")
    violations = check_routes(problem, result)
    con.print(
        f"cost {result.cost / scale:g}  status {result.status.value}  backend {result.backend}"
        f"  runtime {result.runtime:.1f}s  checker: {'ok' if not violations else violations[:3]}"
    )
