"""``hubflow route``: solve one routing file (VRPLIB, Solomon, Li & Lim, VROOM JSON).

A plain CVRP of 4,000 stops or more goes to :mod:`hubflow.dispatch.large` (no full matrix)
unless ``--method dense`` asks otherwise; the JSON's ``method`` says which ran.

Exit codes: 0 every required stop is routed; 1 proven that not every required stop can be
served (the routes for the rest are printed); 2 bad input or unknown/unavailable back-end;
4 no solution found within the time limit (the instance may well be feasible: give more time).
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from hubflow.dispatch import RoutingProblem, RoutingResult

#: exit code of each outcome, by ``Status`` value (documented in docs/dispatch.md)
EXIT = {"feasible": 0, "partial": 1, "infeasible": 1, "no_solution": 4}


class Rounding(StrEnum):
    round = "round"
    exact = "exact"
    dimacs = "dimacs"
    none = "none"


class Method(StrEnum):
    auto = "auto"
    dense = "dense"
    large = "large"


class Distances(StrEnum):
    matrix = "matrix"
    haversine = "haversine"


#: what ``cost`` in the ``--json`` output is measured in, by distance convention
UNITS = {
    "round": "distance in the file's units, each arc rounded to an integer (VRPLIB convention)",
    "exact": "distance in the file's units, each arc rounded to 0.001 (x1000, rounded)",
    "dimacs": "distance in the file's units, each arc truncated to 0.1 (DIMACS: x10, truncated)",
    "none": "distance in the file's units, each arc truncated to an integer",
    "vroom": "VROOM cost: the costs (else durations) matrix along the routes plus fixed costs",
    "haversine": "VROOM cost with great-circle durations: seconds along the routes (great "
    "circle x 1.3 at 50 km/h) plus fixed costs",
}


def route(
    file: Annotated[
        Path,
        typer.Argument(help="Instance: .vrp (VRPLIB), Solomon/GH or Li & Lim .txt, VROOM .json."),
    ],
    time_limit: Annotated[
        float, typer.Option("--time-limit", "-t", min=0.0, help="Wall-time budget in seconds.")
    ] = 10.0,
    iterations: Annotated[
        int | None,
        typer.Option(
            "--iterations",
            min=1,
            help="Stop after this many search iterations (pyvrp, hubflow): the same routes on "
            "any machine for the same seed; --time-limit is then a ceiling, and the output "
            "says when it cut the search short.",
        ),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    round_func: Annotated[
        Rounding, typer.Option("--round", help="Distance convention, as PyVRP's reader.")
    ] = Rounding.round,
    backend: Annotated[
        str, typer.Option("--backend", help="hubflow (default) | pyvrp | ortools | vroom")
    ] = "hubflow",
    distances: Annotated[
        Distances,
        typer.Option(
            "--distances",
            help="VROOM JSON: 'matrix' (the file's own) or 'haversine' for files with "
            "coordinates only (great circle x 1.3 at 50 km/h; VROOM itself would ask a road "
            "engine, so its routes differ).",
        ),
    ] = Distances.matrix,
    method: Annotated[
        Method,
        typer.Option(
            "--method",
            help="'dense' (full distance matrices), 'large' (plain CVRP without a matrix: "
            "distances per part of ~1,000 stops) or 'auto': large for a plain CVRP (coordinates, "
            "one depot, no time windows) of 4,000 stops or more, or too big for the dense "
            "matrices in this machine's memory.",
        ),
    ] = Method.auto,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help='Print only {"cost", "unit", "feasible", "status", "routes", "stopped_by", '
            '"method"}.',
        ),
    ] = False,
) -> None:
    """Solve one routing instance file and print cost and routes.

    Exit codes: 0 all required stops routed; 1 proven that some required stop cannot be served;
    2 bad input or back-end; 4 no solution found within the time limit (may be feasible).
    """
    import numpy as np
    from rich.console import Console
    from rich.markup import escape

    from hubflow.cli.common import quiet_solver_banner
    from hubflow.dispatch import check_routes, read, route_stats, solve
    from hubflow.dispatch.backends import stops_on_iterations
    from hubflow.dispatch.checker import check_coordinate_routes
    from hubflow.dispatch.large import choose_method, route_large
    from hubflow.dispatch.readers import detect_format, outline
    from hubflow.errors import BackendUnavailable, ScenarioError, SolverError

    err = Console(stderr=True)
    if as_json:  # the hubflow back-end recombines routes with HiGHS
        quiet_solver_banner()
    try:
        fmt = detect_format(file)
        chosen = choose_method(
            file,
            outline(file, fmt),
            method.value,
            round_func=round_func.value,
            backend=backend,
            iterations=iterations,
        )
        if chosen == "large":
            cvrp, result = route_large(file, time_limit, seed=seed)
            problem: RoutingProblem | None = None
            violations = check_coordinate_routes(cvrp.xy, cvrp.demand, cvrp.capacity, result)
            costs = [cvrp.route_cost(np.array(r.visits)) for r in result.routes]
            name, scale = cvrp.name, 1.0
        else:
            problem = read(file, round_func.value, distances=distances.value)
            if iterations is not None and not stops_on_iterations(backend):
                err.print(f"[red]error:[/red] back-end {backend!r} cannot stop on --iterations")
                raise typer.Exit(code=2)
            result = solve(
                problem,
                backend=backend,
                time_limit=time_limit,
                seed=seed,
                max_iterations=iterations,
            )
            violations, costs = None, None
            name, scale = problem.name, problem.scale
    except ScenarioError as e:
        err.print(f"[red]error:[/red] {escape(str(e))}", soft_wrap=True)
        raise typer.Exit(code=2) from None
    # SolverError here: the back-end cannot take this problem (VROOM's limits, ...)
    except (BackendUnavailable, SolverError, KeyError) as e:
        err.print(f"[red]error:[/red] {escape(str(e))}", soft_wrap=True)
        raise typer.Exit(code=2) from None

    vroom = fmt == "vroom"
    if as_json:
        doc = result.to_json(scale)
        unit = ("haversine" if distances is Distances.haversine else "vroom") if vroom else None
        doc["unit"] = UNITS[unit or round_func.value]
        doc["stopped_by"] = result.info.get("stopped_by", "time_limit")
        doc["method"] = chosen
        if vroom and problem is not None:
            for r in doc["routes"]:
                r["visits"] = [_file_id(problem, v) for v in r["visits"]]
        typer.echo(json.dumps(doc))
        if violations:  # the large path's routes are checked in both modes
            err.print(f"[red]checker:[/red] {escape(str(violations[:3]))}")
    else:
        if problem is not None:
            costs = [route_stats(problem, r).distance for r in result.routes]
            violations = check_routes(problem, result)
        _print(name, scale, result, costs or [], violations or [], chosen)
    if iterations is not None and result.info.get("stopped_by") == "time_limit":
        err.print(
            "[yellow]note:[/yellow] --time-limit stopped the search before --iterations: "
            "another machine may give other routes"
        )
    raise typer.Exit(code=EXIT[result.status.value])


def _file_id(problem: RoutingProblem, location: int) -> int | str:
    """A VROOM stop's own id (an integer in VROOM's schema; kept as text otherwise)."""
    name = problem.locations[location].name
    return int(name) if name.lstrip("-").isdigit() else name


def _print(
    name: str,
    scale: float,
    result: RoutingResult,
    distances: list[int],
    violations: list[str],
    method: str,
) -> None:
    """The routes as a table, then cost, status, method and what the checker found."""
    from rich.console import Console
    from rich.table import Table

    con = Console()
    table = Table(title=f"{name}: {len(result.routes)} routes")
    for col in ("#", "type", "stops", "distance", "visits"):
        table.add_column(col)
    for i, (r, dist) in enumerate(zip(result.routes, distances, strict=True)):
        shown = " ".join(map(str, r.visits[:30])) + (" ..." if len(r.visits) > 30 else "")
        table.add_row(str(i), str(r.vehicle_type), str(len(r.visits)), f"{dist / scale:g}", shown)
    con.print(table)
    for u in result.unassigned:
        con.print(f"unassigned location {u.location}: {u.reason}")
    parts = f" ({result.info['parts']} parts)" if method == "large" else ""
    con.print(
        f"cost {result.cost / scale:g}  status {result.status.value}  method {method}{parts}"
        f"  backend {result.backend}  runtime {result.runtime:.1f}s"
        f"  checker: {'ok' if not violations else violations[:3]}"
    )
    if result.status.value == "no_solution":
        con.print("no solution found within the time limit (exit code 4); try more time")
