"""The small xlsx writer: what openpyxl reads back is what was written."""

from __future__ import annotations

from datetime import datetime

import numpy as np
from openpyxl import load_workbook

from hubflow.export.xlsx import Book


def test_values_styles_and_layout_read_back(tmp_path):
    book = Book()
    money, date = book.style("#,##0"), book.style("yyyy-mm-dd hh:mm")
    rows = [
        ["Name", "Cost", "When"],
        ["<A & B>", 1234.5, datetime(2026, 3, 2, 7, 30)],
        [" padded\x01 ", np.int64(7), None],
        ["", float("nan"), datetime(2026, 3, 3)],
    ]
    book.add_sheet("O'Brien's", [12, 10, 18], rows, [[book.style(bold=True)] * 3, [0, money, date]])
    book.add_sheet("Empty", [8], [["Only a header"]], [[book.style(bold=True)]])
    book.save(tmp_path / "t.xlsx")
    wb = load_workbook(tmp_path / "t.xlsx")
    assert wb.sheetnames == ["O'Brien's", "Empty"]
    ws = wb["O'Brien's"]
    assert [[c.value for c in r] for r in ws.iter_rows()] == [
        ["Name", "Cost", "When"],
        ["<A & B>", 1234.5, datetime(2026, 3, 2, 7, 30)],
        [" padded ", 7, None],
        [None, None, datetime(2026, 3, 3)],
    ]
    assert all(c.font.bold for c in ws[1]) and not ws["A2"].font.bold
    assert ws["B2"].number_format == "#,##0" and ws["C2"].number_format == "yyyy-mm-dd hh:mm"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:C4"
    assert ws.column_dimensions["C"].width == 18
    assert wb["Empty"].auto_filter.ref is None
