"""Variants: typed changes parsed from --set texts, refused with a located error before solving."""

from __future__ import annotations

import pytest

from hubflow.errors import ScenarioError
from hubflow.io.variants import Change, Variant, apply_variant, parse_grid, parse_variant
from tests import cases
from tests.sweep.land_cases import yard_or_trucks


def test_a_grid_is_every_combination_in_order():
    scn = yard_or_trucks(20.0)
    grid = parse_grid(scn, ["carbon_price=0,200", "yard_area[H]=*0.5,*1,30"])
    assert [v.label for v in grid] == [
        "carbon_price=0, yard_area[H]=*0.5",
        "carbon_price=0, yard_area[H]=*1",
        "carbon_price=0, yard_area[H]=30",
        "carbon_price=200, yard_area[H]=*0.5",
        "carbon_price=200, yard_area[H]=*1",
        "carbon_price=200, yard_area[H]=30",
    ]
    yards = [apply_variant(scn, v).site("H").yard_m2 for v in grid[:3]]
    assert yards == [10.0, 20.0, 30.0]
    assert apply_variant(scn, grid[3]).parameters.carbon_price == 200


def test_each_kind_of_change_makes_the_scenario_it_says():
    scn = yard_or_trucks(20.0)
    v = parse_variant(scn, ["frequency[H-C]=*2", "capacity[A-C]=*1.5", "volume=*1.25"])
    out = apply_variant(scn, v)
    train = {s.id: s for s in out.services}["H-C"]
    assert str(train.timetable) == "daily 08:00 20:00"  # a second train, half a day apart
    assert {s.id: s for s in out.services}["A-C"].capacity_t == 15.0
    assert out.orders[0].tonnes == 50.0
    assert parse_variant(scn, ["yard_area=40"]).changes[0].target == ""  # every yard
    assert apply_variant(scn, parse_variant(scn, ["yard_area=40"])).site("H").yard_m2 == 40


def test_a_weekly_train_twice_a_week():
    scn = yard_or_trucks(20.0)
    weekly = cases.service(
        "W", "rail", "H", "C", timetable=cases.Timetable.parse("weekly Thu 08:00")
    )
    scn = type(scn)(
        parameters=scn.parameters,
        sites=scn.sites,
        commodities=scn.commodities,
        services=(*scn.services, weekly),
        orders=scn.orders,
    )
    out = apply_variant(scn, parse_variant(scn, ["frequency[W]=2"]))  # 2 departures a week
    assert str({s.id: s for s in out.services}["W"].timetable) == "weekly Thu 08:00; Sun 20:00"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("bogus=1,2", "unknown parameter"),
        ("yard_area[ZZ]=*0.5", "unknown hub 'ZZ'"),
        ("yard_area[A]=*0.5", "unknown hub 'A'"),  # a site, but not a hub
        ("frequency[NOPE]=*2", "unknown service 'NOPE'"),
        ("yard_area[H]=*half", "is not a number"),
        ("carbon_price=cheap", "carbon_price"),
        ("carbon_price=-5", "must be >= 0"),
        ("yard_area[H]=-3", ">= 0"),
        ("frequency[H-C]=*1.5", "whole multiple"),
        ("frequency[A-C]=*2", "continuous"),
        ("volume=*0", "> 0"),
        ("carbon_price", "is not PARAM=V1,V2"),
        ("carbon_price[H]=1", "takes no [ID]"),
    ],
)
def test_a_bad_axis_is_refused_with_what_is_wrong(text, words):
    with pytest.raises(ScenarioError) as e:
        parse_grid(yard_or_trucks(20.0), [text])
    assert words in str(e.value)
    assert all(p.file == "--set" for p in e.value.problems)


def test_every_bad_value_is_listed_at_once():
    with pytest.raises(ScenarioError) as e:
        parse_grid(yard_or_trucks(20.0), ["carbon_price=1,x,y", "yard_area[Q]=1"])
    assert len(e.value.problems) == 3


def test_a_variant_reads_back_from_its_texts():
    scn = yard_or_trucks(20.0)
    v = Variant((Change("yard_area", "H", 0.5, factor=True), Change("carbon_price", "", "200")))
    assert parse_variant(scn, v.to_texts()) == v
