"""The routing problem as plain, immutable, index-based data.

Conventions
-----------
- Every stop is a *location*: an index into :attr:`RoutingProblem.locations` and into both
  matrices. Depots are locations ``0 .. num_depots - 1``; every client and every end of a
  shipment has a location of its own (two orders at one address are two locations with a
  zero distance between them). A route is therefore a list of location indices, the same
  numbering as the nodes of a VRPLIB file (0-based).
- All quantities are integers. Distances and durations are in the problem's own integer units;
  ``scale`` says how many integer units make one unit of the source (1 for ``round``, 10 for
  ``dimacs``, 1000 for ``exact``), so ``cost / scale`` is the objective in the source's units.
- One load dimension. ``delivery`` is loaded at the (start or reload) depot and dropped at the
  client, ``pickup`` is collected at the client and brought back, so a route that mixes both
  (backhauls, simultaneous pickup and delivery) must respect capacity at every point.
- Objective (as PyVRP's): fixed cost of each used vehicle + unit distance cost x distance +
  unit duration cost x route duration + the prizes of optional stops not visited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

INF = np.iinfo(np.int64).max


@dataclass(frozen=True, slots=True)
class Location:
    """A place; coordinates are optional (only decomposition and plots use them)."""

    x: float | None = None
    y: float | None = None
    name: str = ""


@dataclass(frozen=True, slots=True)
class Depot:
    location: int
    tw_early: int = 0
    tw_late: int = INF
    name: str = ""


@dataclass(frozen=True, slots=True)
class Client:
    """A stop served once: drop ``delivery``, collect ``pickup``; service starts in [early, late].

    ``required=False`` makes the stop optional: leaving it out costs ``prize``.
    """

    location: int
    delivery: int = 0
    pickup: int = 0
    service_duration: int = 0
    tw_early: int = 0
    tw_late: int = INF
    prize: int = 0
    required: bool = True
    name: str = ""


@dataclass(frozen=True, slots=True)
class Shipment:
    """A pickup-and-delivery pair (Li & Lim): ``amount`` is loaded at ``pickup_location`` and
    unloaded at ``delivery_location``, later on the same route."""

    pickup_location: int
    delivery_location: int
    amount: int = 0
    pickup_service_duration: int = 0
    pickup_tw_early: int = 0
    pickup_tw_late: int = INF
    delivery_service_duration: int = 0
    delivery_tw_early: int = 0
    delivery_tw_late: int = INF
    prize: int = 0
    required: bool = True
    name: str = ""


@dataclass(frozen=True, slots=True)
class VehicleType:
    """``num_available`` identical trucks; a route starts at ``tw_early`` or later and must be back
    by ``tw_late``; its duration is at most ``shift_duration`` and its distance ``max_distance``.
    With ``reload_depots`` a truck may empty/reload there mid-route (multiple trips)."""

    num_available: int = 1
    capacity: int = INF
    start_depot: int = 0
    end_depot: int = 0
    fixed_cost: int = 0
    unit_distance_cost: int = 1
    unit_duration_cost: int = 0
    tw_early: int = 0
    tw_late: int = INF
    shift_duration: int = INF
    max_distance: int = INF
    reload_depots: tuple[int, ...] = ()
    max_reloads: int = INF
    name: str = ""


@dataclass(frozen=True)
class RoutingProblem:
    """A vehicle-routing instance; validated on construction (raises ``ValueError``)."""

    locations: tuple[Location, ...]
    depots: tuple[Depot, ...]
    clients: tuple[Client, ...]
    vehicle_types: tuple[VehicleType, ...]
    distance: np.ndarray
    duration: np.ndarray
    shipments: tuple[Shipment, ...] = ()
    scale: float = 1
    name: str = ""
    #: Pinned (already committed) routes: ``(vehicle_type, visits)`` that solvers keep as they
    #: are (their vehicles are used and their stops are not re-planned).
    pinned: tuple[tuple[int, tuple[int, ...]], ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "locations", tuple(self.locations))
        object.__setattr__(self, "depots", tuple(self.depots))
        object.__setattr__(self, "clients", tuple(self.clients))
        object.__setattr__(self, "vehicle_types", tuple(self.vehicle_types))
        object.__setattr__(self, "shipments", tuple(self.shipments))
        object.__setattr__(
            self, "pinned", tuple((int(k), tuple(int(v) for v in vs)) for k, vs in self.pinned)
        )
        dist = np.ascontiguousarray(self.distance, dtype=np.int64)
        dur = np.ascontiguousarray(self.duration, dtype=np.int64)
        dist.setflags(write=False)
        dur.setflags(write=False)
        object.__setattr__(self, "distance", dist)
        object.__setattr__(self, "duration", dur)
        self._validate()

    # -- derived views ----------------------------------------------------------------------
    @property
    def num_locations(self) -> int:
        return len(self.locations)

    @property
    def num_depots(self) -> int:
        return len(self.depots)

    @property
    def num_vehicles(self) -> int:
        return sum(vt.num_available for vt in self.vehicle_types)

    def stop_kinds(self) -> list[tuple[str, int]]:
        """Per location: ("depot", i), ("client", i), ("pickup", s) or ("delivery", s)."""
        kinds: list[tuple[str, int]] = [("", -1)] * self.num_locations
        for i, d in enumerate(self.depots):
            kinds[d.location] = ("depot", i)
        for i, c in enumerate(self.clients):
            kinds[c.location] = ("client", i)
        for i, s in enumerate(self.shipments):
            kinds[s.pickup_location] = ("pickup", i)
            kinds[s.delivery_location] = ("delivery", i)
        return kinds

    def replace(self, **changes: object) -> RoutingProblem:
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)

    def _validate(self) -> None:
        n = self.num_locations
        if not self.depots:
            raise ValueError("A routing problem needs at least one depot.")
        if not self.vehicle_types:
            raise ValueError("A routing problem needs at least one vehicle type.")
        for m, what in ((self.distance, "distance"), (self.duration, "duration")):
            if m.shape != (n, n):
                raise ValueError(f"{what} matrix has shape {m.shape}, expected {(n, n)}.")
            if n and (m < 0).any():
                raise ValueError(f"{what} matrix has negative entries.")
        for i, d in enumerate(self.depots):
            if d.location != i:
                raise ValueError(f"Depot {i} must be at location {i} (depots come first).")
        used = [False] * n
        for i in range(self.num_depots):
            used[i] = True

        def take(loc: int, what: str) -> None:
            if not 0 <= loc < n:
                raise IndexError(f"{what} refers to location {loc}, outside [0, {n}).")
            if used[loc]:
                raise ValueError(f"{what}: location {loc} already has a depot or another stop.")
            used[loc] = True

        for i, c in enumerate(self.clients):
            take(c.location, f"client {i}")
            if c.delivery < 0 or c.pickup < 0 or c.service_duration < 0:
                raise ValueError(f"client {i}: negative delivery, pickup or service duration.")
            if c.tw_early > c.tw_late:
                raise ValueError(f"client {i}: tw_early {c.tw_early} > tw_late {c.tw_late}.")
        for i, s in enumerate(self.shipments):
            take(s.pickup_location, f"shipment {i} pickup")
            take(s.delivery_location, f"shipment {i} delivery")
            if s.amount < 0:
                raise ValueError(f"shipment {i}: negative amount.")
        for k, vt in enumerate(self.vehicle_types):
            if vt.num_available < 1:
                raise ValueError(f"vehicle type {k}: num_available must be positive.")
            for dep in (vt.start_depot, vt.end_depot, *vt.reload_depots):
                if not 0 <= dep < self.num_depots:
                    raise IndexError(
                        f"vehicle type {k} refers to depot {dep}, which does not exist."
                    )
            if vt.capacity < 0:
                raise ValueError(f"vehicle type {k}: negative capacity.")
        for k, visits in self.pinned:
            if not 0 <= k < len(self.vehicle_types):
                raise IndexError(f"pinned route refers to vehicle type {k}, which does not exist.")
            for v in visits:
                if not 0 <= v < n:
                    raise IndexError(f"pinned route visits location {v}, outside [0, {n}).")

    # -- building from code -----------------------------------------------------------------
    @classmethod
    def build(
        cls,
        *,
        depots: Sequence[tuple[float, float]],
        clients: Sequence[dict],
        trucks: Sequence[dict],
        distance: np.ndarray | None = None,
        duration: np.ndarray | None = None,
        speed: float = 1.0,
        scale: float = 1.0,
        name: str = "",
    ) -> RoutingProblem:
        """Build a problem from planner-friendly records.

        - ``depots``: coordinates ``(x, y)``, one a depot (e.g. km in a projected grid).
        - ``clients``: dicts with ``xy`` and optional ``delivery``, ``pickup`` (integers, e.g.
          kg or tenths of tonnes), ``service`` and ``tw`` = ``(early, late)`` (e.g. minutes),
          ``prize`` (makes the stop optional) and ``name``.
        - ``trucks``: dicts with ``count``, ``capacity`` and optional ``depot`` (start and end),
          ``end_depot``, ``fixed_cost``, ``cost_per_distance``, ``cost_per_duration``,
          ``shift`` (max duration), ``tw``, ``max_distance``, ``reload_depots``, ``name``.
        - Without matrices, distance = Euclidean between coordinates x ``scale`` rounded, and
          duration = distance / ``speed``, rounded.
        """
        locs = [Location(float(x), float(y)) for x, y in depots]
        locs += [Location(float(c["xy"][0]), float(c["xy"][1]), c.get("name", "")) for c in clients]
        nd = len(depots)
        if distance is None:
            xy = np.array([[loc.x, loc.y] for loc in locs], dtype=float)
            eu = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1)) * scale
            distance = np.round(eu).astype(np.int64)
            if duration is None:
                duration = np.round(eu / speed).astype(np.int64)
        if duration is None:
            duration = distance
        cls_list = []
        for i, c in enumerate(clients):
            early, late = c.get("tw", (0, INF))
            prize = int(c.get("prize", 0))
            cls_list.append(
                Client(
                    location=nd + i,
                    delivery=int(c.get("delivery", 0)),
                    pickup=int(c.get("pickup", 0)),
                    service_duration=int(c.get("service", 0)),
                    tw_early=int(early),
                    tw_late=int(late),
                    prize=prize,
                    required=not prize and c.get("required", True),
                    name=c.get("name", ""),
                )
            )
        vts = []
        for t in trucks:
            early, late = t.get("tw", (0, INF))
            depot = int(t.get("depot", 0))
            vts.append(
                VehicleType(
                    num_available=int(t.get("count", 1)),
                    capacity=int(t.get("capacity", INF)),
                    start_depot=depot,
                    end_depot=int(t.get("end_depot", depot)),
                    fixed_cost=int(t.get("fixed_cost", 0)),
                    unit_distance_cost=int(t.get("cost_per_distance", 1)),
                    unit_duration_cost=int(t.get("cost_per_duration", 0)),
                    tw_early=int(early),
                    tw_late=int(late),
                    shift_duration=int(t.get("shift", INF)),
                    max_distance=int(t.get("max_distance", INF)),
                    reload_depots=tuple(t.get("reload_depots", ())),
                    name=t.get("name", ""),
                )
            )
        return cls(
            locations=tuple(locs),
            depots=tuple(Depot(i) for i in range(nd)),
            clients=tuple(cls_list),
            vehicle_types=tuple(vts),
            distance=distance,
            duration=duration,
            scale=scale,
            name=name,
        )
