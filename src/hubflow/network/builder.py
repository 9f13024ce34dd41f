"""Scenario -> time-expanded DesignProblem, pruned per order by earliest/latest labels.

Nodes are (site, IN|OUT, bucket) plus one sink per demand. Arcs:

- departure: OUT(i, dep) -> IN(j, arr), a design arc (vehicles, fixed cost, capacity);
- transfer: IN(j, b) -> OUT(j, b + handling) at hubs, with handling cost and CO2e;
  with ``chain_short_legs`` (see ``grid``) a departure arrives at (j, ARRIVED, minute of its
  arrival) instead, whose transfer leads to OUT(j, ceil((minute + handling) / step)) and whose
  sink arcs price lateness by that minute;
- holding: OUT(j, b) -> OUT(j, b + 1), goods waiting (in the yard where the site has one);
- sink: IN(dest, b) -> sink(k), priced by lateness when arriving after due.

The return services of a vehicle balance get every departure, whether an order may ride it or
not (a box may come back empty), and one balance row over the departures of its services.

Orders with the same origin, destination, release and due buckets and commodity form one demand;
an order that must not be split is a demand of its own, unsplittable. Where a service's payload
of a commodity differs from its capacity, the demand's flow on those departures takes
capacity / payload per tonne.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hubflow.consolidate import Demand, DesignProblem, Resource, VehicleBalance, VehicleLimit
from hubflow.emissions import empty_co2e_kg_per_km, intensity_g_per_tkm
from hubflow.model import Commodity, Order, Scenario, Service, Unserved, UnservedReason
from hubflow.network.grid import ServiceRuns, ceil_div, service_runs
from hubflow.network.labels import SiteGraph, earliest, latest
from hubflow.network.size import check_network_size

DEPARTURE, TRANSFER, HOLDING, SINK = 0, 1, 2, 3
IN, OUT, ARRIVED = 0, 1, 2  # ARRIVED nodes are (site, ARRIVED, minute), not buckets


@dataclass(frozen=True, slots=True)
class Network:
    """The DesignProblem plus what each arc and demand means in the scenario."""

    scenario: Scenario
    problem: DesignProblem
    runs: tuple[ServiceRuns, ...]
    arc_kind: np.ndarray
    arc_run: np.ndarray  # ServiceRuns index for departures, else -1
    arc_pos: np.ndarray  # departure position within the run, else -1
    arc_site: tuple[str, ...]  # site of transfer/holding/sink arcs, origin site of departures
    arc_bucket: np.ndarray  # bucket where the arc starts
    arc_span: np.ndarray  # buckets a holding or transfer arc keeps goods at its site, else 0
    demand_orders: tuple[tuple[Order, ...], ...]
    unreachable: tuple[Unserved, ...]
    # Stable, scenario-level name of each arc: ("dep", service, minute), ("hold"|"xfer", site,
    # bucket) or ("sink", first order of the demand, bucket); the same across what-if variants,
    # so a solver can carry columns (paths) from one variant to the next.
    arc_keys: tuple[tuple[object, ...], ...] = ()


class _Arcs:
    """Growing arc arrays with de-duplication by key."""

    def __init__(self) -> None:
        self.nodes: dict[tuple[str, int, int], int] = {}
        self.index: dict[tuple[object, ...], int] = {}
        self.cols: dict[str, list[float]] = defaultdict(list)
        self.site: list[str] = []

    def node(self, site: str, side: int, bucket: int) -> int:
        return self.nodes.setdefault((site, side, bucket), len(self.nodes))

    def new_node(self) -> int:
        n = len(self.nodes)
        self.nodes[("", -1, n)] = n
        return n

    def add(self, key: tuple[object, ...], site: str, **cols: float) -> int:
        if key in self.index:
            return self.index[key]
        a = len(self.site)
        self.index[key] = a
        self.site.append(site)
        for name, value in cols.items():
            self.cols[name].append(value)
        return a


def build_network(scenario: Scenario) -> Network:
    """Build the pruned time-expanded network of a scenario (PlanError if it cannot fit)."""
    check_network_size(scenario)
    p = scenario.parameters
    runs = service_runs(scenario)
    payloads = any(s.payload_t for s in scenario.services)
    # Commodities that may ride the same services share one graph, and so their labels.
    graphs: dict[tuple[int, ...], SiteGraph] = {}
    graph_of: dict[str, tuple[int, ...]] = {}
    arcs = _Arcs()
    demands: list[Demand] = []
    demand_orders: list[tuple[Order, ...]] = []
    unreachable: list[Unserved] = []
    idle = [r.service for r in runs if not r.minutes]  # no departure in the plan's dates
    fwd: dict[tuple[tuple[int, ...], str, int], tuple[dict[str, int], dict[str, int]]] = {}
    bwd: dict[tuple[tuple[int, ...], str, int], dict[str, int]] = {}
    for key, orders in _group_orders(scenario).items():
        origin, rel_b, dest, _, due, com, _alone = key
        if com not in graph_of:
            allowed = _may_carry(scenario, runs, com)
            graph_of[com] = allowed
            if allowed not in graphs:
                graphs[allowed] = _site_graph(scenario, runs, allowed)
        gid = graph_of[com]
        graph = graphs[gid]
        if (gid, origin, rel_b) not in fwd:
            fwd[gid, origin, rel_b] = earliest(graph, origin, rel_b)
        ready, arrive = fwd[gid, origin, rel_b]
        deadline = due + p.allowed_lateness  # a minute
        if arrive.get(dest, 1 << 60) > deadline:
            unreachable.extend(
                _no_path(o, arrive.get(dest), p.allowed_lateness, idle) for o in orders
            )
            continue
        if (gid, dest, deadline) not in bwd:
            bwd[gid, dest, deadline] = latest(graph, dest, deadline)
        late = bwd[gid, dest, deadline]
        arc_ids, arrivals = _order_arcs(scenario, graph, arcs, orders[0], deadline, ready, late)
        sink = arcs.new_node()
        sinks = _sink_arcs(scenario, arcs, sorted(arrivals), dest, sink, due, orders[0].id)
        commodity = scenario.commodity(orders[0].commodity)
        allowed_arcs = np.array(sorted(set(arc_ids) | set(sinks)), dtype=np.int64)
        demands.append(
            Demand(
                origin=arcs.node(origin, OUT, rel_b),
                destination=sink,
                quantity=sum(o.tonnes for o in orders),
                weight=commodity.m2_per_t,
                penalty=p.unserved_cost_per_t,
                arcs=allowed_arcs,
                size=_sizes(runs, arcs, allowed_arcs, commodity) if payloads else None,
                unsplittable=orders[0].no_split or p.no_split,
            )
        )
        demand_orders.append(orders)
    _return_arcs(scenario, runs, arcs)
    return _assemble(scenario, runs, arcs, demands, demand_orders, unreachable)


def _return_arcs(scenario: Scenario, runs: list[ServiceRuns], arcs: _Arcs) -> None:
    """Every departure of a balance's return services, carrying goods or not: a vehicle may
    have to come back empty."""
    returning = {sid for b in scenario.balances for sid in b.returns}
    for i, run in enumerate(runs):
        if run.service.id in returning:
            for pos in range(len(run.minutes)):
                _departure_arc(scenario, arcs, i, run, pos)


def _sizes(
    runs: list[ServiceRuns], arcs: _Arcs, allowed: np.ndarray, commodity: Commodity
) -> np.ndarray | None:
    """Capacity per tonne of ``commodity`` on each allowed arc: capacity_t / payload on the
    departures of services with their own payload of it, else 1; None when 1 everywhere."""
    run_of = arcs.cols["run"]
    size = np.ones(len(allowed))
    for i, a in enumerate(allowed):
        r = int(run_of[a])
        if r >= 0 and runs[r].service.payload_t:
            svc = runs[r].service
            size[i] = svc.capacity_t / svc.payload(commodity)
    return None if (size == 1.0).all() else size


def _may_carry(scenario: Scenario, runs: list[ServiceRuns], commodity: str) -> tuple[int, ...]:
    """The runs of the services that may carry ``commodity``."""
    com = scenario.commodity(commodity)
    return tuple(i for i, r in enumerate(runs) if r.service.carries(com))


def _site_graph(scenario: Scenario, runs: list[ServiceRuns], allowed: tuple[int, ...]) -> SiteGraph:
    """The site graph over the ``allowed`` runs only, so that labels and pruning skip others."""
    step = scenario.parameters.time_step_minutes
    return SiteGraph(
        runs=runs,
        out_of=_group(runs, allowed, lambda r: r.service.origin),
        into=_group(runs, allowed, lambda r: r.service.destination),
        handling={s.id: ceil_div(s.handling_minutes, step) for s in scenario.sites},
        hubs=frozenset(s.id for s in scenario.sites if s.hub),
    )


def _group(runs: list[ServiceRuns], allowed: tuple[int, ...], key: object) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(list)
    for i in allowed:
        out[key(runs[i])].append(i)  # type: ignore[operator]
    return dict(out)


# origin, release/deadline buckets, due, commodity, and the order's id if it must not be split
OrderKey = tuple[str, int, str, int, int, str, str]


def _group_orders(scenario: Scenario) -> dict[OrderKey, tuple[Order, ...]]:
    """Orders that are interchangeable for the network (same endpoints, window and commodity;
    an order that must not be split stands alone)."""
    step = scenario.parameters.time_step_minutes
    allowed = scenario.parameters.allowed_lateness
    whole = scenario.parameters.no_split
    groups: dict[OrderKey, list[Order]] = defaultdict(list)
    for o in scenario.orders:
        key: OrderKey = (
            o.origin,
            ceil_div(o.release, step),
            o.destination,
            (o.due + allowed) // step,
            o.due,
            o.commodity,
            o.id if o.no_split or whole else "",
        )
        groups[key].append(o)
    return {k: tuple(v) for k, v in groups.items()}


def _no_path(order: Order, arrival: int | None, allowed: int, idle: list[Service]) -> Unserved:
    """Why no chain reaches the order in time; names the services from its origin or to its
    destination that run no departure at all (their timetable and calendar)."""
    if arrival is None:
        detail = (
            f"no chain of services connects {order.origin} to {order.destination} in the horizon"
        )
        closed = [
            s.id for s in idle if order.origin == s.origin or order.destination == s.destination
        ]
        if closed:
            detail += (
                f"; {', '.join(closed[:5])}{' ...' if len(closed) > 5 else ''} run no departure "
                "in the plan's dates (timetable and calendar)"
            )
    else:
        hours = (arrival - order.due) / 60
        limit = f" (lateness allowed: {allowed / 60:.0f} h)" if allowed else ""
        detail = f"earliest possible arrival is {hours:.1f} h after the due time{limit}"
    return Unserved(
        order=order.id, tonnes=order.tonnes, reason=UnservedReason.NO_PATH_BEFORE_DUE, detail=detail
    )


def _order_arcs(
    scenario: Scenario,
    g: SiteGraph,
    arcs: _Arcs,
    order: Order,
    deadline: int,
    ready: dict[str, int],
    late: dict[str, int],
) -> tuple[list[int], set[tuple[int, int]]]:
    """Arcs that can lie on an on-time path of this order (arriving by the minute ``deadline``),
    and its arrival nodes at dest as (side, bucket or minute)."""
    origin, dest = order.origin, order.destination
    chosen: list[int] = []
    arrivals: set[tuple[int, int]] = set()
    for site, lo in ready.items():
        if site == dest or site not in late or lo > late[site]:
            continue
        hi = late[site]
        for s in g.out_of.get(site, ()):
            run = g.runs[s]
            j = run.service.destination
            if j == origin:
                continue
            if j == dest:
                last = bisect_right(run.arrival, deadline)
            elif j in g.hubs and j in late:
                last = bisect_right(run.ready_bucket, late[j])
            else:
                continue
            first = bisect_left(run.dep_bucket, lo)
            for pos in range(first, last):
                chosen.append(_departure_arc(scenario, arcs, s, run, pos))
                side, when = _arrival_node(scenario, run, pos)
                if j == dest:
                    arrivals.add((side, when))
                else:
                    chosen.append(_transfer_arc(scenario, g, arcs, run, pos))
        chosen.extend(_holding_arc(scenario, arcs, site, b) for b in range(lo, hi))
    return chosen, arrivals


def _arrival_node(scenario: Scenario, run: ServiceRuns, pos: int) -> tuple[int, int]:
    """(side, bucket or minute) of the node a departure arrives at: IN and its bucket, or with
    ``chain_short_legs`` ARRIVED and its minute."""
    if scenario.parameters.chain_short_legs:
        return ARRIVED, run.arrival[pos]
    return IN, run.arr_bucket[pos]


def _departure_arc(scenario: Scenario, arcs: _Arcs, s: int, run: ServiceRuns, pos: int) -> int:
    svc = run.service
    co2e_t_per_t = (
        intensity_g_per_tkm(svc) * run.distance_km / 1e6 + run.clearance.co2e_kg_per_t / 1000
    )
    empty = _empty_running(scenario, run)
    return arcs.add(
        ("dep", svc.id, run.minutes[pos]),
        svc.origin,
        kind=DEPARTURE,
        run=s,
        pos=pos,
        bucket=run.dep_bucket[pos],
        tail=arcs.node(svc.origin, OUT, run.dep_bucket[pos]),
        head=arcs.node(svc.destination, *_arrival_node(scenario, run, pos)),
        unit_cost=svc.cost_per_t
        + svc.cost_per_tkm * run.distance_km
        + run.clearance.cost_per_t
        + scenario.parameters.carbon_price * co2e_t_per_t
        - empty / svc.capacity_t,
        weight_cost=0.0,
        fixed_cost=svc.fixed_cost + empty,
        open_cost=svc.departure_cost,
        capacity=svc.capacity_t,
        max_vehicles=svc.max_vehicles,
        min_load=svc.min_load_t,
        span=0,
    )


def _empty_running(scenario: Scenario, run: ServiceRuns) -> float:
    """The carbon price of one vehicle of a balance's return service running its km empty (0
    for other services): charged per vehicle and refunded per tonne carried, so the objective
    prices the unladen share of each vehicle-km, as the KPIs count it."""
    price = scenario.parameters.carbon_price
    if not price or not any(run.service.id in b.returns for b in scenario.balances):
        return 0.0
    kg_per_km = empty_co2e_kg_per_km(scenario)[run.service.id]
    return price * kg_per_km * run.distance_km / 1000


def _flow_arc(
    arcs: _Arcs,
    key: tuple[object, ...],
    site: str,
    kind: int,
    bucket: int,
    tail: int,
    head: int,
    unit_cost: float,
    weight_cost: float,
    span: int,
) -> int:
    """An arc that only carries flow: no vehicles, no fixed or opening cost, no capacity;
    ``span`` buckets of it keep the goods at the site (its yard)."""
    return arcs.add(
        key,
        site,
        kind=kind,
        run=-1,
        pos=-1,
        bucket=bucket,
        tail=tail,
        head=head,
        unit_cost=unit_cost,
        weight_cost=weight_cost,
        fixed_cost=0.0,
        open_cost=0.0,
        capacity=np.inf,
        max_vehicles=0,
        min_load=0.0,
        span=span,
    )


def _transfer_arc(scenario: Scenario, g: SiteGraph, arcs: _Arcs, run: ServiceRuns, pos: int) -> int:
    """IN(site, b) -> OUT(site, b + handling) after a departure's arrival in bucket b (from
    ARRIVED: to its ready bucket): handling cost and CO2e, storage while handled."""
    site = run.service.destination
    s = scenario.site(site)
    side, when = _arrival_node(scenario, run, pos)
    b = run.arr_bucket[pos]
    h = run.ready_bucket[pos] - b
    step_days = scenario.parameters.time_step_minutes / 1440
    handling = (
        s.handling_cost_per_t + scenario.parameters.carbon_price * s.handling_co2e_kg_per_t / 1000
    )
    return _flow_arc(
        arcs,
        ("xfer", site, b) if side == IN else ("xfer", site, when, "arrived"),
        site,
        TRANSFER,
        b,
        arcs.node(site, side, when),
        arcs.node(site, OUT, b + h),
        handling,
        s.storage_cost_per_m2_day * h * step_days,
        h,
    )


def _holding_arc(scenario: Scenario, arcs: _Arcs, site: str, b: int) -> int:
    """OUT(site, b) -> OUT(site, b + 1): waiting one time step, paying storage."""
    step_days = scenario.parameters.time_step_minutes / 1440
    return _flow_arc(
        arcs,
        ("hold", site, b),
        site,
        HOLDING,
        b,
        arcs.node(site, OUT, b),
        arcs.node(site, OUT, b + 1),
        0.0,
        scenario.site(site).storage_cost_per_m2_day * step_days,
        1,
    )


def _sink_arcs(
    scenario: Scenario,
    arcs: _Arcs,
    arrivals: list[tuple[int, int]],
    dest: str,
    sink: int,
    due: int,
    key: str,
) -> list[int]:
    """One arc from each arrival node at the destination into this demand's sink: (IN,
    bucket), late from the bucket's start, or (ARRIVED, minute), late from that minute."""
    p = scenario.parameters
    step = p.time_step_minutes
    return [
        _flow_arc(
            arcs,
            ("sink", key, b) if side == IN else ("sink", key, b, "arrived"),
            dest,
            SINK,
            b if side == IN else ceil_div(b, step),
            arcs.node(dest, side, b),
            sink,
            p.lateness_cost_per_t_hour * max(0, (b * step if side == IN else b) - due) / 60,
            0.0,
            0,
        )
        for side, b in arrivals
    ]


