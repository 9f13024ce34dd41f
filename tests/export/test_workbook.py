"""plan.xlsx: KPIs first, one sheet per table, real dates, formats, frozen headers."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import load_workbook

from hubflow.export.workbook import write_plan_workbook
from hubflow.kpi import compute_kpis
from hubflow.planning import make_plan
from tests import cases


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    sc = cases.consolidation()
    plan = make_plan(sc, time_limit=20)
    kpis = compute_kpis(sc, plan)
    path = write_plan_workbook(sc, plan, kpis, tmp_path_factory.mktemp("x") / "plan.xlsx")
    return sc, plan, kpis, load_workbook(path)


def test_sheets_in_order_kpis_first(book):
    *_, wb = book
    assert wb.sheetnames == [
        "KPIs",
        "Costs",
        "Departures",
        "Itineraries",
        "Orders",
        "Unserved",
        "Truck routes",
    ]


def test_kpis_hold_the_computed_values(book):
    _, _, k, wb = book
    rows = {r[0]: r[1:] for r in wb["KPIs"].iter_rows(min_row=2, values_only=True)}
    assert rows["Total cost"] == (pytest.approx(6400.0), "CNY")  # by hand in tests/cases.py
    assert rows["Orders"] == (2, "count")
    assert rows["On time"][0] == pytest.approx(k.on_time_pct / 100)
    assert wb["KPIs"]["B9"].number_format == "#,##0"


def test_every_sheet_has_a_frozen_bold_header_and_fitted_widths(book):
    *_, wb = book
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert all(c.font.bold for c in ws[1] if c.value), ws.title
        assert ws.column_dimensions["A"].width >= len(str(ws["A1"].value)), ws.title


def test_departures_have_dates_units_and_commodity(book):
    _, plan, _, wb = book
    ws = wb["Departures"]
    head = [c.value for c in ws[1]]
    assert head[:2] == ["Departure", "Arrival"] and "Load (t)" in head and "Commodity" in head
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(plan.departures) == 3
    assert all(isinstance(r[0], datetime) for r in rows)
    assert ws["A2"].number_format == "yyyy-mm-dd hh:mm"
    assert {r[5] for r in rows} == {"Aluminium ingot"}
    assert sum(r[7] for r in rows if r[2] == "Rail") == pytest.approx(40.0)  # both orders


def test_orders_sheet_costs_add_up_to_the_total_less_storage(book):
    _, _, k, wb = book
    head = [c.value for c in wb["Orders"][1]]
    col = head.index("Cost (CNY)")
    costs = [r[col] for r in wb["Orders"].iter_rows(min_row=2, values_only=True)]
    assert sum(costs) == pytest.approx(k.total_cost - k.cost["storage"])


def test_text_stays_text_numbers_stay_numbers_and_nan_is_blank(tmp_path):
    """An id "=..." is no formula and a URL no hyperlink; numpy numbers are numbers."""
    import numpy as np

    from hubflow.export.workbook import Column, _Book, _sheet

    wb = _Book(tmp_path / "t.xlsx")
    rows = [['=HYPERLINK("http://x")', np.int64(7), float("nan")], ["https://e.org", 1.5, 2]]
    _sheet(wb, "T", [Column("Id"), Column("N", "#,##0"), Column("X")], rows)
    _sheet(wb, "Empty", [Column("Only a header")], [])
    wb.close()
    book = load_workbook(tmp_path / "t.xlsx")
    ws = book["T"]
    assert [[c.value for c in r] for r in ws.iter_rows()] == [
        ["Id", "N", "X"],
        ['=HYPERLINK("http://x")', 7, None],
        ["https://e.org", 1.5, 2],
    ]
    assert ws["A2"].data_type == "s" and ws["A3"].hyperlink is None
    assert ws["B2"].number_format == "#,##0" and ws["A1"].font.bold
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:C3"
    assert book["Empty"].auto_filter.ref is None
