"""CO2e per the GLEC Framework / ISO 14083: tonne-km × well-to-wheel intensity, plus hub handling.

Default intensities (g CO2e per tonne-km, well-to-wheel) and their sources:

============  =====  ==========================================================================
mode          g/tkm  source
============  =====  ==========================================================================
road           95.0  DEFRA 2025 HGV artic >33 t, UK avg laden: TTW 77.03 + WTT 17.99; applied
                     to China = ASSUMPTION
rail           15.0  ASSUMPTION: electric traction on China's grid (NL 11.3 at 80 % electric,
                     CE Delft 2014; China grid 0.551 kg/kWh, IEA 2024)
rail_express   35.0  DEFRA 2025 UK freight train WTW 34.70 as proxy for diesel sections = ASSUMPTION
hsr_express    30.0  ASSUMPTION: parcels on electric HSR trains, light loads (no source found)
air           633.0  GLEC v3.0 freighter >1,500 km TTW 498 (IATA RP1678) + DEFRA 2025 WTT 135
sea            15.5  DEFRA 2025 container ship 8,000+ TEU: TTW 12.66 + WTT 2.87
waterway       35.0  ASSUMPTION near UBA 2018 (34) and CE Delft 2014 (38.6) inland-ship averages
============  =====  ==========================================================================

A service's ``co2e_g_per_tkm`` overrides the default; a hub's ``handling_co2e_kg_per_t`` is
charged on every tonne transferred there (HHLA: 10 kg CO2 per container move ≈ 1 kg/t).

Empty running, which GLEC counts: on the return services of a vehicle balance
(``balances.csv``), the unladen share of each vehicle-km (vehicles × km less tonnes × km /
capacity) emits the balance's ``empty_co2e_kg_per_km``, else ``EMPTY_SHARE`` of the mode times
what the vehicle emits full (intensity × capacity):

- road 0.6, DERIVED: DEFRA 2025 HGV artic >33 t TTW is 59.88 g/tkm 100 % laden and 96.12 g/tkm
  50 % laden, i.e. 59.88 and 48.06 g per km and tonne of payload; extrapolated linearly to
  empty, 36.2, 0.6 of full (linear extrapolation = ASSUMPTION);
- every other mode 0.5, ASSUMPTION: no empty-running figure in the sources (an empty box on a
  train or a ship adds little more than its tare, so this errs high); state your own in the
  balance.
"""

from __future__ import annotations

from hubflow.model import Scenario, Service, Site

# an empty vehicle-km over a full one's, by mode (see above: road DERIVED, the rest ASSUMPTION)
EMPTY_SHARE: dict[str, float] = {
    "road": 0.6,
    "rail": 0.5,
    "rail_express": 0.5,
    "hsr_express": 0.5,
    "air": 0.5,
    "sea": 0.5,
    "waterway": 0.5,
}

DEFAULT_G_PER_TKM: dict[str, float] = {
    "road": 95.0,
    "rail": 15.0,
    "rail_express": 35.0,
    "hsr_express": 30.0,
    "air": 633.0,
    "sea": 15.5,
    "waterway": 35.0,
}

__all__ = [
    "DEFAULT_G_PER_TKM",
    "EMPTY_SHARE",
    "empty_co2e_kg_per_km",
    "handling_co2e_kg",
    "intensity_g_per_tkm",
    "leg_co2e_kg",
]


def intensity_g_per_tkm(service: Service) -> float:
    """Well-to-wheel g CO2e per tonne-km of a service (its override, else the mode default)."""
    if service.co2e_g_per_tkm is not None:
        return service.co2e_g_per_tkm
    return DEFAULT_G_PER_TKM[service.mode]


def leg_co2e_kg(service: Service, tonnes: float, distance_km: float) -> float:
    """kg CO2e of carrying ``tonnes`` over ``distance_km`` on ``service``."""
    return tonnes * distance_km * intensity_g_per_tkm(service) / 1000.0


def handling_co2e_kg(site: Site, tonnes: float) -> float:
    """kg CO2e of transferring ``tonnes`` at a hub."""
    return tonnes * site.handling_co2e_kg_per_t


def empty_co2e_kg_per_km(scenario: Scenario) -> dict[str, float]:
    """kg CO2e per vehicle-km run empty, for each return service of a vehicle balance."""
    out = {}
    services = {s.id: s for s in scenario.services}
    for b in scenario.balances:
        for sid in b.returns:
            svc = services[sid]
            full = intensity_g_per_tkm(svc) * svc.capacity_t / 1000.0
            stated = b.empty_co2e_kg_per_km
            out[sid] = EMPTY_SHARE[svc.mode] * full if stated is None else stated
    return out
