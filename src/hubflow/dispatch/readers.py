"""Readers: VRPLIB/CVRPLIB (with PyVRP's extended sections), Solomon / Gehring-Homberger,
Li & Lim and VROOM JSON. Each returns a :class:`RoutingProblem`; bad files raise
:class:`hubflow.errors.ScenarioError`.

Rounding (``round_func``) follows PyVRP's reader: ``round`` = nearest integer (scale 1),
``exact`` = x1000 then round (scale 1000), ``dimacs`` = x10 then truncate (scale 10),
``none`` = values used as they are, truncated to integers (scale 1). Distances, durations,
time windows and service times are all rounded the same way.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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

ROUND_FUNCS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], float]] = {
    "round": (lambda v: np.round(v).astype(np.int64), 1),
    "exact": (lambda v: np.round(1_000 * np.asarray(v, dtype=float)).astype(np.int64), 1000),
    "dimacs": (lambda v: (10 * np.asarray(v, dtype=float)).astype(np.int64), 10),
    "none": (lambda v: np.asarray(v).astype(np.int64), 1),
}


def _round(round_func: str) -> tuple[Callable[[np.ndarray], np.ndarray], float]:
    try:
        return ROUND_FUNCS[round_func]
    except KeyError:
        raise ValueError(
            f"round_func={round_func!r}; expected one of {list(ROUND_FUNCS)}."
        ) from None


def _bad(
    path: Path | str, message: str, row: int | None = None, field: str | None = None
) -> ScenarioError:
    return ScenarioError(Problem(str(path), row, field, message))


def detect_format(path: Path | str) -> str:
    """``vrplib``, ``solomon``, ``lilim`` or ``vroom`` from the file's name and first lines."""
    p = Path(path)
    if p.suffix.lower() == ".json":
        return "vroom"
    try:
        head = p.read_text(errors="replace")[:2000]
    except OSError as e:
        raise _bad(p, f"cannot read file: {e.strerror}") from e
    upper = head.upper()
    if "CUSTOMER" in upper and "VEHICLE" in upper:
        return "solomon"
    first = head.strip().splitlines()[0].split() if head.strip() else []
    if len(first) == 3 and all(_is_number(t) for t in first) and ":" not in head.splitlines()[0]:
        return "lilim"
    return "vrplib"


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def read(
    path: Path | str, round_func: str = "round", fmt: str | None = None, distances: str = "matrix"
) -> RoutingProblem:
    """Read any supported file; the format is detected unless ``fmt`` is given. ``distances``
    applies to VROOM JSON only (see :func:`read_vroom`)."""
    fmt = fmt or detect_format(path)
    readers = {
        "vrplib": read_vrplib,
        "solomon": read_solomon,
        "lilim": read_lilim,
        "vroom": read_vroom,
    }
    if fmt not in readers:
        raise ValueError(f"fmt={fmt!r}; expected one of {list(readers)}.")
    if fmt == "vroom":
        return read_vroom(path, distances=distances)
    return readers[fmt](path, round_func)


