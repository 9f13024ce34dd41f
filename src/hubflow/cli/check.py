"""``hubflow check DIR``: re-check a plan folder independently of the engine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from hubflow.check import check_plan
from hubflow.cli.common import EXIT_CHECK, EXIT_INPUT, err, errors_to_exit, out


def check(
    folder: Annotated[Path, typer.Argument(help="A plan's --out folder.")],
) -> None:
    """Prove the folder whole against its manifest, then recompute deliveries, flows,
    capacities, times, costs and CO2e; exit 1 on any violation, 2 if it is no plan folder."""
    from hubflow.export import ManifestError, read_plan_folder, unlisted_files, verify_plan_folder

    try:
        damaged = verify_plan_folder(folder)
    except ManifestError as e:
        err.print(f"[bold red]Not a plan folder:[/] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_INPUT) from None
    if damaged:
        err.print(f"[bold red]{folder} is incomplete or modified[/] ({len(damaged)} file(s)):")
        for problem in damaged:
            err.print(f"  {problem}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_CHECK)
    for extra in unlisted_files(folder):
        err.print(f"[yellow]note[/]: {extra} is not in the manifest; not checked", highlight=False)
    with errors_to_exit():
        try:
            scenario, plan, claimed = read_plan_folder(folder)
        except (KeyError, TypeError, ValueError) as e:
            err.print(
                f"[bold red]{escape(str(folder / 'plan.json'))}[/] is malformed: {escape(repr(e))}"
            )
            raise typer.Exit(EXIT_INPUT) from None
        violations = check_plan(scenario, plan, claimed)
    if violations:
        err.print(f"[bold red]{len(violations)} violation(s):[/]")
        for v in violations:
            err.print(f"  {v}", markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_CHECK)
    out.print(
        f"[green]OK[/]: {len(plan.itineraries)} itineraries, {len(plan.departures)} departures, "
        f"{len(plan.unserved)} unserved orders; files match the manifest; costs and CO2e "
        "recomputed and equal."
    )
