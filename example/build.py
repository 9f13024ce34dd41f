"""Derive the built-in Zhengzhou scenario from its recipe tables.

    python example/build.py [OUT_DIR]    (default: src/hubflow/data/zhengzhou, the shipped files)

The recipe (``example/zhengzhou/``) holds the facts, each with its source; ``facts N`` in a
source is section N of ``example/zhengzhou/facts.md``. This script only does the arithmetic
that turns facts into scenario numbers (distances from coordinates, transit times from speeds,
tariffs from rates) and lets ``hubflow.io`` check and write the result.
"""

from __future__ import annotations

import csv
import shutil
import sys
import tomllib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from hubflow.distances import CIRCUITY, Networks, circuity, great_circle_km
from hubflow.io import scenario_from_dict, write_scenario_csv
from hubflow.model import Parameters, Scenario, Site

RECIPE = Path(__file__).resolve().parent / "zhengzhou"
SHIPPED = RECIPE.parents[1] / "src" / "hubflow" / "data" / "zhengzhou"
COPIED = ("README.md", "sources.csv")  # written by hand, shipped as they are


def table(name: str) -> list[dict[str, str]]:
    """The rows of one recipe CSV file, as text."""
    with (RECIPE / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


MODES = {m["mode"]: m for m in table("modes.csv")}
CNY = {c["currency"]: float(c["cny"]) for c in table("currencies.csv")}  # CNY per unit


def sites() -> list[dict[str, object]]:
    """The recipe's sites; hubs get their handling, yard and storage, with the hub's source,
    and every site its country's export and import clearance (countries.csv), with its source."""
    hubs = {h["id"]: h for h in table("hubs.csv")}
    countries = {c["country"]: c for c in table("countries.csv")}
    out: list[dict[str, object]] = []
    for s in table("sites.csv"):
        site: dict[str, object] = dict(s)
        if clearance := countries.get(s["country"]):
            site |= {k: v for k, v in clearance.items() if k.endswith("cost_per_t")}
            for way in ("inbound", "outbound"):  # the JSON form counts minutes
                if hours := clearance[f"{way}_hours"]:
                    site[f"{way}_minutes"] = round(float(hours) * 60)
            site["source"] = f"{s['source']} | clearance: {clearance['source']}"
        if hub := hubs.get(s["id"]):
            site |= {k: v for k, v in hub.items() if k not in ("id", "handling_hours", "source")}
            site["hub"] = True
            site["handling_minutes"] = round(float(hub["handling_hours"]) * 60)
            site["source"] = f"{site['source']} | hub: {hub['source']}"
        out.append(site)
    return out


DistanceRule = Callable[[str, Site, Site, Parameters], tuple[float, str]]


def circuity_km(mode: str, a: Site, b: Site, params: Parameters) -> tuple[float, str]:
    """Great circle x the mode's circuity, rounded to the km, and that method."""
    factor = circuity(mode, params)
    return round(great_circle_km(a, b) * factor), f"great circle x {factor:g}"


def network_km(networks: Networks) -> DistanceRule:
    """The offline networks' km (road, rail, sea lanes), rounded to the km, with the method;
    great circle x circuity where a network does not answer (the shipped example's rule).
    Refuses to run without the networks installed, so the shipped km never silently change."""

    def rule(mode: str, a: Site, b: Site, params: Parameters) -> tuple[float, str]:
        d = networks.between(mode, a, b)
        if d.method == CIRCUITY and "not installed" in d.source:
            raise SystemExit(f"example/build.py needs the distance networks: {d.source}")
        return round(d.km), f"{d.method} ({d.source})"

    return rule


def service(
    row: dict[str, str],
    places: dict[str, Site],
    params: Parameters,
    distance: DistanceRule = circuity_km,
) -> dict[str, object]:
    """One service: its distance, transit time and tariff from its mode's rates (modes.csv).

    A distance or transit time stated in the row wins; otherwise distance = ``distance`` (the
    networks, else great circle x the mode's circuity), its method appended to the source, and
    transit = km / speed with rests, plus terminal time, rounded.
    """
    mode = MODES[row["mode"]]
    source = row["source"]
    if row["distance_km"]:
        km = float(row["distance_km"])
    else:
        km, method = distance(
            row["mode"], places[row["origin"]], places[row["destination"]], params
        )
        source = f"{source}; distance_km {km:g} computed: {method}"
    if row["transit_hours"]:
        hours = float(row["transit_hours"])
    else:
        rests = 1 + float(mode["rest_minutes_per_4h"]) / 240
        raw = km / float(mode["speed_kmh"]) * rests + float(mode["terminal_hours"])
        step = float(mode["round_hours"])
        hours = max(float(mode["min_hours"]), round(raw / step) * step)
    price = float(mode["price"]) * CNY[mode["currency"]]
    share, capacity = float(mode["fixed_share"]), float(mode["capacity_t"])
    fixed = per_t = per_tkm = 0.0
    if mode["price_per"] == "t-km":  # a share of a full vehicle's freight per vehicle run
        fixed, per_tkm = round(share * capacity * price * km), round((1 - share) * price, 5)
    elif mode["price_per"] == "vehicle":
        fixed, per_t = round(share * price), round((1 - share) * price / capacity, 1)
    else:  # per kg
        per_t = round(price * 1000)
    return {
        **{k: row[k] for k in ("id", "mode", "origin", "destination", "timetable", "commodities")},
        "source": source,
        "transit_minutes": round(hours * 60),
        "capacity_t": capacity,
        "max_vehicles": row["max_vehicles"],
        "fixed_cost": fixed,
        "cost_per_t": per_t,
        "cost_per_tkm": per_tkm,
        "distance_km": km,
    }


def orders(start: datetime) -> list[dict[str, object]]:
    """The recipe's orders with release and due in minutes from the start (``kind`` dropped)."""

    def minutes(text: str) -> int:
        return round((datetime.fromisoformat(text) - start).total_seconds() / 60)

    rows = [{k: v for k, v in o.items() if k != "kind"} for o in table("orders.csv")]
    return [r | {"release": minutes(r["release"]), "due": minutes(r["due"])} for r in rows]


def build(distance: DistanceRule | None = None) -> Scenario:
    """The example scenario, checked by ``hubflow.io`` like any scenario file; ``distance``
    gives the services whose recipe states none (default: the offline networks, see
    ``network_km``; bench/distances.py swaps in circuity to compare)."""
    parameters = tomllib.loads((RECIPE / "scenario.toml").read_text(encoding="utf-8"))
    params = Parameters(
        start=datetime.fromisoformat(parameters["start"]),
        **{k: v for k, v in parameters.items() if k not in ("start", "description")},
    )
    places = {
        s["id"]: Site(
            id=s["id"], name=s["name"], kind=s["kind"], lat=float(s["lat"]), lon=float(s["lon"])
        )
        for s in table("sites.csv")
    }
    rule = distance or network_km(Networks(params))
    data = {
        "parameters": parameters,
        "sites": sites(),
        "commodities": table("commodities.csv"),
        "services": [service(r, places, params, rule) for r in table("services.csv")],
        "orders": orders(params.start),
        "fleet": table("fleet.csv"),
    }
    if (RECIPE / "pools.csv").exists():
        data["pools"] = table("pools.csv")
    return scenario_from_dict(data, file=str(RECIPE))


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else SHIPPED
    scenario = build()
    write_scenario_csv(scenario, out)
    for name in COPIED:
        shutil.copyfile(RECIPE / name, out / name)
    print(f"{out}: {len(scenario.services)} services, {len(scenario.orders)} orders")  # noqa: T201
