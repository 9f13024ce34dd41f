"""``hubflow design FILE.dow``: solve one Canad network-design file with a design solver."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer

from hubflow.cli.common import (
    EXIT_INPUT,
    EXIT_NO_SOLUTION,
    DesignStop,
    Stages,
    Threads,
    TimeLimit,
    err,
    errors_to_exit,
    quiet_solver_banner,
)
from hubflow.deadline import Deadline

UNMET_TOL = 1e-6


def design(
    file: Annotated[Path, typer.Argument(help="A Canad .dow file (MULTIGEN.DAT format).")],
    time_limit: TimeLimit = 60.0,
    method: Annotated[
        str, typer.Option("--method", help="Design solver: auto, mip or colgen.")
    ] = "auto",
    solution: Annotated[
        Path | None, typer.Option("--solution", help="Write the open arcs and flows as JSON.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print only a JSON summary.")] = False,
    threads: Threads = 1,
    mip_gap: Annotated[float, typer.Option("--mip-gap", min=0)] = 1e-4,
    seed: Annotated[int, typer.Option("--seed", min=0)] = 0,
    design_stop: DesignStop = "work",
) -> None:
    """Solve a fixed-charge network-design file; report objective, lower bound and gap."""
    from hubflow.consolidate import SolverSettings, available_solvers, get_solver
    from hubflow.consolidate.canad import read_dow
    from hubflow.consolidate.work import DESIGN_STOPS

    deadline = Deadline.after(time_limit)
    start = time.perf_counter()
    if method not in available_solvers():
        err.print(f"[bold red]--method {method!r}[/]: expected one of {available_solvers()}")
        raise typer.Exit(EXIT_INPUT)
    if design_stop not in DESIGN_STOPS:
        err.print(f"[bold red]--design-stop {design_stop!r}[/]: expected one of {DESIGN_STOPS}")
        raise typer.Exit(EXIT_INPUT)
    with errors_to_exit():
        instance = read_dow(file)
    quiet_solver_banner()
    work = time_limit if design_stop == "work" else None  # the whole limit sizes the work
    settings = SolverSettings(mip_gap=mip_gap, threads=threads, work_seconds=work)
    solver = get_solver(method, settings)
    with Stages(not as_json, deadline) as stages:
        stages("solve")
        result = solver.solve(instance.problem, deadline=deadline, seed=seed, progress=stages)
    seconds = time.perf_counter() - start
    delivered = result.status.has_solution and float(result.unmet.sum()) <= UNMET_TOL
    objective = result.objective if delivered else None
    summary = {
        "objective": objective,
        "lower_bound": result.lower_bound if math.isfinite(result.lower_bound) else None,
        "gap_pct": 100 * result.gap if delivered and result.gap is not None else None,
        "seconds": round(seconds, 3),
        "method": solver.name if method == "auto" else method,  # auto says what it chose
        # phases the clock cut short (0: the same plan on any machine)
        "design_phases_at_time_limit": result.stats.get("design_phases_at_time_limit"),
    }
    if solution is not None and delivered:
        solution.write_text(json.dumps(solution_json(result)))
    if as_json:
        print(json.dumps(summary, allow_nan=False))  # noqa: T201
    else:
        err.print(_describe(file, summary, result.status.value))
    if not delivered:
        if result.status.has_solution:
            err.print(_unmet_note(instance, result))
        raise typer.Exit(EXIT_NO_SOLUTION)


def _unmet_note(instance: Any, result: Any) -> str:
    """Why there is no solution of the file's model: the commodities the best plan leaves
    unmet, by how much, and whether the bound proves that no plan can deliver them."""
    from hubflow.consolidate.canad import full_service_ceiling

    unmet = np.flatnonzero(result.unmet > UNMET_TOL)
    some = ", ".join(
        f"commodity {k + 1} (node {instance.origin[k] + 1} → {instance.destination[k] + 1}): "
        f"{result.unmet[k]:,.6g} of {instance.demand[k]:,.6g} units"
        for k in unmet[:5]
    )
    more = f" and {len(unmet) - 5} more" if len(unmet) > 5 else ""
    head = (
        f"[bold red]Demand left unmet[/]: the best plan found leaves {result.unmet.sum():,.6g} "
        f"units of {len(unmet)} commodities undelivered ({some}{more}), so it is no solution of "
        "the file's model, which needs every unit delivered"
    )
    ceiling = full_service_ceiling(instance)
    if result.lower_bound > ceiling:
        return (
            f"{head}. Proven infeasible: the lower bound {result.lower_bound:,.1f} exceeds "
            f"{ceiling:,.1f}, the most a plan delivering every unit could cost, so the arc "
            "capacities cannot carry all the demand."
        )
    return f"{head}; not proven infeasible: a longer --time-limit may find one."


def solution_json(result: Any) -> dict[str, Any]:
    """Open arcs and per-commodity arc flows of a Canad result (all arcs allowed, file order)."""
    flows = []
    for k, f in enumerate(result.flows):
        for a in np.flatnonzero(f > 1e-9):
            flows.append([k, int(a), float(f[a])])
    return {"open": [int(a) for a in np.flatnonzero(result.vehicles > 0)], "flows": flows}


def _describe(file: Path, s: dict[str, Any], status: str) -> str:
    def num(v: float | None) -> str:
        return "-" if v is None else f"{v:,.1f}"

    gap = "-" if s["gap_pct"] is None else f"{s['gap_pct']:.3f} %"
    return (
        f"{file.name}: {status}  objective {num(s['objective'])}  bound {num(s['lower_bound'])}"
        f"  gap {gap}  {s['seconds']:.1f} s  ({s['method']})"
    )
