"""DesignResult -> Plan: flows become itineraries (by path decomposition), vehicles become runs."""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from hubflow.consolidate import DesignResult, Status
from hubflow.model import (
    DepartureRun,
    Itinerary,
    Leg,
    Order,
    Plan,
    PlanStatus,
    Unserved,
    UnservedReason,
)
from hubflow.network.builder import DEPARTURE, Network

EPS = 1e-6


def decode_plan(net: Network, result: DesignResult, solver: str) -> Plan:
    """Translate the solver's flows and vehicles back into the planner's words."""
    p = net.problem
    itineraries: list[Itinerary] = []
    unserved: list[Unserved] = list(net.unreachable)
    load, binding = _binding(net, result)
    for k, orders in enumerate(net.demand_orders):
        d = p.demands[k]
        paths = _paths(net, k, result.flows[k])
        share_unmet = float(result.unmet[k]) / d.quantity
        for o in orders:
            scale = o.tonnes / d.quantity
            legs = _legs(net, [(t * scale, arcs) for t, arcs in paths])
            carried = sum(t * scale for t, _ in paths)
            if carried > EPS:
                delivered = max(leg.arrival for leg in legs if leg.destination == o.destination)
                itineraries.append(
                    Itinerary(
                        order=o.id,
                        tonnes=round(carried, 6),
                        legs=legs,
                        delivered=delivered,
                        late_minutes=max(0, delivered - o.due),
                    )
                )
            if share_unmet * o.tonnes > EPS:
                why = _why(net, d.arcs, binding) if result.status is Status.OPTIMAL else None
                if why is not None and d.unsplittable:
                    whole = "it must not be split, and no one itinerary has room for all of it"
                    why = (UnservedReason.CAPACITY, f"{whole} ({why[1]})")
                unserved.append(_short(o, share_unmet * o.tonnes, why, result))
    runs = _runs(net, load, p.capacity_use(result.flows), _kept(net, result))
    return Plan(
        scenario=net.scenario.name,
        itineraries=tuple(itineraries),
        departures=runs,
        unserved=tuple(unserved),
        objective=result.objective,
        lower_bound=result.lower_bound if np.isfinite(result.lower_bound) else None,
        status=PlanStatus(result.status.value),
        solve_seconds=result.runtime,
        solver=solver,
        stats=dict(result.stats),
        message=result.message,
    )


def _paths(net: Network, k: int, flow: np.ndarray) -> list[tuple[float, list[int]]]:
    """Decompose one demand's arc flow into origin-sink paths (the network is acyclic in time)."""
    p = net.problem
    d = p.demands[k]
    remaining: dict[int, float] = {}
    out: dict[int, list[int]] = defaultdict(list)
    carrying = np.flatnonzero(np.asarray(flow) > EPS)  # a few of the demand's many arcs
    arcs = np.asarray(d.arcs)[carrying]
    for a, tail, f in zip(
        arcs.tolist(), p.tail[arcs].tolist(), np.asarray(flow)[carrying].tolist(), strict=True
    ):
        remaining[a] = f
        out[tail].append(a)
    paths: list[tuple[float, list[int]]] = []
    while True:
        node, path = d.origin, []
        while node != d.destination:
            nxt = [a for a in out.get(node, ()) if remaining.get(a, 0.0) > EPS]
            if not nxt:
                break
            a = max(nxt, key=lambda x: remaining[x])
            path.append(a)
            node = int(p.head[a])
        if node != d.destination or not path:
            return paths
        amount = min(remaining[a] for a in path)
        for a in path:
            remaining[a] -= amount
        paths.append((amount, path))


def _legs(net: Network, paths: list[tuple[float, list[int]]]) -> tuple[Leg, ...]:
    """Legs of the departure arcs on the paths, tonnes summed per departure."""
    tonnes: dict[int, float] = defaultdict(float)
    for amount, arcs in paths:
        for a in arcs:
            if net.arc_kind[a] == DEPARTURE:
                tonnes[a] += amount
    legs = [_leg(net, a, t) for a, t in tonnes.items()]
    return tuple(sorted(legs, key=lambda leg: (leg.departure, leg.service)))


def _leg(net: Network, a: int, tonnes: float) -> Leg:
    run = net.runs[net.arc_run[a]]
    pos = int(net.arc_pos[a])
    svc = run.service
    return Leg(
        service=svc.id,
        mode=svc.mode,
        origin=svc.origin,
        destination=svc.destination,
        departure=run.minutes[pos],
        arrival=run.arrival[pos],
        tonnes=round(tonnes, 6),
    )


def _kept(net: Network, result: DesignResult) -> np.ndarray:
    """The solver's vehicles on the return arcs of vehicle balances (0 elsewhere): they run,
    loaded or empty, as the balance needs them."""
    kept = np.zeros(net.problem.n_arcs, dtype=np.int64)
    arcs = net.problem.return_arcs()
    kept[arcs] = result.vehicles[arcs]
    return kept


