"""Names a reader sees instead of ids, and signed differences without "−0"."""

from __future__ import annotations

from hubflow.report.fmt import signed
from hubflow.report.names import mode_name, scenario_title, service_names, short_name
from tests import cases


def test_mode_names():
    assert mode_name("rail_express") == "China–Europe train"
    assert mode_name("hsr_express") == "High-speed rail express"
    assert mode_name("cable_car") == "Cable car"  # an unknown mode still reads as words


def test_short_site_names_cut_at_a_bracket_or_slash_only_when_long():
    long = "Zhengzhou International Land Port / CR Intermodal Zhengzhou container centre (Putian)"
    assert short_name(long) == "Zhengzhou International Land Port"
    assert short_name("Chongqing Guoyuan port (Yangtze)") == "Chongqing Guoyuan port (Yangtze)"
    assert short_name("Construction/automotive customer Xi'an") == (
        "Construction/automotive customer Xi'an"
    )


def test_page_title_from_the_scenario_name():
    assert scenario_title("zhengzhou") == "Zhengzhou"
    assert scenario_title("zhengzhou_week_12") == "Zhengzhou week 12"
    assert scenario_title("Week 12 (new siding)") == "Week 12 (new siding)"


def test_service_names_say_mode_and_sites_and_stay_unique():
    sc = cases.consolidation()
    names = service_names(sc)
    assert names["H-C"] == "Rail: H → C"
    assert len(set(names.values())) == len(names)


def test_signed_differences():
    assert signed(1250.0) == "+1,250"
    assert signed(-3.5, 1) == "−3.5"
    assert signed(-0.0001) == "0" and signed(-0.04, 1) == "0.0"
