"""VROOM's JSON problem format (jobs, shipments, vehicles, a matrix or coordinates).

Every value is read through :class:`Fields`, which names the field's path in the file
(``jobs[3].time_windows[0]``) when the value is missing, of the wrong kind, not finite or out
of range, so a bad file gets one clear :class:`~hubflow.errors.ScenarioError`, never a
traceback. Standard JSON only: ``NaN`` and ``Infinity`` are refused.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from hubflow.dispatch.problem import (
    INF,
    Client,
    Depot,
    Location,
    RoutingProblem,
    Shipment,
    VehicleType,
)
from hubflow.errors import Problem, ScenarioError

#: ``haversine`` distances for VROOM files with coordinates only: great circle x this road
#: circuity (the scenario default, see docs/scenario-format.md), driven at this speed.
HAVERSINE_CIRCUITY = 1.30
HAVERSINE_SPEED_KMH = 50.0
EARTH_RADIUS_KM = 6371.0088
#: the largest amount, duration or time a file may give (about 35,000 years in seconds):
#: PyVRP sums them in 64-bit integers, and sums over tens of thousands of stops stay exact
LARGEST = 2**40


def haversine_seconds(lonlat: np.ndarray, circuity: float, speed_kmh: float) -> np.ndarray:
    """Travel seconds between ``[lon, lat]`` points: great circle x ``circuity`` at
    ``speed_kmh``, rounded to whole seconds (VROOM's duration unit)."""
    lon, lat = np.radians(lonlat[:, 0]), np.radians(lonlat[:, 1])
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    h = np.sin(dlat / 2) ** 2 + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin(dlon / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return np.round(km * circuity / speed_kmh * 3600).astype(np.int64)


class Fields:
    """Typed reads from one VROOM document; each error names the file and the field's path."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def bad(self, where: str, message: str) -> ScenarioError:
        return ScenarioError(Problem(str(self.path), None, where or None, message))

    def obj(self, value: Any, where: str) -> dict:
        if not isinstance(value, dict):
            raise self.bad(where, f"expected an object, got {_kind(value)}")
        return value

    def items(self, value: Any, where: str) -> list:
        if not isinstance(value, list):
            raise self.bad(where, f"expected a list, got {_kind(value)}")
        return value

    def integer(self, value: Any, where: str, low: int = 0) -> int:
        """A whole number from ``low`` up to :data:`LARGEST` (``2.0`` counts as 2)."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.bad(where, f"expected a whole number, got {_kind(value)}")
        if isinstance(value, float) and (not math.isfinite(value) or value != int(value)):
            raise self.bad(where, f"expected a whole number, got {value!r}")
        if not low <= value <= LARGEST:
            shown = f"{value!r}" if len(f"{value!r}") <= 24 else f"{value!r}"[:20] + "..."
            raise self.bad(where, f"{shown} is outside {low}..{LARGEST:,}")
        return int(value)

    def first(self, value: Any, where: str) -> int:
        """The first dimension of an amount (``[3, ...]``); an empty list is 0."""
        amounts = self.items(value, where)
        return self.integer(amounts[0], f"{where}[0]") if amounts else 0

    def window(self, value: Any, where: str) -> tuple[int, int]:
        pair = self.items(value, where)
        if len(pair) != 2:
            raise self.bad(where, f"expected [start, end], got {len(pair)} numbers")
        early, late = self.integer(pair[0], f"{where}[0]"), self.integer(pair[1], f"{where}[1]")
        if early > late:
            raise self.bad(where, f"starts at {early} after it ends at {late}")
        return early, late

    def windows(self, stop: dict, where: str) -> tuple[int, int]:
        """The span of a stop's ``time_windows`` (VROOM's several windows: their hull)."""
        given = stop.get("time_windows")
        if given is None:
            return 0, INF
        spans = [
            self.window(w, f"{where}.time_windows[{i}]")
            for i, w in enumerate(self.items(given, f"{where}.time_windows"))
        ]
        if not spans:
            raise self.bad(f"{where}.time_windows", "an empty list: give no key for no window")
        return min(s[0] for s in spans), max(s[1] for s in spans)

    def lonlat(self, value: Any, where: str) -> tuple[float, float]:
        pair = self.items(value, where)
        if len(pair) != 2 or any(
            isinstance(v, bool) or not isinstance(v, int | float) for v in pair
        ):
            raise self.bad(where, f"expected [lon, lat], got {value!r}")
        lon, lat = float(pair[0]), float(pair[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise self.bad(where, f"[{lon}, {lat}] is not a [lon, lat] on Earth")
        return lon, lat

    def matrix(self, value: Any, where: str) -> np.ndarray:
        """A square matrix of whole numbers in range; checked in one pass of numpy, value by
        value only to name the first bad one."""
        rows = self.items(value, where)
        for i, row in enumerate(rows):
            if len(self.items(row, f"{where}[{i}]")) != len(rows):
                raise self.bad(f"{where}[{i}]", f"{len(row)} values in a {len(rows)}-row matrix")
        numbers = np.array(rows).reshape(len(rows), len(rows))  # text or huge ints: not "iuf"
        if numbers.dtype.kind in "iuf":
            whole = np.isfinite(numbers) & (numbers == np.round(numbers))
            low, high = numbers.min(initial=0), numbers.max(initial=0)
            if whole.all() and low >= 0 and high <= LARGEST:
                return numbers.astype(np.int64)
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                self.integer(v, f"{where}[{i}][{j}]")
        raise self.bad(where, "not a matrix of whole numbers")  # pragma: no cover


def _kind(value: Any) -> str:
    return "nothing" if value is None else f"{type(value).__name__} {value!r}"[:60]


def load_document(p: Path) -> dict:
    """The file's JSON object; standard JSON only, nesting and numbers bounded by Python's
    parser, each failure a :class:`ScenarioError` naming the file."""
    fields = Fields(p)

    def refuse(constant: str) -> None:
        raise fields.bad("", f"{constant} is not standard JSON")

    try:
        doc = json.loads(p.read_text(encoding="utf-8-sig"), parse_constant=refuse)
    except OSError as e:
        raise fields.bad("", f"cannot read file: {e.strerror}") from e
    except UnicodeDecodeError as e:
        raise fields.bad("", f"is not UTF-8 text (byte {e.start + 1})") from None
    except json.JSONDecodeError as e:
        raise ScenarioError(Problem(str(p), e.lineno, None, f"invalid JSON: {e.msg}")) from None
    except RecursionError:
        raise fields.bad("", "invalid JSON: it nests too deeply") from None
    except ValueError as e:  # a number of thousands of digits
        raise fields.bad("", f"invalid JSON: {str(e).split(';')[0]}") from None
    return fields.obj(doc, "")


def _parts(doc: dict, f: Fields) -> tuple[list[dict], list[dict], list[dict]]:
    """The file's vehicles, jobs and shipments, each an object, a shipment's pickup and
    delivery too."""

    def objects(key: str) -> list[dict]:
        return [f.obj(v, f"{key}[{i}]") for i, v in enumerate(f.items(doc.get(key, []), key))]

    vehicles, jobs, shipments = objects("vehicles"), objects("jobs"), objects("shipments")
    for i, sh in enumerate(shipments):
        for step in ("pickup", "delivery"):
            f.obj(sh.get(step), f"shipments[{i}].{step}")
    return vehicles, jobs, shipments


def _coordinate_matrix(
    parts: tuple[list[dict], list[dict], list[dict]], f: Fields, circuity: float, speed: float
) -> np.ndarray:
    """Give every coordinate of the vehicles, jobs and shipment steps a ``location_index``
    (in place) and return the haversine duration matrix over them."""
    points: dict[tuple[float, float], int] = {}

    def index(where: dict, key: str, idx_key: str, path: str) -> None:
        if key in where and idx_key not in where:
            xy = f.lonlat(where[key], f"{path}.{key}")
            where[idx_key] = points.setdefault(xy, len(points))

    vehicles, jobs, shipments = parts
    for i, v in enumerate(vehicles):
        index(v, "start", "start_index", f"vehicles[{i}]")
        index(v, "end", "end_index", f"vehicles[{i}]")
    for j, job in enumerate(jobs):
        index(job, "location", "location_index", f"jobs[{j}]")
    for j, sh in enumerate(shipments):
        for step in ("pickup", "delivery"):
            index(sh[step], "location", "location_index", f"shipments[{j}].{step}")
    if not points:
        raise f.bad("location", "--distances haversine needs [lon, lat] locations")
    return haversine_seconds(np.array(list(points), dtype=float), circuity, speed)


def _durations(doc: dict, parts, f: Fields, distances: str, circuity: float, speed: float):
    """(durations, costs) matrices: the file's (``matrices.<profile>`` or ``matrix``), or
    haversine seconds over the coordinates of its ``parts`` (:func:`_parts`)."""
    if distances == "haversine":
        durations = _coordinate_matrix(parts, f, circuity, speed)
        return durations, durations
    mats = f.obj(doc.get("matrices", {}), "matrices")
    name = "car" if "car" in mats else next(iter(mats), None)
    if name is not None:
        prof = f.obj(mats[name], f"matrices.{name}")
        if "durations" not in prof:
            raise f.bad(f"matrices.{name}", "no durations matrix")
        durations = f.matrix(prof["durations"], f"matrices.{name}.durations")
        costs = f.matrix(prof["costs"], f"matrices.{name}.costs") if "costs" in prof else durations
        if costs.shape != durations.shape:
            raise f.bad(f"matrices.{name}.costs", "not the size of the durations matrix")
        return durations, costs
    if "matrix" in doc:
        durations = f.matrix(doc["matrix"], "matrix")
        return durations, durations
    raise f.bad(
        "matrices",
        "no matrices.<profile>.durations or matrix: coordinates alone need a routing engine "
        "(or --distances haversine for great-circle distances)",
    )


def _unique_ids(f: Fields, items: list[dict], where: str) -> None:
    """VROOM refuses a file whose jobs (or vehicles, pickups, deliveries) share an id."""
    seen: dict[Any, int] = {}
    for i, item in enumerate(items):
        if "id" in item and item["id"] in seen:
            raise f.bad(
                f"{where}[{i}].id", f"id {item['id']!r} already used by {where}[{seen[item['id']]}]"
            )
        if "id" in item:
            seen[item["id"]] = i


def read_vroom(
    path: Path | str,
    round_func: str = "round",
    distances: str = "matrix",
    circuity: float = HAVERSINE_CIRCUITY,
    speed_kmh: float = HAVERSINE_SPEED_KMH,
) -> RoutingProblem:
    """VROOM's JSON problem (jobs, shipments, vehicles, ``matrices`` or ``matrix``).

    ``distances="matrix"`` needs the file's matrix (there is no routing engine here).
    ``distances="haversine"`` reads ``[lon, lat]`` coordinates instead (``location``, a
    vehicle's ``start``/``end``) and drives great circle x ``circuity`` at ``speed_kmh``:
    an approximation; VROOM itself asks a road engine (OSRM, Valhalla) for the matrix, so its
    routes on the same file differ. Cost = VROOM's default: travel time
    (or the ``costs`` matrix if given) plus each vehicle's ``costs.fixed``. Every job and each
    distinct vehicle start/end becomes a location of its own; a vehicle without ``end`` gets
    an end depot at zero distance from everything (open route). Jobs' ``delivery``/``pickup``
    and vehicles' ``capacity`` use the first dimension. A stop's location is named by the file's
    own id (a job's ``id``, a shipment step's ``id``), so routes can be reported in the file's ids.
    """
    if distances not in ("matrix", "haversine"):
        raise ValueError(f"distances={distances!r}; expected 'matrix' or 'haversine'.")
    p = Path(path)
    f = Fields(p)
    doc = load_document(p)
    vehicles, jobs, shipments = parts = _parts(doc, f)
    durations, costs = _durations(doc, parts, f, distances, circuity, speed_kmh)
    if not vehicles:
        raise f.bad("vehicles", "no vehicles")
    for items, where in ((vehicles, "vehicles"), (jobs, "jobs")):
        _unique_ids(f, items, where)
    for step in ("pickup", "delivery"):
        _unique_ids(f, [sh[step] for sh in shipments], f"shipments[].{step}")
    size = len(durations)

    def location(stop: dict, key: str, where: str) -> int | None:
        if key not in stop:
            return None
        index = f.integer(stop[key], f"{where}.{key}")
        if index >= size:
            raise f.bad(f"{where}.{key}", f"{index} is outside the {size}-row matrix")
        return index

    depot_src: list[int | None] = []  # distinct vehicle start/end indices; None = open end

    def depot_of(idx: int | None) -> int:
        if idx not in depot_src:
            depot_src.append(idx)
        return depot_src.index(idx)

    vts = [_vehicle_type(f, v, i, location, depot_of) for i, v in enumerate(vehicles)]
    src: list[int | None] = list(depot_src)
    names = [str(s) for s in depot_src]

    def stop(item: dict, where: str, name: str) -> tuple[int, int, int, int]:
        """A job or shipment step as a location of its own: (location, service, early, late)."""
        loc = location(item, "location_index", where)
        if loc is None:
            needs = "location_index (or location with --distances haversine)"
            raise f.bad(f"{where}.location_index", f"a stop needs {needs}")
        src.append(loc)
        names.append(str(item.get("id", name)))
        service = f.integer(item.get("service", 0), f"{where}.service")
        return (len(src) - 1, service, *f.windows(item, where))

    clients = []
    for j, job in enumerate(jobs):
        where = f"jobs[{j}]"
        at, service, early, late = stop(job, where, str(j))
        clients.append(
            Client(
                location=at,
                delivery=f.first(job.get("delivery", []), f"{where}.delivery"),
                pickup=f.first(job.get("pickup", []), f"{where}.pickup"),
                service_duration=service,
                tw_early=early,
                tw_late=late,
                name=names[-1],
            )
        )
    pairs = []
    for j, sh in enumerate(shipments):
        pick = stop(sh["pickup"], f"shipments[{j}].pickup", f"{j}p")
        drop = stop(sh["delivery"], f"shipments[{j}].delivery", f"{j}d")
        pairs.append(
            Shipment(
                pickup_location=pick[0],
                delivery_location=drop[0],
                amount=f.first(sh.get("amount", []), f"shipments[{j}].amount"),
                pickup_service_duration=pick[1],
                pickup_tw_early=pick[2],
                pickup_tw_late=pick[3],
                delivery_service_duration=drop[1],
                delivery_tw_early=drop[2],
                delivery_tw_late=drop[3],
            )
        )
    real = np.array([s if s is not None else 0 for s in src])
    dur = durations[np.ix_(real, real)].copy()
    dist = costs[np.ix_(real, real)].copy()
    open_ = np.array([s is None for s in src])
    for m in (dur, dist):
        m[open_, :] = 0
        m[:, open_] = 0
    try:
        return RoutingProblem(
            locations=tuple(Location(name=n) for n in names),
            depots=tuple(Depot(i) for i in range(len(depot_src))),
            clients=tuple(clients),
            vehicle_types=tuple(vts),
            distance=dist,
            duration=dur,
            shipments=tuple(pairs),
            name=p.stem,
        )
    except (ValueError, IndexError) as e:
        raise f.bad("", str(e)) from e


def _vehicle_type(f: Fields, v: dict, index: int, location, depot_of) -> VehicleType:
    """The file's vehicle ``index`` as a vehicle type of one truck."""
    where = f"vehicles[{index}]"
    given = v.get("max_travel_time")
    shift = INF if given is None else f.integer(given, f"{where}.max_travel_time")
    start = location(v, "start_index", where)
    end = location(v, "end_index", where)
    if start is None and end is None:
        raise f.bad(
            f"{where}.start_index",
            "a vehicle needs start_index or end_index (or start/end with --distances haversine)",
        )
    s_dep, e_dep = depot_of(start), depot_of(end)
    early, late = (
        f.window(v["time_window"], f"{where}.time_window") if "time_window" in v else (0, INF)
    )
    capacity = f.items(v.get("capacity", []), f"{where}.capacity")
    costs = f.obj(v.get("costs", {}), f"{where}.costs")
    return VehicleType(
        num_available=1,
        capacity=f.integer(capacity[0], f"{where}.capacity[0]") if capacity else INF,
        start_depot=s_dep,
        end_depot=e_dep,
        fixed_cost=f.integer(costs.get("fixed", 0), f"{where}.costs.fixed"),
        tw_early=early,
        tw_late=late,
        shift_duration=shift,
        name=str(v.get("id", index)),
    )
