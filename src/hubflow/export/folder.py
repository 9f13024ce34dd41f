"""Write and read a plan folder.

``write_plan_folder`` builds the whole folder beside the target and renames it into place
(see :mod:`hubflow.export.atomic`), with a ``manifest.json`` written last, so a folder that
``hubflow check`` accepts is always complete and from one run.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from hubflow.errors import OutputPathError
from hubflow.export.atomic import replace_folder
from hubflow.export.manifest import MANIFEST, write_json, write_manifest
from hubflow.io import load_scenario, write_scenario_csv
from hubflow.kpi import Kpis
from hubflow.kpi.land import land_block
from hubflow.model import Plan, Scenario

PLAN_JSON = "plan.json"
SCENARIO_DIR = "scenario"

FolderWriter = Callable[[Path], object]
"""Writes more files into the (temporary) plan folder it is given, e.g. the HTML report."""


def write_plan_folder(
    scenario: Scenario,
    plan: Plan,
    kpis: Kpis,
    out: Path,
    *,
    writers: Sequence[FolderWriter] = (),
) -> list[Path]:
    """Write every output of a plan as the folder ``out``, replacing any plan folder there.

    The files are written into ``.{name}.tmp-{pid}-XXXXXXXX`` beside ``out``; each of ``writers`` is
    then called with that folder (e.g. ``lambda d: write_report(scenario, plan, kpis,
    d / "report.html")``); ``manifest.json`` is written last and the folder renamed into
    place. Returns the final paths of the files written (manifest last).

    Raises
    ------
    OutputPathError
        when ``out`` cannot be a plan folder (see :func:`check_out_path`); nothing is written.
    """
    target = check_out_path(out)
    written: list[str] = []

    def fill(folder: Path) -> None:
        _write_outputs(scenario, plan, kpis, folder)
        for write in writers:
            write(folder)
        written.extend(f["path"] for f in write_manifest(folder, scenario.name)["files"])

    replace_folder(target, fill)
    return [out / rel for rel in written] + [out / MANIFEST]


def check_out_path(out: Path) -> Path:
    """Check that ``out`` can become a plan folder, before any solve; return its real path.

    ``out`` may be missing (it and its parents are created), an empty folder, or a plan folder
    (it has ``manifest.json`` or ``plan.json``), which is replaced as a whole.

    Raises
    ------
    OutputPathError
        when ``out`` is a file, a symlink loop, a non-empty folder that is not a plan folder
        (its files would be lost), the file-system root, the current folder or one containing
        it, or under a parent that is a file or not writable.
    """
    try:
        target = Path(os.path.abspath(out)).resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: symlink loop (Python < 3.13)
        raise OutputPathError(str(out), f"cannot be resolved ({exc})") from exc
    if target.parent == target:
        raise OutputPathError(str(out), "is the file-system root; give a folder to write into")
    if target == Path.cwd().resolve() or target in Path.cwd().resolve().parents:
        raise OutputPathError(
            str(out),
            "is the current folder or contains it, so it cannot be replaced; give a sub-folder",
        )
    if target.exists() and not target.is_dir():
        raise OutputPathError(str(out), "exists and is not a folder; give a folder path")
    if target.is_dir() and not _replaceable(target):
        raise OutputPathError(
            str(out),
            f"is a folder with other files (no {MANIFEST} or {PLAN_JSON}); refusing to "
            "replace it: give a new or empty folder, or a plan folder",
        )
    parent = target.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise OutputPathError(str(out), f"{parent} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputPathError(str(out), f"cannot write into {parent} (permission denied)")
    return target


def _replaceable(folder: Path) -> bool:
    """An empty folder or a plan folder may be replaced; anything else belongs to the user."""
    return any((folder / name).is_file() for name in (MANIFEST, PLAN_JSON)) or not any(
        folder.iterdir()
    )


def _write_outputs(scenario: Scenario, plan: Plan, kpis: Kpis, out: Path) -> None:
    """The plan's own files (``PLAN_FILES`` and the scenario copy) into the folder ``out``."""
    write_scenario_csv(scenario, out / SCENARIO_DIR)
    doc = plan.to_dict() | {"kpis": kpis.to_dict(), "summary": kpis.summary()}
    land = land_block(scenario, kpis)
    if land is not None:
        doc["land"] = land
    write_json(out / PLAN_JSON, doc)
    clock = _clock(scenario)
    files = [out / PLAN_JSON]
    files.append(
        _csv(
            out / "itineraries.csv",
            [
                "order",
                "leg",
                "service",
                "mode",
                "origin",
                "destination",
                "departure",
                "arrival",
                "tonnes",
            ],
            [
                [
                    it.order,
                    i + 1,
                    leg.service,
                    leg.mode,
                    leg.origin,
                    leg.destination,
                    clock(leg.departure),
                    clock(leg.arrival),
                    leg.tonnes,
                ]
                for it in plan.itineraries
                for i, leg in enumerate(it.legs)
            ],
        )
    )
    files.append(
        _csv(
            out / "departures.csv",
            [
                "service",
                "mode",
                "origin",
                "destination",
                "departure",
                "arrival",
                "vehicles",
                "load_t",
                "capacity_t",
                "load_factor",
            ],
            [
                [
                    r.service,
                    r.mode,
                    r.origin,
                    r.destination,
                    clock(r.departure),
                    clock(r.arrival),
                    r.vehicles,
                    round(r.load_t, 3),
                    r.capacity_t,
                    round(r.load_t / r.capacity_t, 4),
                ]
                for r in plan.departures
            ],
        )
    )
    files.append(
        _csv(
            out / "trucks.csv",
            ["service", "origin", "destination", "date", "trucks", "load_t"],
            _trucks_per_day(plan, clock),
        )
    )
    files.append(_routes_csv(out / "truck_routes.csv", plan, clock))
    files.append(
        _csv(
            out / "carrier_loads.csv",
            ["order", "service", "departure", "tonnes", "reason"],
            [
                [c.order, c.service, clock(c.departure), round(c.tonnes, 3), c.reason]
                for c in plan.unrouted
            ],
        )
    )
    files.append(
        _csv(
            out / "unserved.csv",
            ["order", "tonnes", "reason", "detail"],
            [[u.order, u.tonnes, u.reason, u.detail] for u in plan.unserved],
        )
    )
    step = scenario.parameters.time_step_minutes
    files.append(
        _csv(
            out / "yard.csv",
            ["time", "site", "m2"],
            [
                [clock(b * step), site, round(m2, 3)]
                for site, series in kpis.yard_series_m2.items()
                for b, m2 in enumerate(series)
            ],
        )
    )
    files.append(
        _csv(out / "kpis.csv", ["kpi", "value"], [[k, v] for k, v in _flat(kpis.summary()).items()])
    )