def _assemble(
    scenario: Scenario,
    runs: list[ServiceRuns],
    arcs: _Arcs,
    demands: list[Demand],
    demand_orders: list[tuple[Order, ...]],
    unreachable: list[Unserved],
) -> Network:
    c = {name: np.asarray(v) for name, v in arcs.cols.items()}
    n = len(arcs.site)
    if n == 0:
        c = {
            name: np.zeros(0)
            for name in (
                "kind",
                "run",
                "pos",
                "bucket",
                "tail",
                "head",
                "unit_cost",
                "weight_cost",
                "fixed_cost",
                "open_cost",
                "capacity",
                "max_vehicles",
                "min_load",
                "span",
            )
        }
    problem = DesignProblem(
        n_nodes=len(arcs.nodes),
        tail=c["tail"].astype(np.int64),
        head=c["head"].astype(np.int64),
        unit_cost=c["unit_cost"].astype(float),
        weight_cost=c["weight_cost"].astype(float),
        fixed_cost=c["fixed_cost"].astype(float),
        capacity=c["capacity"].astype(float),
        max_vehicles=c["max_vehicles"].astype(np.int64),
        demands=tuple(demands),
        resources=_yard_limits(scenario, arcs, c) + _pool_limits(scenario, runs, c),
        vehicle_limits=_pool_vehicle_limits(scenario, runs, c),
        balances=_vehicle_balances(scenario, runs, c),
        open_cost=c["open_cost"].astype(float),
        min_load=c["min_load"].astype(float) if c["min_load"].any() else None,
    )
    return Network(
        scenario=scenario,
        problem=problem,
        runs=tuple(runs),
        arc_kind=c["kind"].astype(np.int64),
        arc_run=c["run"].astype(np.int64),
        arc_pos=c["pos"].astype(np.int64),
        arc_site=tuple(arcs.site),
        arc_bucket=c["bucket"].astype(np.int64),
        arc_span=c["span"].astype(np.int64),
        demand_orders=tuple(demand_orders),
        unreachable=tuple(unreachable),
        arc_keys=tuple(sorted(arcs.index, key=arcs.index.__getitem__)),
    )