def read_vrplib(path: Path | str, round_func: str = "round") -> RoutingProblem:
    """A VRPLIB file, parsed with PyVRP's reader (all its extended sections), converted.

    Vehicle types are numbered as ``pyvrp.read`` numbers them. Files whose vehicles may only
    visit some clients (several routing profiles) are refused.
    """
    import pyvrp

    rf, scale = _round(round_func)
    p = Path(path)
    if not p.is_file():
        raise _bad(p, "no such file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            data = pyvrp.read(p, round_func=rf)
    except Exception as e:  # vrplib raises many kinds on malformed input
        raise _bad(p, f"not a readable VRPLIB file: {type(e).__name__}: {e}") from e
    return from_pyvrp(data, scale=scale, name=p.stem, path=p)


def from_pyvrp(
    data, scale: float = 1, name: str = "", path: Path | str = "<data>"
) -> RoutingProblem:
    """Convert PyVRP ``ProblemData`` (one load dimension, one profile) to a RoutingProblem."""
    if data.num_profiles != 1:
        raise _bad(path, "several routing profiles (allowed-clients sections) are not supported")
    if data.num_load_dimensions > 1:
        raise _bad(path, "more than one load dimension is not supported")

    def one(v: list[int]) -> int:
        return int(v[0]) if len(v) else 0

    locs = tuple(Location(float(loc.x), float(loc.y), loc.name) for loc in data.locations())
    depots = tuple(Depot(d.location, int(d.tw_early), int(d.tw_late)) for d in data.depots())
    clients = tuple(
        Client(
            location=c.location,
            delivery=one(c.delivery),
            pickup=one(c.pickup),
            service_duration=int(c.service_duration),
            tw_early=int(c.tw_early),
            tw_late=int(c.tw_late),
            prize=int(c.prize),
            required=bool(c.required),
        )
        for c in data.clients()
    )
    shipments = (
        tuple(
            Shipment(
                pickup_location=s.pickup.location,
                delivery_location=s.delivery.location,
                amount=one(s.amount),
                pickup_service_duration=int(s.pickup.service_duration),
                pickup_tw_early=int(s.pickup.tw_early),
                pickup_tw_late=int(s.pickup.tw_late),
                delivery_service_duration=int(s.delivery.service_duration),
                delivery_tw_early=int(s.delivery.tw_early),
                delivery_tw_late=int(s.delivery.tw_late),
                prize=int(s.prize),
                required=bool(s.required),
            )
            for s in data.shipments()
        )
        if data.num_shipments
        else ()
    )
    vts = tuple(
        VehicleType(
            num_available=int(vt.num_available),
            capacity=one(vt.capacity) if len(vt.capacity) else INF,
            start_depot=int(vt.start_depot),
            end_depot=int(vt.end_depot),
            fixed_cost=int(vt.fixed_cost),
            unit_distance_cost=int(vt.unit_distance_cost),
            unit_duration_cost=int(vt.unit_duration_cost),
            tw_early=int(vt.tw_early),
            tw_late=int(vt.tw_late),
            shift_duration=int(vt.shift_duration),
            max_distance=int(vt.max_distance),
            reload_depots=tuple(int(d) for d in vt.reload_depots),
            max_reloads=int(vt.max_reloads),
            name=vt.name,
        )
        for vt in data.vehicle_types()
    )
    try:
        return RoutingProblem(
            locations=locs,
            depots=depots,
            clients=clients,
            vehicle_types=vts,
            distance=np.asarray(data.distance_matrix(0)),
            duration=np.asarray(data.duration_matrix(0)),
            shipments=shipments,
            scale=scale,
            name=name,
        )
    except (ValueError, IndexError) as e:
        raise _bad(path, str(e)) from e


def _euclid(xy: np.ndarray) -> np.ndarray:
    return np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))


def read_solomon(path: Path | str, round_func: str = "round") -> RoutingProblem:
    """Solomon / Gehring-Homberger VRPTW text: distance = duration = Euclidean (rounded as
    asked); depot row 0 gives the route's time window; ``VEHICLE NUMBER`` trucks."""
    rf, scale = _round(round_func)
    p = Path(path)
    try:
        lines = p.read_text().splitlines()
    except OSError as e:
        raise _bad(p, f"cannot read file: {e.strerror}") from e
    num_veh = cap = None
    rows: list[list[float]] = []
    for i, line in enumerate(lines, start=1):
        tok = line.split()
        if not tok or not all(_is_number(t) for t in tok):
            continue
        if len(tok) == 2 and num_veh is None:
            num_veh, cap = int(float(tok[0])), int(float(tok[1]))
        elif len(tok) == 7:
            rows.append([float(t) for t in tok])
        else:
            raise _bad(
                p,
                f"expected 7 numbers (CUST NO., X, Y, DEMAND, READY, DUE, SERVICE), got {len(tok)}",
                row=i,
            )
    if num_veh is None or not rows:
        raise _bad(p, "no VEHICLE (NUMBER CAPACITY) line or no CUSTOMER rows: not a Solomon file")
    arr = np.array(rows)
    xy = arr[:, 1:3]
    dist = rf(_euclid(xy))
    tw = rf(arr[:, 4:6])
    service = rf(arr[:, 6])
    demand = arr[:, 3].astype(np.int64)
    clients = tuple(
        Client(
            location=i,
            delivery=int(demand[i]),
            service_duration=int(service[i]),
            tw_early=int(tw[i, 0]),
            tw_late=int(tw[i, 1]),
        )
        for i in range(1, len(arr))
    )
    if num_veh is None or cap is None:
        raise _bad(p, "no vehicle line (NUMBER CAPACITY) before the customers")
    vt = VehicleType(
        num_available=num_veh, capacity=cap, tw_early=int(tw[0, 0]), tw_late=int(tw[0, 1])
    )
    try:
        return RoutingProblem(
            locations=tuple(Location(float(x), float(y)) for x, y in xy),
            depots=(Depot(0, int(tw[0, 0]), int(tw[0, 1])),),
            clients=clients,
            vehicle_types=(vt,),
            distance=dist,
            duration=dist,
            scale=scale,
            name=p.stem,
        )
    except (ValueError, IndexError) as e:
        raise _bad(p, str(e)) from e