def read_plan_folder(folder: Path) -> tuple[Scenario, Plan, dict[str, Any]]:
    """The scenario copy, the plan and the KPIs it claims, as written by write_plan_folder."""
    scenario = load_scenario(folder / SCENARIO_DIR)
    doc = json.loads((folder / PLAN_JSON).read_text(encoding="utf-8"))
    return scenario, Plan.from_dict(doc), doc.get("kpis", {})


def _clock(scenario: Scenario) -> Callable[[int], str]:
    start: datetime = scenario.parameters.start

    def at(minutes: int) -> str:
        return (start + timedelta(minutes=minutes)).isoformat(timespec="minutes")

    return at


def _csv(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def _routes_csv(path: Path, plan: Plan, clock: Callable[[int], str]) -> Path:
    """One row per stop of every own-fleet truck route."""
    header = [
        "route",
        "fleet",
        "depot",
        "stop",
        "site",
        "action",
        "order",
        "tonnes",
        "arrival",
        "route_start",
        "route_end",
        "route_km",
        "route_cost",
    ]
    rows = [
        [
            n,
            r.fleet,
            r.depot,
            i + 1,
            x.site,
            x.action,
            x.order,
            round(x.tonnes, 3),
            clock(x.arrival),
            clock(r.start),
            clock(r.end),
            round(r.distance_km, 3),
            round(r.cost, 2),
        ]
        for n, r in enumerate(plan.routes, start=1)
        for i, x in enumerate(r.stops)
    ]
    return _csv(path, header, rows)


def _trucks_per_day(plan: Plan, clock: Callable[[int], str]) -> list[list[Any]]:
    days: dict[tuple[str, str, str, str], list[float]] = {}
    for r in plan.departures:
        if r.mode != "road":
            continue
        key = (r.service, r.origin, r.destination, clock(r.departure)[:10])
        acc = days.setdefault(key, [0, 0.0])
        acc[0] += r.vehicles
        acc[1] += r.load_t
    return [[*k, int(v[0]), round(v[1], 3)] for k, v in sorted(days.items())]


def _flat(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out |= _flat(v, f"{prefix}{k}.")
        else:
            out[f"{prefix}{k}"] = v
    return out
