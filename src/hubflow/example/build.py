# ruff: noqa: T201, RUF005, RUF046  (long source citations; a script that reports on stderr)
"""Rebuild the built-in Zhengzhou scenario (``hubflow/data/zhengzhou/``) from its stated facts.

Run ``python -m hubflow.example.build [OUT_DIR]`` from the repository (``HUBFLOW_SITES_CSV`` names
the shared sites.csv, default ``../shared/scenario/sites.csv``). The CSV files it writes are the shipped data;
this module documents how every derived number was obtained (distances, truck and train costs,
transit times, order windows) so that a planner can change a fact and rebuild. Facts are cited as
``facts N`` = section N of the project's scenario fact sheet (sources repeated in sources.csv).

Orders are drawn with a fixed seed. Each order's due time is its earliest possible arrival
(time-dependent search over the timetables on the 4-hour grid, handling time at every transfer
hub) plus a slack that depends on the lane; three orders are made impossible on purpose
(``INFEASIBLE_ORDER_IDS``) to show how hubflow explains an order it cannot deliver.
"""

from __future__ import annotations

import csv
import heapq
import math
import os
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from hubflow.model import Commodity, Order, Parameters, Scenario, Service, Site, Timetable

USD_CNY = 7.20  # facts 13
EUR_CNY = 7.8  # facts 13
T_PER_FEU = 25.0  # ASSUMPTION (brief): ~25 t of metal per 40 ft box
CIRCUITY = {"road": 1.30, "rail": 1.25, "air": 1.05, "water": 1.20}  # facts 9, ASSUMPTION
ROAD_CNY_PER_TKM = 0.30  # facts 2, ASSUMPTION: FTL long haul 2024 incl. tolls (0.235 in 2007)
TRUCK_T = 32.0  # facts 2, ASSUMPTION (49 t GVW - ~17 t tare)
TRUCK_KMH = 60.0  # facts 2, ASSUMPTION
RAIL_CNY_PER_TKM = 0.1551  # facts 3, benchmark rate 2015
RAIL_FIXED_SHARE = 0.8  # ASSUMPTION: share of a full box's freight charged per box run
RAIL_FEU_PER_TRAIN = 50  # facts 1.3: 50 FEU per train
START = datetime.fromisoformat("2026-03-02T00:00:00+08:00")  # a Monday
HORIZON_DAYS = 14
STEP = 240
SEED = 20260302

# The shared fact sheet's site list (coordinates and their sources), outside the package.
SITES_CSV = Path(os.environ.get("HUBFLOW_SITES_CSV", "../shared/scenario/sites.csv"))

F2 = "facts 2 (road freight quoted per t-km: FTL 0.235 CNY/t-km national average 2007 SOURCED; 0.30 CNY/t-km FTL long haul 2024 incl. tolls ASSUMPTION; 32 t payload ASSUMPTION; 60 km/h ASSUMPTION; 20 min break per 4 h driving, Art. 62(7) RTSL regs)"


