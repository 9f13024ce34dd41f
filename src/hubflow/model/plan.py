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
        )
