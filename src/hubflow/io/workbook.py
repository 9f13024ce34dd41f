"""A scenario as one Excel workbook: a ``parameters`` sheet (key, value) and one sheet per table.

Sheets have the same columns as the CSV files. Errors are located as ``book.xlsx[orders]``.
Only the sheets the format defines are read, streamed row by row, within MAX_ROWS and
MAX_COLUMNS; a sheet that declares a larger size is refused before any row is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import datetime
from itertools import repeat
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from hubflow.errors import Problem, ProblemLog, ScenarioError
from hubflow.io.assemble import (
    MAX_COLUMNS,
    MAX_ROWS,
    RawTable,
    assemble,
    new_problem_log,
    normalise_header,
    too_many_rows,
)
from hubflow.io.parameters import RawParameters, parameter_values
from hubflow.io.rows import Reported, cell_value
from hubflow.io.tables import TABLES, table_to_write
from hubflow.model.scenario import Scenario

PARAMETERS_SHEET = "parameters"
ALLOWED_EXTRA_SHEETS = ("sources", "readme")  # for people; not read
# A number format shows a time of day when it has an hour code outside quoted text.
HOUR_CODE = re.compile(r"h", re.IGNORECASE)
FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >/]")
NO_CELLS: tuple[Any, ...] = ()
QUOTED = re.compile(r'"[^"]*"|\\.')

Sheet = list[tuple[int, list[object]]]  # the non-blank rows, each with its row number
EXCEL_ROWS = 1_048_576  # the last row a sheet can have


def read_workbook(path: Path, *, all_errors: bool = False) -> Scenario:
    """Read an .xlsx scenario; raises ScenarioError with the problems of every sheet read."""
    problems = new_problem_log(all_errors)
    try:
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
        raise ScenarioError(
            Problem(str(path), None, None, f"cannot be read as an Excel workbook (.xlsx): {exc}")
        ) from None
    sheets: dict[str, Sheet | None] = {}
    try:
        for ws in values.worksheets:
            name = ws.title.strip().lower()
            if name == PARAMETERS_SHEET or name in TABLES:
                file = f"{path}[{name}]"
                sheets[name] = _read_sheet(file, ws, formulas[ws.title], problems)
            else:
                sheets[name] = None  # named in a problem when unknown; never read
    finally:
        values.close()
        formulas.close()
    return workbook_scenario(str(path), sheets, problems)


def workbook_scenario(
    book: str, sheets: dict[str, Sheet | None], problems: ProblemLog | None = None
) -> Scenario:
    """The scenario in ``sheets`` (sheet name -> numbered non-blank rows, None = not read)."""
    problems = problems if problems is not None else new_problem_log(False)
    expected = ", ".join([PARAMETERS_SHEET, *TABLES])
    for name in sheets:
        if name != PARAMETERS_SHEET and name not in TABLES and name not in ALLOWED_EXTRA_SHEETS:
            problems.append(
                Problem(
                    f"{book}[{name}]", None, None, f"is not a scenario sheet (expected: {expected})"
                )
            )
    raw_parameters = None
    parameters = sheets.get(PARAMETERS_SHEET)
    if parameters is not None:
        raw_parameters = _parameters(f"{book}[{PARAMETERS_SHEET}]", parameters, problems)
    elif PARAMETERS_SHEET not in sheets:
        problems.append(_missing_sheet(book, PARAMETERS_SHEET, "key,value", sheets))
    tables: dict[str, RawTable] = {}
    for name, spec in TABLES.items():
        rows = sheets.get(name)
        if rows is not None:
            table = _table(f"{book}[{name}]", rows, problems)
            if table is not None:
                tables[name] = table
        elif name not in sheets and not spec.optional:
            problems.append(_missing_sheet(book, name, ",".join(spec.columns), sheets))
    return assemble(raw_parameters, tables, TABLES, problems)


def _read_sheet(file: str, values: Any, formulas: Any, problems: ProblemLog) -> Sheet | None:
    """The sheet's rows as the parsers expect them, or None (with a problem) when unusable.

    The cells as written (formulas, number formats) cost a second, slower pass; it runs only
    when the sheet has formulas or date cells.
    """
    if (size := _absurd_size(values)) is not None:
        problems.append(Problem(file, None, None, size))
        return None
    values.reset_dimensions()  # then rows past a declared size that lies are read too
    formulas.reset_dimensions()
    rows, dated = _read_rows(file, values, None, problems)
    if rows is not None and (dated or _has_formulas(values)):
        rows, _ = _read_rows(file, values, formulas, problems)
    return rows


def _read_rows(
    file: str, values: Any, formulas: Any | None, problems: ProblemLog
) -> tuple[Sheet | None, bool]:
    """The numbered non-blank rows, and whether any cell is a date (None when unusable)."""
    rows: Sheet = []
    header: list[str] = []
    number = 0
    dated = False
    try:
        for number, (row, cells) in enumerate(_stream(values, formulas), start=1):
            if number > EXCEL_ROWS:
                problems.append(Problem(file, number, None, f"goes past row {EXCEL_ROWS:,}"))
                return None, dated
            if not row:
                continue
            if len(row) > MAX_COLUMNS:
                problems.append(
                    Problem(
                        file,
                        number,
                        None,
                        f"has a value in column {get_column_letter(len(row))} "
                        f"(a scenario sheet has at most {MAX_COLUMNS} columns)",
                    )
                )
                return None, dated
            dated = dated or any(isinstance(v, datetime) for v in row)
            line = [
                _cell(file, number, header, i, v, cells[i] if i < len(cells) else None, problems)
                for i, v in enumerate(row)
            ]
            if not header:
                header = normalise_header(line)
            elif len(rows) > MAX_ROWS:
                problems.append(too_many_rows(file, number))
                return None, dated
            rows.append((number, line))
    except Exception as exc:  # a damaged sheet: openpyxl raises many types
        problems.append(Problem(file, number + 1, None, f"cannot be read: {exc}"))
        return None, dated
    return rows, dated


def _has_formulas(ws: Any) -> bool:
    """Whether the sheet's XML holds a formula element (``<f>``, with or without a prefix)."""
    tail = b""
    with ws._get_source() as source:  # openpyxl's read-only sheet: the raw XML, streamed
        while chunk := source.read(1 << 20):
            if FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _absurd_size(ws: Any) -> str | None:
    """Why the size a sheet declares is beyond the limits (None when it is not)."""
    rows, columns = ws.max_row or 0, ws.max_column or 0
    if rows <= MAX_ROWS + 1 and columns <= MAX_COLUMNS:
        return None
    return (
        f"declares {rows:,} rows and {columns:,} columns (up to cell "
        f"{get_column_letter(max(columns, 1))}{rows}); a scenario sheet has at most "
        f"{MAX_ROWS:,} rows below its header and {MAX_COLUMNS} columns. Delete the stray cells "
        "far below or to the right of the table"
    )