# --------------------------------------------------------------------------- sites
# id -> (hub, handling CNY/t, handling h, handling kg CO2e/t, yard m2, storage CNY/m2/day, note)
RAIL_HANDLING = "facts 7: CNY 300/lift x 2 lifts per transfer ASSUMPTION / 20 t per box = 30 CNY/t; 12 h dwell road-rail ASSUMPTION; facts 8.3: 10 kg CO2/box move x 2 / 20 t = 1 kg/t"
HUBS = {
    "ZZ_LANDPORT": (
        30.0,
        12,
        1.0,
        20000,
        2.0,
        RAIL_HANDLING + "; yard 20,000 m2 and CNY 2/m2/day ASSUMPTION",
    ),
    "ZZ_WAREHOUSE": (
        20.0,
        4,
        0.5,
        8000,
        2.0,
        "cross-dock CNY 20/t, 4 h, 0.5 kg/t, yard 8,000 m2, CNY 2/m2/day: ASSUMPTION",
    ),
    "CGO": (
        500.0,
        8,
        3.0,
        2000,
        5.0,
        "air hub CNY 0.5/kg handling and 8 h build-up ASSUMPTION (facts 7: 2.5 h aircraft turnaround); 3 kg CO2e/t ASSUMPTION facts 8.3; yard 2,000 m2 ASSUMPTION",
    ),
    "ZZ_EAST_HSR": (
        200.0,
        4,
        1.0,
        300,
        5.0,
        "HSR parcel handling CNY 200/t, 4 h, 1 kg/t, yard 300 m2: ASSUMPTION",
    ),
    "SHANGHAI_PORT": (
        70.0,
        24,
        1.0,
        20000,
        8.0,
        "facts 7: THC Shanghai deep-sea CNY 1,750/40 ft / 25 t = 70 CNY/t (DERIVED); 24 h rail-sea dwell ASSUMPTION; storage RMB 200/box-day / 25 m2 = 8 CNY/m2/day (DERIVED facts 7, 10)",
    ),
    "NINGBO_PORT": (
        50.0,
        24,
        1.0,
        20000,
        8.0,
        "facts 7: THC Ningbo RMB 1,250/40 ft / 25 t = 50 CNY/t (DERIVED); 24 h dwell ASSUMPTION; storage 8 CNY/m2/day DERIVED",
    ),
    "QINGDAO_PORT": (
        70.0,
        24,
        1.0,
        20000,
        8.0,
        "THC as Shanghai deep-sea (facts 7) applied to Qingdao = ASSUMPTION; 24 h dwell ASSUMPTION",
    ),
    "LYG_PORT": (
        70.0,
        24,
        1.0,
        20000,
        8.0,
        "THC as Shanghai deep-sea (facts 7) applied to Lianyungang = ASSUMPTION; 24 h dwell ASSUMPTION",
    ),
    "TIANJIN_PORT": (
        70.0,
        24,
        1.0,
        20000,
        8.0,
        "THC as Shanghai deep-sea (facts 7) applied to Tianjin = ASSUMPTION; 24 h dwell ASSUMPTION",
    ),
    "GUANGZHOU_PORT": (
        70.0,
        24,
        1.0,
        20000,
        8.0,
        "THC as Shanghai deep-sea (facts 7) applied to Guangzhou = ASSUMPTION; 24 h dwell ASSUMPTION",
    ),
    "WUHAN_PORT": (
        30.0,
        24,
        1.0,
        10000,
        2.0,
        "river port CNY 30/t, 24 h, yard 10,000 m2: ASSUMPTION",
    ),
    "CHONGQING_PORT": (
        30.0,
        24,
        1.0,
        10000,
        2.0,
        "river port CNY 30/t, 24 h, yard 10,000 m2: ASSUMPTION",
    ),
}
PLANTS = [
    "CHALCO_HENAN",
    "ZHONGZHOU_AL",
    "GONGYI_ALPROC",
    "ZHONGFU",
    "SANMENXIA_AL",
    "LUOYANG_CU",
    "JIYUAN_ZN",
]
CUSTOMERS_CN = [
    "CUST_SHANGHAI",
    "CUST_TIANJIN",
    "CUST_GUANGZHOU",
    "CUST_WUHAN",
    "CUST_XIAN",
    "CUST_CHONGQING",
    "CUST_XINXIANG",
]
EUROPE = ["HAMBURG", "DUISBURG", "MUNICH", "BUDAPEST", "MILAN", "LIEGE_LGG", "LUX_ELLX"]
SITE_IDS = (
    PLANTS
    + ["CHANGGE_DAZHOU", "ZZ_LANDPORT", "CGO", "ZZ_EAST_HSR", "ZZ_WAREHOUSE"]
    + [
        "QINGDAO_PORT",
        "LYG_PORT",
        "TIANJIN_PORT",
        "SHANGHAI_PORT",
        "NINGBO_PORT",
        "GUANGZHOU_PORT",
        "WUHAN_PORT",
        "CHONGQING_PORT",
    ]
    + CUSTOMERS_CN
    + EUROPE
    + ["ALMATY", "TASHKENT"]
)

COMMODITIES = [
    ("al_ingot", "Aluminium ingot (bundles)", 0.35),
    ("al_coil", "Aluminium coil (single tier)", 0.6),
    ("alumina", "Alumina (bagged / shed)", 0.3),
    ("cu_cathode", "Copper cathode (bundles)", 0.15),
    ("zn_ingot", "Zinc ingot (bundles)", 0.35),
    ("scrap", "Aluminium/copper scrap bales", 1.0),
]
COMMODITY_SOURCE = "facts 10: m2 per tonne by product ASSUMPTION (no source found)"
ZN_SOURCE = "ASSUMPTION: as Al ingot bundles (facts 10 gives no zinc value)"


def haversine(a: Site, b: Site) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def load_sites() -> dict[str, Site]:
    rows = {r["id"]: r for r in csv.DictReader(SITES_CSV.open(encoding="utf-8"))}
    sites = {}
    for sid in SITE_IDS:
        r = rows[sid]
        name, kind, src = r["name"], r["kind"], r["source"]
        if sid == "ZZ_LANDPORT":
            name = "Zhengzhou International Land Port / CR Intermodal Zhengzhou container centre (Putian)"
            src += "; modelled as one site with the CR Intermodal container centre (same coordinates; China-Europe and sea-rail trains both leave from CR Intermodal Zhengzhou Terminal per facts 1.1 and 6)"
        hub = HUBS.get(sid)
        if hub:
            cost, hours, co2, yard, storage, note = hub
            src += f" | hub: {note}"
        else:
            cost, hours, co2, yard, storage = 0.0, 0, 0.0, None, 0.0
        sites[sid] = Site(
            id=sid,
            name=name,
            kind=kind,
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            hub=hub is not None,
            handling_cost_per_t=cost,
            handling_minutes=hours * 60,
            handling_co2e_kg_per_t=co2,
            yard_m2=yard,
            storage_cost_per_m2_day=storage,
            source=src,
        )
    return sites


