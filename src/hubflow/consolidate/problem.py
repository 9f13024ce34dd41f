"""The generic network-design problem and its result; nothing here knows about freight.

Fixed-charge, capacitated, multicommodity network design with integer vehicles per arc:
arcs carry flow of several demands; a design arc opened ``y`` times costs ``y × fixed_cost`` and
carries at most ``y × capacity`` (each demand's flow counted by its ``size`` there); an arc with an ``open_cost`` pays it once if used at all.
Demands may be left (partly) unmet at a penalty per unit.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, slots=True, kw_only=True)
class Demand:
    """``quantity`` units from ``origin`` to ``destination`` node, over its own allowed ``arcs``.

    ``weight`` scales the flow for resource limits and ``Arcs.weight_cost`` (e.g. m² per tonne).
    ``penalty`` is the cost per unit not delivered. ``size`` is the arc capacity one unit of this
    demand's flow takes on each of its ``arcs`` (a vehicle's nominal tonnes over this goods'
    payload; None: 1 everywhere). An ``unsplittable`` demand takes one path for all of its
    quantity, or is left unmet as a whole.
    """

    origin: int
    destination: int
    quantity: float
    weight: float
    penalty: float
    arcs: IntArray
    size: FloatArray | None = None
    unsplittable: bool = False

    def sizes(self) -> FloatArray:
        """Capacity per unit of flow on each of ``arcs``."""
        return np.ones(len(self.arcs)) if self.size is None else self.size


@dataclass(frozen=True, slots=True, kw_only=True)
class Resource:
    """A limit on the weighted flow of all demands over a set of arcs (e.g. a yard at one time).

    ``unit_weight`` counts every unit of flow once instead of by its demand's ``weight`` (a
    quota of tonnes rather than of m²).
    """

    arcs: IntArray
    limit: float
    unit_weight: bool = False

    def coefficients(self, weights: FloatArray) -> FloatArray:
        """Each flow's use of this resource per unit, given its demand's weight."""
        return np.ones_like(weights) if self.unit_weight else weights


@dataclass(frozen=True, slots=True, kw_only=True)
class VehicleLimit:
    """At most ``limit`` vehicles in all over a set of design arcs (a quota of trucks a day)."""

    arcs: IntArray
    limit: float


@dataclass(frozen=True, slots=True, kw_only=True)
class VehicleBalance:
    """Vehicles on the ``outbound`` design arcs at most those on the ``returns`` arcs plus
    ``slack``: what goes out must come back (design-balanced network design, summed over the
    whole plan). Linear in the vehicles, so relaxations keep it and their bounds stay valid."""

    outbound: IntArray
    returns: IntArray
    slack: float

    def row(self, y_col: IntArray) -> tuple[IntArray, FloatArray]:
        """The row's columns and coefficients (+1 out, -1 back), given each arc's ``y`` column
        (-1: none, an arc no solver runs)."""
        ys = np.concatenate([y_col[self.outbound], y_col[self.returns]])
        sign = np.concatenate([np.ones(len(self.outbound)), -np.ones(len(self.returns))])
        return ys[ys >= 0], sign[ys >= 0]

    def shortfall(self, vehicles: IntArray) -> float:
        """Return vehicles missing for ``vehicles`` to keep this balance (<= 0: none)."""
        return float(vehicles[self.outbound].sum() - vehicles[self.returns].sum() - self.slack)


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
    # per design arc, tonnes each vehicle run must carry on average (load >= min_load × y);
    # None: all 0
    min_load: FloatArray | None = None
    vehicle_limits: tuple[VehicleLimit, ...] = ()
    balances: tuple[VehicleBalance, ...] = ()

    @property
    def n_arcs(self) -> int:
        return len(self.tail)

    @property
    def n_pairs(self) -> int:
        """(demand, allowed arc) pairs: the arc MIP's flow variables, the size rules' measure."""
        return sum(len(d.arcs) for d in self.demands)

    @property
    def sized(self) -> bool:
        """Whether some demand takes other than one unit of capacity per unit of flow."""
        return any(d.size is not None for d in self.demands)

    def return_arcs(self) -> IntArray:
        """The design arcs on which a balance may add vehicles, whether or not flow uses them."""
        if not self.balances:
            return np.zeros(0, np.int64)
        arcs = np.unique(np.concatenate([b.returns for b in self.balances]))
        return arcs[self.max_vehicles[arcs] > 0].astype(np.int64)

    def capacity_use(self, flows: tuple[FloatArray, ...]) -> FloatArray:
        """Per arc, the capacity that ``flows`` (aligned with each demand's arcs) take."""
        use = np.zeros(self.n_arcs)
        for d, flow in zip(self.demands, flows, strict=True):
            np.add.at(use, d.arcs, d.sizes() * flow)
        return use

    def demand_arc_cost(self, k: int) -> FloatArray:
        """Cost per unit of demand ``k``'s flow on each of its allowed arcs."""
        d = self.demands[k]
        return self.unit_cost[d.arcs] + d.weight * self.weight_cost[d.arcs]


class Status(enum.StrEnum):
    """How a design solve ended."""

    OPTIMAL = "OPTIMAL"  # within the requested gap
    FEASIBLE_AT_LIMIT = "FEASIBLE_AT_LIMIT"  # a solution; stopped at the time limit
    NO_SOLUTION_IN_TIME = "NO_SOLUTION_IN_TIME"  # stopped at the time limit without one
    INFEASIBLE = "INFEASIBLE"  # proven
    SOLVER_FAILED = "SOLVER_FAILED"  # stopped for another reason; ``message`` says which

    @property
    def has_solution(self) -> bool:
        return self in (Status.OPTIMAL, Status.FEASIBLE_AT_LIMIT)


@dataclass(frozen=True, slots=True, kw_only=True)
class DesignResult:
    """Flows per demand (aligned with ``Demand.arcs``), vehicles per arc, bound and gap.

    ``objective`` is None without a solution; ``lower_bound`` is -inf when none was proven.
    ``paths`` may give each demand's flow as (amount, arc indices) paths, for solvers that have
    them (a decoder then need not decompose ``flows``). ``warm_start`` is what a solver can reuse
    in a re-solve of a slightly changed problem (the column-generation solver's ``WarmStart``).
    """

    status: Status
    objective: float | None
    lower_bound: float
    runtime: float
    flows: tuple[FloatArray, ...]
    vehicles: IntArray
    unmet: FloatArray
    stats: dict[str, float] = field(default_factory=dict)
    message: str = ""
    paths: tuple[tuple[tuple[float, IntArray], ...], ...] | None = None
    warm_start: Any = None

    @property
    def gap(self) -> float | None:
        """Relative gap (objective - bound) / objective; None without a solution."""
        if self.objective is None:
            return None
        if self.objective <= 0:
            return 0.0
        return max(0.0, (self.objective - self.lower_bound) / abs(self.objective))
