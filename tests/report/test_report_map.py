"""The map: projection fitting (wide and degenerate boxes), vendored base map, flows."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from hubflow.model import Timetable
from hubflow.report.map import HEIGHT, WIDTH, Projection, basemap, render_map
from tests import cases
from tests.report.conftest import planned


def inside(x: float, y: float) -> bool:
    return 0 <= x <= WIDTH and 0 <= y <= HEIGHT


def test_single_point_is_padded():
    project = Projection.fit([113.6, 113.6], [34.7, 34.7])
    x, y = project(113.6, 34.7)
    assert x == pytest.approx(WIDTH / 2) and y == pytest.approx(HEIGHT / 2, abs=5)
    lon0, lat0, lon1, lat1 = project.box()
    assert lon1 - lon0 >= 2.0 - 1e-9 and lat1 - lat0 >= 2.0 - 1e-9


@pytest.mark.parametrize(
    ("lons", "lats"),
    [
        ([5.0, 122.0], [22.0, 54.0]),  # Henan to Europe
        ([113.6, 113.61], [34.7, 34.7]),
        ([-179.0, 179.0], [-80.0, 84.0]),
        ([0.0], [0.0]),
    ],
)
def test_every_site_is_in_view(lons, lats):
    project = Projection.fit(lons, lats)
    for lon in lons:
        for lat in lats:
            assert inside(*project(lon, lat))


def test_basemap_asset_is_vendored_with_its_sources():
    land, borders = basemap()
    assert len(land) > 100 and len(borders) > 100
    assets = resources.files("hubflow.report").joinpath("assets")
    sources = assets.joinpath("SOURCES.md").read_text("utf-8")
    assert "world-atlas" in sources and "2.0.2" in sources
    assert "public domain" in sources and "ISC" in sources
    assert len(assets.joinpath("basemap.json").read_bytes()) < 400_000


def henan_to_europe():
    """Zhengzhou hub to Duisburg by China-Europe train, plants to the hub by road."""
    site = cases.site
    sites = [
        site("P", lat=34.8, lon=113.3),
        site("Q", lat=35.2, lon=113.2),
        site("H", hub=True, lat=34.75, lon=113.65),
        site("D", lat=51.43, lon=6.76),
        site("X", lat=43.3, lon=5.4),
    ]
    services = [
        cases.service("P-H", "road", "P", "H", fixed_cost=500.0, transit_minutes=120),
        cases.service("Q-H", "road", "Q", "H", fixed_cost=500.0, transit_minutes=120),
        cases.service(
            "H-D",
            "rail_express",
            "H",
            "D",
            fixed_cost=20000.0,
            capacity_t=1000.0,
            timetable=Timetable.parse("daily 12:00"),
            transit_minutes=16 * 1440,
            distance_km=10000.0,
        ),
    ]
    orders = [
        cases.order("o1", "P", "D", 20, 0, 20 * 24),
        cases.order("o2", "Q", "D", 20, 0, 20 * 24),
    ]
    return cases.scenario(sites, services, orders, horizon_days=21, time_step_minutes=240)


def test_wide_scenario_map():
    sc, plan, _ = planned(henan_to_europe())
    out = render_map(sc, plan)
    svg, detail = re.findall(r'<svg class="map[^"]*".*?</svg>', out, re.S)
    assert svg.count('<path class="flow"') == 3
    assert detail.count('<path class="flow"') == 3  # the same flows, zoomed in around the hub
    assert 'class="map detail"' in out and "Around H" in out
    assert 'data-mode="rail_express"' in svg
    assert '<path class="land"' in svg and '<path class="border"' in svg
    # the map drops a site it cannot place, so count them: four sites and the hub H, all inside
    sites = re.findall(r'<circle class="site" cx="([\d.-]+)" cy="([\d.-]+)"', svg)
    assert len(sites) == 4 and svg.count('<rect class="hub"') == 1
    assert all(inside(float(cx), float(cy)) for cx, cy in sites)
    assert "http" not in out


def test_same_point_scenario_map(consolidation):
    sc, plan, _ = consolidation
    assert len({(s.lat, s.lon) for s in sc.sites}) == 1
    svg = render_map(sc, plan)
    assert svg.count('<path class="flow"') == 3
    assert 'class="map detail"' not in svg
    assert "nan" not in svg.lower().replace("name", "")