# ----------------------------------------------------------------------- services
@dataclass
class Svc:
    id: str
    mode: str
    origin: str
    destination: str
    timetable: str
    transit_hours: float
    capacity_t: float
    max_vehicles: int
    fixed_cost: float
    cost_per_t: float
    cost_per_tkm: float
    distance_km: float
    source: str


def build_services(sites: dict[str, Site]) -> list[Svc]:
    out: list[Svc] = []

    def km(o: str, d: str, mode: str) -> float:
        return haversine(sites[o], sites[d]) * CIRCUITY[mode]

    def road(o: str, d: str, trucks: int = 20) -> None:
        dist = max(round(km(o, d, "road")), 5)
        drive = dist / TRUCK_KMH
        hours = max(0.5, round(2 * drive * (1 + 1 / 12)) / 2)
        out.append(
            Svc(
                f"R_{o}__{d}",
                "road",
                o,
                d,
                "continuous",
                hours,
                TRUCK_T,
                trucks,
                0.0,
                0.0,
                ROAD_CNY_PER_TKM,
                dist,
                f"carrier paid per t-km: 0.30 CNY/t-km, no fixed cost per truck (facts 2 ASSUMPTION); vehicle = 32 t truck (counts trucks), max {trucks} trucks per 4 h departure (ASSUMPTION); distance = great-circle x 1.30 (facts 9 ASSUMPTION); transit = km/60 km/h + breaks; {F2}",
            )
        )

    for p in PLANTS:
        road(p, "ZZ_WAREHOUSE")
        road(p, "ZZ_LANDPORT")
    road("ZHONGZHOU_AL", "CHALCO_HENAN")  # alumina feed to the smelter
    road("SANMENXIA_AL", "ZHONGFU")
    road("LUOYANG_CU", "CUST_XIAN")
    road("SANMENXIA_AL", "CUST_XIAN")
    road("ZHONGZHOU_AL", "CUST_XINXIANG")
    road("JIYUAN_ZN", "CUST_XINXIANG")
    for s in ("CHALCO_HENAN", "ZHONGFU", "LUOYANG_CU", "JIYUAN_ZN", "ZZ_WAREHOUSE"):
        road("CHANGGE_DAZHOU", s, trucks=10)
    for h in ("ZZ_LANDPORT", "CGO", "ZZ_EAST_HSR"):
        road("ZZ_WAREHOUSE", h)
    for c in CUSTOMERS_CN:
        road("ZZ_WAREHOUSE", c)
    for p in ("QINGDAO_PORT", "LYG_PORT", "TIANJIN_PORT", "SHANGHAI_PORT", "NINGBO_PORT"):
        road("ZZ_WAREHOUSE", p)
    for p, c in (
        ("SHANGHAI_PORT", "CUST_SHANGHAI"),
        ("TIANJIN_PORT", "CUST_TIANJIN"),
        ("GUANGZHOU_PORT", "CUST_GUANGZHOU"),
        ("WUHAN_PORT", "CUST_WUHAN"),
        ("CHONGQING_PORT", "CUST_CHONGQING"),
    ):
        road(p, c)

    # Domestic container trains, daily from the CR Intermodal container centre.
    def rail(d: str, dep: str, kmh: float = 60.0) -> None:
        dist = round(km("ZZ_LANDPORT", d, "rail"))
        fixed = round(RAIL_FIXED_SHARE * T_PER_FEU * RAIL_CNY_PER_TKM * dist)
        per_tkm = round((1 - RAIL_FIXED_SHARE) * RAIL_CNY_PER_TKM, 5)
        hours = round(dist / kmh + 6)
        out.append(
            Svc(
                f"T_ZZ__{d}",
                "rail",
                "ZZ_LANDPORT",
                d,
                f"daily {dep}",
                hours,
                T_PER_FEU,
                RAIL_FEU_PER_TRAIN,
                fixed,
                0.0,
                per_tkm,
                dist,
                "vehicle = one 40 ft box (FEU) of 25 t (ASSUMPTION), 50 FEU per train (facts 1.3); "
                "0.1551 CNY/t-km benchmark (facts 3, 2015): 80 % of a full box's freight (25 t x 0.1551 x km) per box run (fixed) / 20 % per t-km (ASSUMPTION); "
                "distance = great-circle x 1.25 (facts 9 ASSUMPTION); 60 km/h block container train + 6 h terminal time (facts 3 ASSUMPTION)"
                + (
                    "; Zhengzhou-Qingdao sea-rail train 26 h (facts 6)"
                    if d == "QINGDAO_PORT"
                    else ""
                ),
            )
        )

    for d, dep in (
        ("QINGDAO_PORT", "20:00"),
        ("LYG_PORT", "20:00"),
        ("TIANJIN_PORT", "16:00"),
        ("SHANGHAI_PORT", "20:00"),
        ("NINGBO_PORT", "16:00"),
        ("GUANGZHOU_PORT", "12:00"),
        ("WUHAN_PORT", "20:00"),
        ("CHONGQING_PORT", "12:00"),
        ("CUST_XIAN", "20:00"),
    ):
        rail(d, dep)
    for s in out:
        if s.id == "T_ZZ__QINGDAO_PORT":
            s.transit_hours = 26.0
    for s in out:
        if s.id == "T_ZZ__CUST_XIAN":
            s.source += "; customer with a private siding (ASSUMPTION)"

    # China-Europe trains (CR Express), weekly.
    feu_cny = 4000 * USD_CNY
    express = [
        # dest, km, days, timetable, km source
        (
            "HAMBURG",
            10214,
            15,
            "weekly Mon 08:00; Wed 08:00; Fri 08:00; Sat 20:00",
            "10,214 km via Alashankou (facts 1.2); 15 d Henan-Europe (facts 1.2, 2025)",
        ),
        (
            "DUISBURG",
            10400,
            16,
            "weekly Tue 20:00; Thu 20:00",
            "km and 16 d ASSUMPTION (Hamburg route + ~200 km, +1 d)",
        ),
        (
            "MUNICH",
            10500,
            17,
            "weekly Thu 08:00",
            "km and 17 d ASSUMPTION; Munich a Zhengzhou destination (facts 1.1, 2021)",
        ),
        ("BUDAPEST", 9900, 16, "weekly Tue 08:00", "km and 16 d ASSUMPTION"),
        ("MILAN", 11000, 18, "weekly Sat 08:00", "km and 18 d ASSUMPTION"),
        (
            "LIEGE_LGG",
            10700,
            17,
            "weekly Sun 08:00",
            "km and 17 d ASSUMPTION; Zhengzhou-Liege service (facts 1.1, 2024)",
        ),
        (
            "ALMATY",
            4300,
            10,
            "weekly Mon 20:00; Thu 20:00",
            "km and 10 d ASSUMPTION (Xi'an-Almaty 9 d, facts 1.2)",
        ),
        ("TASHKENT", 5200, 12, "weekly Wed 20:00", "km and 12 d ASSUMPTION"),
    ]
    for d, dist, days, tt, note in express:
        out.append(
            Svc(
                f"X_ZZ__{d}",
                "rail_express",
                "ZZ_LANDPORT",
                d,
                tt,
                days * 24.0,
                T_PER_FEU,
                RAIL_FEU_PER_TRAIN,
                round(feu_cny * RAIL_FIXED_SHARE),
                round((1 - RAIL_FIXED_SHARE) * feu_cny / T_PER_FEU, 1),
                0.0,
                dist,
                "vehicle = one 40 ft box (FEU) of 25 t (ASSUMPTION), 50 FEU per train (facts 1.3); USD 4,000/FEU Zhengzhou-Europe ASSUMPTION (facts 1.4) x 7.20 CNY/USD (facts 13), "
                f"80 % per box run / 20 % per t (ASSUMPTION); {note}; frequencies ASSUMPTION within 18 outbound trains/week (facts 1.1, 2021)",
            )
        )

    # HSR express parcels from Zhengzhou East, several trains a day.
    hsr = [
        ("CUST_SHANGHAI", 4, "passenger HSR ~4 h (facts 4)"),
        ("CUST_WUHAN", 2.5, "passenger HSR <=2.5 h (facts 4)"),
        ("CUST_XIAN", 2.5, "passenger HSR <=2.5 h (facts 4)"),
        ("CUST_GUANGZHOU", 6, "~6 h ASSUMPTION"),
    ]
    for d, h, note in hsr:
        out.append(
            Svc(
                f"H_ZZE__{d}",
                "hsr_express",
                "ZZ_EAST_HSR",
                d,
                "daily 08:00 12:00 16:00 20:00",
                h + 2,
                5.0,
                2,
                0.0,
                6000.0,
                0.0,
                round(km("ZZ_EAST_HSR", d, "rail")),
                f"vehicle = one parcel car, 5 t (40 t per 8-car HSR parcel train, facts 4), 2 cars per train for the group (ASSUMPTION); "
                f"6 CNY/kg station-to-station ASSUMPTION (facts 4) incl. last-mile to the customer (ASSUMPTION); transit = {note} + 2 h delivery (ASSUMPTION)",
            )
        )

    # Air from CGO (Cargolux / Cargolux Italia), airport to airport.
    air = [
        (
            "LUX_ELLX",
            "weekly Mon 04:00; Tue 04:00; Wed 04:00; Thu 04:00; Fri 04:00; Sat 04:00; Sun 04:00",
            "Cargolux 7 flights/week (facts 5, 2016)",
        ),
        ("LIEGE_LGG", "weekly Wed 04:00; Sun 04:00", "2 flights/week ASSUMPTION"),
        ("MILAN", "weekly Thu 20:00", "Cargolux Italia weekly MXP-CGO (facts 5, 2015)"),
    ]
    for d, tt, note in air:
        out.append(
            Svc(
                f"A_CGO__{d}",
                "air",
                "CGO",
                d,
                tt,
                72.0,
                10.0,
                3,
                0.0,
                round(5.5 * 1000 * USD_CNY),
                0.0,
                round(km("CGO", d, "air")),
                f"vehicle = 10 t of allocated main-deck space, 3 per flight of a B747-8F (~130 t, facts 5) (ASSUMPTION); "
                f"USD 5.5/kg (low end of 5.5-9, facts 5) x 7.20 (facts 13); ~3 days China-Europe (facts 5); {note}; distance = great-circle x 1.05",
            )
        )

    # Sea to Hamburg, weekly.
    sea = [
        ("SHANGHAI_PORT", 20100, 35, "weekly Sun 20:00"),
        ("NINGBO_PORT", 20000, 35, "weekly Sat 20:00"),
        ("QINGDAO_PORT", 21000, 37, "weekly Wed 20:00"),
        ("TIANJIN_PORT", 21400, 38, "weekly Fri 20:00"),
    ]
    feu_sea = 3000 * USD_CNY
    sea_feu = 40  # slots for the group per sailing (ASSUMPTION; formerly 4 blocks of 10 FEU)
    for o, dist, days, tt in sea:
        out.append(
            Svc(
                f"S_{o}__HAMBURG",
                "sea",
                o,
                "HAMBURG",
                tt,
                days * 24.0,
                T_PER_FEU,
                sea_feu,
                round(feu_sea * 0.5),
                round(0.5 * feu_sea / T_PER_FEU, 1),
                0.0,
                dist,
                "vehicle = one 40 ft box (FEU) of 25 t, 40 FEU slots per sailing for the group (ASSUMPTION); USD 3,000/FEU midpoint of 2,200-3,800 (facts 6) x 7.20, 50 % per box / 50 % per t (ASSUMPTION); "
                "Shanghai-Rotterdam 10,600 nm via Suez (facts 6) + ~500 km to Hamburg = DERIVED/ASSUMPTION; 35-37 d Shanghai-Hamburg (facts 6, 2020); northern ports +1,000-1,400 km and +2-3 d ASSUMPTION",
            )
        )

    # Yangtze barges.
    for o, d, dep in (
        ("WUHAN_PORT", "SHANGHAI_PORT", "08:00"),
        ("WUHAN_PORT", "CHONGQING_PORT", "08:00"),
    ):
        dist = round(km(o, d, "water"))
        out.append(
            Svc(
                f"W_{o}__{d}",
                "waterway",
                o,
                d,
                f"daily {dep}",
                round(dist / 10.0),
                500.0,
                2,
                round(500 * 0.03 * dist * 0.5),
                0.0,
                0.015,
                dist,
                "vehicle = 500 t barge (ASSUMPTION); 0.03 CNY/t-km, 10 km/h (facts 6 ASSUMPTION), 50 % per barge run / 50 % per t-km (ASSUMPTION); distance = great-circle x 1.20 (ASSUMPTION)",
            )
        )
    return out


