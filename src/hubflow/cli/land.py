"""``hubflow land``: what one more, or one less, m² of yard is worth per week at each hub."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hubflow.cli.common import Stages, errors_to_exit, load, out, quiet_solver_banner
from hubflow.cli.options import plan_flags
from hubflow.cli.sweep import RayAddress, UseRay, Workers, _Bar, ray_target
from hubflow.deadline import Deadline
from hubflow.planning import PlanOptions, plan_scenario


@plan_flags(
    helps={"time_limit": "Seconds for each plan (default 60)."},
    mip_gap=0.001,  # finite differences not blurred by the solver's gap
    dispatch_time=0.0,  # own trucks do not depend on yard area
)
def land(
    scenario: Annotated[str, typer.Argument(help="Scenario folder/.xlsx/.json or 'example'.")] = (
        "example"
    ),
    hub: Annotated[
        list[str] | None, typer.Option("--hub", help="A hub to value (repeatable; default: all).")
    ] = None,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for land.csv, land_curve.csv, land.html.")
    ] = Path("hubflow-land"),
    delta: Annotated[
        float, typer.Option("--delta", min=0.01, max=0.9, help="Re-plan at yard × (1 ± delta).")
    ] = 0.1,
    address: RayAddress = None,
    ray: UseRay = False,
    workers: Workers = 2,
    as_json: Annotated[bool, typer.Option("--json", help="Print only the values as JSON.")] = False,
    *,
    options: PlanOptions,
) -> None:
    """Value a m² of yard per hub and week: LP duals (vehicles fixed) and re-plans at ± delta.

    Plans the scenario, reads the yard duals, then re-plans each hub whose yard comes within
    delta of full at a range of areas (the land curve). Plans are solved to a 0.1 % gap by
    default, tighter than ``plan``'s, so that differences are not the solver's gap (land.csv
    states how far each finite difference may be off because of it); own-truck routing is off
    by default (it does not depend on yard area).
    """
    from hubflow.errors import Problem, ScenarioError
    from hubflow.sweep import make_executor
    from hubflow.sweep.land import land_values
    from hubflow.sweep.land_page import write_land

    with errors_to_exit():
        scenario, address = ray_target(ray, scenario, address)
        scn = load(scenario)
        yards = [s.id for s in scn.sites if s.yard_m2 is not None]
        unknown = [h for h in hub or [] if h not in yards]
        if unknown:
            raise ScenarioError(
                [
                    Problem(
                        "--hub", None, h, f"no hub with a yard limit (hubs: {', '.join(yards)})"
                    )
                    for h in unknown
                ]
            )
        if as_json:
            quiet_solver_banner()
        with Stages(not as_json, Deadline.after(options.time_limit)) as stage:
            outcome = plan_scenario(scn, options, progress=stage)
        kind = "ray" if ray else "pool"
        with _Bar(0, not as_json) as bar, make_executor(kind, workers, address) as ex:
            values = land_values(
                scn, outcome, options, ex, hubs=hub or (), delta=delta, progress=bar
            )
        paths = write_land(out_dir, outcome, values)
    if as_json:
        print(json.dumps(values.to_json(), allow_nan=False))  # noqa: T201
        return
    t = Table(title=f"Value of one m² of yard per week ({values.currency}), δ = {delta:g}")
    for col in (
        "hub",
        "yard m²",
        "peak m²",
        "hours full",
        "dual",
        "finite diff.",
        "one more",
        "one less",
        "land cost",
    ):
        t.add_column(col, justify="left" if col == "hub" else "right")
    for h in values.hubs:
        t.add_row(
            h.hub,
            f"{h.yard_m2:,.0f}",
            f"{h.peak_m2:,.0f}",
            f"{h.binding_hours:,.0f}",
            _num(h.dual_per_m2_week),
            _num(h.finite_difference_per_m2_week)
            + (
                f" ± {h.finite_difference_error_per_m2_week:,.0f}"
                if h.finite_difference_error_per_m2_week
                else ""
            )
            + ("" if h.replanned else " *"),
            _num(h.more_per_m2_week),
            _num(h.less_per_m2_week),
            _num(h.land_cost_per_m2_week),
        )
    out.print(t)
    out.print("* never within δ of full: not re-planned, finite difference taken as 0")
    out.print("Wrote " + ", ".join(str(p) for p in paths))


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}"
