"""``hubflow sweep``: plan a grid of what-if variants in parallel; sweep.csv and sweep.html."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from hubflow.cli.common import EXIT_NO_SOLUTION, err, errors_to_exit, load, out, quiet_solver_banner
from hubflow.cli.options import plan_flags
from hubflow.planning import PlanOptions
from hubflow.sweep.run import SweepProgress

LOCAL = "local"

Workers = Annotated[
    int, typer.Option("--workers", min=1, help="Variants planned at once (default: 2).")
]
UseRay = Annotated[
    bool,
    typer.Option(
        "--ray",
        help="Run on Ray: a local runtime (--ray) or the cluster at ADDRESS (--ray ADDRESS).",
    ),
]
RayAddress = Annotated[
    str | None,
    typer.Argument(help="With --ray: a Ray cluster's address (ray://host:10001, host:6379, auto)."),
]
_ADDRESS = re.compile(r"auto|local|\w+://.*|[\w.-]+:\d+")


def ray_target(use_ray: bool, scenario: str, address: str | None) -> tuple[str, str | None]:
    """(scenario, Ray address or None) from the arguments: ``--ray ADDRESS`` is read as a flag
    and an extra argument, which is the scenario's place when no scenario is given."""
    if not use_ray:
        if address is not None:
            raise typer.BadParameter(f"unexpected argument {address!r} (an address needs --ray)")
        return scenario, None
    if address is None and _ADDRESS.fullmatch(scenario):
        return "example", None if scenario == LOCAL else scenario
    return scenario, None if address in (None, LOCAL) else address


@plan_flags(helps={"time_limit": "Seconds for each variant (default 60)."})
def sweep(
    scenario: Annotated[str, typer.Argument(help="Scenario folder/.xlsx/.json or 'example'.")] = (
        "example"
    ),
    sets: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="An axis PARAM=V1,V2,... (carbon_price=0,200; yard_area[HUB]=*0.5,*1; "
            "frequency[SERVICE]=*2; capacity[SERVICE]=30; volume=*1.2). Repeatable: the grid.",
        ),
    ] = None,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for sweep.csv, sweep.html.")
    ] = Path("hubflow-sweep"),
    address: RayAddress = None,
    ray: UseRay = False,
    workers: Workers = 2,
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows as JSON.")] = False,
    warm: Annotated[
        bool,
        typer.Option(
            "--warm",
            help="Plan neighbouring variants in chains of three, each warm-started from the "
            "one before (default: each from scratch).",
        ),
    ] = False,
    *,
    options: PlanOptions,
) -> None:
    """Plan every combination of the --set values, in parallel, each plan checked.

    Every axis and value is checked against the scenario before any solve starts. Runs on Ray
    with --ray (the ``ray`` extra), else on a local process pool; a variant that fails is a row
    with its reason. ``--time-limit`` is per variant. ``--warm`` plans neighbouring variants in
    chains of three, each warm-started from the one before.
    """
    from hubflow.io.variants import parse_grid
    from hubflow.sweep import make_executor, run_sweep
    from hubflow.sweep.page import write_sweep_html
    from hubflow.sweep.table import columns, flat_rows, write_csv

    with errors_to_exit():
        scenario, address = ray_target(ray, scenario, address)
        scn = load(scenario)
        variants = parse_grid(scn, sets or [], source="--set")
        if as_json:
            quiet_solver_banner()
        kind = "ray" if ray else "pool"
        with (
            _Bar(len(variants), not as_json) as bar,
            make_executor(kind, min(workers, len(variants)), address) as ex,
        ):
            rows = run_sweep(scn, variants, options, ex, progress=bar, warm=warm)
        out_dir.mkdir(parents=True, exist_ok=True)
        header = columns(scn, variants)
        flat = flat_rows(scn, variants, rows)
        csv_path = write_csv(out_dir / "sweep.csv", header, flat)
        html_path = write_sweep_html(
            out_dir / "sweep.html", scn.name, header, flat, rows, scn.parameters.currency
        )
    if as_json:
        doc = {"csv": str(csv_path), "html": str(html_path), "rows": flat}
        print(json.dumps(doc, allow_nan=False, default=str))  # noqa: T201
    else:
        for r in flat:
            cost = "" if r["objective"] is None else f"{r['objective']:,.0f}"
            out.print(f"{r['variant']:<50} {r['status']:<18} {cost:>16}  {r['reason'] or ''}")
        out.print(f"Wrote {csv_path} and {html_path}")
    if all(r["status"] == "FAILED" for r in rows):
        raise typer.Exit(EXIT_NO_SOLUTION)


class _Bar:
    """Variants done / running / failed on stderr."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.progress = Progress(
            TextColumn("variants"),
            BarColumn(),
            TextColumn("{task.fields[state]}"),
            TimeElapsedColumn(),
            console=err,
            disable=not enabled,
        )
        self.task = self.progress.add_task("sweep", total=total, state="")

    def __enter__(self) -> _Bar:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(None, None, None)

    def __call__(self, p: SweepProgress) -> None:
        state = f"{p.done} done, {p.running} running, {p.failed} failed of {p.total}"
        self.progress.update(self.task, total=p.total, completed=p.done + p.failed, state=state)
