"""Each service's distance with its method; the loader fills the missing ones when the scenario
says ``distances = "networks"``, records them in the service's source, and a given one wins.

Sea lanes (searoute, a core dependency) and air (great circle x 1.05) keep these tests free of
the optional road and rail graphs.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from typer.testing import CliRunner

from hubflow.cli import app
from hubflow.distances import (
    CIRCUITY,
    GIVEN,
    MIN_KM,
    SEA_LANES,
    RoadDistances,
    great_circle_km,
    service_distance_km,
    service_distances,
)
from hubflow.io import (
    apply_overrides,
    load_scenario,
    scenario_from_dict,
    scenario_to_dict,
    write_scenario_csv,
)
from tests import cases

SHANGHAI_PORT = cases.site("SHP", lat=31.35, lon=121.62)
ROTTERDAM = cases.site("RTM", lat=51.95, lon=4.13)


def _scenario(distances: str = "networks", sea_km: float | None = None):
    services = [
        cases.service("SEA", "sea", "SHP", "RTM", distance_km=sea_km),
        cases.service("AIR", "air", "SHP", "RTM", distance_km=None),
        cases.service("GIVEN", "sea", "RTM", "SHP", distance_km=20_000.0),
    ]
    orders = [cases.order("o1", "SHP", "RTM", 10.0, 0, 48)]
    return cases.scenario([SHANGHAI_PORT, ROTTERDAM], services, orders, distances=distances)


def _folder(tmp_path, **kw):
    write_scenario_csv(_scenario(**kw), tmp_path)
    return tmp_path


def test_distances_are_given_or_found_with_their_method():
    found = {d.service: d for d in service_distances(_scenario())}
    assert (found["GIVEN"].method, found["GIVEN"].distance_km) == (GIVEN, 20_000.0)
    assert found["SEA"].method == SEA_LANES
    assert found["SEA"].distance_km > 2 * great_circle_km(SHANGHAI_PORT, ROTTERDAM)
    assert found["AIR"].method == CIRCUITY
    assert found["AIR"].distance_km == pytest.approx(
        1.05 * great_circle_km(SHANGHAI_PORT, ROTTERDAM), abs=0.05
    )


def test_with_circuity_the_default_nothing_asks_a_network():
    found = {d.service: d for d in service_distances(_scenario("circuity"))}
    assert found["SEA"].method == CIRCUITY
    assert found["SEA"].distance_km == pytest.approx(
        1.20 * great_circle_km(SHANGHAI_PORT, ROTTERDAM)
    )


def test_the_loader_fills_missing_distances_and_records_them_in_the_sources(tmp_path):
    scn = load_scenario(_folder(tmp_path))
    by_id = {s.id: s for s in scn.services}
    sea = by_id["SEA"]
    assert sea.distance_km is not None and sea.distance_km > 15_000
    assert f"distance_km {sea.distance_km:g} computed: sea lanes (searoute" in sea.source
    assert "great circle x circuity (great circle x 1.05)" in by_id["AIR"].source
    assert by_id["GIVEN"].source == "" and by_id["GIVEN"].distance_km == 20_000.0
    assert service_distance_km(scn, sea) == sea.distance_km  # what the network and KPIs use


def test_a_saved_scenario_still_says_how_its_filled_distances_were_found(tmp_path):
    """Once filled and saved (a plan's folder, the example's build), the km are stated, and the
    note in the source keeps their method; a km the user types over it is given."""
    filled = load_scenario(_folder(tmp_path))
    found = {d.service: d.method for d in service_distances(filled)}
    assert found == {"SEA": SEA_LANES, "AIR": CIRCUITY, "GIVEN": GIVEN}
    edited = dataclasses.replace(
        filled,
        services=tuple(
            dataclasses.replace(s, distance_km=21_000.0) if s.id == "SEA" else s
            for s in filled.services
        ),
    )
    assert {d.service: d.method for d in service_distances(edited)}["SEA"] == GIVEN


def test_the_loader_leaves_distances_open_with_circuity(tmp_path):
    scn = load_scenario(_folder(tmp_path, distances="circuity"))
    assert {s.id for s in scn.services if s.distance_km is None} == {"SEA", "AIR"}


def test_the_json_form_fills_them_as_the_folder_does():
    data = scenario_to_dict(_scenario())
    del data["fleet"]  # written as [] without trucks, which the reader refuses (no columns)
    filled = {s.id: s.distance_km for s in scenario_from_dict(data).services}
    as_given = {
        s.id: s.distance_km for s in scenario_from_dict(data, fill_distances=False).services
    }
    assert filled["SEA"] is not None and as_given["SEA"] is None


def test_an_override_to_networks_fills_them_too():
    scn = apply_overrides(_scenario("circuity"), ["distances=networks"])
    assert all(s.distance_km is not None for s in scn.services)


def test_a_distance_given_by_the_user_wins(tmp_path):
    scn = load_scenario(_folder(tmp_path, sea_km=21_000.0))
    assert {s.id: s.distance_km for s in scn.services}["SEA"] == 21_000.0
    found = {d.service: d for d in service_distances(scn)}
    assert (found["SEA"].method, found["SEA"].distance_km) == (GIVEN, 21_000.0)


def test_an_unknown_distances_value_is_refused(tmp_path):
    folder = _folder(tmp_path)
    toml = folder / "scenario.toml"
    toml.write_text(toml.read_text().replace('"networks"', '"osrm"'))
    out = CliRunner().invoke(app, ["distances", str(folder)])
    assert out.exit_code == 2
    assert "distances" in out.stderr and "'osrm' is not one of" in out.stderr


def test_json_prints_only_the_contract_list(tmp_path):
    out = CliRunner().invoke(app, ["distances", str(_folder(tmp_path)), "--json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)
    assert [r["service"] for r in rows] == ["SEA", "AIR", "GIVEN"]
    assert all(set(r) == {"service", "mode", "distance_km", "method"} for r in rows)
    assert [r["method"] for r in rows] == ["sea lanes", "great circle x circuity", "given"]
    assert rows[2]["distance_km"] == 20_000.0


def test_networks_flag_asks_the_networks_of_a_circuity_scenario(tmp_path):
    folder = _folder(tmp_path, distances="circuity")
    plain = json.loads(CliRunner().invoke(app, ["distances", str(folder), "--json"]).stdout)
    forced = json.loads(
        CliRunner().invoke(app, ["distances", str(folder), "--json", "--networks"]).stdout
    )
    assert plain[0]["method"] == "great circle x circuity"
    assert forced[0]["method"] == "sea lanes"


def test_the_table_names_each_method(tmp_path):
    out = CliRunner().invoke(app, ["distances", str(_folder(tmp_path))])
    assert out.exit_code == 0, out.output
    assert "1 sea lanes, 1 great circle x circuity, 1 given" in out.stdout


def test_co_located_sites_keep_no_road_distance_for_own_trucks_with_networks_too():
    """0 km between two sites at one coordinate is the sentinel dispatch never drives and the
    checker flags (tests/trucking); a network must not turn it into a drivable hop."""
    here = cases.site("A", lat=34.7, lon=113.6)
    also_here = cases.site("B", lat=34.7, lon=113.6)
    scn = cases.scenario([here, also_here], [], [])
    networks = dataclasses.replace(scn.parameters, distances="networks")
    for s in (scn, dataclasses.replace(scn, parameters=networks)):
        km = RoadDistances(s)
        assert km("A", "B") == 0.0 and km("A", "A") == 0.0


def test_a_service_between_two_sites_at_one_coordinate_is_at_least_min_km():
    here = cases.site("A", lat=34.7, lon=113.6)
    also_here = cases.site("B", lat=34.7, lon=113.6)
    rail = cases.service("T", "rail", "A", "B", distance_km=None)
    for distances in ("circuity", "networks"):
        scn = cases.scenario([here, also_here], [rail], [], distances=distances)
        assert [d.distance_km for d in service_distances(scn)] == [MIN_KM]