def _yard_limits(scenario: Scenario, arcs: _Arcs, c: dict[str, np.ndarray]) -> tuple[Resource, ...]:
    """One resource per (site with a yard limit, bucket): holding and transfer arcs covering it."""
    covering = _yard_covering(scenario, arcs.site, c["kind"], c["bucket"], c["span"])
    limits = {s.id: s.yard_m2 for s in scenario.sites if s.yard_m2 is not None}
    return tuple(
        Resource(arcs=np.array(a_ids, dtype=np.int64), limit=limits[site])
        for (site, _b), a_ids in covering.items()
    )


def yard_resource_keys(net: Network) -> tuple[tuple[str, int], ...]:
    """The (site, bucket) of each of ``net.problem.resources``, in the same order."""
    return tuple(
        _yard_covering(net.scenario, net.arc_site, net.arc_kind, net.arc_bucket, net.arc_span)
    )


def _yard_covering(
    scenario: Scenario,
    sites: Sequence[str],
    kinds: np.ndarray,
    buckets: np.ndarray,
    spans: np.ndarray,
) -> dict[tuple[str, int], list[int]]:
    """Holding and transfer arcs covering each (site with a yard limit, bucket), sorted."""
    covering: dict[tuple[str, int], list[int]] = defaultdict(list)
    for a, site in enumerate(sites):
        kind = kinds[a]
        if scenario.site(site).yard_m2 is None or kind not in (HOLDING, TRANSFER):
            continue
        b0 = int(buckets[a])
        for b in range(b0, b0 + int(spans[a])):
            covering[site, b].append(a)
    return dict(sorted(covering.items()))


