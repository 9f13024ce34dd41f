"""A plan: what the engines decided for one scenario, in the planner's words.

A Plan holds only decisions and the solver's bound; every figure derived from them
(costs, CO2e, KPIs) is recomputed by ``hubflow.kpi`` and re-checked by ``hubflow.check``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

UNSERVED_REASONS = ("NO_PATH_BEFORE_DUE", "CAPACITY", "YARD_FULL", "TIME_LIMIT")


@dataclass(frozen=True, slots=True, kw_only=True)
class Leg:
    """Part (or all) of one order's tonnes on one departure of one service."""

    service: str
    mode: str
    origin: str
    destination: str
    departure: int  # minutes from scenario start
    arrival: int
    tonnes: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Itinerary:
    """One order's chain(s) of legs; a split order has legs on parallel departures."""

    order: str
    tonnes: float
    legs: tuple[Leg, ...]
    delivered: int  # minute the last tonne arrives
    late_minutes: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class DepartureRun:
    """One departure that runs: how many vehicles, carrying how many tonnes."""

    service: str
    mode: str
    origin: str
    destination: str
    departure: int
    arrival: int
    vehicles: int
    load_t: float
    capacity_t: float  # vehicles × capacity per vehicle


@dataclass(frozen=True, slots=True, kw_only=True)
class Unserved:
    """An order the plan does not deliver, with the binding constraint and by how much."""

    order: str
    tonnes: float
    reason: str  # one of UNSERVED_REASONS
    detail: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TruckStop:
    """One stop of a truck route: deliver (from the depot) or pick up (for the depot) a leg."""

    site: str
    order: str
    service: str  # the road service of the leg the stop serves
    departure: int  # the leg's departure in the network plan
    action: str  # "deliver" | "pickup"
    tonnes: float
    arrival: int  # minute the truck arrives at the stop


@dataclass(frozen=True, slots=True, kw_only=True)
class CarrierLoad:
    """Tonnes of a local road leg that own trucks do not carry; the carrier tariff applies."""

    order: str
    service: str
    departure: int
    tonnes: float
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TruckRoute:
    """One own-fleet truck's tour from its depot and back, serving local road legs."""

    fleet: str
    depot: str
    start: int
    end: int
    stops: tuple[TruckStop, ...]
    distance_km: float
    cost: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """A scenario's solution: itineraries, departures run, unserved orders, bound and gap."""

    scenario: str
    itineraries: tuple[Itinerary, ...]
    departures: tuple[DepartureRun, ...]
    unserved: tuple[Unserved, ...] = ()
    objective: float = 0.0  # solver objective incl. carbon price and penalties
    lower_bound: float = 0.0
    status: str = "OPTIMAL"
    solve_seconds: float = 0.0
    solver: str = "highs-arc-mip"
    stats: dict[str, float] = field(default_factory=dict)  # variables, constraints, arcs...
    dispatched: bool = False  # own-fleet routing ran; then every local road load is accounted for
    routes: tuple[TruckRoute, ...] = ()  # own-fleet truck routes for local road legs
    unrouted: tuple[CarrierLoad, ...] = ()  # local road loads left to carriers, with the reason

    @property
    def gap(self) -> float:
        """Relative gap between the objective and the lower bound (0.01 = 1 %)."""
        if self.objective <= 0:
            return 0.0
        return max(0.0, (self.objective - self.lower_bound) / abs(self.objective))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; ``itineraries`` is a top-level list, one entry per delivered order."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Plan:
        """Inverse of :meth:`to_dict`; raises KeyError/TypeError on malformed input."""
        return cls(
            scenario=d["scenario"],
            itineraries=tuple(
                Itinerary(
                    order=i["order"],
                    tonnes=i["tonnes"],
                    legs=tuple(Leg(**leg) for leg in i["legs"]),
                    delivered=i["delivered"],
                    late_minutes=i.get("late_minutes", 0),
                )
                for i in d["itineraries"]
            ),
            departures=tuple(DepartureRun(**r) for r in d["departures"]),
            unserved=tuple(Unserved(**u) for u in d.get("unserved", ())),
            objective=d.get("objective", 0.0),
            lower_bound=d.get("lower_bound", 0.0),
            status=d.get("status", "OPTIMAL"),
            solve_seconds=d.get("solve_seconds", 0.0),
            solver=d.get("solver", ""),
            stats=dict(d.get("stats", {})),
            dispatched=bool(d.get("dispatched", False)),
            routes=tuple(
                TruckRoute(**{**r, "stops": tuple(TruckStop(**x) for x in r["stops"])})
                for r in d.get("routes", ())
            ),
            unrouted=tuple(CarrierLoad(**u) for u in d.get("unrouted", ())),
        )
