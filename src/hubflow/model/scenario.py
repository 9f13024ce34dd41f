"""Frozen dataclasses of the domain, and the Scenario that checks their cross-references once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from hubflow.errors import Problem, ScenarioError
from hubflow.model.timetable import Timetable

MODES = ("road", "rail", "rail_express", "hsr_express", "air", "waterway", "sea")
SITE_KINDS = (
    "plant",
    "smelter",
    "recycler",
    "warehouse",
    "rail_terminal",
    "land_port",
    "airport",
    "port",
    "customer",
)
LATENESS_POLICIES = ("forbid", "penalize")


@dataclass(frozen=True, slots=True, kw_only=True)
class Site:
    """A place with coordinates; a hub allows transfers (handling cost and time) and has a yard."""

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    hub: bool = False
    handling_cost_per_t: float = 0.0
    handling_minutes: int = 0
    handling_co2e_kg_per_t: float = 0.0
    yard_m2: float | None = None  # None: no yard limit modelled
    storage_cost_per_m2_day: float = 0.0
    source: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Commodity:
    """A product family (aluminium ingot, copper cathode, scrap...) and the yard area it takes."""

    id: str
    name: str
    m2_per_t: float
    source: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Service:
    """One mode between two sites: timetable, transit time, vehicles, tariff and emissions.

    Cost of one departure = departure_cost (once, if it runs at all: e.g. chartering a block train)
    + fixed_cost × vehicles run + (cost_per_t + cost_per_tkm × distance) × tonnes.
    ``distance_km`` None means great-circle × the mode's circuity; ``co2e_g_per_tkm`` None means
    the mode's GLEC default.
    """

    id: str
    mode: str
    origin: str
    destination: str
    timetable: Timetable
    transit_minutes: int
    capacity_t: float
    max_vehicles: int = 1
    fixed_cost: float = 0.0
    cost_per_t: float = 0.0
    cost_per_tkm: float = 0.0
    departure_cost: float = 0.0
    distance_km: float | None = None
    co2e_g_per_tkm: float | None = None
    source: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Order:
    """Tonnes of one commodity from origin to destination, available at release, due at due."""

    id: str
    commodity: str
    origin: str
    destination: str
    tonnes: float
    release: int  # minutes from the scenario start
    due: int


@dataclass(frozen=True, slots=True, kw_only=True)
class TruckGroup:
    """Identical trucks based at a depot, for the road pickups and deliveries."""

    id: str
    depot: str
    count: int
    capacity_t: float
    fixed_cost: float = 0.0
    cost_per_km: float = 0.0
    cost_per_hour: float = 0.0
    shift_hours: float = 10.0
    speed_kmh: float = 60.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Parameters:
    """Scenario-wide settings: time grid, money, carbon price and what lateness costs."""

    name: str = "scenario"
    start: datetime
    horizon_days: float = 14.0
    time_step_minutes: int = 240
    currency: str = "CNY"
    carbon_price: float = 0.0  # currency per t CO2e
    lateness: str = "forbid"
    lateness_cost_per_t_hour: float = 0.0
    max_lateness_hours: float = 0.0
    unserved_cost_per_t: float = 100_000.0
    road_circuity: float = 1.30
    rail_circuity: float = 1.25
    air_circuity: float = 1.05
    water_circuity: float = 1.20
    #: road speed by hour of day for the own trucks, "hour:factor" pairs such as
    #: "7:0.6, 9:1, 17:0.6, 19:1" (from 07:00 trucks drive at 0.6 x their speed, ...); the
    #: factor is 1 from midnight until the first hour given; "" = the same speed all day
    road_speeds: str = ""

    @property
    def road_speed_profile(self) -> tuple[tuple[int, float], ...]:
        """``road_speeds`` as (minute of the day, speed factor) from midnight, sorted;
        empty when the speed is the same all day. Raises ``ValueError`` on a bad entry."""
        if not self.road_speeds.strip():
            return ()
        steps = {0: 1.0}
        for entry in self.road_speeds.split(","):
            hour, sep, factor = entry.partition(":")
            if not sep:
                raise ValueError(f"'{entry.strip()}' is not hour:factor")
            minute, f = round(float(hour) * 60), float(factor)
            if not (0 <= minute < 1440 and 0 < f <= 10):
                raise ValueError(f"'{entry.strip()}': hour must be in [0, 24), factor in (0, 10]")
            steps[minute] = f
        return tuple(sorted(steps.items()))

    @property
    def allowed_lateness(self) -> int:
        """Minutes after due that an arrival may still count (0 when lateness is forbidden)."""
        return 0 if self.lateness == "forbid" else round(self.max_lateness_hours * 60)


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """Everything one plan needs. Built once, validated once, then trusted by the engines."""

    parameters: Parameters
    sites: tuple[Site, ...]
    commodities: tuple[Commodity, ...]
    services: tuple[Service, ...]
    orders: tuple[Order, ...]
    fleet: tuple[TruckGroup, ...] = ()
    site_index: dict[str, Site] = field(init=False, repr=False, compare=False)
    commodity_index: dict[str, Commodity] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "site_index", {s.id: s for s in self.sites})
        object.__setattr__(self, "commodity_index", {c.id: c for c in self.commodities})
        problems = list(self.problems())
        if problems:
            raise ScenarioError(problems)

    @property
    def name(self) -> str:
        return self.parameters.name

    def site(self, site_id: str) -> Site:
        return self.site_index[site_id]

    def commodity(self, commodity_id: str) -> Commodity:
        return self.commodity_index[commodity_id]

    def problems(self) -> Iterable[Problem]:
        """Every violated invariant, located as table file, spreadsheet row and field."""
        yield from _check_parameters(self.parameters)
        yield from _duplicates("sites.csv", [s.id for s in self.sites])
        yield from _duplicates("commodities.csv", [c.id for c in self.commodities])
        yield from _duplicates("services.csv", [s.id for s in self.services])
        yield from _duplicates("orders.csv", [o.id for o in self.orders])
        yield from _duplicates("fleet.csv", [t.id for t in self.fleet])
        for row, site in enumerate(self.sites, start=2):
            yield from _check_site(site, row)
        for row, com in enumerate(self.commodities, start=2):
            if not com.m2_per_t >= 0:
                yield Problem("commodities.csv", row, "m2_per_t", f"{com.m2_per_t} must be >= 0")
        for row, svc in enumerate(self.services, start=2):
            yield from _check_service(svc, row, self.site_index)
        for row, order in enumerate(self.orders, start=2):
            yield from _check_order(order, row, self.site_index, self.commodity_index)
        for row, grp in enumerate(self.fleet, start=2):
            yield from _check_trucks(grp, row, self.site_index)


def _duplicates(file: str, ids: list[str]) -> Iterable[Problem]:
    seen: dict[str, int] = {}
    for row, ident in enumerate(ids, start=2):
        if ident in seen:
            yield Problem(file, row, "id", f"'{ident}' repeats the id of row {seen[ident]}")
        else:
            seen[ident] = row


def _check_parameters(p: Parameters) -> Iterable[Problem]:
    f = "scenario.toml"
    if p.start.tzinfo is None:
        yield Problem(f, None, "start", "must carry a UTC offset, e.g. 2026-03-02T00:00+08:00")
    if (p.start.hour, p.start.minute, p.start.second) != (0, 0, 0):
        yield Problem(
            f,
            None,
            "start",
            f"{p.start.isoformat()} must be at 00:00 local time, "
            "so that daily and weekly timetables line up with the clock",
        )
    if p.time_step_minutes <= 0 or 1440 % p.time_step_minutes:
        yield Problem(f, None, "time_step_minutes", f"{p.time_step_minutes} must divide 1440")
    if p.horizon_days <= 0:
        yield Problem(f, None, "horizon_days", f"{p.horizon_days} must be > 0")
    if p.lateness not in LATENESS_POLICIES:
        yield Problem(f, None, "lateness", f"'{p.lateness}' is not one of {LATENESS_POLICIES}")
    for name in ("carbon_price", "lateness_cost_per_t_hour", "max_lateness_hours"):
        if getattr(p, name) < 0:
            yield Problem(f, None, name, f"{getattr(p, name)} must be >= 0")
    if p.unserved_cost_per_t <= 0:
        yield Problem(f, None, "unserved_cost_per_t", f"{p.unserved_cost_per_t} must be > 0")
    for name in ("road_circuity", "rail_circuity", "air_circuity", "water_circuity"):
        if not getattr(p, name) >= 1:
            yield Problem(
                f, None, name, f"{getattr(p, name)} must be >= 1 (network km / great-circle km)"
            )
    try:
        p.road_speed_profile  # noqa: B018 - parsed only to be validated here
    except ValueError as e:
        yield Problem(f, None, "road_speeds", f'{e} (expected e.g. "7:0.6, 9:1")')


def _check_site(s: Site, row: int) -> Iterable[Problem]:
    f = "sites.csv"
    if s.kind not in SITE_KINDS:
        yield Problem(f, row, "kind", f"'{s.kind}' is not one of {', '.join(SITE_KINDS)}")
    if not -90 <= s.lat <= 90:
        yield Problem(f, row, "lat", f"{s.lat} is not a latitude in [-90, 90]")
    if not -180 <= s.lon <= 180:
        yield Problem(f, row, "lon", f"{s.lon} is not a longitude in [-180, 180]")
    for name in ("handling_cost_per_t", "handling_minutes", "handling_co2e_kg_per_t"):
        if getattr(s, name) < 0:
            yield Problem(f, row, name, f"{getattr(s, name)} must be >= 0")
    if s.yard_m2 is not None and s.yard_m2 < 0:
        yield Problem(f, row, "yard_m2", f"{s.yard_m2} must be >= 0 (leave empty for no limit)")


def _check_service(s: Service, row: int, sites: dict[str, Site]) -> Iterable[Problem]:
    f = "services.csv"
    if s.mode not in MODES:
        yield Problem(f, row, "mode", f"'{s.mode}' is not one of {', '.join(MODES)}")
    for name in ("origin", "destination"):
        if getattr(s, name) not in sites:
            yield Problem(f, row, name, f"unknown site '{getattr(s, name)}'")
    if s.origin == s.destination:
        yield Problem(f, row, "destination", "a service must go to another site")
    if s.transit_minutes <= 0:
        yield Problem(f, row, "transit_hours", f"{s.transit_minutes / 60:g} must be > 0")
    if not s.capacity_t > 0:
        yield Problem(f, row, "capacity_t", f"{s.capacity_t} must be > 0")
    if s.max_vehicles < 1:
        yield Problem(f, row, "max_vehicles", f"{s.max_vehicles} must be >= 1")
    for name in ("fixed_cost", "cost_per_t", "cost_per_tkm", "departure_cost"):
        if getattr(s, name) < 0:
            yield Problem(f, row, name, f"{getattr(s, name)} must be >= 0")
    if s.distance_km is not None and s.distance_km <= 0:
        yield Problem(f, row, "distance_km", f"{s.distance_km} must be > 0")
    if s.co2e_g_per_tkm is not None and s.co2e_g_per_tkm < 0:
        yield Problem(f, row, "co2e_g_per_tkm", f"{s.co2e_g_per_tkm} must be >= 0")


def _check_order(
    o: Order, row: int, sites: dict[str, Site], commodities: dict[str, Commodity]
) -> Iterable[Problem]:
    f = "orders.csv"
    for name in ("origin", "destination"):
        if getattr(o, name) not in sites:
            yield Problem(f, row, name, f"unknown site '{getattr(o, name)}'")
    if o.commodity not in commodities:
        yield Problem(f, row, "commodity", f"unknown commodity '{o.commodity}'")
    if o.origin == o.destination:
        yield Problem(f, row, "destination", "equals the origin")
    if not o.tonnes > 0:
        yield Problem(f, row, "tonnes", f"{o.tonnes} must be > 0")
    if o.release < 0:
        yield Problem(f, row, "release", "is before the scenario start")
    if o.due <= o.release:
        yield Problem(f, row, "due", "is not after the release time")


def _check_trucks(t: TruckGroup, row: int, sites: dict[str, Site]) -> Iterable[Problem]:
    f = "fleet.csv"
    if t.depot not in sites:
        yield Problem(f, row, "depot", f"unknown site '{t.depot}'")
    if t.count < 0:
        yield Problem(f, row, "count", f"{t.count} must be >= 0")
    if not t.capacity_t > 0:
        yield Problem(f, row, "capacity_t", f"{t.capacity_t} must be > 0")
    for name in ("fixed_cost", "cost_per_km", "cost_per_hour"):
        if getattr(t, name) < 0:
            yield Problem(f, row, name, f"{getattr(t, name)} must be >= 0")
    if not t.shift_hours > 0:
        yield Problem(f, row, "shift_hours", f"{t.shift_hours} must be > 0")
    if not t.speed_kmh > 0:
        yield Problem(f, row, "speed_kmh", f"{t.speed_kmh} must be > 0")
