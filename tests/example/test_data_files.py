"""The shipped Zhengzhou scenario files are well-formed and meet the example's requirements."""

from __future__ import annotations

import csv
import tomllib
from collections import Counter
from datetime import datetime

import pytest
from example_loader import rows

from hubflow.example import EXAMPLE_DIR
from hubflow.model import MODES, Timetable
from hubflow.model.scenario import SITE_KINDS

COLUMNS = {
    "sites.csv": "id,name,kind,lat,lon,hub,handling_cost_per_t,handling_hours,"
    "handling_co2e_kg_per_t,yard_m2,storage_cost_per_m2_day,land_cost_per_m2_year,source,"
    "country,inbound_hours,inbound_cost_per_t,outbound_hours,outbound_cost_per_t",
    "commodities.csv": "id,name,m2_per_t,source,group",
    "services.csv": "id,mode,origin,destination,timetable,transit_hours,capacity_t,max_vehicles,"
    "fixed_cost,cost_per_t,cost_per_tkm,departure_cost,distance_km,co2e_g_per_tkm,source,"
    "commodities",
    "pools.csv": "id,services,limit,unit,period,source",
    "orders.csv": "id,commodity,origin,destination,tonnes,release,due",
    "fleet.csv": "id,depot,count,capacity_t,fixed_cost,cost_per_km,cost_per_hour,"
    "shift_hours,speed_kmh",
    "sources.csv": "item,value,unit,year,source,status",
}
INFEASIBLE = {"Z0901", "Z0902", "Z0903"}


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_columns_and_unique_ids(name):
    with (EXAMPLE_DIR / name).open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        body = list(reader)
    assert header == COLUMNS[name].split(",")
    assert body, f"{name} is empty"
    assert all(len(r) == len(header) for r in body)
    if name != "sources.csv":
        ids = [r[0] for r in body]
        assert len(ids) == len(set(ids))


def test_scenario_toml():
    toml = tomllib.loads((EXAMPLE_DIR / "scenario.toml").read_text(encoding="utf-8"))
    start = toml["start"]  # a TOML offset date-time
    assert start.weekday() == 0 and start.utcoffset() is not None
    assert toml["horizon_days"] == 14 and 1440 % toml["time_step_minutes"] == 0
    assert toml["currency"] == "CNY" and toml["lateness"] in ("forbid", "penalize")
    for key in ("road_circuity", "rail_circuity", "air_circuity", "water_circuity"):
        assert toml[key] >= 1.0


def test_sites():
    sites = rows("sites.csv")
    assert len(sites) >= 25
    assert {s["kind"] for s in sites} <= set(SITE_KINDS)
    assert all(s["hub"] in ("true", "false") and s["source"] for s in sites)
    hubs = {s["id"] for s in sites if s["hub"] == "true"}
    assert {"ZZ_LANDPORT", "CGO", "ZZ_EAST_HSR", "ZZ_WAREHOUSE", "SHANGHAI_PORT"} <= hubs
    for s in sites:
        assert -90 <= float(s["lat"]) <= 90 and -180 <= float(s["lon"]) <= 180
        if s["yard_m2"]:
            assert float(s["yard_m2"]) > 0


def test_services_reference_sites_and_parse():
    sites = {s["id"] for s in rows("sites.csv")}
    services = rows("services.csv")
    assert 60 <= len(services) <= 120
    assert {s["mode"] for s in services} == set(MODES)
    for s in services:
        assert (
            s["origin"] in sites and s["destination"] in sites and s["origin"] != s["destination"]
        )
        Timetable.parse(s["timetable"])
        assert float(s["transit_hours"]) > 0 and float(s["capacity_t"]) > 0
        assert int(s["max_vehicles"]) >= 1 and s["source"]
        for col in ("fixed_cost", "cost_per_t", "cost_per_tkm"):
            assert float(s[col]) >= 0
        if s["mode"] == "road":
            assert s["timetable"] == "continuous"
        if s["mode"] == "rail_express":
            assert s["timetable"].startswith("weekly")