def read_lilim(path: Path | str, round_func: str = "round") -> RoutingProblem:
    """Li & Lim PDPTW text: ``K Q S`` then ``id x y demand ready due service pickup delivery``."""
    rf, scale = _round(round_func)
    p = Path(path)
    try:
        lines = [ln for ln in p.read_text().splitlines() if ln.strip()]
    except OSError as e:
        raise _bad(p, f"cannot read file: {e.strerror}") from e
    try:
        k, q, speed = (float(t) for t in lines[0].split()[:3])
        rows = []
        for i, ln in enumerate(lines[1:], start=2):
            tok = ln.split()
            if len(tok) != 9:
                raise _bad(p, f"expected 9 numbers, got {len(tok)}", row=i)
            rows.append([float(t) for t in tok])
    except (IndexError, ValueError) as e:
        raise _bad(p, f"not a Li & Lim file: {e}", row=1) from e
    arr = np.array(rows)
    if not np.array_equal(arr[:, 0], np.arange(len(arr))):
        raise _bad(p, "task ids must be 0, 1, 2, ... in order", field="id")
    xy = arr[:, 1:3]
    eu = _euclid(xy)
    dist = rf(eu)
    dur = rf(eu / (speed or 1))
    tw = rf(arr[:, 4:6])
    service = rf(arr[:, 6])
    shipments = []
    for i in range(1, len(arr)):
        demand, pick, deliv = arr[i, 3], int(arr[i, 7]), int(arr[i, 8])
        if pick == 0 and deliv > 0:
            j = deliv
            if not 0 < j < len(arr) or int(arr[j, 7]) != i:
                raise _bad(p, f"task {i}'s delivery {j} does not point back to it", row=i + 2)
            shipments.append(
                Shipment(
                    pickup_location=i,
                    delivery_location=j,
                    amount=int(demand),
                    pickup_service_duration=int(service[i]),
                    pickup_tw_early=int(tw[i, 0]),
                    pickup_tw_late=int(tw[i, 1]),
                    delivery_service_duration=int(service[j]),
                    delivery_tw_early=int(tw[j, 0]),
                    delivery_tw_late=int(tw[j, 1]),
                )
            )
    vt = VehicleType(
        num_available=int(k), capacity=int(q), tw_early=int(tw[0, 0]), tw_late=int(tw[0, 1])
    )
    try:
        return RoutingProblem(
            locations=tuple(Location(float(x), float(y)) for x, y in xy),
            depots=(Depot(0, int(tw[0, 0]), int(tw[0, 1])),),
            clients=(),
            vehicle_types=(vt,),
            distance=dist,
            duration=dur,
            shipments=tuple(shipments),
            scale=scale,
            name=p.stem,
        )
    except (ValueError, IndexError) as e:
        raise _bad(p, str(e)) from e


#: ``haversine`` distances for VROOM files with coordinates only: great circle x this road
#: circuity (the scenario default, see docs/scenario-format.md), driven at this speed.
HAVERSINE_CIRCUITY = 1.30
HAVERSINE_SPEED_KMH = 50.0
EARTH_RADIUS_KM = 6371.0088


