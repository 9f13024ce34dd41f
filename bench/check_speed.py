"""Checker speed: check_plan on large valid plans built without solving.

The example is planned once; k disjoint copies of its scenario and plan (every site, service,
order and fleet id suffixed with the copy number) make one scenario of about N orders, whose
KPIs are computed and then checked. Each size runs in its own process; ``--before SRC`` runs the
same sizes with another source tree on the path (e.g. the branch base, exported with
``git archive BASE src | tar -x -C /tmp/base``) for a before/after table, at
``--before-orders`` sizes (default 5,000: the quadratic checker takes minutes at 50,000).

    python bench/check_speed.py                                 # 5,000 and 50,000 orders
    python bench/check_speed.py --before /tmp/base/src --before-orders 5000 50000
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

from tables import write_tables

COLUMNS = [
    "checker",
    "orders",
    "itineraries",
    "legs",
    "truck_routes",
    "plan_s",
    "copy_s",
    "kpis_s",
    "check_s",
    "violations",
]
SRC = Path(__file__).resolve().parent.parent / "src"


def copies(scn, plan, k: int):  # type: ignore[no-untyped-def]
    """k disjoint copies of a scenario and its plan as one scenario and one plan."""
    from hubflow.model import Plan, Scenario

    rep = dataclasses.replace
    scenarios, plans = [], []
    for i in range(k):

        def n(x: str, i: int = i) -> str:
            return f"{x}~{i}" if x else x

        def leg(x, n=n):  # type: ignore[no-untyped-def]  # legs and departure runs alike
            return rep(x, service=n(x.service), origin=n(x.origin), destination=n(x.destination))

        scenarios.append(
            (
                [rep(s, id=n(s.id)) for s in scn.sites],
                [
                    rep(s, id=n(s.id), origin=n(s.origin), destination=n(s.destination))
                    for s in scn.services
                ],
                [
                    rep(o, id=n(o.id), origin=n(o.origin), destination=n(o.destination))
                    for o in scn.orders
                ],
                [rep(g, id=n(g.id), depot=n(g.depot)) for g in scn.fleet],
            )
        )
        plans.append(
            (
                [
                    rep(it, order=n(it.order), legs=tuple(leg(x) for x in it.legs))
                    for it in plan.itineraries
                ],
                [leg(r) for r in plan.departures],
                [rep(u, order=n(u.order)) for u in plan.unserved],
                [
                    rep(
                        r,
                        fleet=n(r.fleet),
                        depot=n(r.depot),
                        stops=tuple(
                            rep(x, site=n(x.site), order=n(x.order), service=n(x.service))
                            for x in r.stops
                        ),
                    )
                    for r in plan.routes
                ],
                [rep(u, order=n(u.order), service=n(u.service)) for u in plan.unrouted],
            )
        )

    def cat(parts, j):  # type: ignore[no-untyped-def]
        return tuple(x for p in parts for x in p[j])

    union = Scenario(
        parameters=scn.parameters,
        sites=cat(scenarios, 0),
        commodities=scn.commodities,
        services=cat(scenarios, 1),
        orders=cat(scenarios, 2),
        fleet=cat(scenarios, 3),
    )
    together: Plan = rep(
        plan,
        itineraries=cat(plans, 0),
        departures=cat(plans, 1),
        unserved=cat(plans, 2),
        routes=cat(plans, 3),
        unrouted=cat(plans, 4),
        objective=k * plan.objective,
        lower_bound=k * plan.lower_bound,
    )
    return union, together


def run_one(orders: int) -> dict:
    """Plan the example, copy it to about ``orders`` orders, compute KPIs and check them."""
    from hubflow.check import check_plan
    from hubflow.example import EXAMPLE_DIR
    from hubflow.io import load_scenario
    from hubflow.kpi import compute_kpis
    from hubflow.planning import make_plan

    t0 = time.perf_counter()
    scn = load_scenario(EXAMPLE_DIR)
    plan = make_plan(scn, time_limit=60, dispatch_time=5)
    t1 = time.perf_counter()
    big, big_plan = copies(scn, plan, max(1, round(orders / len(scn.orders))))
    t2 = time.perf_counter()
    kpis = compute_kpis(big, big_plan).to_dict()
    t3 = time.perf_counter()
    violations = check_plan(big, big_plan, kpis)
    t4 = time.perf_counter()
    return {
        "orders": len(big.orders),
        "itineraries": len(big_plan.itineraries),
        "legs": sum(len(it.legs) for it in big_plan.itineraries),
        "truck_routes": len(big_plan.routes),
        "plan_s": round(t1 - t0, 1),
        "copy_s": round(t2 - t1, 1),
        "kpis_s": round(t3 - t2, 2),
        "check_s": round(t4 - t3, 2),
        "violations": len(violations),
        "first": violations[:3],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, nargs="+", default=[5000, 50000])
    ap.add_argument("--before", help="another source tree to time with (the branch base)")
    ap.add_argument("--before-orders", type=int, nargs="+", default=[5000])
    ap.add_argument("--before-label", default="before", help="e.g. the base commit's hash")
    ap.add_argument("--name", default="check_speed")
    args = ap.parse_args()
    rows = []
    trees = [("this tree", str(SRC), args.orders)]
    if args.before:
        trees.append((args.before_label, args.before, args.before_orders))
    for label, src, sizes in trees:
        for n in sizes:
            env = dict(os.environ, PYTHONPATH=f"{src}{os.pathsep}{Path(__file__).parent}")
            out = subprocess.run(
                [sys.executable, __file__, "--one", str(n)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            row = {"checker": label, **json.loads(out.splitlines()[-1])}
            print(row, file=sys.stderr)
            rows.append(row)
    write_tables(
        args.name,
        "Checker speed: check_plan on k disjoint copies of the planned example",
        shlex.join(["python", "bench/check_speed.py", *sys.argv[1:]]),
        COLUMNS,
        rows,
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(run_one(int(sys.argv[2]))))
    else:
        main()