def _pool_limits(
    scenario: Scenario, runs: list[ServiceRuns], c: dict[str, np.ndarray]
) -> tuple[Resource, ...]:
    """One resource per (pool of tonnes, day or week): the tonnes on its services' departures."""
    return tuple(
        Resource(
            arcs=np.array(a_ids, dtype=np.int64), limit=scenario.pools[i].limit, unit_weight=True
        )
        for (i, _period), a_ids in _pool_covering(scenario, runs, c, "t")
    )


def _pool_vehicle_limits(
    scenario: Scenario, runs: list[ServiceRuns], c: dict[str, np.ndarray]
) -> tuple[VehicleLimit, ...]:
    """One vehicle limit per (pool of vehicles, day or week) over its services' departures."""
    return tuple(
        VehicleLimit(arcs=np.array(a_ids, dtype=np.int64), limit=scenario.pools[i].limit)
        for (i, _period), a_ids in _pool_covering(scenario, runs, c, "vehicles")
    )


def _pool_covering(
    scenario: Scenario, runs: list[ServiceRuns], c: dict[str, np.ndarray], unit: str
) -> list[tuple[tuple[int, int], list[int]]]:
    """The departure arcs of each (pool counted in ``unit``, period), sorted."""
    covering: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, pool in enumerate(scenario.pools):
        if pool.unit != unit:
            continue
        members = set(pool.services)
        for a in np.flatnonzero(c["kind"] == DEPARTURE):
            run = runs[int(c["run"][a])]
            if run.service.id in members:
                minute = run.minutes[int(c["pos"][a])]
                covering[i, minute // pool.period_minutes].append(int(a))
    return sorted(covering.items())


def _vehicle_balances(
    scenario: Scenario, runs: list[ServiceRuns], c: dict[str, np.ndarray]
) -> tuple[VehicleBalance, ...]:
    """One balance per ``balances.csv`` row over the departures of its services."""
    dep = np.flatnonzero(c["kind"] == DEPARTURE).astype(np.int64)
    sid = np.array([runs[int(r)].service.id for r in c["run"][dep]], dtype=object)
    return tuple(
        VehicleBalance(
            outbound=dep[np.isin(sid, b.outbound)],
            returns=dep[np.isin(sid, b.returns)],
            slack=float(b.slack),
        )
        for b in scenario.balances
    )
