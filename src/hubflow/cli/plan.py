"""``hubflow plan [SCENARIO]``: plan a scenario, print KPIs, write the --out folder, store it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hubflow.check import check_plan
from hubflow.cli.common import EXIT_CHECK, Stages, err, errors_to_exit, load, out, with_parameters
from hubflow.errors import CheckFailed
from hubflow.export import write_plan_folder
from hubflow.kpi import Kpis, compute_kpis
from hubflow.planning import make_plan
from hubflow.report import write_report


def plan(
    scenario: Annotated[
        str | None, typer.Argument(help="Scenario folder or .xlsx; default: the built-in example.")
    ] = None,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for plan.json, CSV files and report.html.")
    ] = Path("hubflow-out"),
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=1, help="Seconds for the whole solve.")
    ] = 60.0,
    carbon_price: Annotated[
        float | None,
        typer.Option("--carbon-price", min=0, help="Currency per t CO2e; overrides the scenario."),
    ] = None,
    mip_gap: Annotated[
        float, typer.Option("--mip-gap", min=0, help="Stop when the relative gap is below this.")
    ] = 0.005,
    db: Annotated[
        str | None,
        typer.Option("--db", help="SQLAlchemy URL; default sqlite:///hubflow.db or $HUBFLOW_DB."),
    ] = None,
    no_store: Annotated[
        bool, typer.Option("--no-store", help="Do not write to the database.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print only a machine-readable summary.")
    ] = False,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    dispatch_time: Annotated[
        float,
        typer.Option("--dispatch-time", min=0, help="Seconds for own-fleet truck routes; 0: none."),
    ] = 5.0,
) -> None:
    """Plan every order at least cost with a proven lower bound; write and store the plan."""
    with errors_to_exit(), Stages(not as_json, time_limit) as stage:
        stage("load")
        scn = with_parameters(load(scenario), carbon_price=carbon_price)
        result = make_plan(
            scn,
            time_limit=time_limit,
            mip_gap=mip_gap,
            seed=seed,
            dispatch_time=dispatch_time,
            progress=stage,
        )
        stage("kpi")
        kpis = compute_kpis(scn, result)
        stage("check")
        violations = check_plan(scn, result, kpis.to_dict())
        stage("write")
        write_plan_folder(scn, result, kpis, out_dir)
        write_report(scn, result, kpis, out_dir / "report.html")
        plan_id = None
        if not no_store:
            stage("store")
            plan_id = _store(db, scn, result, kpis)
    if violations:
        err.print("[bold red]The checker rejects this plan:[/]")
        for v in violations:
            err.print(f"  {v}", markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_CHECK)
    if as_json:
        print(json.dumps(kpis.summary() | {"out": str(out_dir), "plan_id": plan_id}))  # noqa: T201
        return
    out.print(kpi_table(kpis, title=f"Plan of {scn.name}"))
    for u in result.unserved:
        out.print(f"[yellow]unserved[/] {u.order} ({u.tonnes:g} t): {u.reason}: {u.detail}")
    out.print(
        f"Wrote {out_dir}/ (plan.json, CSV files, report.html)"
        + (f"; stored as plan {plan_id}" if plan_id else "")
    )


def _store(db: str | None, scn, result, kpis: Kpis) -> int:  # type: ignore[no-untyped-def]
    from hubflow.io import scenario_to_dict
    from hubflow.store import open_store

    with open_store(db) as store:
        rec = store.save_scenario(scn.name, scenario_to_dict(scn))
        return store.save_plan(rec.id, result.to_dict(), kpis.summary()).id


def kpi_table(kpis: Kpis, title: str) -> Table:
    """The headline KPIs as a rich table."""
    t = Table(title=title)
    t.add_column("KPI")
    t.add_column("value", justify="right")
    cur = kpis.currency
    rows = [
        ("orders (delivered / total)", f"{kpis.delivered_orders} / {kpis.orders}"),
        ("on time", f"{kpis.on_time_pct:.1f} %"),
        ("total cost", f"{kpis.total_cost:,.0f} {cur}"),
        ("lower bound / gap", f"{kpis.lower_bound:,.0f} / {kpis.gap_pct:.2f} %"),
        ("CO2e", f"{kpis.co2e_t:,.1f} t"),
        ("tonne-km", f"{kpis.tonne_km:,.0f}"),
        ("peak yard area", f"{kpis.peak_yard_m2:,.0f} m²"),
        ("solver status / seconds", f"{kpis.status} / {kpis.solve_seconds:.1f} s"),
    ]
    if kpis.truck_routes:
        rows += [
            ("own truck routes / km", f"{kpis.truck_routes} / {kpis.truck_km:,.0f} km"),
            (
                "own fleet cost vs carrier tariff",
                f"{kpis.own_fleet_cost:,.0f} vs {kpis.carrier_cost_replaced:,.0f} {cur}",
            ),
            ("total cost with own fleet", f"{kpis.total_cost_with_fleet:,.0f} {cur}"),
        ]
    rows += [(f"  cost: {k}", f"{v:,.0f} {cur}") for k, v in kpis.cost.items() if v]
    rows += [(f"  CO2e: {m}", f"{v:,.1f} t") for m, v in kpis.co2e_t_by_mode.items()]
    rows += [
        (f"  load factor: {m}", f"{100 * v:.0f} %") for m, v in kpis.load_factor_by_mode.items()
    ]
    for k, v in rows:
        t.add_row(k, v)
    return t


__all__ = ["CheckFailed", "kpi_table", "plan"]