def _runs(
    net: Network, load: np.ndarray, use: np.ndarray, kept: np.ndarray
) -> tuple[DepartureRun, ...]:
    """Departures that carry goods, with the fewest vehicles that hold their load (``use``:
    the capacity it takes, tonnes weighed by each commodity's payload), and the return
    departures of vehicle balances with the solver's vehicles (``kept``), empty or not."""
    p = net.problem
    runs = []
    for a in np.flatnonzero((net.arc_kind == DEPARTURE) & ((load > EPS) | (kept > 0))):
        leg = _leg(net, int(a), float(load[a]))
        cap = float(p.capacity[a])
        least = 1 if load[a] > EPS else 0
        vehicles = max(least, math.ceil(use[a] / cap - 1e-7), int(kept[a]))
        runs.append(
            DepartureRun(
                service=leg.service,
                mode=leg.mode,
                origin=leg.origin,
                destination=leg.destination,
                departure=leg.departure,
                arrival=leg.arrival,
                vehicles=vehicles,
                load_t=leg.tonnes,
                capacity_t=vehicles * cap,
            )
        )
    return tuple(sorted(runs, key=lambda r: (r.departure, r.service)))


def _binding(net: Network, result: DesignResult) -> tuple[np.ndarray, dict[int, str]]:
    """Load per arc, and the arcs at a binding limit: departures full at their vehicle limit
    ('vehicles') and holding/transfer arcs of a yard that is full at that time ('yard')."""
    p = net.problem
    load = np.zeros(p.n_arcs)
    weighted = np.zeros(p.n_arcs)
    for d, flow in zip(p.demands, result.flows, strict=True):
        np.add.at(load, d.arcs, flow)
        np.add.at(weighted, d.arcs, d.weight * flow)
    binding: dict[int, str] = {}
    design = np.flatnonzero(p.max_vehicles > 0)
    most = p.max_vehicles[design] * p.capacity[design]
    use = p.capacity_use(result.flows) if p.sized else load
    for a in design[use[design] >= most - 1e-6]:
        binding[int(a)] = "vehicles"
    for lim in p.vehicle_limits:  # a quota of vehicles limits departures, as a full one does
        if result.vehicles[lim.arcs].sum() >= lim.limit - 1e-6:
            for a in lim.arcs:
                binding.setdefault(int(a), "vehicles")
    for res in p.resources:
        use = (load if res.unit_weight else weighted)[res.arcs].sum()
        if use >= res.limit - 1e-6:
            for a in res.arcs:  # a pool of tonnes limits departures, as a full one does
                binding.setdefault(int(a), "vehicles" if res.unit_weight else "yard")
    return load, binding


def _why(net: Network, arcs: np.ndarray, binding: dict[int, str]) -> tuple[UnservedReason, str]:
    """(reason, detail) for unmet tonnes: which limits bind on the order's possible paths."""
    kinds: dict[str, set[str]] = {"vehicles": set(), "yard": set()}
    for a in arcs:
        kind = binding.get(int(a))
        if kind == "vehicles":
            kinds[kind].add(net.runs[net.arc_run[a]].service.id)
        elif kind == "yard":
            kinds[kind].add(net.arc_site[a])
    if kinds["yard"] and not kinds["vehicles"]:
        return UnservedReason.YARD_FULL, "the yard at " + ", ".join(
            sorted(kinds["yard"])
        ) + " is full"
    parts = []
    if kinds["vehicles"]:
        parts.append("departures of " + ", ".join(sorted(kinds["vehicles"])[:4]) + " are full")
    if kinds["yard"]:
        parts.append("the yard at " + ", ".join(sorted(kinds["yard"])) + " is full")
    return UnservedReason.CAPACITY, "; ".join(parts) or "no room on its departures"


def _short(
    order: Order, tonnes: float, why: tuple[UnservedReason, str] | None, result: DesignResult
) -> Unserved:
    """Tonnes left undelivered: the binding limit when proven optimal, else why the solver
    stopped (its time limit, or the cause it gave)."""
    head = f"{tonnes:.1f} t of {order.tonnes:.1f} t "
    if why is not None:
        reason, detail = why
        return Unserved(
            order=order.id,
            tonnes=round(tonnes, 6),
            reason=reason,
            detail=head + "undelivered before the due time: " + detail,
        )
    if result.status in (Status.FEASIBLE_AT_LIMIT, Status.NO_SOLUTION_IN_TIME):
        return Unserved(
            order=order.id,
            tonnes=round(tonnes, 6),
            reason=UnservedReason.TIME_LIMIT,
            detail=head + f"not routed when the solver stopped at its time limit after "
            f"{result.runtime:.1f} s; a longer --time-limit may deliver them",
        )
    return Unserved(
        order=order.id,
        tonnes=round(tonnes, 6),
        reason=UnservedReason.SOLVER_FAILED,
        detail=head + f"not routed: the solver stopped without a plan ({result.message})",
    )
