"""A small xlsx writer for tables of plain values: text, numbers and dates, one style a column.

``plan.xlsx`` has one row per leg and per order: openpyxl without lxml builds and serialises an
element per cell (5 s for a 5,000-order week); this writes the same SpreadsheetML as text, with a
bold frozen header, a filter, column widths and a number format per cell.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from numbers import Integral, Real
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

__all__ = ["Book"]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
EPOCH = datetime(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year bug folded in)
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters XML 1.0 forbids
GENERAL = "General"


@dataclass(slots=True)
class Book:
    """Sheets added in order, then saved as one .xlsx file."""

    sheets: list[tuple[str, str, str]] = field(default_factory=list)  # title, xml, filter ref
    formats: dict[tuple[str, bool], int] = field(default_factory=dict)  # (format, bold) -> xf

    def style(self, number_format: str = GENERAL, bold: bool = False) -> int:
        """The index of the cell style with this number format and weight."""
        key = (number_format or GENERAL, bold)
        if key not in self.formats:
            self.formats[key] = len(self.formats) + 1  # 0 is the default style
        return self.formats[key]

    def add_sheet(
        self,
        title: str,
        widths: Sequence[float],
        rows: Sequence[Sequence[object]],
        styles: Sequence[Sequence[int]],
    ) -> None:
        """A sheet of ``rows`` (the first is the header: frozen, filtered); ``styles[r][c]`` is
        the style of each cell (or one list a row repeated for every row past the end)."""
        letters = [get_column_letter(i) for i in range(1, len(widths) + 1)]
        ref = f"A1:{letters[-1]}{len(rows)}"
        parts = [
            f'{HEAD}<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><dimension ref="{ref}"/>',
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
            'activeCell="A2" sqref="A2"/></sheetView></sheetViews>',
            '<sheetFormatPr defaultRowHeight="15"/><cols>',
            *(
                f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>'
                for i, w in enumerate(widths, start=1)
            ),
            "</cols><sheetData>",
        ]
        for r, row in enumerate(rows, start=1):
            style = styles[min(r, len(styles)) - 1]
            parts.append(f'<row r="{r}">')
            parts += (
                _cell(f"{letters[c]}{r}", value, style[c])
                for c, value in enumerate(row)
                if value is not None
            )
            parts.append("</row>")
        parts.append("</sheetData>")
        parts.append(f'<autoFilter ref="{ref}"/>' if len(rows) > 1 else "")
        parts.append("</worksheet>")
        self.sheets.append((title, "".join(parts), ref if len(rows) > 1 else ""))

    def save(self, path: Path) -> None:
        """Write the workbook: content types, relations, workbook, styles and the sheets."""
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", self._content_types())
            z.writestr(
                "_rels/.rels",
                f'{HEAD}<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/'
                'officeDocument" Target="xl/workbook.xml"/></Relationships>',
            )
            z.writestr("xl/workbook.xml", self._workbook())
            z.writestr("xl/_rels/workbook.xml.rels", self._workbook_rels())
            z.writestr("xl/styles.xml", self._styles())
            for n, (_, xml, _) in enumerate(self.sheets, start=1):
                z.writestr(f"xl/worksheets/sheet{n}.xml", xml)

    def _content_types(self) -> str:
        ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{ct}.worksheet+xml"/>'
            for n in range(1, len(self.sheets) + 1)
        )
        return (
            f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/>'
            f"{sheets}</Types>"
        )

    def _workbook(self) -> str:
        sheets = "".join(
            f'<sheet name={quoteattr(title)} sheetId="{n}" r:id="rId{n}"/>'
            for n, (title, _, _) in enumerate(self.sheets, start=1)
        )
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
            f"{escape(_absolute(title, ref))}</definedName>"
            for n, (title, _, ref) in enumerate(self.sheets)
            if ref
        )
        defined = f"<definedNames>{names}</definedNames>" if names else ""
        return (
            f'{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><bookViews><workbookView/>'
            f"</bookViews><sheets>{sheets}</sheets>{defined}</workbook>"
        )

    def _workbook_rels(self) -> str:
        n = len(self.sheets)
        sheets = "".join(
            f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        return (
            f'{HEAD}<Relationships xmlns="{PKG}">{sheets}<Relationship Id="rId{n + 1}" '
            f'Type="{REL}/styles" Target="styles.xml"/></Relationships>'
        )

    def _styles(self) -> str:
        codes = sorted({fmt for fmt, _ in self.formats if fmt != GENERAL})
        ids = {fmt: 164 + i for i, fmt in enumerate(codes)} | {GENERAL: 0}
        num_fmts = "".join(
            f'<numFmt numFmtId="{ids[fmt]}" formatCode={quoteattr(fmt)}/>' for fmt in codes
        )
        xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']
        for fmt, bold in sorted(self.formats, key=self.formats.__getitem__):
            applied = (' applyNumberFormat="1"' if ids[fmt] else "") + (
                ' applyFont="1"' if bold else ""
            )
            xfs.append(
                f'<xf numFmtId="{ids[fmt]}" fontId="{int(bold)}" fillId="0" borderId="0" '
                f'xfId="0"{applied}/>'
            )
        font = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
        return (
            f'{HEAD}<styleSheet xmlns="{MAIN}"><numFmts count="{len(codes)}">{num_fmts}'
            f'</numFmts><fonts count="2"><font>{font}</font><font><b/>{font}</font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
            '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border>'
            "<left/><right/><top/><bottom/><diagonal/></border></borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            f'</cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>"
        )


def _cell(ref: str, value: object, style: int) -> str:
    """One cell: a number, a date as Excel's serial day, or inline text."""
    s = f' s="{style}"' if style else ""
    kind = type(value)  # the exact built-in types first: most cells are one of them
    if kind is str:
        return _text(ref, s, str(value))
    if kind is int:
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    if kind is float or (isinstance(value, Real) and not isinstance(value, Integral)):
        number = float(value)  # type: ignore[arg-type]  # 16 digits, as openpyxl writes them
        return f'<c r="{ref}"{s}><v>{number:.16g}</v></c>' if math.isfinite(number) else ""
    if isinstance(value, datetime):
        days = (value.replace(tzinfo=None) - EPOCH).total_seconds() / 86400
        return f'<c r="{ref}"{s}><v>{days:.16g}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, Integral):  # numpy's integers
        return f'<c r="{ref}"{s}><v>{int(value)}</v></c>'
    return _text(ref, s, str(value))


def _text(ref: str, s: str, value: str) -> str:
    text = escape(ILLEGAL.sub("", value))
    if not text:
        return ""  # an empty text cell is no cell, as openpyxl writes it
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _absolute(title: str, ref: str) -> str:
    """``'Sheet'!$A$1:$K$9``: the filter's range as a defined name states it."""
    first, last = ref.split(":")
    a = re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", first)
    b = re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", last)
    return "'" + title.replace("'", "''") + f"'!{a}:{b}"