def haversine_seconds(lonlat: np.ndarray, circuity: float, speed_kmh: float) -> np.ndarray:
    """Travel seconds between ``[lon, lat]`` points: great circle x ``circuity`` at
    ``speed_kmh``, rounded to whole seconds (VROOM's duration unit)."""
    lon, lat = np.radians(lonlat[:, 0]), np.radians(lonlat[:, 1])
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    h = np.sin(dlat / 2) ** 2 + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin(dlon / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return np.round(km * circuity / speed_kmh * 3600).astype(np.int64)


def _coordinate_matrix(doc: dict, p: Path, circuity: float, speed_kmh: float) -> np.ndarray:
    """Give every coordinate in ``doc`` a ``location_index`` (in place) and return the
    haversine duration matrix over them."""
    points: list[tuple[float, float]] = []

    def index(where: dict, key: str, idx_key: str) -> None:
        if key in where and idx_key not in where:
            xy = tuple(float(v) for v in where[key])
            if len(xy) != 2:
                raise _bad(p, f"{key} must be [lon, lat], got {where[key]!r}", field=key)
            if xy not in points:
                points.append(xy)
            where[idx_key] = points.index(xy)

    for v in doc.get("vehicles") or []:
        index(v, "start", "start_index")
        index(v, "end", "end_index")
    for job in doc.get("jobs", []):
        index(job, "location", "location_index")
    for sh in doc.get("shipments", []):
        index(sh.get("pickup", {}), "location", "location_index")
        index(sh.get("delivery", {}), "location", "location_index")
    if not points:
        raise _bad(p, "--distances haversine needs [lon, lat] locations", field="location")
    return haversine_seconds(np.array(points, dtype=float), circuity, speed_kmh)


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
    p = Path(path)
    try:
        doc = json.loads(Path(p).read_text())
    except OSError as e:
        raise _bad(p, f"cannot read file: {e.strerror}") from e
    except json.JSONDecodeError as e:
        raise _bad(p, f"invalid JSON: {e.msg}", row=e.lineno) from e
    if distances not in ("matrix", "haversine"):
        raise ValueError(f"distances={distances!r}; expected 'matrix' or 'haversine'.")
    mats = doc.get("matrices", {})
    prof = mats.get("car") or (next(iter(mats.values())) if mats else {})
    durations = prof.get("durations", doc.get("matrix"))
    if distances == "haversine":
        durations = _coordinate_matrix(doc, p, circuity, speed_kmh)
        prof = {}
    if durations is None:
        raise _bad(
            p,
            "no matrices.<profile>.durations or matrix: coordinates alone need a routing engine "
            "(or --distances haversine for great-circle distances)",
            field="matrices",
        )
    durations = np.asarray(durations, dtype=np.int64)
    costs = np.asarray(prof.get("costs", durations), dtype=np.int64)
    vehicles = doc.get("vehicles") or []
    if not vehicles:
        raise _bad(p, "no vehicles", field="vehicles")
    # Depots: distinct (start, end) indices; None = open end.
    depot_src: list[int | None] = []

    def depot_of(idx: int | None) -> int:
        if idx not in depot_src:
            depot_src.append(idx)
        return depot_src.index(idx)

    vts = []
    for i, v in enumerate(vehicles):
        start = v.get("start_index")
        end = v.get("end_index")
        if start is None and end is None:
            raise _bad(p, "vehicle needs start_index or end_index", row=i, field="vehicles")
        s_dep = depot_of(start if start is not None else None)
        e_dep = depot_of(end)
        tw = v.get("time_window", [0, INF])
        cap = v.get("capacity", [INF])
        vts.append(
            VehicleType(
                num_available=1,
                capacity=int(cap[0]) if cap else INF,
                start_depot=s_dep,
                end_depot=e_dep,
                fixed_cost=int(v.get("costs", {}).get("fixed", 0)),
                tw_early=int(tw[0]),
                tw_late=int(tw[1]),
                shift_duration=int(v.get("max_travel_time", INF)),
                name=str(v.get("id", i)),
            )
        )
    src: list[int | None] = list(depot_src)
    names = [str(s) for s in depot_src]
    clients = []
    shipments = []

    def stop_tw(d: dict) -> tuple[int, int]:
        tws = d.get("time_windows") or [[0, INF]]
        return int(min(t[0] for t in tws)), int(max(t[1] for t in tws))

    for j, job in enumerate(doc.get("jobs", [])):
        if "location_index" not in job:
            raise _bad(p, "job needs location_index", row=j, field="jobs")
        src.append(job["location_index"])
        names.append(str(job.get("id", j)))
        early, late = stop_tw(job)
        clients.append(
            Client(
                location=len(src) - 1,
                delivery=int((job.get("delivery") or [0])[0]),
                pickup=int((job.get("pickup") or [0])[0]),
                service_duration=int(job.get("service", 0)),
                tw_early=early,
                tw_late=late,
                name=str(job.get("id", j)),
            )
        )
    for j, sh in enumerate(doc.get("shipments", [])):
        pk, dl = sh.get("pickup", {}), sh.get("delivery", {})
        if "location_index" not in pk or "location_index" not in dl:
            raise _bad(p, "shipment pickup/delivery needs location_index", row=j, field="shipments")
        src.append(pk["location_index"])
        src.append(dl["location_index"])
        names += [str(pk.get("id", f"{j}p")), str(dl.get("id", f"{j}d"))]
        pe, pl = stop_tw(pk)
        de, dlate = stop_tw(dl)
        shipments.append(
            Shipment(
                pickup_location=len(src) - 2,
                delivery_location=len(src) - 1,
                amount=int((sh.get("amount") or [0])[0]),
                pickup_service_duration=int(pk.get("service", 0)),
                pickup_tw_early=pe,
                pickup_tw_late=pl,
                delivery_service_duration=int(dl.get("service", 0)),
                delivery_tw_early=de,
                delivery_tw_late=dlate,
            )
        )
    real = np.array([s if s is not None else 0 for s in src])
    if real.max(initial=0) >= len(durations):
        raise _bad(
            p,
            f"location_index {int(real.max())} outside the {len(durations)}-row matrix",
        )
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
            shipments=tuple(shipments),
            name=p.stem,
        )
    except (ValueError, IndexError) as e:
        raise _bad(p, str(e)) from e


