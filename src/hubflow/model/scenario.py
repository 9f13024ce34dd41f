"""Frozen dataclasses of the domain, and the Scenario that checks their cross-references once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta

from hubflow.errors import Problem, ScenarioError
from hubflow.model.timetable import Timetable, in_dates

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
    "mine",
    "border_crossing",
)
LATENESS_POLICIES = ("forbid", "penalize")
# Where a service without ``distance_km`` gets one: great circle x circuity, or offline road,
# rail and sea networks (see hubflow.distances.networks), circuity where none answers.
DISTANCE_SOURCES = ("circuity", "networks")
POOL_UNITS = ("t", "vehicles")  # tonnes carried, or vehicles run
POOL_PERIODS = {"day": 1440, "week": 7 * 1440}  # minutes, counted from the scenario start

MAX_HORIZON_DAYS = 366  # a plan covers at most a year of releases
DUE_AFTER_HORIZON_DAYS = 92  # a due may lie this long after the horizon (a voyage round the Cape)
START_YEARS = (1900, 2999)  # keeps every time of a plan far from the calendar's ends
MAX_TEXT = 10_000  # characters in one text cell; also below the CSV reader's field limit


@dataclass(frozen=True, slots=True)
class Limit:
    """The sane range of a numeric field and why; a value outside it is an input error.

    Upper limits keep every number the solver sees finite and every product such as
    tonnes × cost per t-km × km far below 1e13 (HiGHS treats 1e20 as infinite).
    """

    low: float
    high: float
    why: str
    low_open: bool = False  # the low end itself is refused ("> 0" rather than ">= 0")

    def refuse(self, value: float) -> str | None:
        """Why ``value`` lies outside the range, or None when it lies inside."""
        if self.low_open and not value > self.low:
            return f"{value} must be > {_number(self.low)}"
        if not value >= self.low:
            why = f" ({self.why})" if self.low > 0 and self.why else ""  # e.g. the least load
            return f"{value} must be >= {_number(self.low)}{why}"
        if not value <= self.high:
            return f"{value} must be <= {_number(self.high)} ({self.why})"
        return None

    def __str__(self) -> str:
        low = "(" if self.low_open else "["
        return f"{low}{_number(self.low)}, {_number(self.high)}]"


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


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
    land_cost_per_m2_year: float | None = None  # what a m² of yard land costs a year; None: unknown
    source: str = ""
    # Handling by direction (see hubflow.model.handling): on legs to or from another country.
    country: str = ""  # "" = none named; legs to or from this site cross no border
    inbound_minutes: int = 0  # import clearance after a leg from another country arrives
    inbound_cost_per_t: float = 0.0
    inbound_co2e_kg_per_t: float = 0.0
    outbound_minutes: int = 0  # export clearance before a leg to another country departs
    outbound_cost_per_t: float = 0.0
    outbound_co2e_kg_per_t: float = 0.0

    @property
    def handles_by_direction(self) -> bool:
        """Whether any inbound or outbound handling is stated."""
        return any(
            getattr(self, f"{side}_{what}")
            for side in ("inbound", "outbound")
            for what in ("minutes", "cost_per_t", "co2e_kg_per_t")
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Commodity:
    """A product family (aluminium ingot, copper cathode, scrap...) and the yard area it takes."""

    id: str
    name: str
    m2_per_t: float
    source: str = ""
    group: str = ""  # a family that services may name instead of each commodity (e.g. "bulk")


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
    # What may ride: commodity ids or commodity groups; empty = every commodity.
    commodities: tuple[str, ...] = ()
    # Calendar, in the local dates of ``start``: None = no limit on that side.
    valid_from: date | None = None
    valid_until: date | None = None
    days_off: tuple[date, ...] = ()
    # A vehicle runs only with at least this many tonnes on average (a departure of one vehicle:
    # only above it); 0 = no minimum.
    min_load_t: float = 0.0
    # Tonnes a vehicle carries of a commodity (or of a commodity group), where it differs from
    # capacity_t: a box of 25 t of ingot but 18 t of scrap bales. Empty = capacity_t for all.
    payload_t: tuple[tuple[str, float], ...] = ()

    def payload(self, commodity: Commodity) -> float:
        """Tonnes of this commodity one vehicle carries: its own entry, its group's, or
        ``capacity_t``."""
        named = dict(self.payload_t)
        return named.get(commodity.id, named.get(commodity.group, self.capacity_t))

    def carries(self, commodity: Commodity) -> bool:
        """Whether this service may carry the commodity (an empty list allows every one)."""
        allowed = self.commodities
        return (
            not allowed
            or commodity.id in allowed
            or (commodity.group != "" and commodity.group in allowed)
        )

    def runs_on(self, day: date) -> bool:
        """Whether the calendar (the columns and the timetable's own) lets it depart that day."""
        own = in_dates(day, self.valid_from, self.valid_until, self.days_off)
        return own and self.timetable.runs_on(day)


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
    no_split: bool = False  # all of it on one itinerary (or none of it)


@dataclass(frozen=True, slots=True, kw_only=True)
class Pool:
    """A capacity shared by several services: a border's daily truck quota, weekly train slots.

    The departures of ``services`` in each day (or week, counted from the scenario start) carry
    at most ``limit`` tonnes (``unit`` "t") or run at most ``limit`` vehicles (``"vehicles"``).
    """

    id: str
    services: tuple[str, ...]
    limit: float
    unit: str = "t"
    period: str = "day"
    source: str = ""

    @property
    def period_minutes(self) -> int:
        return POOL_PERIODS[self.period]


@dataclass(frozen=True, slots=True, kw_only=True)
class Balance:
    """Vehicles that must come back (boxes, wagons, trucks): over the whole plan, the vehicles
    run on the ``outbound`` services are at most those run on the ``returns`` services, loaded
    or empty, plus ``slack``.

    ``empty_co2e_kg_per_km`` is what one vehicle-km run empty on a return service emits; None:
    :func:`hubflow.emissions.empty_co2e_kg_per_km` of the service.
    """

    id: str
    outbound: tuple[str, ...]
    returns: tuple[str, ...]
    slack: int = 0
    empty_co2e_kg_per_km: float | None = None
    source: str = ""


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
    distances: str = "circuity"  # one of DISTANCE_SOURCES
    #: road speed by hour of day for the own trucks, "hour:factor" pairs such as
    #: "7:0.6, 9:1, 17:0.6, 19:1" (from 07:00 trucks drive at 0.6 x their speed, ...); the
    #: factor is 1 from midnight until the first hour given; "" = the same speed all day
    road_speeds: str = ""
    #: false: a leg's arrival is rounded up to the grid, then a hub's handling to whole steps;
    #: true: the two are rounded once, together (see hubflow.network.grid), so that a shuttle
    #: shorter than a step does not cost a whole step at a hub whose handling leaves room
    chain_short_legs: bool = False
    #: every order travels on one itinerary, as if each had ``no_split``
    no_split: bool = False

    @property
    def road_speed_profile(self) -> tuple[tuple[int, float], ...]:
        """``road_speeds`` as (minute of the day, speed factor) from midnight, sorted;
        empty when the speed is the same all day. Raises ``ValueError`` on a bad entry."""
        if not self.road_speeds.strip():
            return ()
        steps, given = {0: 1.0}, set()
        for entry in self.road_speeds.split(","):
            hour, sep, factor = entry.partition(":")
            if not sep:
                raise ValueError(f"'{entry.strip()}' is not hour:factor")
            minute, f = round(float(hour) * 60), float(factor)
            if not (0 <= minute < 1440 and 0 < f <= 10):
                raise ValueError(f"'{entry.strip()}': hour must be in [0, 24), factor in (0, 10]")
            if minute in given:
                raise ValueError(f"'{entry.strip()}': hour {hour.strip()} is given twice")
            given.add(minute)
            steps[minute] = f
        return tuple(sorted(steps.items()))

    @property
    def allowed_lateness(self) -> int:
        """Minutes after due that an arrival may still count (0 when lateness is forbidden)."""
        return 0 if self.lateness == "forbid" else round(self.max_lateness_hours * 60)


DAY = 1440  # minutes
# Tonnes per vehicle: below 10 kg the vehicle counts (tonnes / capacity) leave the solver's
# tolerances and its bound passes the plan's cost; above, the largest ships.
VEHICLE_TONNES = "t per vehicle: a cargo bike's 10 kg to the largest ships"

# The sane range of every numeric field, by class; docs/scenario-format.md shows the same table.
LIMITS: dict[type, dict[str, Limit]] = {
    Parameters: {
        "horizon_days": Limit(0, MAX_HORIZON_DAYS, "a plan covers at most a year", low_open=True),
        "carbon_price": Limit(0, 10_000, "currency per t CO2e; ETS prices are ~100"),
        "lateness_cost_per_t_hour": Limit(0, 10_000, "currency per t and hour late"),
        "max_lateness_hours": Limit(0, DUE_AFTER_HORIZON_DAYS * 24, "at most 92 days late"),
        "unserved_cost_per_t": Limit(0, 10_000_000, "above any real tariff", low_open=True),
        **{
            f"{mode}_circuity": Limit(1, 5, "network km per great-circle km")
            for mode in ("road", "rail", "air", "water")
        },
    },
    Site: {
        "handling_cost_per_t": Limit(0, 100_000, "currency per t handled"),
        "handling_minutes": Limit(0, 7 * DAY, "a transfer takes at most a week"),
        "handling_co2e_kg_per_t": Limit(0, 1_000, "kg CO2e per t handled"),
        "yard_m2": Limit(0, 1_000_000_000, "1,000 km²; generated weeks scale it up"),
        "storage_cost_per_m2_day": Limit(0, 10_000, "currency per m² and day"),
        **{
            f"{side}_{name}": limit
            for side in ("inbound", "outbound")
            for name, limit in (
                ("minutes", Limit(0, 7 * DAY, "a clearance takes at most a week")),
                ("cost_per_t", Limit(0, 100_000, "currency per t cleared")),
                ("co2e_kg_per_t", Limit(0, 1_000, "kg CO2e per t cleared")),
            )
        },
    },
    Commodity: {"m2_per_t": Limit(0, 100, "yard m² one tonne takes")},
    Service: {
        "transit_minutes": Limit(
            0, DUE_AFTER_HORIZON_DAYS * DAY, "at most 92 days in transit", low_open=True
        ),
        "capacity_t": Limit(0.01, 1_000_000, VEHICLE_TONNES),
        "max_vehicles": Limit(1, 1_000_000, "per departure; generated weeks scale it up"),
        "fixed_cost": Limit(0, 100_000_000, "currency per vehicle run"),
        "cost_per_t": Limit(0, 1_000_000, "currency per t"),
        "cost_per_tkm": Limit(0, 100, "currency per t-km; air freight is ~10"),
        "departure_cost": Limit(0, 1_000_000_000, "currency per departure run"),
        "distance_km": Limit(0, 40_000, "once round the earth", low_open=True),
        "co2e_g_per_tkm": Limit(0, 10_000, "g CO2e per t-km; air is ~1,000"),
        "min_load_t": Limit(0, 1_000_000, "t per vehicle run; at most its capacity"),
    },
    Order: {"tonnes": Limit(0.001, 100_000, "t in one order: a kilogram to a large bulk ship")},
    Pool: {"limit": Limit(0, 100_000_000, "t or vehicles in one day or week")},
    Balance: {
        "slack": Limit(0, 100_000_000, "vehicles over the plan"),
        "empty_co2e_kg_per_km": Limit(0, 100_000, "kg CO2e per vehicle-km run empty"),
    },
    TruckGroup: {
        "count": Limit(0, 10_000, "trucks in one group"),
        "capacity_t": Limit(0.5, 100, "t per truck: a van to a road train"),
        "fixed_cost": Limit(0, 100_000, "currency per truck used"),
        "cost_per_km": Limit(0, 1_000, "currency per km"),
        "cost_per_hour": Limit(0, 10_000, "currency per hour"),
        "shift_hours": Limit(0, 24, "hours in one shift", low_open=True),
        "speed_kmh": Limit(0, 200, "km/h", low_open=True),
    },
}


def _out_of_range(obj: object, file: str, row: int | None) -> Iterable[Problem]:
    """A Problem for each numeric field of ``obj`` outside its Limit."""
    limits = LIMITS[type(obj)]
    for f in fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if f.name in limits and value is not None:
            why = limits[f.name].refuse(value)
            if why is not None:
                yield Problem(file, row, f.name, why)


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """Everything one plan needs. Built once, validated once, then trusted by the engines."""

    parameters: Parameters
    sites: tuple[Site, ...]
    commodities: tuple[Commodity, ...]
    services: tuple[Service, ...]
    orders: tuple[Order, ...]
    fleet: tuple[TruckGroup, ...] = ()
    pools: tuple[Pool, ...] = ()
    balances: tuple[Balance, ...] = ()
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
        p = self.parameters
        yield from _check_parameters(p)
        yield from _duplicates("sites.csv", [s.id for s in self.sites])
        yield from _duplicates("commodities.csv", [c.id for c in self.commodities])
        yield from _duplicates("services.csv", [s.id for s in self.services])
        yield from _duplicates("orders.csv", [o.id for o in self.orders])
        yield from _duplicates("fleet.csv", [t.id for t in self.fleet])
        for row, site in enumerate(self.sites, start=2):
            yield from _check_site(site, row)
        for row, com in enumerate(self.commodities, start=2):
            yield from _out_of_range(com, "commodities.csv", row)
            if com.group in self.commodity_index:
                yield Problem(
                    "commodities.csv", row, "group", f"'{com.group}' is also a commodity id"
                )
        window = _time_window(p)
        for row, svc in enumerate(self.services, start=2):
            yield from _check_service(svc, row, self.site_index)
            yield from _check_service_commodities(svc, row, self.commodity_index)
            yield from _check_payloads(svc, row, self.commodity_index)
            if window is not None:
                yield from _check_calendar(svc, row, p.start, window)
        for row, order in enumerate(self.orders, start=2):
            yield from _check_order(order, row, self.site_index, self.commodity_index)
            if window is not None:
                yield from _check_order_times(order, row, p.start, window)
        for row, grp in enumerate(self.fleet, start=2):
            yield from _check_trucks(grp, row, self.site_index)
        yield from _duplicates("pools.csv", [q.id for q in self.pools])
        services = {s.id for s in self.services}
        for row, pool in enumerate(self.pools, start=2):
            yield from _check_pool(pool, row, services)
        yield from _duplicates("balances.csv", [b.id for b in self.balances])
        yield from _check_balances(self.balances, services)


def _duplicates(file: str, ids: list[str]) -> Iterable[Problem]:
    seen: dict[str, int] = {}
    for row, ident in enumerate(ids, start=2):
        if ident in seen:
            yield Problem(file, row, "id", f"'{ident}' repeats the id of row {seen[ident]}")
        else:
            seen[ident] = row


def _time_window(p: Parameters) -> tuple[int, int] | None:
    """Minutes from start: the end of the horizon (releases) and the latest due; None if unusable."""
    if p.start.tzinfo is None or not START_YEARS[0] <= p.start.year <= START_YEARS[1]:
        return None
    if LIMITS[Parameters]["horizon_days"].refuse(p.horizon_days) is not None:
        return None
    horizon = round(p.horizon_days * DAY)
    return horizon, horizon + DUE_AFTER_HORIZON_DAYS * DAY


def _check_order_times(
    o: Order, row: int, start: datetime, window: tuple[int, int]
) -> Iterable[Problem]:
    """A release inside the horizon and a due at most 92 days after its end."""
    f = "orders.csv"
    horizon, last_due = window

    def at(minutes: int) -> str:
        if abs(minutes) > 10 * last_due:  # far off: a date may not even exist
            return f"{minutes:,} minutes after the start"
        return (start + timedelta(minutes=minutes)).isoformat(timespec="minutes")

    if o.release >= horizon:
        yield Problem(
            f,
            row,
            "release",
            f"{at(o.release)} is not inside the horizon {at(0)} to {at(horizon)} "
            "(horizon_days in scenario.toml)",
        )
    if o.due > last_due:
        yield Problem(
            f,
            row,
            "due",
            f"{at(o.due)} is more than {DUE_AFTER_HORIZON_DAYS} days after the end of the "
            f"horizon {at(horizon)} (a typo in the year?)",
        )


def _check_parameters(p: Parameters) -> Iterable[Problem]:
    f = "scenario.toml"
    if p.start.tzinfo is None:
        yield Problem(f, None, "start", "must carry a UTC offset, e.g. 2026-03-02T00:00+08:00")
    if not START_YEARS[0] <= p.start.year <= START_YEARS[1]:
        yield Problem(
            f,
            None,
            "start",
            f"{p.start.isoformat()} is not in the years {START_YEARS[0]} to {START_YEARS[1]}",
        )
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
    if p.lateness not in LATENESS_POLICIES:
        yield Problem(f, None, "lateness", f"'{p.lateness}' is not one of {LATENESS_POLICIES}")
    if p.distances not in DISTANCE_SOURCES:
        yield Problem(f, None, "distances", f"'{p.distances}' is not one of {DISTANCE_SOURCES}")
    yield from _out_of_range(p, f, None)
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
    yield from _out_of_range(s, f, row)
    if s.handles_by_direction and not s.country:
        yield Problem(
            f,
            row,
            "country",
            "is required with inbound or outbound handling: it applies to legs to or from "
            "a site of another country",
        )
    if s.land_cost_per_m2_year is not None and not 0 <= s.land_cost_per_m2_year <= 1e6:
        yield Problem(
            f, row, "land_cost_per_m2_year", f"{s.land_cost_per_m2_year} must be in [0, 1e6]"
        )


def _check_service(s: Service, row: int, sites: dict[str, Site]) -> Iterable[Problem]:
    f = "services.csv"
    if s.mode not in MODES:
        yield Problem(f, row, "mode", f"'{s.mode}' is not one of {', '.join(MODES)}")
    for name in ("origin", "destination"):
        if getattr(s, name) not in sites:
            yield Problem(f, row, name, f"unknown site '{getattr(s, name)}'")
    if s.origin == s.destination:
        yield Problem(f, row, "destination", "a service must go to another site")
    elif (
        s.mode == "road" and s.distance_km is None and s.origin in sites and s.destination in sites
    ):
        a, b = sites[s.origin], sites[s.destination]
        if (a.lat, a.lon) == (b.lat, b.lon):
            yield Problem(
                f,
                row,
                "distance_km",
                f"is required: {s.origin} and {s.destination} share the coordinate "
                f"({a.lat}, {a.lon}), so the distance cannot be estimated",
            )
    yield from _out_of_range(s, f, row)
    if s.min_load_t > s.capacity_t:
        yield Problem(
            f, row, "min_load_t", f"{s.min_load_t} exceeds capacity_t {s.capacity_t}: never runs"
        )


def _check_service_commodities(
    s: Service, row: int, commodities: dict[str, Commodity]
) -> Iterable[Problem]:
    f = "services.csv"
    groups = {c.group for c in commodities.values() if c.group}
    for c in s.commodities:
        if c not in commodities and c not in groups:
            yield Problem(f, row, "commodities", f"unknown commodity or commodity group '{c}'")
    if len(set(s.commodities)) != len(s.commodities):
        yield Problem(f, row, "commodities", "names a commodity twice")


PAYLOAD = Limit(0.01, 1_000_000, VEHICLE_TONNES)


def _check_payloads(s: Service, row: int, commodities: dict[str, Commodity]) -> Iterable[Problem]:
    f, name = "services.csv", "payload_t"
    groups = {c.group for c in commodities.values() if c.group}
    for c, tonnes in s.payload_t:
        if c not in commodities and c not in groups:
            yield Problem(f, row, name, f"unknown commodity or commodity group '{c}'")
        why = PAYLOAD.refuse(tonnes)
        if why is not None:
            yield Problem(f, row, name, f"{c}: {why}")
    ids = [c for c, _ in s.payload_t]
    if len(set(ids)) != len(ids):
        yield Problem(f, row, name, "names a commodity twice")


def _check_calendar(
    s: Service, row: int, start: datetime, window: tuple[int, int]
) -> Iterable[Problem]:
    """Calendar dates that leave the service no day in the plan, or lie outside it (a typo?),
    in the columns and in the timetable's own calendar (located at ``timetable``)."""
    t = s.timetable
    yield from _check_dates(
        (s.valid_from, s.valid_until, s.days_off), row, start, window, _CALENDAR_COLUMNS
    )
    yield from _check_dates(
        (t.valid_from, t.valid_until, t.days_off), row, start, window, _CALENDAR_IN_TIMETABLE
    )


_CALENDAR_COLUMNS = (("valid_from", ""), ("valid_until", ""), ("days_off", ""))
_CALENDAR_IN_TIMETABLE = (("timetable", "from "), ("timetable", "until "), ("timetable", "except "))


def _check_dates(
    dates: tuple[date | None, date | None, tuple[date, ...]],
    row: int,
    start: datetime,
    window: tuple[int, int],
    names: tuple[tuple[str, str], ...],
) -> Iterable[Problem]:
    """One calendar's dates against the plan's dates; ``names`` locate each (field, word)."""
    f = "services.csv"
    valid_from, valid_until, days_off = dates
    (from_field, from_word), (until_field, until_word), (off_field, off_word) = names
    first = start.date()
    last = (start + timedelta(minutes=window[1])).date()
    shown = f"the plan's dates {first.isoformat()} to {last.isoformat()}"
    if valid_until is not None and valid_until < first:
        yield Problem(f, row, until_field, f"{until_word}{valid_until} is before {shown}")
    if valid_from is not None and valid_from > last:
        yield Problem(f, row, from_field, f"{from_word}{valid_from} is after {shown}")
    if valid_from is not None and valid_until is not None and valid_from > valid_until:
        yield Problem(
            f, row, until_field, f"{until_word}{valid_until} is before valid_from {valid_from}"
        )
    for day in days_off:
        if not first <= day <= last:
            yield Problem(
                f, row, off_field, f"{off_word}{day} is outside {shown} (a typo in the year?)"
            )


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
    yield from _out_of_range(o, f, row)
    if o.release < 0:
        yield Problem(f, row, "release", "is before the scenario start")
    if o.due <= o.release:
        yield Problem(f, row, "due", "is not after the release time")


def _check_pool(q: Pool, row: int, services: set[str]) -> Iterable[Problem]:
    f = "pools.csv"
    if not q.services:
        yield Problem(f, row, "services", "names no service (expected ids separated by ;)")
    for s in q.services:
        if s not in services:
            yield Problem(f, row, "services", f"unknown service '{s}'")
    if len(set(q.services)) != len(q.services):
        yield Problem(f, row, "services", "names a service twice")
    if q.unit not in POOL_UNITS:
        yield Problem(f, row, "unit", f"'{q.unit}' is not one of {', '.join(POOL_UNITS)}")
    if q.period not in POOL_PERIODS:
        yield Problem(f, row, "period", f"'{q.period}' is not one of {', '.join(POOL_PERIODS)}")
    yield from _out_of_range(q, f, row)


def _check_balances(balances: tuple[Balance, ...], services: set[str]) -> Iterable[Problem]:
    """Each balance names known services, at least one each way, and a service in one balance
    only (on one side): the vehicles it runs count once."""
    f = "balances.csv"
    first: dict[str, str] = {}
    for row, b in enumerate(balances, start=2):
        for column, named in (("outbound", b.outbound), ("returns", b.returns)):
            if not named:
                yield Problem(f, row, column, "names no service (expected ids separated by ;)")
            for s in dict.fromkeys(named):
                if s not in services:
                    yield Problem(f, row, column, f"unknown service '{s}'")
                elif s in first:
                    why = "a service counts in one balance, on one side"
                    yield Problem(f, row, column, f"'{s}' is already in balance {first[s]} ({why})")
                else:
                    first[s] = b.id
            if len(set(named)) != len(named):
                yield Problem(f, row, column, "names a service twice")
        yield from _out_of_range(b, f, row)


def _check_trucks(t: TruckGroup, row: int, sites: dict[str, Site]) -> Iterable[Problem]:
    f = "fleet.csv"
    if t.depot not in sites:
        yield Problem(f, row, "depot", f"unknown site '{t.depot}'")
    yield from _out_of_range(t, f, row)
