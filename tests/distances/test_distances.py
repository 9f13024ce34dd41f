"""Great-circle distances against published and hand-computed figures, and the circuity rule."""

from __future__ import annotations

import dataclasses
from math import pi

import pytest

from hubflow.distances import (
    EARTH_RADIUS_KM,
    circuity,
    great_circle_km,
    road_km,
    service_distance_km,
)
from tests import cases

# City centres (Wikipedia): Zhengzhou 34.7466 N 113.6253 E, Beijing 39.9042 N 116.4074 E
ZHENGZHOU = cases.site("ZZ", lat=34.7466, lon=113.6253)
BEIJING = cases.site("BJ", lat=39.9042, lon=116.4074)


def test_haversine_matches_the_published_test_case():
    """Rosetta Code, "Haversine formula": Nashville BNA (36.12, -86.67) to Los Angeles LAX
    (33.94, -118.40) is 2886.44444 km on a sphere of radius 6371.0 km; ours is 6371.0088 km."""
    bna = cases.site("BNA", lat=36.12, lon=-86.67)
    lax = cases.site("LAX", lat=33.94, lon=-118.40)
    published = 2886.44444283798 * EARTH_RADIUS_KM / 6371.0
    assert great_circle_km(bna, lax) == pytest.approx(published, abs=0.01)
    assert great_circle_km(lax, bna) == pytest.approx(published, abs=0.01)


def test_zhengzhou_to_beijing_is_about_620_km():
    # the commonly published straight-line figure is ≈ 620 km; city centres differ by a few km
    assert great_circle_km(ZHENGZHOU, BEIJING) == pytest.approx(620.0, rel=0.01)


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((0.0, 0.0), (0.0, 1.0), EARTH_RADIUS_KM * pi / 180),  # 1° along the equator: 111.195
        ((0.0, 10.0), (90.0, 10.0), EARTH_RADIUS_KM * pi / 2),  # equator to pole: 10,007.6
        ((0.0, 0.0), (0.0, 180.0), EARTH_RADIUS_KM * pi),  # antipodes: half the circumference
        ((34.7, 113.6), (34.7, 113.6), 0.0),
    ],
)
def test_great_circle_by_hand(a, b, km):
    here = cases.site("a", lat=a[0], lon=a[1])
    there = cases.site("b", lat=b[0], lon=b[1])
    assert great_circle_km(here, there) == pytest.approx(km, abs=1e-6)


def _zz_bj(mode: str, distance_km: float | None = None, **params):
    svc = cases.service("s", mode, "ZZ", "BJ", distance_km=distance_km)
    return cases.scenario([ZHENGZHOU, BEIJING], [svc], [], **params), svc


@pytest.mark.parametrize(
    ("mode", "factor"),
    [
        ("road", 1.30),
        ("rail", 1.25),
        ("rail_express", 1.25),
        ("hsr_express", 1.25),
        ("air", 1.05),
        ("waterway", 1.20),
        ("sea", 1.20),
    ],
)
def test_without_a_stated_distance_great_circle_times_the_mode_circuity(mode, factor):
    scn, svc = _zz_bj(mode)
    assert circuity(mode, scn.parameters) == factor  # the documented defaults
    gc = great_circle_km(ZHENGZHOU, BEIJING)
    assert service_distance_km(scn, svc) == pytest.approx(gc * factor)


def test_circuity_comes_from_the_scenario_and_a_stated_distance_wins():
    scn, svc = _zz_bj("road", road_circuity=1.5)
    assert service_distance_km(scn, svc) == pytest.approx(1.5 * great_circle_km(ZHENGZHOU, BEIJING))
    scn, svc = _zz_bj("road", distance_km=693.0)
    assert service_distance_km(scn, svc) == 693.0


def test_road_km_for_own_trucks():
    """A road service's stated distance wins, either way round, the shortest of several;
    a rail service's distance does not count; else great circle × 1.30, to the metre."""
    gc = great_circle_km(ZHENGZHOU, BEIJING)
    scn, _ = _zz_bj("rail", distance_km=695.0)
    assert road_km(scn, "ZZ", "BJ") == round(1000 * gc * 1.30) / 1000
    assert road_km(scn, "BJ", "BJ") == 0.0
    roads = (
        cases.service("r1", "road", "BJ", "ZZ", distance_km=700.0),
        cases.service("r2", "road", "ZZ", "BJ", distance_km=690.5),
    )
    scn = dataclasses.replace(scn, services=scn.services + roads)
    assert road_km(scn, "ZZ", "BJ") == road_km(scn, "BJ", "ZZ") == 690.5
