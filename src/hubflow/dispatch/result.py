"""What a back-end returns: routes, cost, unassigned stops with reasons."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum


class Status(Enum):
    """Outcome of a solve."""

    #: every required stop is on a route and the checker-relevant constraints hold
    FEASIBLE = "feasible"
    #: some required stops could not be served; they are in ``unassigned`` with a reason
    PARTIAL = "partial"
    #: the back-end found no feasible solution in the time given (the instance may be feasible)
    NO_SOLUTION = "no_solution"
    #: proven that no feasible solution exists
    INFEASIBLE = "infeasible"

    @property
    def solved(self) -> bool:
        """Whether there are routes to use (all required stops, or all but the unservable)."""
        return self in (Status.FEASIBLE, Status.PARTIAL)


@dataclass(frozen=True, slots=True)
class Route:
    """One truck's route: location indices in visiting order, start/end depot not listed (a
    depot inside ``visits`` is a reload stop)."""

    vehicle_type: int
    visits: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Unassigned:
    """A location (client or shipment end) left off every route, and why."""

    location: int
    reason: str


@dataclass(frozen=True)
class RoutingResult:
    status: Status
    cost: int
    routes: tuple[Route, ...]
    unassigned: tuple[Unassigned, ...] = ()
    runtime: float = 0.0
    lower_bound: float | None = None
    backend: str = ""
    #: free-form details (seeds tried, sub-problem sizes, ...)
    info: dict = field(default_factory=dict)

    @property
    def feasible(self) -> bool:
        return self.status is Status.FEASIBLE

    def objective(self) -> float:
        """The cost, or ``inf`` when there is no solution."""
        return float(self.cost) if self.status.solved else math.inf

    def to_json(self, scale: float = 1) -> dict:
        """The ``hubflow route --json`` contract: cost in source units, routes, feasibility,
        status (``Status`` value)."""
        cost: float | int = self.cost if scale == 1 else round(self.cost / scale, 6)
        return {
            "cost": cost,
            "feasible": self.feasible,
            "status": self.status.value,
            "routes": [
                {"vehicle_type": r.vehicle_type, "visits": list(r.visits)} for r in self.routes
            ],
        }
