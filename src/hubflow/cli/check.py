"""``hubflow check DIR``: re-check a plan folder independently of the engine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hubflow.check import check_plan
from hubflow.cli.common import EXIT_CHECK, EXIT_INPUT, err, errors_to_exit, out


def check(
    folder: Annotated[Path, typer.Argument(help="A plan's --out folder.")],
) -> None:
    """Recompute deliveries, flows, capacities, times, costs and CO2e; exit 1 on any violation."""
    from hubflow.export import read_plan_folder

    if not (folder / "plan.json").is_file():
        err.print(
            f"[bold red]{folder}[/] has no plan.json: give a folder written by `hubflow plan --out`"
        )
        raise typer.Exit(EXIT_INPUT)
    with errors_to_exit():
        try:
            scenario, plan, claimed = read_plan_folder(folder)
        except (KeyError, TypeError, ValueError) as e:
            err.print(f"[bold red]{folder / 'plan.json'}[/] is malformed: {e!r}")
            raise typer.Exit(EXIT_INPUT) from None
        violations = check_plan(scenario, plan, claimed)
    if violations:
        err.print(f"[bold red]{len(violations)} violation(s):[/]")
        for v in violations:
            err.print(f"  {v}", markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_CHECK)
    out.print(
        f"[green]OK[/]: {len(plan.itineraries)} itineraries, {len(plan.departures)} departures, "
        f"{len(plan.unserved)} unserved orders; costs and CO2e recomputed and equal."
    )
