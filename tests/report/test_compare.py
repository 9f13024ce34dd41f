"""compare.html: signed differences, which side is better, orders whose itinerary changed."""

from __future__ import annotations

import re

from hubflow.report.compare import Side, changed_orders, kpi_table, render_compare
from tests import cases
from tests.report.conftest import planned
from tests.report.structure import structure_errors


def side(label: str, settings: str, scenario) -> Side:
    return Side(label, settings, *planned(scenario))


def test_the_same_plan_twice_has_no_differences(consolidation):
    a = Side("A", "case", *consolidation)
    b = Side("B", "case again", *consolidation)
    table = kpi_table(a, b)
    assert "−0" not in table and "+0" not in table
    assert 'class="num up"' not in table and 'class="num down"' not in table
    assert "Every order travels the same way" in changed_orders(a, b)


def test_trucks_against_a_train():
    """60 t by two trucks (6,000) against 120 t by the train (9,000): B costs 3,000 more."""
    a = side("A", "60 t", cases.train_or_trucks(60))
    b = side("B", "120 t", cases.train_or_trucks(120))
    table = kpi_table(a, b)
    row = re.search(r"<td>Total cost</td>.*?</tr>", table).group(0)
    assert ">6,000<" in row and ">9,000<" in row and '"num up">+3,000<' in row
    orders = re.search(r"<td>Orders</td>.*?</tr>", table).group(0)
    assert ">1<" in orders and ">0<" in orders  # counts as integers, no "1.00"
    changed = changed_orders(a, b)
    assert "1 of 1 orders travel differently" in changed
    assert "Road truck" in changed and "Rail" in changed


def test_page_is_whole_and_titled(consolidation):
    a = Side("A", "case", *consolidation)
    doc = render_compare(a, a)
    assert structure_errors(doc)[0] == []
    assert "<title>Case: A vs B</title>" in doc and "A: case" in doc
    assert doc.count('class="map"') == 2  # the two maps, side by side
    assert "http://" not in doc and "https://" not in doc
