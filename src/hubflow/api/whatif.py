"""What-ifs as data: apply a few parameter and row changes to a scenario document, and list
what differs between two documents. Pure functions on ``scenario_to_dict`` documents.

Changes (the body of ``POST /scenarios/{id}/versions``)::

    {"parameters": {"carbon_price": 200},
     "rows": [{"table": "services", "id": "RAIL_1", "set": {"max_vehicles": 3}}],
     "add": [{"table": "sites", "row": {...}}],
     "remove": [{"table": "orders", "id": "Z0001"}]}
"""

from __future__ import annotations

import copy
from typing import Any

from hubflow.errors import Problem, ScenarioError

TABLES = ("sites", "commodities", "services", "orders", "fleet")
SOURCE = "changes"


def apply_changes(document: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A new document with ``changes`` applied; a located ScenarioError for a change that
    names an unknown table, row or field. Values are checked later, as for an upload."""
    doc = copy.deepcopy(document)
    problems: list[Problem] = []
    params = changes.get("parameters") or {}
    for key, value in params.items():
        if key not in doc["parameters"] or key == "start":
            problems.append(Problem(SOURCE, None, f"parameters.{key}", "unknown parameter"))
        else:
            doc["parameters"][key] = value
    for n, change in enumerate(changes.get("rows") or [], start=1):
        row = _find(doc, change, n, problems)
        if row is None:
            continue
        for field, value in (change.get("set") or {}).items():
            if field not in row or field == "id":
                problems.append(Problem(SOURCE, n, field, f"no field {field!r} to set"))
            else:
                row[field] = value
    for n, change in enumerate(changes.get("remove") or [], start=1):
        row = _find(doc, change, n, problems)
        if row is not None:
            doc[change["table"]].remove(row)
    for n, change in enumerate(changes.get("add") or [], start=1):
        table, row = change.get("table"), change.get("row")
        if table not in TABLES or not isinstance(row, dict):
            problems.append(Problem(SOURCE, n, "add", f"expected a table of {TABLES} and a row"))
        else:
            doc[table].append(row)
    if problems:
        raise ScenarioError(problems)
    return doc


def _find(
    doc: dict[str, Any], change: dict[str, Any], n: int, problems: list[Problem]
) -> dict[str, Any] | None:
    table, ident = change.get("table"), change.get("id")
    if table not in TABLES:
        problems.append(Problem(SOURCE, n, "table", f"{table!r} is not one of {TABLES}"))
        return None
    row = next((r for r in doc[table] if r.get("id") == ident), None)
    if row is None:
        problems.append(Problem(SOURCE, n, "id", f"{table} has no row {ident!r}"))
    return row


def diff(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """What differs from ``b`` to ``a``: parameters, and per table the rows added, removed
    and changed (field by field)."""
    params = [
        {"name": k, "value": a["parameters"].get(k), "against": b["parameters"].get(k)}
        for k in sorted(set(a["parameters"]) | set(b["parameters"]))
        if a["parameters"].get(k) != b["parameters"].get(k)
    ]
    tables: dict[str, Any] = {}
    for table in TABLES:
        rows_a = {r["id"]: r for r in a.get(table, [])}
        rows_b = {r["id"]: r for r in b.get(table, [])}
        changed = [
            {
                "id": ident,
                "field": f,
                "value": rows_a[ident].get(f),
                "against": rows_b[ident].get(f),
            }
            for ident in sorted(set(rows_a) & set(rows_b))
            for f in sorted(set(rows_a[ident]) | set(rows_b[ident]))
            if rows_a[ident].get(f) != rows_b[ident].get(f)
        ]
        entry = {
            "added": sorted(set(rows_a) - set(rows_b)),
            "removed": sorted(set(rows_b) - set(rows_a)),
            "changed": changed,
        }
        if any(entry.values()):
            tables[table] = entry
    return {"parameters": params, "tables": tables, "same": not params and not tables}