def to_service(s: Svc) -> Service:
    return Service(
        id=s.id,
        mode=s.mode,
        origin=s.origin,
        destination=s.destination,
        timetable=Timetable.parse(s.timetable),
        transit_minutes=round(s.transit_hours * 60),
        capacity_t=s.capacity_t,
        max_vehicles=s.max_vehicles,
        fixed_cost=s.fixed_cost,
        cost_per_t=s.cost_per_t,
        cost_per_tkm=s.cost_per_tkm,
        distance_km=s.distance_km,
        source=s.source,
    )


# ------------------------------------------------------------------ earliest arrival
def _ceil_step(t: int) -> int:
    return -(-t // STEP) * STEP


def earliest_arrival(
    sites: dict[str, Site],
    services: list[Service],
    origin: str,
    dest: str,
    release: int,
    modes: set[str] | None = None,
) -> int | None:
    """Earliest arrival at dest on the 4-hour grid, departures only inside the horizon."""
    horizon = HORIZON_DAYS * 1440
    weekday = START.weekday()
    deps = {s.id: s.timetable.departures(weekday, horizon, STEP) for s in services}
    out: dict[str, list[Service]] = {}
    for s in services:
        if modes is None or s.mode in modes:
            out.setdefault(s.origin, []).append(s)
    best = {origin: _ceil_step(release)}
    heap = [(best[origin], origin)]
    while heap:
        t, site = heapq.heappop(heap)
        if t > best.get(site, 1 << 60):
            continue
        if site == dest:
            return t
        ready = t if site == origin else _ceil_step(t + sites[site].handling_minutes)
        for s in out.get(site, []):
            if site != origin and not sites[site].hub:
                continue
            d = next((x for x in deps[s.id] if x >= ready), None)
            if d is None:
                continue
            arr = _ceil_step(d + s.transit_minutes)
            if arr < best.get(s.destination, 1 << 60):
                best[s.destination] = arr
                heapq.heappush(heap, (arr, s.destination))
    return None


# ---------------------------------------------------------------------------- orders
SUPPLY = [
    ("CHALCO_HENAN", "al_ingot", 3),
    ("ZHONGFU", "al_ingot", 2),
    ("ZHONGFU", "al_coil", 2),
    ("GONGYI_ALPROC", "al_coil", 3),
    ("LUOYANG_CU", "cu_cathode", 2),
    ("JIYUAN_ZN", "zn_ingot", 2),
]
CUST_W = {
    "CUST_XINXIANG": 2,
    "CUST_WUHAN": 2,
    "CUST_XIAN": 1.5,
    "CUST_SHANGHAI": 2,
    "CUST_TIANJIN": 1.5,
    "CUST_GUANGZHOU": 1.5,
    "CUST_CHONGQING": 1,
}
HENAN = {"CUST_XINXIANG"}


def _via_barge(s: Service) -> bool:
    """Services of the barge route (short road legs, the train to Wuhan, the Yangtze, last mile)."""
    if s.mode == "waterway" or s.id == "T_ZZ__WUHAN_PORT":
        return True
    return s.mode == "road" and (s.distance_km or 0) < 400


def _pick(rng, items, weights=None):
    w = np.asarray(weights if weights is not None else [1] * len(items), float)
    return items[int(rng.choice(len(items), p=w / w.sum()))]


def build_orders(sites: dict[str, Site], services: list[Service]) -> list[tuple[Order, str]]:
    rng = np.random.default_rng(SEED)
    horizon = HORIZON_DAYS * 1440
    out: list[tuple[Order, str]] = []
    n = 0

    def add(
        kind,
        com,
        o,
        d,
        tonnes,
        slack_h,
        release_max_days=13.0,
        modes=None,
        check=None,
        tries=50,
        only=None,
    ):
        nonlocal n
        usable = services if only is None else [s for s in services if only(s)]
        for _ in range(tries):
            rel = int(rng.integers(0, int(release_max_days * 24))) * 60
            ea = earliest_arrival(sites, usable, o, d, rel, modes)
            if ea is None:
                continue
            due = ea + int(round(slack_h)) * 60
            if check and not check(rel, due):
                continue
            n += 1
            out.append(
                (
                    Order(
                        id=f"Z{n:04d}",
                        commodity=com,
                        origin=o,
                        destination=d,
                        tonnes=tonnes,
                        release=rel,
                        due=due,
                    ),
                    kind,
                )
            )
            return
        raise RuntimeError(f"no feasible release for {kind} {o}->{d}")

    def tonnes_small():
        return float(np.clip(round(rng.lognormal(np.log(24), 0.5)), 5, 60))

    # A. inbound scrap, Changge -> smelters (truck loads)
    for _ in range(60):
        d = _pick(
            rng, ["CHALCO_HENAN", "ZHONGFU", "LUOYANG_CU", "JIYUAN_ZN"], [0.35, 0.3, 0.2, 0.15]
        )
        add(
            "inbound scrap",
            "scrap",
            "CHANGGE_DAZHOU",
            d,
            float(rng.integers(8, 61)),
            rng.uniform(24, 72),
        )
    # B. domestic outbound to customers
    custs = list(CUST_W)
    for _ in range(140):
        o, com, _w = _pick(rng, SUPPLY, [s[2] for s in SUPPLY])
        d = _pick(rng, custs, [CUST_W[c] for c in custs])
        big = d not in HENAN and rng.random() < 0.25
        t = float(rng.integers(4, 25) * 25) if big else tonnes_small()
        add("domestic", com, o, d, t, rng.uniform(24, 96))
    # C. alumina feed and alumina customers
    for _ in range(25):
        o, d = _pick(
            rng,
            [
                ("ZHONGZHOU_AL", "CHALCO_HENAN"),
                ("SANMENXIA_AL", "ZHONGFU"),
                ("ZHONGZHOU_AL", "CUST_CHONGQING"),
                ("SANMENXIA_AL", "CUST_CHONGQING"),
            ],
            [3, 3, 1, 1],
        )
        t = float(rng.integers(2, 13) * 25) if d == "CUST_CHONGQING" else tonnes_small()
        add("domestic", "alumina", o, d, t, rng.uniform(24, 96))
    # D. export FOB at Chinese ports
    for _ in range(30):
        o, com, _w = _pick(
            rng, SUPPLY + [("CHALCO_HENAN", "alumina", 2)], [s[2] for s in SUPPLY] + [2]
        )
        d = _pick(
            rng,
            ["QINGDAO_PORT", "LYG_PORT", "TIANJIN_PORT", "NINGBO_PORT", "SHANGHAI_PORT"],
            [3, 2, 2, 1, 2],
        )
        add("export to port", com, o, d, float(rng.integers(2, 21) * 25), rng.uniform(48, 96))
    # E. China-Europe and Central Asia trains
    eu = {
        "HAMBURG": 12,
        "DUISBURG": 8,
        "MUNICH": 5,
        "BUDAPEST": 5,
        "MILAN": 4,
        "LIEGE_LGG": 4,
        "ALMATY": 4,
        "TASHKENT": 3,
    }
    for d, k in eu.items():
        for _ in range(k):
            o, com, _w = _pick(rng, SUPPLY, [s[2] for s in SUPPLY])
            add(
                "europe rail",
                com,
                o,
                d,
                float(rng.integers(1, 13) * 25),
                rng.uniform(72, 168),
                release_max_days=10.0,
                # the train sets the window: Milan and Liege also have flights (30 t a week)
                modes={"road", "rail", "rail_express"},
            )
    # F. air to Europe (small, 4-8 days door to airport)
    for d, k in (("LUX_ELLX", 6), ("LIEGE_LGG", 2), ("MILAN", 2)):
        for _ in range(k):
            o, com = _pick(
                rng,
                [
                    ("GONGYI_ALPROC", "al_coil"),
                    ("ZHONGFU", "al_coil"),
                    ("LUOYANG_CU", "cu_cathode"),
                ],
            )
            window = rng.uniform(4, 8) * 24 * 60
            add("air", com, o, d, float(rng.integers(1, 11)), 0, release_max_days=8.0, check=None)
            order, kind = out[-1]
            ea = order.due
            due = max(ea + 240, order.release + int(window // 60) * 60)
            out[-1] = (
                Order(
                    id=order.id,
                    commodity=com,
                    origin=o,
                    destination=d,
                    tonnes=order.tonnes,
                    release=order.release,
                    due=due,
                ),
                kind,
            )
    # G. urgent small orders that only HSR can meet
    road_only = {"road"}
    for _ in range(12):
        o = _pick(rng, ["ZZ_WAREHOUSE", "CHALCO_HENAN", "ZHONGFU", "GONGYI_ALPROC"], [4, 1, 1, 1])
        com = {
            "ZZ_WAREHOUSE": "al_coil",
            "CHALCO_HENAN": "al_ingot",
            "ZHONGFU": "al_coil",
            "GONGYI_ALPROC": "al_coil",
        }[o]
        # Wuhan and Xi'an are within a day by truck: HSR does not beat road there on a 4 h grid.
        d = _pick(rng, ["CUST_SHANGHAI", "CUST_GUANGZHOU"], [2, 3])
        if d == "CUST_SHANGHAI":
            o, com = (
                "ZZ_WAREHOUSE",
                "al_coil",
            )  # from hub stock: a plant adds a truck leg and a transfer
        slack = 0 if d == "CUST_SHANGHAI" else int(rng.integers(0, 2)) * 4

        def only_hsr(rel, due, o=o, d=d):
            r = earliest_arrival(sites, services, o, d, rel, road_only)
            return r is None or r > due

        add("urgent", com, o, d, float(rng.integers(1, 6)), slack, check=only_hsr, tries=200)
    # H. sea (long window), I. bulk via Yangtze barge
    for o, com, t in (
        ("CHALCO_HENAN", "al_ingot", 250.0),
        ("ZHONGFU", "al_ingot", 200.0),
        ("JIYUAN_ZN", "zn_ingot", 150.0),
    ):
        add(
            "sea",
            com,
            o,
            "HAMBURG",
            t,
            rng.uniform(72, 120),
            release_max_days=10.0,
            modes={"road", "rail", "sea"},
        )
    for o, d, t in (
        ("ZHONGZHOU_AL", "CUST_SHANGHAI", 500.0),
        ("SANMENXIA_AL", "CUST_SHANGHAI", 400.0),
        ("ZHONGZHOU_AL", "CUST_CHONGQING", 500.0),
        ("CHALCO_HENAN", "CUST_SHANGHAI", 300.0),
    ):
        add(
            "bulk barge",
            "alumina" if "AL" in o and o != "CHALCO_HENAN" else "al_ingot",
            o,
            d,
            t,
            rng.uniform(24, 48),
            only=_via_barge,
        )

    # J. deliberately infeasible: due before any path can arrive
    def infeasible(oid, com, o, d, t, rel_h, window_h, why):
        ea = earliest_arrival(sites, services, o, d, rel_h * 60)
        assert ea is None or ea > (rel_h + window_h) * 60, oid
        out.append(
            (
                Order(
                    id=oid,
                    commodity=com,
                    origin=o,
                    destination=d,
                    tonnes=t,
                    release=rel_h * 60,
                    due=(rel_h + window_h) * 60,
                ),
                f"INFEASIBLE: {why}",
            )
        )

    infeasible(
        "Z0901",
        "cu_cathode",
        "LUOYANG_CU",
        "CUST_GUANGZHOU",
        3.0,
        50,
        8,
        "3 t due 8 h after release; fastest path (road to hub, HSR) needs about a day",
    )
    infeasible(
        "Z0902",
        "al_ingot",
        "CHALCO_HENAN",
        "HAMBURG",
        75.0,
        30,
        240,
        "due 10 days after release; the China-Europe train alone takes 15 days and there is no air service to Hamburg",
    )
    infeasible(
        "Z0903",
        "zn_ingot",
        "JIYUAN_ZN",
        "ALMATY",
        25.0,
        74,
        120,
        "due 5 days after release; the Almaty train takes 10 days",
    )
    assert all(o.due > o.release and o.release < horizon for o, _ in out)
    return out


# ------------------------------------------------------------------------- writing
def iso(minutes: int) -> str:
    return (START + timedelta(minutes=minutes)).isoformat()


def num(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else format(x, ".12g")


def write(out_dir: Path) -> Scenario:
    sites = load_sites()
    svcs = build_services(sites)
    services = [to_service(s) for s in svcs]
    orders = build_orders(sites, services)
    out_dir.mkdir(parents=True, exist_ok=True)

    def dump(name, header, rows):
        with (out_dir / name).open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)

    dump(
        "sites.csv",
        [
            "id",
            "name",
            "kind",
            "lat",
            "lon",
            "hub",
            "handling_cost_per_t",
            "handling_hours",
            "handling_co2e_kg_per_t",
            "yard_m2",
            "storage_cost_per_m2_day",
            "source",
        ],
        [
            [
                s.id,
                s.name,
                s.kind,
                num(s.lat),
                num(s.lon),
                str(s.hub).lower(),
                num(s.handling_cost_per_t),
                num(s.handling_minutes / 60),
                num(s.handling_co2e_kg_per_t),
                num(s.yard_m2),
                num(s.storage_cost_per_m2_day),
                s.source,
            ]
            for s in sites.values()
        ],
    )
    dump(
        "commodities.csv",
        ["id", "name", "m2_per_t", "source"],
        [
            [i, n, num(m), ZN_SOURCE if i == "zn_ingot" else COMMODITY_SOURCE]
            for i, n, m in COMMODITIES
        ],
    )
    dump(
        "services.csv",
        [
            "id",
            "mode",
            "origin",
            "destination",
            "timetable",
            "transit_hours",
            "capacity_t",
            "max_vehicles",
            "fixed_cost",
            "cost_per_t",
            "cost_per_tkm",
            "distance_km",
            "co2e_g_per_tkm",
            "source",
        ],
        [
            [
                s.id,
                s.mode,
                s.origin,
                s.destination,
                s.timetable,
                num(s.transit_hours),
                num(s.capacity_t),
                s.max_vehicles,
                num(s.fixed_cost),
                num(s.cost_per_t),
                num(s.cost_per_tkm),
                num(s.distance_km),
                "",
                s.source,
            ]
            for s in svcs
        ],
    )
    orders_sorted = sorted(orders, key=lambda ok: ok[0].id)
    dump(
        "orders.csv",
        ["id", "commodity", "origin", "destination", "tonnes", "release", "due"],
        [
            [o.id, o.commodity, o.origin, o.destination, num(o.tonnes), iso(o.release), iso(o.due)]
            for o, _ in orders_sorted
        ],
    )
    fleet = [
        ("FLEET_WAREHOUSE", "ZZ_WAREHOUSE", 15),
        ("FLEET_LANDPORT", "ZZ_LANDPORT", 10),
        ("FLEET_CHANGGE", "CHANGGE_DAZHOU", 8),
    ]
    dump(
        "fleet.csv",
        [
            "id",
            "depot",
            "count",
            "capacity_t",
            "fixed_cost",
            "cost_per_km",
            "cost_per_hour",
            "shift_hours",
            "speed_kmh",
        ],
        # marginal costs of owned trucks (ownership is sunk within a plan): fuel + wear, driver
        [[i, d, c, 32, 0, 3, 50, 10, 60] for i, d, c in fleet],
    )
    scenario = Scenario(
        parameters=Parameters(
            name="zhengzhou",
            start=START,
            horizon_days=HORIZON_DAYS,
            time_step_minutes=STEP,
            lateness="forbid",
            lateness_cost_per_t_hour=50.0,
            max_lateness_hours=24.0,
        ),
        sites=tuple(sites.values()),
        commodities=tuple(Commodity(id=i, name=n, m2_per_t=m) for i, n, m in COMMODITIES),
        services=tuple(services),
        orders=tuple(o for o, _ in orders_sorted),
    )
    kinds: dict[str, int] = {}
    for _o, k in orders:
        kinds[k.split(":")[0]] = kinds.get(k.split(":")[0], 0) + 1
    print(
        f"{len(sites)} sites, {len(svcs)} services, {len(orders)} orders: {kinds}", file=sys.stderr
    )
    return scenario


if __name__ == "__main__":
    write(
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).parent.parent / "data" / "zhengzhou"
    )
