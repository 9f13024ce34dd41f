"""Network distances: published city-pair figures within a stated tolerance, method labels,
fallbacks, and the floor between two different sites.

Published distances (what the networks are checked against):

| pair | mode | published km | source | network km (2026-11) |
|---|---|---|---|---|
| Beijing West - Zhengzhou | rail | 689 | Beijing-Guangzhou railway, station chainage (Wikipedia, "Beijing–Guangzhou railway") | 677 (-1.8 %) |
| Zhengzhou - Hamburg | rail | 10,214 | China Daily 2017-09-26, the Zhengzhou-Europe train (example sources.csv, facts 1.2) | 9,597 (-6.0 %) |
| Beijing - Shanghai | road | 1,262 | G2 Beijing-Shanghai Expressway length (Wikipedia, "G2 Beijing–Shanghai Expressway") | 1,183 (-6.2 %) |
| Shanghai - Rotterdam | sea | 19,631 | 10,600 nm via Suez (porteconomicsmanagement.org, example facts 6) x 1.852 | 19,563 (-0.3 %) |

Tolerance: 12 %. The networks run site to site (station, city centre or port), the published
figures line to line or terminal to terminal, and a route may take a newer line. The road and
rail graphs are simplified (straight lines between fewer nodes than the real track or road),
so they come out a few per cent short of published lengths, never far over.
"""

from __future__ import annotations

import pytest

from hubflow.distances import (
    CIRCUITY,
    METHODS,
    MIN_KM,
    RAIL_NETWORK,
    ROAD_NETWORK,
    SEA_LANES,
    Networks,
    great_circle_km,
)
from tests import cases

TOLERANCE = 0.12

BEIJING_WEST = cases.site("BJW", lat=39.8946, lon=116.3220)
ZHENGZHOU = cases.site("ZZ", lat=34.7456, lon=113.6588)  # Zhengzhou station
HAMBURG = cases.site("HH", lat=53.5511, lon=9.9937)
BEIJING = cases.site("BJ", lat=39.9042, lon=116.4074)
SHANGHAI = cases.site("SH", lat=31.2304, lon=121.4737)
SHANGHAI_PORT = cases.site("SHP", lat=31.35, lon=121.62)  # Yangshan / Waigaoqiao approaches
ROTTERDAM = cases.site("RTM", lat=51.95, lon=4.13)  # Maasvlakte


def networks() -> Networks:
    return Networks(cases.scenario([], [], []).parameters)


def scgraph_data():
    pytest.importorskip("scgraph_data.world_railways", reason="pip install 'hubflow[networks]'")


def test_the_method_labels_are_the_documented_contract():
    assert METHODS == (
        "given",
        "road network",
        "rail network",
        "sea lanes",
        "great circle x circuity",
    )


def test_sea_lanes_give_the_published_shanghai_rotterdam_distance():
    d = networks().between("sea", SHANGHAI_PORT, ROTTERDAM)
    assert d.method == SEA_LANES
    assert d.km == pytest.approx(10_600 * 1.852, rel=TOLERANCE)
    assert d.km > 2 * great_circle_km(SHANGHAI_PORT, ROTTERDAM)  # round Asia, not over land


@pytest.mark.slow
@pytest.mark.parametrize(
    ("mode", "a", "b", "published", "method"),
    [
        ("rail", BEIJING_WEST, ZHENGZHOU, 689.0, RAIL_NETWORK),
        ("rail_express", ZHENGZHOU, HAMBURG, 10_214.0, RAIL_NETWORK),
        ("road", BEIJING, SHANGHAI, 1_262.0, ROAD_NETWORK),
    ],
)
def test_road_and_rail_networks_give_published_distances(mode, a, b, published, method):
    scgraph_data()
    d = networks().between(mode, a, b)
    assert d.method == method
    assert d.km == pytest.approx(published, rel=TOLERANCE)
    assert d.km >= great_circle_km(a, b)


@pytest.mark.parametrize(("mode", "factor"), [("air", 1.05), ("waterway", 1.20)])
def test_modes_without_a_network_take_great_circle_x_circuity(mode, factor):
    d = networks().between(mode, BEIJING, SHANGHAI)
    assert d.method == CIRCUITY
    assert d.km == pytest.approx(great_circle_km(BEIJING, SHANGHAI) * factor, abs=0.05)
    assert d.source == f"great circle x {factor:g}"


def test_an_inland_site_has_no_sea_lane_and_says_so():
    """Zhengzhou lies ~500 km from the sea, past the 400 km a lane may start from its site."""
    d = networks().between("sea", ZHENGZHOU, ROTTERDAM)
    assert d.method == CIRCUITY
    assert "off the sea lanes" in d.source


def test_without_the_networks_extra_road_falls_back_with_the_install_hint(monkeypatch):
    import importlib

    real = importlib.import_module

    def no_scgraph_data(name, *args):
        if name.startswith("scgraph_data"):
            raise ModuleNotFoundError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", no_scgraph_data)
    d = networks().between("road", BEIJING, SHANGHAI)
    assert d.method == CIRCUITY
    assert d.km == pytest.approx(great_circle_km(BEIJING, SHANGHAI) * 1.30, abs=0.05)
    assert "pip install 'hubflow[networks]'" in d.source


def test_two_different_sites_at_one_place_are_never_0_km_apart():
    here = cases.site("A", lat=34.7, lon=113.6)
    also_here = cases.site("B", lat=34.7, lon=113.6)
    for mode in ("air", "waterway", "sea"):
        assert networks().between(mode, here, also_here).km == MIN_KM
