"""CO2e per leg (tonnes × km × GLEC intensity) and per handled tonne, checked by hand."""

from __future__ import annotations

import pytest

from hubflow.emissions import (
    DEFAULT_G_PER_TKM,
    handling_co2e_kg,
    intensity_g_per_tkm,
    leg_co2e_kg,
)
from hubflow.model import MODES
from tests import cases


def test_every_mode_has_a_default_intensity():
    assert set(DEFAULT_G_PER_TKM) == set(MODES)
    assert all(g > 0 for g in DEFAULT_G_PER_TKM.values())


@pytest.mark.parametrize(
    ("mode", "ttw", "wtt"),
    [
        ("road", 77.03, 17.99),  # DEFRA 2025 HGV artic > 33 t, average laden
        ("air", 498.0, 135.0),  # GLEC v3.0 freighter > 1,500 km TTW + DEFRA 2025 WTT
        ("sea", 12.66, 2.87),  # DEFRA 2025 container ship 8,000+ TEU
    ],
)
def test_sourced_defaults_are_tank_to_wheel_plus_well_to_tank(mode, ttw, wtt):
    # the module docstring's sources, rounded to 0.1 g/tkm at most
    assert DEFAULT_G_PER_TKM[mode] == pytest.approx(ttw + wtt, abs=0.05)


def test_a_road_leg_by_hand():
    # 20 t × 500 km = 10,000 tkm; × 95 g/tkm = 950,000 g = 950 kg
    truck = cases.service("t", "road", "A", "C")
    assert intensity_g_per_tkm(truck) == 95.0
    assert leg_co2e_kg(truck, 20.0, 500.0) == pytest.approx(950.0)


def test_a_service_override_beats_the_mode_default():
    # an electric truck at 30 g/tkm: 20 t × 500 km × 30 g = 300 kg
    electric = cases.service("e", "road", "A", "C", co2e_g_per_tkm=30.0)
    assert intensity_g_per_tkm(electric) == 30.0
    assert leg_co2e_kg(electric, 20.0, 500.0) == pytest.approx(300.0)
    zero = cases.service("z", "rail", "A", "C", co2e_g_per_tkm=0.0)
    assert leg_co2e_kg(zero, 20.0, 500.0) == 0.0  # 0 is an override, not "use the default"


def test_an_air_leg_by_hand():
    # 2 t of parcels over 1,000 km by freighter: 2,000 tkm × 633 g = 1,266 kg
    air = cases.service("f", "air", "A", "C")
    assert leg_co2e_kg(air, 2.0, 1000.0) == pytest.approx(1266.0)


def test_handling_at_a_hub_by_hand():
    # 40 t transferred at 1.2 kg/t: 48 kg
    hub = cases.site("H", hub=True, handling_co2e_kg_per_t=1.2)
    assert handling_co2e_kg(hub, 40.0) == pytest.approx(48.0)
    assert handling_co2e_kg(cases.site("P"), 40.0) == 0.0
