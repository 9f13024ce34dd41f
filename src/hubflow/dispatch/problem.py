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

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any, TypeVar

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


@dataclass(frozen=True, slots=True)
class Stop:
    """A client for :meth:`RoutingProblem.build`: where, what to drop or collect, when.

    ``delivery``/``pickup`` are integers (e.g. kg or 0.1 t); ``service`` and ``tw`` = (early,
    late) in duration units; a ``prize`` > 0 makes the stop optional (leaving it out costs it).
    """

    xy: tuple[float, float]
    delivery: int = 0
    pickup: int = 0
    service: int = 0
    tw: tuple[int, int] = (0, INF)
    prize: int = 0
    required: bool = True
    name: str = ""

    def client(self, location: int) -> Client:
        return Client(
            location=location,
            delivery=int(self.delivery),
            pickup=int(self.pickup),
            service_duration=int(self.service),
            tw_early=int(self.tw[0]),
            tw_late=int(self.tw[1]),
            prize=int(self.prize),
            required=not self.prize and self.required,
            name=self.name,
        )


@dataclass(frozen=True, slots=True)
class Truck:
    """A truck type for :meth:`RoutingProblem.build`: ``count`` alike trucks based at ``depot``
    (and back to ``end_depot``, the same by default), ``shift`` = longest route duration."""

    count: int = 1
    capacity: int = INF
    depot: int = 0
    end_depot: int | None = None
    fixed_cost: int = 0
    cost_per_distance: int = 1
    cost_per_duration: int = 0
    shift: int = INF
    tw: tuple[int, int] = (0, INF)
    max_distance: int = INF
    reload_depots: tuple[int, ...] = ()
    name: str = ""

    def vehicle_type(self) -> VehicleType:
        return VehicleType(
            num_available=int(self.count),
            capacity=int(self.capacity),
            start_depot=int(self.depot),
            end_depot=int(self.depot if self.end_depot is None else self.end_depot),
            fixed_cost=int(self.fixed_cost),
            unit_distance_cost=int(self.cost_per_distance),
            unit_duration_cost=int(self.cost_per_duration),
            tw_early=int(self.tw[0]),
            tw_late=int(self.tw[1]),
            shift_duration=int(self.shift),
            max_distance=int(self.max_distance),
            reload_depots=tuple(self.reload_depots),
            name=self.name,
        )


R = TypeVar("R", Stop, Truck)


def _record(kind: type[R], value: R | Mapping[str, Any], what: str, index: int) -> R:
    """``value`` as a ``kind`` record; unknown dict keys raise ``ValueError`` naming them."""
    if not isinstance(value, Mapping):
        return value
    known = [f.name for f in fields(kind)]
    for key in value:
        if key not in known:
            near = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise ValueError(f"{what} {index}: unknown key {key!r}{hint}; known keys: {known}.")
    return kind(**value)


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

    def __reduce__(self) -> tuple:
        """Pickle by the constructor, so a copy in a worker process is validated and read-only."""
        return (type(self), tuple(getattr(self, f.name) for f in fields(self)))

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

    @property
    def has_pickups(self) -> bool:
        """Whether any stop has goods collected to bring back (backhauls, or pickup and
        delivery at the same stop); shipments are not counted."""
        return any(c.pickup for c in self.clients)

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
        return replace(self, **changes)  # type: ignore[arg-type]

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
        clients: Sequence[Stop | Mapping[str, Any]],
        trucks: Sequence[Truck | Mapping[str, Any]],
        distance: np.ndarray | None = None,
        duration: np.ndarray | None = None,
        speed: float = 1.0,
        scale: float = 1.0,
        name: str = "",
    ) -> RoutingProblem:
        """Build a problem from planner-friendly records.

        - ``depots``: coordinates ``(x, y)``, one a depot (e.g. km in a projected grid).
        - ``clients``: :class:`Stop` records, or dicts with the same keys.
        - ``trucks``: :class:`Truck` records, or dicts with the same keys.
        - Without matrices, distance = Euclidean between coordinates x ``scale`` rounded, and
          duration = distance / ``speed``, rounded.

        A dict key that is not a field (a typo such as ``capcity``) raises ``ValueError``
        instead of silently leaving the default (an unlimited capacity, say).
        """
        stops = [_record(Stop, c, "client", i) for i, c in enumerate(clients)]
        fleet = [_record(Truck, t, "truck", i) for i, t in enumerate(trucks)]
        locs = [Location(float(x), float(y)) for x, y in depots]
        locs += [Location(float(c.xy[0]), float(c.xy[1]), c.name) for c in stops]
        nd = len(depots)
        if distance is None:
            xy = np.array([[loc.x, loc.y] for loc in locs], dtype=float)
            eu = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1)) * scale
            distance = np.round(eu).astype(np.int64)
            if duration is None:
                duration = np.round(eu / speed).astype(np.int64)
        if duration is None:
            duration = distance
        cls_list = [c.client(nd + i) for i, c in enumerate(stops)]
        vts = [t.vehicle_type() for t in fleet]
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