#: VRPLIB header keys and sections of a plain CVRP (coordinates, demands, one depot, one truck
#: type): what :mod:`hubflow.dispatch.large` solves without a matrix
PLAIN_KEYS = {"NAME", "COMMENT", "TYPE", "DIMENSION", "EDGE_WEIGHT_TYPE", "CAPACITY"}
PLAIN_SECTIONS = {"NODE_COORD_SECTION", "DEMAND_SECTION", "DEPOT_SECTION"}


@dataclass(frozen=True)
class Outline:
    """What a routing file holds, read without building its matrices: enough to choose how to
    solve it. ``not_plain`` says why it is not a plain CVRP ("" when it is one)."""

    locations: int
    not_plain: str


def outline(path: Path | str, fmt: str | None = None) -> Outline:
    """The number of locations of a file and whether it is a plain CVRP, from one pass over
    its lines (VROOM JSON: its matrix rows or its jobs, never plain)."""
    p = Path(path)
    fmt = fmt or detect_format(p)
    try:
        text = p.read_text(errors="replace")
    except OSError as e:
        raise _bad(p, f"cannot read file: {e.strerror}") from e
    if fmt == "vroom":
        return Outline(0, "a VROOM JSON file")
    rows = [ln.split() for ln in text.splitlines() if ln.strip()]
    if fmt != "vrplib":
        numeric = sum(1 for tok in rows if all(_is_number(t) for t in tok) and len(tok) > 3)
        why = "time windows" if fmt == "solomon" else "pickup-and-delivery pairs"
        return Outline(numeric, why)
    head: dict[str, str] = {}
    sections: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.endswith("_SECTION"):
            current = sections.setdefault(stripped, [])
        elif ":" in stripped and current is None:
            key, value = stripped.split(":", 1)
            head[key.strip().upper()] = value.strip()
        elif current is not None and stripped and stripped != "EOF":
            current.append(stripped.split())
    try:
        locations = int(head["DIMENSION"])
    except (KeyError, ValueError):
        raise _bad(p, "no DIMENSION in the header: not a VRPLIB file", field="DIMENSION") from None
    return Outline(locations, _not_plain(head, sections))


def _not_plain(head: dict[str, str], sections: dict[str, list[list[str]]]) -> str:
    """Why a VRPLIB file is not a plain CVRP ("" when it is one)."""
    if head.get("TYPE", "CVRP").upper() != "CVRP":
        return f"type {head['TYPE']}"
    if head.get("EDGE_WEIGHT_TYPE", "").upper() != "EUC_2D":
        return f"edge weights {head.get('EDGE_WEIGHT_TYPE', 'not given')} (not EUC_2D coordinates)"
    if "CAPACITY" not in head:
        return "no CAPACITY"
    extra = sorted(set(head) - PLAIN_KEYS) + sorted(set(sections) - PLAIN_SECTIONS)
    if "TIME_WINDOW_SECTION" in extra:
        return "time windows (TIME_WINDOW_SECTION)"
    if extra:
        return f"{', '.join(extra)}"
    depots = [int(row[0]) for row in sections.get("DEPOT_SECTION", []) if row[0] != "-1"]
    if depots != [1]:
        return f"{len(depots)} depots" if len(depots) != 1 else f"its depot is node {depots[0]}"
    if "NODE_COORD_SECTION" not in sections or "DEMAND_SECTION" not in sections:
        return "no NODE_COORD_SECTION or DEMAND_SECTION"
    return ""
