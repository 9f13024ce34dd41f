"""The map: projection framing (wide and degenerate boxes), vendored base map, flows on their
lanes, labels inside the frame and clear of each other, co-located sites sharing a label."""

from __future__ import annotations

import dataclasses
import re
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hubflow.model import Timetable
from hubflow.report.map import (
    MAX_HEIGHT,
    MIN_HEIGHT,
    WIDTH,
    Group,
    Projection,
    basemap,
    place_labels,
    render_map,
)
from tests import cases
from tests.report.conftest import planned


def test_single_point_is_padded():
    project = Projection.fit([113.6, 113.6], [34.7, 34.7])
    x, y = project(113.6, 34.7)
    assert x == pytest.approx(WIDTH / 2) and y == pytest.approx(project.height / 2, abs=5)
    lon0, lat0, lon1, lat1 = project.box()
    assert lon1 - lon0 >= 2.0 - 1e-9 and lat1 - lat0 >= 2.0 - 1e-9


@pytest.mark.parametrize(
    ("lons", "lats"),
    [
        ([5.0, 122.0], [22.0, 54.0]),  # Henan to Europe
        ([113.6, 113.61], [34.7, 34.7]),
        ([-179.0, 179.0], [-80.0, 84.0]),
        ([0.0], [0.0]),
        ([10.0, 10.0], [0.0, 20.0]),  # a north-south line
        ([0.0, 20.0], [5.0, 5.0]),  # an east-west line
        ([111.19, 113.85], [34.21, 35.31]),  # around Zhengzhou: wide, not widened to 2°
    ],
)
def test_every_site_is_in_view_with_a_margin(lons, lats):
    project = Projection.fit(lons, lats)
    assert MIN_HEIGHT <= project.height <= MAX_HEIGHT
    for lon in lons:
        for lat in lats:
            x, y = project(lon, lat)
            assert 0.05 * WIDTH <= x <= 0.95 * WIDTH or lons[0] == lons[-1]
            assert project.inside(x, y)


def test_small_but_wide_content_fills_the_frame():
    project = Projection.fit([111.19, 113.85], [34.21, 35.31])
    _, top = project(113.0, 35.31)
    _, bottom = project(113.0, 34.21)
    assert bottom - top >= 0.8 * project.height


def test_wide_content_gets_a_low_frame():
    """Hamburg to Shanghai (about 112° by 25°) frames wider than tall: no empty band."""
    project = Projection.fit([10.0, 122.0], [30.0, 55.0])
    assert project.height < 0.6 * WIDTH
    x0, _ = project(10.0, 55.0)
    x1, _ = project(122.0, 30.0)
    assert x1 - x0 == pytest.approx(WIDTH * 0.88, rel=0.01)  # the content spans the frame


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
    # every drawn site inside the frame (the map places each site it draws)
    width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    for cx, cy in re.findall(r'cx="([\d.-]+)" cy="([\d.-]+)"', svg):
        assert 0 <= float(cx) <= width and 0 <= float(cy) <= height
    assert "http" not in out
    assert "China–Europe train" in out and "as the crow flies" in out


def test_same_point_scenario_map(consolidation):
    sc, plan, _ = consolidation
    assert len({(s.lat, s.lon) for s in sc.sites}) == 1
    svg = render_map(sc, plan)
    assert svg.count('<path class="flow"') == 3
    assert 'class="map detail"' not in svg
    assert "nan" not in svg.lower().replace("name", "")


def test_co_located_sites_share_one_label(consolidation):
    """Every site of the consolidation case sits at one point: one label names them all."""
    sc, plan, _ = consolidation
    svg = render_map(sc, plan)
    labels = re.findall(r'<text class="label">.*?</text>', svg, re.S)
    assert len(labels) == 1
    for s in sc.sites:
        assert f">{s.name}</tspan>" in labels[0]


@pytest.mark.parametrize(("x", "y"), [(2.0, 2.0), (958.0, 300.0), (480.0, 318.0), (5.0, 318.0)])
def test_labels_stay_inside_the_frame(x, y):
    """A long name at each edge and corner is placed where it fits, never cut."""
    long = dataclasses.replace(cases.site("S"), name="N" * 30)
    placed = place_labels([Group(x, y, (long,))], WIDTH, 320)
    x0, y0, x1, y1 = placed[0]
    assert x0 >= 0 and x1 <= WIDTH and y0 >= 0 and y1 <= 320


def test_labels_do_not_overlap():
    site = cases.site("S")
    groups = [Group(400.0 + 3 * i, 200.0 + 4 * i, (site,)) for i in range(12)]
    placed = list(place_labels(groups, WIDTH, 400).values())
    assert len(placed) >= 4
    for i, a in enumerate(placed):
        for b in placed[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def test_sea_leg_follows_the_shipping_lane():
    """Tianjin to Hamburg by sea goes south through Malacca and Suez, not across Siberia."""
    pytest.importorskip("searoute")
    from hubflow.report.lanes import SEA_LANE, lanes_for

    site = cases.site
    sites = [site("TJ", hub=True, lat=38.98, lon=117.79), site("HH", lat=53.55, lon=9.99)]
    services = [cases.service("S", "sea", "TJ", "HH", transit_minutes=900 * 60)]
    sc = cases.scenario(
        sites,
        services,
        [cases.order("o", "TJ", "HH", 10, 0, 1000)],
        horizon_days=60,
    )
    lane = lanes_for(sc, [("TJ", "HH", "sea")])[("TJ", "HH", "sea")]
    assert lane.kind == SEA_LANE
    assert min(lat for _, lat in lane.points) < 6.0  # Strait of Malacca, about 1-6° N
    assert any(31 <= lon <= 34 and 27 <= lat <= 32 for lon, lat in lane.points)  # Suez
    assert max(lat for lon, lat in lane.points if 30 < lon < 110) < 45  # never over Siberia


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(0, WIDTH), st.floats(0, 400), st.text("abcdefgh ", min_size=1, max_size=40)
        ),
        min_size=1,
        max_size=30,
    )
)
def test_placed_labels_fit_and_never_overlap(points):
    """Whatever the marks, every label placed lies inside the frame, clear of the other labels
    and of every other mark."""
    groups = [
        Group(x, y, (dataclasses.replace(cases.site(f"S{i}"), name=name),))
        for i, (x, y, name) in enumerate(points)
    ]
    placed = place_labels(groups, WIDTH, 400)
    boxes = list(placed.items())
    for i, (gi, a) in enumerate(boxes):
        assert a[0] >= 0 and a[2] <= WIDTH and a[1] >= 0 and a[3] <= 400
        for _, b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
        for gj, g in enumerate(groups):
            mark = (g.x - 5, g.y - 5, g.x + 5, g.y + 5)
            if gj != gi:
                assert not (a[0] < mark[2] and mark[0] < a[2] and a[1] < mark[3] and mark[1] < a[3])
