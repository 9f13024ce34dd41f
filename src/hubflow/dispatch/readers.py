"""Readers: VRPLIB/CVRPLIB (with PyVRP's extended sections), Solomon / Gehring-Homberger,
Li & Lim and VROOM JSON. Each returns a :class:`RoutingProblem`; bad files raise
:class:`hubflow.errors.ScenarioError`.

Rounding (``round_func``) follows PyVRP's reader: ``round`` = nearest integer (scale 1),
``exact`` = x1000 then round (scale 1000), ``dimacs`` = x10 then truncate (scale 10),
``none`` = values used as they are, truncated to integers (scale 1). Distances, durations,
time windows and service times are all rounded the same way.
"""

from __future__ import annotations

import math
import os
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
from hubflow.dispatch.vroom_json import read_vroom
from hubflow.dispatch.vrplib_text import LARGEST_COORDINATE, check, scan
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


#: memory that reading a file takes per byte of it, at most (tracemalloc: a VRPLIB file of
#: coordinates 36, an explicit matrix 18, VROOM JSON with a matrix 8)
READ_BYTES_PER_BYTE = 40


def memory_budget() -> int:
    """This machine's physical memory in bytes: a dense path needing more cannot run here."""
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def size_text(nbytes: int) -> str:
    """Bytes in GB, MB or kB, as a planner reads them."""
    for unit, size in (("GB", 1e9), ("MB", 1e6)):
        if nbytes >= size:
            return f"{nbytes / size:.{1 if unit == 'GB' else 0}f} {unit}"
    return f"{nbytes / 1e3:.0f} kB"


def check_size(path: Path | str) -> None:
    """Refuse a file whose reading would take more memory than this machine has, before any
    of it is read (:data:`READ_BYTES_PER_BYTE`)."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as e:
        raise _bad(p, f"cannot read file: {e.strerror}") from e
    need, have = size * READ_BYTES_PER_BYTE, memory_budget()
    if need > have:
        raise _bad(
            p,
            f"{size_text(size)}: reading it takes about {size_text(need)} "
            f"({READ_BYTES_PER_BYTE} bytes per byte), more than this machine's {size_text(have)}",
        )


def detect_format(path: Path | str) -> str:
    """``vrplib``, ``solomon``, ``lilim`` or ``vroom`` from the file's name and first lines."""
    p = Path(path)
    if p.suffix.lower() == ".json":
        return "vroom"
    try:
        with p.open("rb") as f:
            head = f.read(2000).decode("utf-8", errors="replace")
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
    if distances not in ("matrix", "haversine"):
        raise ValueError(f"distances={distances!r}; expected 'matrix' or 'haversine'.")
    _round(round_func)  # a caller's mistake, not the file's
    check_size(path)
    try:
        if fmt == "vroom":
            return read_vroom(path, distances=distances)
        return readers[fmt](path, round_func)
    except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as e:
        # a case the reader's own checks missed: still an input error, never a traceback
        raise _bad(path, f"not a readable {fmt} file: {type(e).__name__}: {e}") from e


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
        text = p.read_text(errors="replace")
    except OSError as e:
        raise _bad(p, f"cannot read file: {e.strerror}") from e
    check(scan(p, text))
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


SOLOMON_COLUMNS = ("CUST NO.", "XCOORD.", "YCOORD.", "DEMAND", "READY TIME", "DUE DATE", "SERVICE")
SOLOMON_NON_NEGATIVE = (0, 3, 4, 5, 6)
LILIM_COLUMNS = ("id", "x", "y", "demand", "ready", "due", "service", "pickup", "delivery")
LILIM_NON_NEGATIVE = (0, 4, 5, 6, 7, 8)  # a delivery's demand is negative


def _numbers(
    p: Path,
    row: int,
    tokens: list[str],
    columns: tuple[str, ...],
    non_negative: tuple[int, ...],
    coordinates: tuple[int, ...] = (1, 2),
) -> list[float]:
    """A text row's numbers, each finite, the ``non_negative`` columns not below 0 and the
    ``coordinates`` within :data:`~hubflow.dispatch.vrplib_text.LARGEST_COORDINATE`; else an
    error naming the row and column."""
    values = []
    for j, (token, column) in enumerate(zip(tokens, columns, strict=True)):
        try:
            value = float(token)
        except ValueError:
            raise _bad(p, f"{token!r} is not a number", row, column) from None
        if not math.isfinite(value):
            raise _bad(p, f"{token} is not a finite number", row, column)
        if j in non_negative and value < 0:
            raise _bad(p, f"{token} is negative", row, column)
        if j in coordinates and abs(value) > LARGEST_COORDINATE:
            raise _bad(p, f"coordinate {token} is beyond ±{LARGEST_COORDINATE:,.0f}", row, column)
        values.append(value)
    return values


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
            rows.append(_numbers(p, i, tok, SOLOMON_COLUMNS, SOLOMON_NON_NEGATIVE))
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
        lines = [(i, ln) for i, ln in enumerate(p.read_text().splitlines(), 1) if ln.strip()]
    except OSError as e:
        raise _bad(p, f"cannot read file: {e.strerror}") from e
    if not lines:
        raise _bad(p, "empty: not a Li & Lim file")
    first, head = lines[0][0], lines[0][1].split()[:3]
    if len(head) != 3:
        raise _bad(p, "expected K Q S (vehicles, capacity, speed): not a Li & Lim file", first)
    k, q, speed = _numbers(p, first, head, ("vehicles", "capacity", "speed"), (0, 1, 2), ())
    rows = []
    for i, ln in lines[1:]:
        tok = ln.split()
        if len(tok) != 9:
            raise _bad(p, f"expected 9 numbers, got {len(tok)}", row=i)
        rows.append(_numbers(p, i, tok, LILIM_COLUMNS, LILIM_NON_NEGATIVE))
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
    check_size(p)
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
    scanned = scan(p, text)
    check(scanned)
    sections = {name: [tokens for _, tokens in rows] for name, rows in scanned.sections.items()}
    return Outline(scanned.dimension, _not_plain(scanned.head, sections))


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
