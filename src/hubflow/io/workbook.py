"""A scenario as one Excel workbook: a ``parameters`` sheet (key, value) and one sheet per table.

Sheets have the same columns as the CSV files. Errors are located as ``book.xlsx[orders]``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from hubflow.errors import Problem, ScenarioError
from hubflow.io.assemble import RawTable, assemble, normalise_header
from hubflow.io.parameters import RawParameters, parameter_values
from hubflow.io.rows import cell_value
from hubflow.io.tables import TABLES
from hubflow.model.scenario import Scenario

PARAMETERS_SHEET = "parameters"
ALLOWED_EXTRA_SHEETS = ("sources", "readme")  # for people; not read


def read_workbook(path: Path) -> Scenario:
    """Read an .xlsx scenario; raises ScenarioError with every problem of every sheet."""
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
        raise ScenarioError(
            Problem(str(path), None, None, f"cannot be read as an Excel workbook (.xlsx): {exc}")
        ) from None
    try:
        sheets = {ws.title.strip().lower(): _rows(ws) for ws in book.worksheets}
    except Exception as exc:
        raise ScenarioError(
            Problem(str(path), None, None, f"cannot be read as an Excel workbook (.xlsx): {exc}")
        ) from None
    finally:
        book.close()
    return workbook_scenario(str(path), sheets)


def workbook_scenario(book: str, sheets: dict[str, list[list[object]]]) -> Scenario:
    """The scenario in ``sheets`` (sheet name -> rows of cell values) of the workbook ``book``."""
    problems: list[Problem] = []
    expected = ", ".join([PARAMETERS_SHEET, *TABLES])
    for name in sheets:
        if name != PARAMETERS_SHEET and name not in TABLES and name not in ALLOWED_EXTRA_SHEETS:
            problems.append(
                Problem(
                    f"{book}[{name}]", None, None, f"is not a scenario sheet (expected: {expected})"
                )
            )
    raw_parameters = None
    if PARAMETERS_SHEET in sheets:
        raw_parameters = _parameters(
            f"{book}[{PARAMETERS_SHEET}]", sheets[PARAMETERS_SHEET], problems
        )
    else:
        problems.append(_missing_sheet(book, PARAMETERS_SHEET, "key,value", sheets))
    tables: dict[str, RawTable] = {}
    for name, spec in TABLES.items():
        if name in sheets:
            table = _table(f"{book}[{name}]", sheets[name], problems)
            if table is not None:
                tables[name] = table
        elif not spec.optional:
            problems.append(_missing_sheet(book, name, ",".join(spec.columns), sheets))
    return assemble(raw_parameters, tables, TABLES, problems)


def write_workbook(scenario: Scenario, path: Path) -> None:
    """Write the scenario as one workbook; timestamps are ISO 8601 text to keep their offset."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = PARAMETERS_SHEET
    sheet.append(["key", "value"])
    for key, value in parameter_values(scenario.parameters).items():
        sheet.append([key, value])
    start = scenario.parameters.start
    for name, spec in TABLES.items():
        sheet = book.create_sheet(name)
        sheet.append(list(spec.columns))
        for number, obj in enumerate(getattr(scenario, name), start=2):
            cells = spec.cells(obj, start)
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
            sheet.append([cells[c] for c in spec.columns])
    book.save(path)


def _rows(ws: Any) -> list[list[object]]:
    return [[cell_value(v) for v in row] for row in ws.iter_rows(values_only=True)]


def _table(file: str, rows: list[list[object]], problems: list[Problem]) -> RawTable | None:
    table: RawTable | None = None
    for number, cells in enumerate(rows, start=1):
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        if table is None:
            table = RawTable(file, normalise_header(cells), number)
        else:
            table.records.append((number, cells))
    if table is None:
        problems.append(Problem(file, None, None, "is empty (expected a header row)"))
    return table


def _parameters(file: str, rows: list[list[object]], problems: list[Problem]) -> RawParameters:
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
