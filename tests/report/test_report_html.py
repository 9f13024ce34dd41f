"""The HTML report of small hand-made plans: content, offline, escaping, structure."""

from __future__ import annotations

import dataclasses
import math
import re

from hubflow.kpi import compute_kpis
from hubflow.model import Plan, PlanStatus
from hubflow.report import render_report, write_report
from hubflow.report.fmt import money, num
from hubflow.report.map import flows
from hubflow.report.render import COST_LABELS
from hubflow.report.tables import itineraries_table
from tests import cases, cases_balances
from tests.cases_rules import border_quota
from tests.report.conftest import planned
from tests.report.structure import structure_errors


def test_kpi_values_appear(consolidation, consolidation_html):
    _, plan, k = consolidation
    doc = consolidation_html
    assert k.orders == 2
    assert money(k.total_cost, k.currency) in doc  # 6,400 CNY by hand (tests/cases.py)
    assert "6,400 CNY" in doc
    assert f"{k.on_time_pct:.1f} %" in doc
    assert f"gap {k.gap_pct:.2f} %" in doc
    assert f"{num(k.co2e_t, 1)} t" in doc
    assert num(k.tonne_km) in doc
    assert plan.status in doc
    assert k.cost["vehicle_fixed"] > 0 and k.cost["departure"] == 0
    for key, label in COST_LABELS.items():  # zero items are named in a note, not drawn as bars
        assert (f">{label}</text>" in doc) == (k.cost[key] != 0), label
        if k.cost[key] == 0:
            assert label.lower() in doc.split("Nothing spent on: ")[1].split("</p>")[0]
    assert "<title>Case: freight plan</title>" in doc


def test_map_has_one_path_per_flow(consolidation, consolidation_html):
    _, plan, _ = consolidation
    expected = flows(plan)
    assert len(expected) == 3  # A->H road, B->H road, H->C rail
    assert "<svg" in consolidation_html
    assert consolidation_html.count('<path class="flow"') == len(expected)
    assert 'data-mode="rail"' in consolidation_html


def test_yard_chart_for_the_hub(consolidation_html):
    assert 'class="chart line"' in consolidation_html
    assert "<polyline" in consolidation_html


def with_yard(sc, m2):
    sites = tuple(dataclasses.replace(s, yard_m2=m2) if s.hub else s for s in sc.sites)
    return dataclasses.replace(sc, sites=sites)


def test_yard_limit_is_a_dashed_line():
    """A limit half again above the plan's peak is on the chart's scale (drawn against the
    plan's own peak, since the case's tied optimal plans differ in their yard peaks)."""
    scn, plan, k = planned(with_yard(cases.consolidation(), 50.0))
    assert k.peak_yard_m2 > 0
    limit = float(math.ceil(1.5 * k.peak_yard_m2))
    doc = render_report(with_yard(scn, limit), plan, k)
    assert 'class="limit"' in doc
    assert f"limit {int(limit)} m²" in doc


def test_yard_limit_far_above_the_peak_is_a_note():
    doc = render_report(*planned(with_yard(cases.consolidation(), 20_000.0)))
    assert 'class="limit"' not in doc
    assert "limit 20k m² (above the axis)" in doc


def test_unserved_order_is_listed(urgent, urgent_html):
    _, plan, k = urgent
    assert k.unserved_orders == 1
    assert plan.unserved[0].reason in urgent_html
    assert plan.unserved[0].detail.replace("'", "&#x27;").replace('"', "&quot;") in urgent_html
    assert urgent_html.count('<path class="flow"') == 0  # no departures run


def test_fully_offline(consolidation_html, urgent_html):
    for doc in (consolidation_html, urgent_html):
        assert "http://" not in doc and "https://" not in doc
        assert doc.lower().count("<script") == 1  # the order search, inline
        assert "<script>" in doc
        assert not re.search(r"(src|href)\s*=", doc)
        assert "@import" not in doc and "url(" not in doc


def test_user_text_is_escaped():
    sc = cases.consolidation()
    evil = "<script>alert('x')</script>"
    sites = tuple(
        dataclasses.replace(s, name=f"{s.id} {evil}") if s.id == "H" else s for s in sc.sites
    )
    params = dataclasses.replace(sc.parameters, name='Week <b>"1"</b> & co')
    doc = render_report(*planned(dataclasses.replace(sc, sites=sites, parameters=params)))
    assert doc.count("<script") == 1 and "alert" not in doc.split("<script>")[1]
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in doc
    assert "<b>" not in doc
    assert "Week &lt;b&gt;&quot;1&quot;&lt;/b&gt; &amp; co" in doc
    errors, _ = structure_errors(doc)
    assert errors == []


def test_structure_is_balanced(consolidation_html, urgent_html):
    for doc in (consolidation_html, urgent_html):
        errors, seen = structure_errors(doc)
        assert errors == []
        for tag in ("html", "head", "body", "main", "header", "footer", "section", "svg", "table"):
            assert seen.get(tag, 0) >= 1, tag
        assert doc.startswith("<!DOCTYPE html>")


def test_empty_plan_renders():
    sc = cases.consolidation()
    plan = Plan(
        scenario=sc.name,
        itineraries=(),
        departures=(),
        status=PlanStatus.NO_SOLUTION_IN_TIME,
        solver="highs-arc-mip",
    )
    doc = render_report(sc, plan, compute_kpis(sc, plan))
    assert structure_errors(doc)[0] == []
    assert doc.count('<path class="flow"') == 0


def test_itineraries_are_truncated_with_a_note(consolidation):
    sc, plan, _ = consolidation
    out = itineraries_table(sc, plan, limit=1)
    assert out.count("<tr>") == 1 and out.count("<tr data-key=") == 1  # header and one row
    assert "first 1 of 2 itineraries" in out


def test_write_report(tmp_path, consolidation):
    path = write_report(*consolidation, tmp_path / "report.html")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")


def test_pools_show_their_busiest_period():
    """A 60 t daily quota on crossing X1 (tests/cases_rules.py): the report names the pool, its
    limit and the 60 t, 2 trucks, of its busiest day, 100 % of the limit."""
    scenario, plan, k = planned(border_quota("day"))
    doc = render_report(scenario, plan, k)
    table = doc.split("<h3>Shared capacity (pools)</h3>")[1].split("</table>")[0]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", table)
    assert cells == ["x1", "1", "60 t a day", "60 t", "2", "100 %"]
    assert "Shared capacity" not in render_report(*planned(border_quota(None)))


def test_balances_show_the_boxes_that_come_back():
    """One box out A -> B and one back empty (tests/cases_balances.py): 100 empty box-km,
    0.15 t CO2e, 615 to reposition it."""
    doc = render_report(*planned(cases_balances.boxes()))
    table = doc.split("<h3>Vehicles that come back (balances)</h3>")[1].split("</table>")[0]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", table)
    assert cells == ["boxes", "1", "0", "1", "100", "0.15", "615"]
    assert "come back" not in render_report(*planned(cases_balances.boxes(balanced=False)))
