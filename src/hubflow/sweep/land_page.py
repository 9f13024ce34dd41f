"""``hubflow land``'s output files: land.json, land.csv, land_curve.csv, land.html, and the base
plan's report.html with both values in its Land section."""

from __future__ import annotations

import json
from pathlib import Path

from hubflow.planning import PlanOutcome
from hubflow.report import html, write_report
from hubflow.report.fmt import esc, num
from hubflow.sweep.land import LandValues
from hubflow.sweep.land_section import land_section
from hubflow.sweep.table import write_csv, write_text

__all__ = ["write_land"]


def write_land(folder: Path, outcome: PlanOutcome, values: LandValues) -> list[Path]:
    """land.json (as ``--json``), land.csv (per hub), land_curve.csv, land.html and report.html
    (the base plan's report, its Land section with the re-planned values and the curves)."""
    folder.mkdir(parents=True, exist_ok=True)
    doc = values.to_json()
    paths = [write_text(folder / "land.json", json.dumps(doc, indent=2, allow_nan=False) + "\n")]
    hub_cols = [
        "hub",
        "yard_m2",
        "peak_m2",
        "binding_hours",
        "dual_per_m2_week",
        "finite_difference_per_m2_week",
        "finite_difference_error_per_m2_week",
        "more_per_m2_week",
        "less_per_m2_week",
        "land_cost_per_m2_week",
        "replanned",
    ]
    paths.append(
        write_csv(
            folder / "land.csv",
            hub_cols,
            [{c: getattr(h, c) for c in hub_cols} for h in values.hubs],
        )
    )
    curve_cols = [
        "hub",
        "factor",
        "yard_m2",
        "status",
        "objective",
        "lower_bound",
        "unserved_t",
        "peak_m2",
    ]
    curve = [
        {"hub": h.hub, **{c: getattr(p, c) for c in curve_cols[1:]}}
        for h in values.hubs
        for p in h.curve
    ]
    paths.append(write_csv(folder / "land_curve.csv", curve_cols, curve))
    scn = outcome.scenario
    page = html.page(
        f"{scn.name}: land",
        f"<h1>{esc(scn.name)}: the value of hub land</h1><p>δ = {values.delta:g}; base plan "
        f"{esc(num(values.base_objective or 0))} {esc(values.currency)}</p>",
        [html.section("land", "Land", land_section(scn, outcome.kpis, values))],
        f"hubflow land · currency {esc(values.currency)}",
    )
    paths.append(write_text(folder / "land.html", page))
    paths.append(write_report(scn, outcome.plan, outcome.kpis, folder / "report.html", land=values))
    return paths
