"""Earliest-arrival / latest-departure labels and the pruned network built from them."""

from __future__ import annotations

from hubflow.model import Timetable
from hubflow.network import build_network
from hubflow.network.builder import DEPARTURE, HOLDING, TRANSFER
from tests import cases

H = cases.H


def _two_legs():
    """A -> H by road (every step, 2 h), H -> C by rail daily 12:00 (10 h); handling 3 h at H."""
    sites = [cases.site("A"), cases.site("H", hub=True, handling_minutes=3 * H), cases.site("C")]
    services = [
        cases.service("A-H", "road", "A", "H", transit_minutes=2 * H),
        cases.service(
            "H-C",
            "rail",
            "H",
            "C",
            transit_minutes=10 * H,
            timetable=Timetable.parse("daily 12:00"),
        ),
    ]
    return sites, services


def test_only_arcs_on_an_on_time_path_are_kept():
    sites, services = _two_legs()
    # released 00:00, due 23:00: must catch the 12:00 train (arrives 22:00), so the truck must
    # leave A by 07:00 (2 h drive + 3 h handling)
    net = build_network(cases.scenario(sites, services, [cases.order("o", "A", "C", 5, 0, 23)]))
    [d] = net.problem.demands
    kinds = net.arc_kind[d.arcs]
    trucks = [a for a in d.arcs if net.arc_kind[a] == DEPARTURE and net.arc_site[a] == "A"]
    assert sorted(net.arc_bucket[a] for a in trucks) == list(range(0, 8))  # 00:00 .. 07:00
    trains = [a for a in d.arcs if net.arc_kind[a] == DEPARTURE and net.arc_site[a] == "H"]
    assert [net.arc_bucket[a] for a in trains] == [12]  # only day 1's train reaches C by 23:00
    assert (kinds == TRANSFER).sum() == 8 and (kinds == HOLDING).any()


def test_no_path_before_due_is_explained_with_the_hours_missing():
    sites, services = _two_legs()
    net = build_network(cases.scenario(sites, services, [cases.order("o", "A", "C", 5, 8, 30)]))
    # released 08:00: too late for day 1's train; day 2's arrives at 22:00 + 24 h = 46 h
    [u] = net.unreachable
    assert u.reason == "NO_PATH_BEFORE_DUE"
    assert "16.0 h after the due time" in u.detail
    assert net.problem.demands == ()
