"""How far the example's plan moves when its distances come from the networks, not circuity.

Builds the Zhengzhou example twice from its recipe (example/build.py): once with every
distance the recipe does not state = great circle x the mode's circuity (the rule before the
networks) and once, as shipped, with those distances from the offline networks (road and rail:
scgraph_data, needs the ``networks`` extra; sea: searoute); transit times and tariffs follow the km in both, as the recipe says.
Plans both with the same options, checks both, and writes bench/results/distances.{csv,md}
(the plans) and distances_services.{csv,md} (each service's km both ways).

    python bench/distances.py [--time-limit 60]
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from tables import RESULTS, write_tables

from hubflow.distances import Networks
from hubflow.model import Parameters, Scenario, Site
from hubflow.planning import PlanOptions, plan_scenario

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "example"))
import build  # example/build.py: the recipe's arithmetic

MODES = ("road", "rail", "rail_express", "hsr_express", "air", "waterway", "sea")
COLUMNS = [
    "distances",
    "lookup_s",
    "methods",
    "status",
    "total_cost",
    "cost_excl_carbon",
    "co2e_t",
    "tonne_km",
    *(f"tkm_{m}_pct" for m in MODES),
    "on_time_pct",
    "unserved",
    "check",
]
SERVICE_COLUMNS = ["service", "mode", "circuity_km", "network_km", "method", "ratio"]


def network_rule(networks: Networks, methods: Counter[str]) -> build.DistanceRule:
    """example/build.py's distance rule, asking ``networks`` (rounded to the km, as build does)."""
    rule = build.network_km(networks)

    def counted(mode: str, a: Site, b: Site, params: Parameters) -> tuple[float, str]:
        km, method = rule(mode, a, b, params)
        methods[method.split(" (")[0]] += 1
        return km, method

    return counted


def plan_row(name: str, scn: Scenario, time_limit: float) -> dict[str, object]:
    outcome = plan_scenario(scn, PlanOptions(time_limit=time_limit))
    k = outcome.kpis
    tkm = sum(k.tonne_km_by_mode.values()) or 1.0
    return {
        "distances": name,
        "status": outcome.plan.status,
        "total_cost": round(k.total_cost),
        "cost_excl_carbon": round(k.total_cost - k.cost.get("carbon", 0.0)),
        "co2e_t": round(k.co2e_t, 1),
        "tonne_km": round(k.tonne_km),
        **{f"tkm_{m}_pct": round(100 * k.tonne_km_by_mode.get(m, 0.0) / tkm, 1) for m in MODES},
        "on_time_pct": k.on_time_pct,
        "unserved": k.unserved_orders,
        "check": "ok" if not outcome.violations else f"{len(outcome.violations)} violations",
    }


def cold_import_seconds(module: str) -> float:
    """Seconds to import ``module`` in a fresh interpreter (compiled files already on disk)."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def install_mib(package: str) -> float:
    """MiB on disk of an installed package (sources and compiled files)."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return 0.0
    folder = Path(spec.origin).parent
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--time-limit", type=float, default=60.0)
    args = ap.parse_args()
    shipped = build.build(build.circuity_km)
    networks, methods = Networks(shipped.parameters), Counter[str]()
    t = time.perf_counter()
    by_network = build.build(network_rule(networks, methods))
    lookup_s = time.perf_counter() - t
    by_network = dataclasses.replace(  # own trucks between unlisted pairs ask the road network too
        by_network, parameters=dataclasses.replace(by_network.parameters, distances="networks")
    )
    t = time.perf_counter()
    build.build(network_rule(Networks(shipped.parameters), Counter()))  # graphs imported already
    again_s = time.perf_counter() - t

    rows = []
    for name, scn, seconds in (("circuity", shipped, 0.0), ("networks", by_network, lookup_s)):
        row = plan_row(name, scn, args.time_limit)
        row["lookup_s"] = round(seconds, 1)
        row["methods"] = (
            "all great circle x circuity"
            if name == "circuity"
            else ", ".join(f"{n} {m}" for m, n in methods.most_common())
        )
        rows.append(row)
        print(row, flush=True)

    recipe = {r["id"]: r for r in build.table("services.csv")}
    circuity_km = {s.id: s.distance_km for s in shipped.services}
    service_rows = []
    for s in by_network.services:
        if recipe[s.id]["distance_km"]:
            continue  # stated in the recipe: the same in both builds
        a, b = shipped.site(s.origin), shipped.site(s.destination)
        d = networks.between(s.mode, a, b)
        base = circuity_km[s.id] or 1.0
        service_rows.append(
            {
                "service": s.id,
                "mode": s.mode,
                "circuity_km": round(base),
                "network_km": round(s.distance_km or 0.0),
                "method": d.method,
                "ratio": round((s.distance_km or 0.0) / base, 3),
            }
        )
    command = f"python bench/distances.py --time-limit {args.time_limit:g}"
    write_tables(
        "distances",
        "Zhengzhou example planned with circuity distances and with network distances",
        command,
        COLUMNS,
        rows,
    )
    write_tables(
        "distances_services",
        "Zhengzhou example: each derived service distance, circuity against the networks",
        command,
        SERVICE_COLUMNS,
        service_rows,
    )
    notes = [
        "",
        "Shared machine (2 cores used by several engineers at once): seconds are indicative.",
        f"Network lookups for the {sum(methods.values())} derived service distances: "
        f"{lookup_s:.1f} s the first time in a process (importing the graphs included), "
        f"{again_s:.1f} s again with a new Networks object (graphs imported, lookups redone).",
    ]
    for module in ("scgraph_data.world_railways", "scgraph_data.world_highways"):
        if importlib.util.find_spec("scgraph_data") is not None:
            notes.append(
                f"Import of {module}: {cold_import_seconds(module):.2f} s (fresh process)."
            )
    for package in ("scgraph", "scgraph_data", "searoute"):
        notes.append(f"Installed size of {package}: {install_mib(package):.0f} MiB.")
    with (RESULTS / "distances.md").open("a") as f:
        f.write("\n".join(notes) + "\n")


if __name__ == "__main__":
    main()
