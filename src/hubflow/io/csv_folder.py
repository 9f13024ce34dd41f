"""A scenario as a folder: ``scenario.toml`` plus one CSV file per table (UTF-8, commas)."""

from __future__ import annotations

import csv
import errno
import io
from pathlib import Path

from hubflow.errors import Problem, ProblemLog
from hubflow.io.assemble import (
    MAX_ROWS,
    RawTable,
    assemble,
    new_problem_log,
    normalise_header,
    too_many_rows,
)
from hubflow.io.parameters import RawParameters, load_toml, parameters_to_toml
from hubflow.io.rows import format_number
from hubflow.io.tables import TABLES, table_to_write
from hubflow.model.scenario import MAX_TEXT, Scenario

PARAMETERS_FILE = "scenario.toml"
ALLOWED_EXTRA_CSV = ("sources.csv",)  # documents where the facts come from; not read
MAX_FILE_BYTES = 256 * 2**20  # one CSV, TOML or JSON file; a million orders take about 100 MB


def read_folder(folder: Path, *, all_errors: bool = False) -> Scenario:
    """Read a scenario folder; raises ScenarioError with the problems of every file.

    With ``all_errors`` False only the first problems of each kind are kept (and counted).
    """
    problems = new_problem_log(all_errors)
    raw_parameters = _read_parameters(folder / PARAMETERS_FILE, problems)
    tables: dict[str, RawTable] = {}
    for name, spec in TABLES.items():
        path = folder / f"{name}.csv"
        if path.is_file():
            table = read_csv(path, problems)
            if table is not None:
                tables[name] = table
        elif path.is_symlink():
            problems.append(Problem(str(path), None, None, missing_link(path)))
        elif not spec.optional:
            problems.append(
                Problem(
                    str(path),
                    None,
                    None,
                    f"is missing (expected a CSV file with columns {','.join(spec.columns)})",
                )
            )
    known = {f"{name}.csv" for name in TABLES} | set(ALLOWED_EXTRA_CSV)
    for path in sorted(folder.glob("*.csv")):
        if path.name not in known:
            problems.append(
                Problem(
                    str(path),
                    None,
                    None,
                    f"is not a scenario file (expected: {', '.join(sorted(known))})",
                )
            )
    return assemble(raw_parameters, tables, TABLES, problems)


def read_csv(path: Path, problems: ProblemLog) -> RawTable | None:
    """The header and non-blank records of a CSV file, or None when it cannot be read at all."""
    text = _read_text(path, problems)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    table = RawTable(str(path), [], 1)
    try:
        for number, cells in enumerate(reader, start=1):  # records, as a spreadsheet numbers rows
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = normalise_header(list(cells))
                table.header, table.header_row = header, number
            elif len(table.records) == MAX_ROWS:
                problems.append(too_many_rows(str(path), number))
                return None
            else:
                table.records.append((number, list(cells)))
    except csv.Error as exc:
        hint = ""
        if "field limit" in str(exc):
            hint = f" (a text cell holds at most {MAX_TEXT:,} characters)"
        problems.append(Problem(str(path), reader.line_num, None, f"is not valid CSV: {exc}{hint}"))
        return None
    if header is None:
        columns = ",".join(TABLES[path.stem].columns) if path.stem in TABLES else ""
        problems.append(
            Problem(str(path), None, None, f"is empty (expected a header row: {columns})")
        )
        return None
    return table


def write_folder(scenario: Scenario, folder: Path) -> None:
    """Write ``scenario.toml`` and one CSV per table (fleet.csv even when there are no trucks)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / PARAMETERS_FILE).write_text(parameters_to_toml(scenario.parameters), "utf-8")
    for name, spec in TABLES.items():
        table = table_to_write(scenario, spec)
        if table is None:
            continue
        columns, rows = table
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(columns)
            for cells in rows:
                writer.writerow([_csv_text(cells[c]) for c in columns])


def missing_link(path: Path) -> str:
    """Why a symbolic link ``path`` leads nowhere: a loop or a missing target."""
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 and 3.12 raise this for a loop
        return "is a symbolic link loop"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symbolic link loop"
    return f"is a symbolic link to {path.readlink()}, which does not exist"


def _read_parameters(path: Path, problems: ProblemLog) -> RawParameters | None:
    if path.is_symlink() and not path.exists():
        problems.append(Problem(str(path), None, None, missing_link(path)))
        return None
    if not path.is_file():
        problems.append(
            Problem(
                str(path),
                None,
                None,
                "is missing: a scenario folder needs scenario.toml with at least "
                "start = 2026-03-02T00:00:00+08:00",
            )
        )
        return None
    text = _read_text(path, problems)
    return None if text is None else load_toml(str(path), text, problems)


def oversized(path: Path) -> Problem | None:
    """The problem with a file over :data:`MAX_FILE_BYTES`, found from its size before any
    of it is read (None when it is within)."""
    size = path.stat().st_size
    if size <= MAX_FILE_BYTES:
        return None
    limit = f"a scenario file may be at most {MAX_FILE_BYTES // 2**20} MiB"
    return Problem(str(path), None, None, f"is {size / 2**20:,.0f} MiB ({limit})")


def _read_text(path: Path, problems: ProblemLog) -> str | None:
    try:
        too_big = oversized(path)
        if too_big is not None:
            problems.append(too_big)
            return None
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(str(path), None, None, f"cannot be read: {exc.strerror}"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                str(path),
                line,
                None,
                f"is not UTF-8 text (byte {exc.start + 1}); save it as "
                "'CSV UTF-8' or re-encode it to UTF-8",
            )
        )
        return None


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(value)
    return str(value)
