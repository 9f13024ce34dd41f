"""The generic network-design problem and its result; nothing here knows about freight.

Fixed-charge, capacitated, multicommodity network design with integer vehicles per arc:
arcs carry flow of several demands; a design arc opened ``y`` times costs ``y × fixed_cost`` and
carries at most ``y × capacity``; an arc with an ``open_cost`` pays it once if used at all.
Demands may be left (partly) unmet at a penalty per unit.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True, slots=True, kw_only=True)
class Demand:
    """``quantity`` units from ``origin`` to ``destination`` node, over its own allowed ``arcs``.

    ``weight`` scales the flow for resource limits and ``Arcs.weight_cost`` (e.g. m² per tonne).
    ``penalty`` is the cost per unit not delivered.
    """

    origin: int
    destination: int
    quantity: float
    weight: float
    penalty: float
    arcs: IntArray


@dataclass(frozen=True, slots=True, kw_only=True)
class Resource:
    """A limit on the weighted flow of all demands over a set of arcs (e.g. a yard at one time)."""

    arcs: IntArray
    limit: float


@dataclass(frozen=True, slots=True, kw_only=True)
class DesignProblem:
    """Arcs as parallel arrays; ``max_vehicles == 0`` marks a pure flow arc (no design variable)."""

    n_nodes: int
    tail: IntArray
    head: IntArray
    unit_cost: FloatArray  # per unit of flow
    weight_cost: FloatArray  # per unit of weighted flow
    fixed_cost: FloatArray  # per vehicle
    capacity: FloatArray  # per vehicle
    max_vehicles: IntArray
    demands: tuple[Demand, ...]
    resources: tuple[Resource, ...] = ()
    open_cost: FloatArray | None = None  # per design arc, paid once when y > 0; None: all 0

    @property
    def n_arcs(self) -> int:
        return len(self.tail)

    def demand_arc_cost(self, k: int) -> FloatArray:
        """Cost per unit of demand ``k``'s flow on each of its allowed arcs."""
        d = self.demands[k]
        return self.unit_cost[d.arcs] + d.weight * self.weight_cost[d.arcs]


class Status(enum.Enum):
    OPTIMAL = "OPTIMAL"
    FEASIBLE_AT_LIMIT = "FEASIBLE_AT_LIMIT"
    INFEASIBLE = "INFEASIBLE"
    NO_SOLUTION = "NO_SOLUTION"


@dataclass(frozen=True, slots=True, kw_only=True)
class DesignResult:
    """Flows per demand (aligned with ``Demand.arcs``), vehicles per arc, bound and gap."""

    status: Status
    objective: float
    lower_bound: float
    runtime: float
    flows: tuple[FloatArray, ...]
    vehicles: IntArray
    unmet: FloatArray
    stats: dict[str, float] = field(default_factory=dict)

    @property
    def gap(self) -> float:
        """Relative gap (objective - bound) / objective; 0 when proven optimal."""
        if self.objective <= 0:
            return 0.0
        return max(0.0, (self.objective - self.lower_bound) / abs(self.objective))
