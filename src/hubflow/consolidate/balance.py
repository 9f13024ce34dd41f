"""Repair of a design that breaks a vehicle balance: the cheapest return vehicles are added.

A plan built from loads alone (rounded LP, slope scaling, local improvement, a warm start) runs
only the vehicles its goods need; where more go out than come back, return vehicles are added,
loaded or empty, on the return arcs where they cost least (fixed cost, plus the open cost of a
departure not yet run, spread over the vehicles it takes), within each arc's and each vehicle
limit's room. Where the returns have no room left, fewer vehicles go out: the least loaded
outbound arcs are named for their goods to be left unmet instead.
"""

from __future__ import annotations

import math

import numpy as np

from hubflow.consolidate.problem import DesignProblem, FloatArray, IntArray, VehicleBalance

__all__ = ["balanced", "fewer_out"]


def balanced(p: DesignProblem, vehicles: IntArray) -> bool:
    """Add return vehicles to ``vehicles`` (in place) until every balance holds; False if the
    returns have no room for them (their room is then full: see :func:`fewer_out`)."""
    filled = [_fill(p, b, vehicles) for b in p.balances]
    return all(filled)


def fewer_out(p: DesignProblem, vehicles: IntArray, load: FloatArray) -> IntArray:
    """Outbound arcs to leave empty, least loaded per vehicle first, until what still goes out
    fits the returns: ``vehicles`` as a :func:`balanced` that failed left them."""
    drop: list[int] = []
    for b in p.balances:
        short = math.ceil(b.shortfall(vehicles) - 1e-9)
        arcs = b.outbound[vehicles[b.outbound] > 0]
        for a in arcs[np.argsort(load[arcs] / vehicles[arcs], kind="stable")]:
            if short <= 0:
                break
            drop.append(int(a))
            short -= int(vehicles[a])
    return np.array(drop, dtype=np.int64)


def _fill(p: DesignProblem, b: VehicleBalance, vehicles: IntArray) -> bool:
    """Add the cheapest return vehicles to ``vehicles`` (in place) for balance ``b``."""
    short = math.ceil(b.shortfall(vehicles) - 1e-9)
    arcs = b.returns[p.max_vehicles[b.returns] > 0]
    open_cost = p.open_cost[arcs] if p.open_cost is not None else np.zeros(len(arcs))
    while short > 0:
        room = np.minimum(_room(p, vehicles, arcs), short)
        if not (room > 0).any():
            return False
        opening = np.where(vehicles[arcs] == 0, open_cost, 0.0)
        per_vehicle = p.fixed_cost[arcs] + opening / np.maximum(room, 1)
        pick = int(np.argmin(np.where(room > 0, per_vehicle, np.inf)))
        vehicles[arcs[pick]] += room[pick]
        short -= int(room[pick])
    return True


def _room(p: DesignProblem, vehicles: IntArray, arcs: IntArray) -> IntArray:
    """Vehicles each of ``arcs`` may still add: its own maximum, and every vehicle limit's."""
    room = (p.max_vehicles[arcs] - vehicles[arcs]).astype(np.int64)
    for lim in p.vehicle_limits:
        inside = np.isin(arcs, lim.arcs)
        if inside.any():
            left = math.floor(lim.limit - vehicles[lim.arcs].sum() + 1e-9)
            room[inside] = np.minimum(room[inside], max(left, 0))
    return room
