"""report.html and compare.html of the Zhengzhou example, opened in headless Chromium.

Skipped without chromium, unless HUBFLOW_REQUIRE_BROWSER=1 (CI), which makes that a failure.
HUBFLOW_SCREENSHOT_DIR=docs/img also saves the screenshots there (the README shows them).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from hubflow.example import EXAMPLE_DIR
from hubflow.io import load_scenario
from hubflow.planning import PlanOptions, plan_scenario
from hubflow.report import write_report
from hubflow.report.compare import Side, write_compare
from tests.report import browser
from tests.report.conftest import planned
from tests.report.test_report_map import henan_to_europe

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    browser.chromium()  # skip (or fail) before planning when there is no browser
    out = tmp_path_factory.mktemp("pages")
    scn = load_scenario(EXAMPLE_DIR)
    sides = []
    for label, sets in (("A", ()), ("B", ("carbon_price=1000",))):
        o = plan_scenario(scn, PlanOptions(time_limit=30, dispatch_time=2, overrides=sets))
        sides.append(Side(label, ", ".join(["example", *sets]), o.scenario, o.plan, o.kpis))
    a = sides[0]
    return {
        "report": write_report(a.scenario, a.plan, a.kpis, out / "report.html"),
        "compare": write_compare(*sides, out / "compare.html"),
    }


@pytest.mark.parametrize("width", [1400, 900])
def test_report_renders_with_nothing_cut(pages, width):
    found = browser.layout(pages["report"], width=width)
    assert found["maps"] == 2  # the world and the hub's surroundings
    assert found["charts"] >= 8  # Gantt, costs, modes, load factors, yards
    assert found["tables"] >= 6 and found["rows"] > 400
    assert found["cards"] == 10
    assert found["cut"] == [], "SVG text outside its frame"
    assert found["overlaps"] == [], "map labels on top of each other"
    assert found["overflow"] == [], "KPI card text wider than its card"


def test_report_search_finds_one_order(pages):
    found = browser.layout(pages["report"])
    search = found["search"]
    assert search["total"] > 300
    assert search["shown"] == [search["query"]]


def test_compare_renders_with_nothing_cut(pages):
    found = browser.layout(pages["compare"])
    assert found["maps"] == 4  # two maps per side, side by side
    assert found["tables"] >= 2
    assert found["cut"] == [] and found["overlaps"] == []
    assert found["search"] is None or found["search"]["shown"] == [found["search"]["query"]]


@pytest.mark.parametrize("name", ["report", "compare"])
def test_screenshot(pages, name, tmp_path):
    png = browser.screenshot(pages[name], tmp_path / f"{name}.png")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 100_000  # a page, not a blank
    target = os.environ.get("HUBFLOW_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(target) / png.name)


def test_the_layout_check_sees_a_cut_label_and_an_overflowing_card(tmp_path):
    """The check itself: a label past the SVG's right edge, two labels on top of each other,
    a card value wider than its card."""
    browser.chromium()
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html><body>"
        '<svg class="map" viewBox="0 0 200 100" width="200" height="100">'
        '<text class="label" x="150" y="50">a label far too long to fit</text>'
        '<text class="label" x="10" y="20">one</text><text class="label" x="12" y="22">two</text>'
        "</svg>"
        '<div class="card" style="width:80px;overflow:hidden"><div class="value" '
        'style="white-space:nowrap">17,389,517 CNY</div></div></body></html>',
        encoding="utf-8",
    )
    found = browser.layout(page)
    assert [c["text"] for c in found["cut"]] == ["a label far too long to fit"]
    assert found["overlaps"] == [["one", "two"]]
    assert set(found["overflow"]) == {"17,389,517 CNY"}  # the card and its value


@pytest.mark.parametrize("case", ["consolidation", "urgent", "henan_to_europe"])
def test_small_cases_render_with_nothing_cut(case, request, tmp_path):
    """Sites at one point, a plan with nothing run, a hub and Europe: labels still fit."""
    browser.chromium()
    if case == "henan_to_europe":
        sc, plan, kpis = planned(henan_to_europe())
    else:
        sc, plan, kpis = request.getfixturevalue(case)
    found = browser.layout(write_report(sc, plan, kpis, tmp_path / "report.html"))
    assert found["maps"] >= 1 and found["cards"] == 10
    assert found["cut"] == [] and found["overlaps"] == [] and found["overflow"] == []