def _stream(values: Any, formulas: Any | None) -> Iterator[tuple[list[object], Sequence[Any]]]:
    """Each row's cached values (trailing empty cells cut) with its cells as written, if asked."""
    width = {"min_row": 1, "min_col": 1, "max_col": MAX_COLUMNS + 1}
    written = repeat(NO_CELLS) if formulas is None else formulas.iter_rows(**width)
    for row, cells in zip(values.iter_rows(values_only=True, **width), written, strict=False):
        line = list(row)
        while line and line[-1] is None and _data_type(cells, len(line) - 1) != "f":
            line.pop()
        yield line, cells


def _cell(
    file: str,
    number: int,
    header: list[str],
    i: int,
    value: object,
    cell: Any,
    problems: ProblemLog,
) -> object:
    """One cell as the parsers expect it; a formula without a saved result is a problem."""
    if value is None and getattr(cell, "data_type", None) == "f":
        field = header[i] if i < len(header) and header[i] else get_column_letter(i + 1)
        problems.append(
            Problem(
                file,
                number,
                field,
                f"is a formula ({str(cell.value)[:60]}) without a saved result: open and save "
                "the workbook in Excel, or type the value",
            )
        )
        return Reported(cell.value)
    if isinstance(value, datetime) and cell is not None and not _shows_time(cell.number_format):
        return cell_value(value.date())  # a date alone: refused like "2026-03-05" in a CSV
    return cell_value(value)


def _data_type(cells: Sequence[Any], i: int) -> str:
    return getattr(cells[i], "data_type", "n") if i < len(cells) else "n"


def _shows_time(number_format: str) -> bool:
    return bool(HOUR_CODE.search(QUOTED.sub("", number_format or "")))


def write_workbook(scenario: Scenario, path: Path) -> None:
    """Write the scenario as one workbook; timestamps are ISO 8601 text to keep their offset."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = PARAMETERS_SHEET
    sheet.append(["key", "value"])
    for key, value in parameter_values(scenario.parameters).items():
        sheet.append([key, value])
    for name, spec in TABLES.items():
        table = table_to_write(scenario, spec)
        if table is None:
            continue
        columns, rows = table
        sheet = book.create_sheet(name)
        sheet.append(list(columns))
        for number, cells in enumerate(rows, start=2):
            for column, value in cells.items():
                if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
                    raise ScenarioError(
                        Problem(
                            f"{path}[{name}]",
                            number,
                            column,
                            f"{value!r} holds control characters that a workbook cannot store",
                        )
                    )
            sheet.append([cells[c] for c in columns])
    book.save(path)


def _table(file: str, rows: Sheet, problems: ProblemLog) -> RawTable | None:
    table: RawTable | None = None
    for number, cells in rows:
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        if table is None:
            table = RawTable(file, normalise_header(cells), number)
        else:
            table.records.append((number, cells))
    if table is None:
        problems.append(Problem(file, None, None, "is empty (expected a header row)"))
    return table


def _parameters(file: str, rows: Sheet, problems: ProblemLog) -> RawParameters:
    values: dict[str, object] = {}
    where: dict[str, int] = {}
    table = _table(file, rows, problems)
    if table is None:
        return RawParameters(file, values, where)
    if table.header[:2] != ["key", "value"] or any(table.header[2:]):
        problems.append(
            Problem(
                file,
                table.header_row,
                None,
                f"the header must be key,value (found {','.join(table.header)})",
            )
        )
        return RawParameters(file, values, where)
    for number, cells in table.records:
        key = "" if not cells or cells[0] is None else str(cells[0]).strip().lower()
        if not key:
            problems.append(Problem(file, number, "key", "is empty (expected e.g. horizon_days)"))
        elif key in where:
            problems.append(
                Problem(file, number, "key", f'"{key}" repeats the key of row {where[key]}')
            )
        else:
            values[key] = cells[1] if len(cells) > 1 else None
            where[key] = number
    return RawParameters(file, values, where)


def _missing_sheet(book: str, name: str, columns: str, sheets: dict[str, Any]) -> Problem:
    found = ", ".join(sheets) or "none"
    return Problem(
        f"{book}[{name}]",
        None,
        None,
        f"sheet is missing (expected columns {columns}; sheets found: {found})",
    )