def test_orders_reference_sites_and_commodities():
    sites = {s["id"] for s in rows("sites.csv")}
    commodities = {c["id"] for c in rows("commodities.csv")}
    services = {(s["origin"], s["destination"]) for s in rows("services.csv")}
    orders = rows("orders.csv")
    assert len(orders) >= 300
    origins_served = {o for o, _ in services}
    dests_served = {d for _, d in services}
    for o in orders:
        assert o["commodity"] in commodities
        assert o["origin"] in sites and o["destination"] in sites
        assert o["origin"] in origins_served and o["destination"] in dests_served
        assert float(o["tonnes"]) > 0
        assert datetime.fromisoformat(o["due"]) > datetime.fromisoformat(o["release"])
    scrap = sum(o["commodity"] == "scrap" for o in orders)
    assert scrap / len(orders) >= 0.15
    assert {o["id"] for o in orders} >= INFEASIBLE
    assert Counter(o["commodity"] for o in orders).keys() == commodities


def test_every_distance_is_stated_with_its_method():
    """The build fills each distance the recipe does not state from the offline networks (or
    great circle x circuity where none answers) and says which in the source, so loading the
    example asks no network."""
    for s in rows("services.csv"):
        assert float(s["distance_km"]) > 0
        if "computed:" in s["source"]:
            method = s["source"].split("computed: ")[1]
            assert method.startswith(("road network", "rail network", "sea lanes", "great circle"))
    methods = [
        s["source"].split("computed: ")[1].split(" (")[0]
        for s in rows("services.csv")
        if "computed:" in s["source"]
    ]
    assert Counter(methods) == {
        "road network": 45,
        "rail network": 16,
        "sea lanes": 4,
        "great circle x circuity": 5,
    }


def test_cross_border_sites_clear_customs():
    """Every site names its country; the Chinese sites clear exports, the foreign ones imports."""
    sites = rows("sites.csv")
    assert all(s["country"] for s in sites)
    for s in sites:
        if s["country"] == "CN":
            assert float(s["outbound_hours"]) > 0 and not s["inbound_hours"]
        else:
            assert float(s["inbound_hours"]) > 0 and not s["outbound_hours"]


def test_air_and_hsr_carry_metal_only():
    groups = {c["id"]: c["group"] for c in rows("commodities.csv")}
    assert {c for c, g in groups.items() if g == "metal"} == {
        "al_ingot",
        "al_coil",
        "cu_cathode",
        "zn_ingot",
    }
    for s in rows("services.csv"):
        assert s["commodities"] == ("metal" if s["mode"] in ("air", "hsr_express") else "")


def test_fleet_depots_are_sites():
    sites = {s["id"] for s in rows("sites.csv")}
    assert all(t["depot"] in sites for t in rows("fleet.csv"))


def test_sources_status():
    statuses = {r["status"] for r in rows("sources.csv")}
    assert statuses <= {"SOURCED", "DERIVED", "ASSUMPTION", "APPROX", "CHOICE"}


def test_readme_states_the_source_counts():
    """The example's README gives sources.csv's rows by status and the share sourced or derived."""
    counts = Counter(r["status"] for r in rows("sources.csv"))
    facts = sum(counts.values()) - counts["CHOICE"]
    known = counts["SOURCED"] + counts["DERIVED"]
    text = " ".join((EXAMPLE_DIR / "README.md").read_text(encoding="utf-8").split())
    assert (
        f"`sources.csv` has {sum(counts.values())} rows: {facts} facts, of which "
        f"{counts['SOURCED']} SOURCED, {counts['DERIVED']} DERIVED, {counts['ASSUMPTION']} "
        f"ASSUMPTION and {counts['APPROX']} APPROX ({known} of {facts}, "
        f"{round(100 * known / facts)} %, sourced or derived), and {counts['CHOICE']} CHOICE."
    ) in text


def test_example_validates_as_scenario(example):
    assert len(example.orders) >= 300
    assert example.parameters.time_step_minutes == 240


def test_tariff_units():
    """Road is paid per t-km; rail, China-Europe trains and sea per 25 t FEU box run, as quoted."""
    for s in rows("services.csv"):
        fixed, per_t, per_tkm = (float(s[c]) for c in ("fixed_cost", "cost_per_t", "cost_per_tkm"))
        if s["mode"] == "road":
            assert (fixed, per_t, per_tkm) == (0, 0, 0.19)
            assert float(s["capacity_t"]) == 32 and int(s["max_vehicles"]) in (10, 20)
        elif s["mode"] in ("rail", "rail_express", "sea"):
            assert float(s["capacity_t"]) == 25 and fixed > 0 and per_t == per_tkm == 0
            assert int(s["max_vehicles"]) == (40 if s["mode"] == "sea" else 50)
