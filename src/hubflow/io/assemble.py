"""Raw tables to a Scenario: header checks, rows to objects, duplicate ids, located errors.

Every reader (CSV folder, workbook, JSON) hands its raw tables here, so that all formats
share one set of rules and messages. Problems of all tables are collected and raised together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hubflow.errors import PROBLEMS_PER_KIND, Problem, ProblemLog, ScenarioError
from hubflow.io.parameters import RawParameters, read_parameters
from hubflow.io.rows import Row
from hubflow.io.tables import TableSpec
from hubflow.model.scenario import Scenario

MAX_ROWS = 1_000_000  # records per table: bounds the memory and time of reading one
MAX_COLUMNS = 64  # cells per row; a table has at most 20 columns


def new_problem_log(all_errors: bool) -> ProblemLog:
    """Where a reader collects problems: all of them, or the first few of each kind."""
    return ProblemLog(None if all_errors else PROBLEMS_PER_KIND)


def too_many_rows(file: str, row: int) -> Problem:
    """The problem of a table that goes on past MAX_ROWS records (reading stops there)."""
    return Problem(
        file,
        row,
        None,
        f"has more than {MAX_ROWS:,} rows (the most a table may have); stopped here",
    )


# File names the Scenario constructor uses in its Problems, by table.
MODEL_FILES = {
    "scenario.toml": "parameters",
    "sites.csv": "sites",
    "commodities.csv": "commodities",
    "services.csv": "services",
    "orders.csv": "orders",
    "fleet.csv": "fleet",
    "pools.csv": "pools",
    "balances.csv": "balances",
}


@dataclass(slots=True)
class RawTable:
    """A table as found: its location name, header cells and numbered records."""

    file: str
    header: list[str]
    header_row: int | None
    records: list[tuple[int, list[object]]] = field(default_factory=list)


@dataclass(slots=True)
class _Built:
    file: str
    objects: list[Any]
    rows: list[int]  # the spreadsheet row of each object


def assemble(
    raw_parameters: RawParameters | None,
    tables: dict[str, RawTable],
    specs: dict[str, TableSpec],
    problems: ProblemLog,
) -> Scenario:
    """Build the Scenario, or raise ScenarioError listing ``problems`` and every new one."""
    parameters = None if raw_parameters is None else read_parameters(raw_parameters, problems)
    start = None if parameters is None else parameters.start
    built = {
        name: _build_table(tables[name], specs[name], start, problems)
        for name in specs
        if name in tables
    }
    orders = tables.get("orders")
    if orders is not None and not orders.records:  # a Scenario may be empty; a file may not
        problems.append(
            Problem(orders.file, None, None, "has no orders (expected rows below the header)")
        )
    if problems or parameters is None or raw_parameters is None:
        raise ScenarioError(problems)

    def objects(name: str) -> tuple[Any, ...]:
        return tuple(built[name].objects) if name in built else ()

    try:
        return Scenario(
            parameters=parameters,
            sites=objects("sites"),
            commodities=objects("commodities"),
            services=objects("services"),
            orders=objects("orders"),
            fleet=objects("fleet"),
            pools=objects("pools"),
            balances=objects("balances"),
        )
    except ScenarioError as exc:
        problems.extend(_locate(p, raw_parameters, built, specs) for p in exc.problems)
        raise ScenarioError(problems) from None


def normalise_header(cells: list[object]) -> list[str]:
    """Column names compared without surrounding spaces and case."""
    return ["" if c is None else str(c).strip().lower() for c in cells]


def _build_table(
    table: RawTable, spec: TableSpec, start: datetime | None, problems: ProblemLog
) -> _Built:
    index = _check_header(table, spec, problems)
    absent = frozenset(spec.columns) - index.keys()
    built = _Built(table.file, [], [])
    seen: dict[str, int] = {}
    for number, cells in table.records:
        # A CSV row longer than its header is misaligned; a sheet's trailing blank cells are not.
        if any(c is not None for c in cells[len(table.header) :]):
            problems.append(
                Problem(
                    table.file,
                    number,
                    None,
                    f"has {len(cells)} cells but the header has {len(table.header)} columns",
                )
            )
            continue
        values = {name: cells[i] if i < len(cells) else None for name, i in index.items()}
        r = Row(table.file, values, number, problems, absent=absent)
        obj = spec.build(r, start)
        if not r.ok:
            continue
        if obj.id in seen:
            r.fail("id", f'"{obj.id}" repeats the id of row {seen[obj.id]}')
            continue
        seen[obj.id] = number
        built.objects.append(obj)
        built.rows.append(number)
    return built


def _check_header(table: RawTable, spec: TableSpec, problems: ProblemLog) -> dict[str, int]:
    """Column name -> position; reports unknown, repeated and missing required columns."""
    index: dict[str, int] = {}
    expected = ", ".join(spec.columns)
    for i, name in enumerate(table.header):
        if not name:
            if any(i < len(cells) and cells[i] not in (None, "") for _, cells in table.records):
                problems.append(
                    Problem(
                        table.file,
                        table.header_row,
                        None,
                        f"column {i + 1} has values but no name in the header",
                    )
                )
        elif name in index:
            problems.append(
                Problem(
                    table.file, table.header_row, name, "the column appears twice in the header"
                )
            )
        elif name not in spec.columns:
            hint = ""
            if ";" in name or "\t" in name:
                hint = "; columns must be separated by commas"
            problems.append(
                Problem(
                    table.file,
                    table.header_row,
                    name,
                    f'unknown column "{name}" (expected: {expected}){hint}',
                )
            )
        else:
            index[name] = i
    for name in spec.columns:
        if name in spec.required and name not in index:
            problems.append(
                Problem(
                    table.file,
                    table.header_row,
                    name,
                    f"required column is missing (columns: {expected})",
                )
            )
    return index


def _locate(
    p: Problem, params: RawParameters, built: dict[str, _Built], specs: dict[str, TableSpec]
) -> Problem:
    """Re-address a Problem of the Scenario constructor to the file, row and column it came from."""
    name = MODEL_FILES.get(p.file)
    if name == "parameters":
        row = params.rows.get(p.field) if p.field else None
        return Problem(params.file, row, p.field, p.message)
    if name is None or name not in built:
        return p
    table = built[name]
    row = table.rows[p.row - 2] if p.row is not None and 0 <= p.row - 2 < len(table.rows) else None
    column = specs[name].columns_of_fields.get(p.field or "", p.field)
    return Problem(table.file, row, column, p.message)
