"""The plan's --out folder: the files the README lists, with the rows of a hand-built plan."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from hubflow.export import read_plan_folder, write_plan_folder
from hubflow.kpi import compute_kpis
from hubflow.planning import make_plan
from tests import cases
from tests.export import TABLES  # README, the --out folder; `hubflow plan` adds report.html

SCENARIO_FILES = {"scenario.toml", "sites.csv", "commodities.csv", "services.csv", "orders.csv"}


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def strict_json(path: Path) -> dict:
    """plan.json as a strict JSON reader sees it: Infinity and NaN are refused."""

    def refuse(token: str) -> None:
        raise ValueError(f"{path.name} holds {token}, which is not JSON")

    return json.loads(path.read_text("utf-8"), parse_constant=refuse)


@pytest.fixture
def via_hub(tmp_path: Path):
    """cases.via_hub() written out: 00:00 truck A-H, 12:00 train H-C, 2 h late, 7 m² at H."""
    scn, plan = cases.via_hub()
    kpis = compute_kpis(scn, plan)
    written = write_plan_folder(scn, plan, kpis, tmp_path / "out")
    return scn, plan, kpis, tmp_path / "out", written


def test_every_listed_file_is_written(via_hub):
    _, _, _, out, written = via_hub
    top = {p.name for p in written if p.parent == out}
    assert top == {"plan.json", "manifest.json", *TABLES}
    assert all(p.is_file() for p in written)
    assert {p.name for p in (out / "scenario").iterdir()} >= SCENARIO_FILES


def test_itineraries_and_departures_rows(via_hub):
    _, _, _, out, _ = via_hub
    legs = [
        (r["order"], r["leg"], r["service"], r["departure"], r["arrival"], float(r["tonnes"]))
        for r in rows(out / "itineraries.csv")
    ]
    assert legs == [
        ("o1", "1", "A-H", "2026-03-02T00:00+08:00", "2026-03-02T02:00+08:00", 20.0),
        ("o1", "2", "H-C", "2026-03-02T12:00+08:00", "2026-03-02T22:00+08:00", 20.0),
    ]
    runs = {r["service"]: r for r in rows(out / "departures.csv")}
    assert runs.keys() == {"A-H", "H-C"}
    assert (runs["A-H"]["vehicles"], float(runs["A-H"]["load_factor"])) == ("1", 0.6667)
    assert float(runs["H-C"]["load_factor"]) == 0.02  # 20 t on a 1,000 t train
    # trucks per road service and day: the one truck A-H on 2 March
    trucks = [
        (
            r["service"],
            r["origin"],
            r["destination"],
            r["date"],
            int(r["trucks"]),
            float(r["load_t"]),
        )
        for r in rows(out / "trucks.csv")
    ]
    assert trucks == [("A-H", "A", "H", "2026-03-02", 1, 20.0)]


def test_tables_of_nothing_have_their_header_only(via_hub):
    _, _, _, out, _ = via_hub
    for name in ("unserved.csv", "truck_routes.csv", "carrier_loads.csv"):
        lines = (out / name).read_text("utf-8").splitlines()
        assert len(lines) == 1 and lines[0].startswith(("order,", "route,")), name


def test_yard_and_kpi_rows(via_hub):
    _, _, _, out, _ = via_hub
    yard = rows(out / "yard.csv")
    assert len(yard) == 72 and {r["site"] for r in yard} == {"H"}  # the 3-day horizon, hourly
    full = [r["time"][11:16] for r in yard if float(r["m2"]) > 0]
    assert full == [f"{h:02d}:00" for h in range(2, 12)]
    assert {float(r["m2"]) for r in yard} == {0.0, 7.0}
    kpis = {r["kpi"]: r["value"] for r in rows(out / "kpis.csv")}
    assert float(kpis["total_cost"]) == pytest.approx(8907.0)
    assert float(kpis["cost.storage"]) == pytest.approx(7.0)
    assert float(kpis["cost.lateness"]) == pytest.approx(2000.0)
    assert float(kpis["co2e_t"]) == pytest.approx(0.39)


def test_plan_json_and_reading_the_folder_back(via_hub):
    scn, plan, kpis, out, _ = via_hub
    doc = strict_json(out / "plan.json")
    assert [len(it["legs"]) for it in doc["itineraries"]] == [2]
    assert doc["objective"] == 8907.0 and doc["unserved"] == []
    assert doc["kpis"]["total_cost"] == pytest.approx(8907.0)
    assert read_plan_folder(out) == (scn, plan, kpis.to_dict())


def test_an_unserved_order_is_a_row_and_plan_json_stays_finite(tmp_path):
    # urgent(5): nothing arrives by the due time, so nothing can be planned at all
    scn = cases.urgent(5)
    plan = make_plan(scn, time_limit=10)
    write_plan_folder(scn, plan, compute_kpis(scn, plan), tmp_path)
    [row] = rows(tmp_path / "unserved.csv")
    assert (row["order"], float(row["tonnes"]), row["reason"]) == ("o1", 2.0, "NO_PATH_BEFORE_DUE")
    assert "11.0 h after the due time" in row["detail"]
    assert rows(tmp_path / "itineraries.csv") == []
    assert strict_json(tmp_path / "plan.json")["objective"] == 2 * 100_000.0  # the penalty
