"""The JSON form of a scenario: dataclass fields as keys, times in minutes, timetables as text.

Used by the store and by a plan's ``--out`` folder;
``scenario_from_dict(scenario_to_dict(s)) == s``.
In error locations a JSON "row" is the item's position in its list, counting from 1.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

from hubflow.distances import with_network_distances
from hubflow.errors import Problem, ProblemLog, ScenarioError
from hubflow.io.assemble import MAX_ROWS, RawTable, assemble, new_problem_log, too_many_rows
from hubflow.io.csv_folder import oversized
from hubflow.io.parameters import RawParameters, parameter_values
from hubflow.io.rows import Row, format_timetable, read_dataclass
from hubflow.io.tables import TableSpec
from hubflow.model.scenario import (
    Balance,
    Commodity,
    Order,
    Pool,
    Scenario,
    Service,
    Site,
    TruckGroup,
)
from hubflow.model.timetable import Timetable

CLASSES: dict[str, type] = {
    "sites": Site,
    "commodities": Commodity,
    "services": Service,
    "orders": Order,
    "fleet": TruckGroup,
    "pools": Pool,
    "balances": Balance,
}
OPTIONAL = ("fleet", "pools", "balances")  # lists that may be absent
WRITTEN_WHEN_EMPTY = ("parameters", "sites", "commodities", "services", "orders", "fleet")


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """Plain JSON-ready data: ``{"parameters": {...}, "sites": [...], ...}``."""
    data: dict[str, Any] = {"parameters": parameter_values(scenario.parameters)}
    for name in CLASSES:
        if name in WRITTEN_WHEN_EMPTY or getattr(scenario, name):
            data[name] = [_item(obj) for obj in getattr(scenario, name)]
    return data


def scenario_from_dict(
    data: object,
    file: str = "scenario.json",
    *,
    all_errors: bool = False,
    fill_distances: bool = True,
) -> Scenario:
    """The Scenario described by ``data``; raises ScenarioError located in ``file``. With
    ``fill_distances``, missing service distances are filled as its ``distances`` says
    (:func:`hubflow.distances.with_network_distances`)."""
    problems = new_problem_log(all_errors)
    if not isinstance(data, dict):
        raise ScenarioError(
            Problem(file, None, None, "is not a JSON object with keys parameters, sites, ...")
        )
    for key in data:
        if key != "parameters" and key not in CLASSES:
            problems.append(
                Problem(
                    file,
                    None,
                    str(key),
                    f'unknown key "{key}" (expected: parameters, {", ".join(CLASSES)})',
                )
            )
    raw_parameters = None
    values = data.get("parameters")
    if isinstance(values, dict):
        raw_parameters = RawParameters(
            f"{file}[parameters]", {str(k): v for k, v in values.items()}
        )
    else:
        problems.append(Problem(file, None, "parameters", "is missing or not an object"))
    tables: dict[str, RawTable] = {}
    for name in CLASSES:
        if name not in data and name in OPTIONAL:
            continue
        table = _table(data.get(name), f"{file}[{name}]", problems)
        if table is not None:
            tables[name] = table
    scenario = assemble(raw_parameters, tables, SPECS, problems)
    return with_network_distances(scenario) if fill_distances else scenario


def write_json(scenario: Scenario, path: Path) -> None:
    """Write the JSON form, indented, UTF-8."""
    text = json.dumps(scenario_to_dict(scenario), indent=1, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


def read_json(path: Path, *, all_errors: bool = False) -> Scenario:
    """Read a scenario saved by ``write_json``."""
    too_big = oversized(path)
    if too_big is not None:
        raise ScenarioError(too_big)
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            Problem(str(path), None, None, f"is not UTF-8 text (byte {exc.start + 1})")
        ) from None
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            Problem(str(path), exc.lineno, None, f"is not valid JSON: {exc.msg}")
        ) from None
    except (RecursionError, ValueError) as exc:  # deep nesting, a number of 5,000 digits
        raise ScenarioError(
            Problem(str(path), None, None, f"is not usable JSON: {_short(exc)}")
        ) from None
    return scenario_from_dict(data, str(path), all_errors=all_errors, fill_distances=False)


def _short(exc: BaseException) -> str:
    """An exception's message, or its kind when nesting ran too deep."""
    if isinstance(exc, RecursionError):
        return "it nests too deeply"
    return str(exc).split(";")[0]


def _item(obj: object) -> dict[str, Any]:
    item = {}
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        if f.init:
            value = getattr(obj, f.name)
            item[f.name] = _json_value(value)
    return item


def _json_value(value: object) -> object:
    """Timetables as text, dates as ISO text, tuples as lists; other values as they are."""
    if isinstance(value, Timetable):
        return format_timetable(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    return value


def _table(items: object, file: str, problems: ProblemLog) -> RawTable | None:
    """A JSON list of objects as a RawTable: union of keys as header, item position as row."""
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        problems.append(Problem(file, None, None, "is missing or not a list of objects"))
        return None
    if len(items) > MAX_ROWS:
        problems.append(too_many_rows(file, MAX_ROWS + 1))
        return None
    header: list[str] = []
    for item in items:
        header.extend(str(k) for k in item if str(k) not in header)
    records = [(n, [item.get(k) for k in header]) for n, item in enumerate(items, start=1)]
    return RawTable(file, header, None, records)


def _spec(name: str, cls: type) -> TableSpec:
    names = [f for f in dataclasses.fields(cls) if f.init]
    required = {f.name for f in names if f.default is dataclasses.MISSING}

    def build(r: Row, start: object) -> Any:
        return cls(**read_dataclass(cls, r))

    return TableSpec(
        name,
        tuple(f.name for f in names),
        frozenset(required),
        build,
        lambda obj, start: _item(obj),
        optional=name in OPTIONAL,
        columns_of_fields={"transit_hours": "transit_minutes"},
    )


SPECS = {name: _spec(name, cls) for name, cls in CLASSES.items()}
