"""``hubflow plan [SCENARIO]``: plan a scenario, print KPIs, write the --out folder, store it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from hubflow.cli.common import (
    EXIT_CHECK,
    EXIT_INFEASIBLE,
    EXIT_NO_SOLUTION,
    AllErrors,
    CarbonPrice,
    Sets,
    Stages,
    command_deadline,
    err,
    errors_to_exit,
    load,
    out,
    quiet_solver_banner,
    with_overrides,
)
from hubflow.cli.options import plan_flags
from hubflow.errors import CheckFailed, StoreError
from hubflow.export import check_out_path, write_plan_folder
from hubflow.export.workbook import write_plan_workbook
from hubflow.jsonsafe import json_safe
from hubflow.kpi import Kpis
from hubflow.model import PlanStatus
from hubflow.planning import PlanOptions, PlanOutcome, plan_scenario
from hubflow.report import write_report


@plan_flags()
def plan(
    scenario: Annotated[
        str | None, typer.Argument(help="Scenario folder or .xlsx; default: the built-in example.")
    ] = None,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for plan.json, CSV files and report.html.")
    ] = Path("hubflow-out"),
    carbon_price: CarbonPrice = None,
    sets: Sets = None,
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
    all_errors: AllErrors = False,
    *,
    options: PlanOptions,
) -> None:
    """Plan every order at least cost with a proven lower bound; write and store the plan.

    Exit codes: 0 a valid plan; 1 the checker rejects it; 2 invalid input or options; 3 other
    errors; 4 no plan found within the time limit; 5 proven infeasible.
    """
    deadline = command_deadline(options.time_limit)
    plan_id = None
    with errors_to_exit():
        options = with_overrides(options, sets, carbon_price=carbon_price)
        check_out_path(out_dir)
        if not no_store:
            _check_store(db)
        if as_json:
            quiet_solver_banner()
        with Stages(not as_json, deadline) as stage:
            stage("load")
            scn = load(scenario, all_errors=all_errors)
            outcome = plan_scenario(
                scn, options, deadline=deadline, progress=stage, overrides_from="--set"
            )
            stage("write")
            scn, result, kpis = outcome.scenario, outcome.plan, outcome.kpis
            writers = [
                lambda d: write_report(scn, result, kpis, d / "report.html"),
                lambda d: write_plan_workbook(scn, result, kpis, d / "plan.xlsx"),
            ]
            write_plan_folder(scn, result, kpis, out_dir, writers=writers)
            if not no_store:
                stage("store")
                try:
                    plan_id = _store(db, outcome)
                except StoreError as e:
                    err.print(
                        f"[bold red]Plan written to {escape(str(out_dir))}/ but not stored:[/] {escape(str(e))}"
                    )
    if as_json:
        summary = json_safe(_summary(outcome, out_dir, plan_id))
        print(json.dumps(summary, allow_nan=False))  # noqa: T201
    else:
        _print(outcome, out_dir, plan_id)
    if outcome.violations:
        err.print("[bold red]The checker rejects this plan:[/]")
        for v in outcome.violations:
            err.print(f"  {v}", markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_CHECK)
    if outcome.plan.status is PlanStatus.INFEASIBLE:
        raise typer.Exit(EXIT_INFEASIBLE)
    if not outcome.plan.status.has_solution:
        err.print(f"[bold red]No plan:[/] {outcome.plan.status}: {escape(outcome.plan.message)}")
        raise typer.Exit(EXIT_NO_SOLUTION)


def _summary(outcome: PlanOutcome, out_dir: Path, plan_id: int | None) -> dict[str, object]:
    """The ``--json`` summary: KPIs, where the plan went, how it was made and whether it checks."""
    plan = outcome.plan
    return outcome.kpis.summary() | {
        "out": str(out_dir),
        "plan_id": plan_id,
        "method": _method_used(plan.options.get("method"), plan.solver),
        "method_requested": plan.options.get("method"),
        "solver": plan.solver,
        "message": plan.message,
        # waves whose routing search the clock cut short: their routes depend on the machine
        "dispatch_waves_at_time_limit": plan.stats.get("dispatch_waves_at_time_limit"),
        # phases of the network plan's solve that the clock cut short: that plan then depends
        # on the machine
        "design_phases_at_time_limit": plan.stats.get("design_phases_at_time_limit"),
        "check": {"ok": outcome.ok, "violations": list(outcome.violations)},
        "options": plan.options,
    }


def _method_used(requested: object, solver: str) -> object:
    """The design method that made the plan: ``auto`` says which it chose in the solver name."""
    if requested == "auto" and "->" in solver:
        return solver.split("->", 1)[1]
    return requested


def _print(outcome: PlanOutcome, out_dir: Path, plan_id: int | None) -> None:
    out.print(kpi_table(outcome.kpis, title=f"Plan of {outcome.scenario.name}"))
    for u in outcome.plan.unserved:
        out.print(f"[yellow]unserved[/] {u.order} ({u.tonnes:g} t): {u.reason}: {u.detail}")
    out.print(
        f"Wrote {out_dir}/ (plan.json, CSV files, plan.xlsx, report.html)"
        + (f"; stored as plan {plan_id}" if plan_id else "")
    )


def _check_store(db: str | None) -> None:
    """Open the store once before planning, so a bad --db is refused before any solve."""
    from hubflow.store import open_store

    with open_store(db):
        pass


def _store(db: str | None, outcome: PlanOutcome) -> int:
    from hubflow.io import scenario_to_dict
    from hubflow.store import store_plan

    scn = outcome.scenario
    doc = outcome.plan.to_dict()
    return store_plan(db, scn.name, scenario_to_dict(scn), doc, outcome.kpis.summary()).id


def kpi_table(kpis: Kpis, title: str) -> Table:
    """The headline KPIs as a rich table."""
    t = Table(title=title)
    t.add_column("KPI")
    t.add_column("value", justify="right")
    cur = kpis.currency
    rows = [
        (
            "orders (delivered / partly / unserved / total)",
            f"{kpis.delivered_orders} / {kpis.partly_delivered_orders} / "
            f"{kpis.unserved_orders} / {kpis.orders}",
        ),
        ("on time", f"{kpis.on_time_pct:.1f} %"),
        ("total cost (at tariffs)", f"{kpis.total_cost:,.0f} {cur}"),
        ("unserved penalty", f"{kpis.unserved_penalty:,.0f} {cur}"),
        ("objective (cost + penalty)", _money(kpis.objective, cur)),
        ("lower bound / gap", f"{_money(kpis.lower_bound, cur)} / {_pct(kpis.gap_pct)}"),
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


def _money(value: float | None, currency: str) -> str:
    return "none" if value is None else f"{value:,.0f} {currency}"


def _pct(value: float | None) -> str:
    return "none" if value is None else f"{value:.2f} %"


__all__ = ["CheckFailed", "kpi_table", "plan"]
