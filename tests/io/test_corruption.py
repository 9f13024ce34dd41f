"""Random damage to a scenario folder gives a ScenarioError naming a file, never another exception.

Each example copies a source folder, applies one to three corruptions (delete a cell, change a
number to text, drop a column, duplicate a row, truncate the file, swap a site id, ...) and loads.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from hubflow.errors import ScenarioError
from hubflow.io import load_scenario, write_scenario_xlsx

from .conftest import EXAMPLE, TINY

SOURCES = [pytest.param(TINY, id="tiny")]
if (EXAMPLE / "scenario.toml").is_file():
    SOURCES.append(pytest.param(EXAMPLE, id="zhengzhou"))

FILES = ("scenario.toml", "sites.csv", "commodities.csv", "services.csv", "orders.csv", "fleet.csv")
JUNK = st.sampled_from(
    [
        "",
        "abc",
        "-1",
        "0",
        "1e999",
        "nan",
        "2025-13-01",
        "NOWHERE",
        "true",
        " ",
        '"',
        "12,5",
        "daily 25:00",
        "\x00",
        "∞",
        "2026-03-04",
    ]
) | st.text(max_size=8)


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _read(path: Path) -> str:
    return path.read_text("utf-8", errors="replace") if path.exists() else ""


def corrupt(data: st.DataObject, folder: Path) -> None:
    """Apply one random corruption to one random file of ``folder``."""
    path = folder / data.draw(st.sampled_from(FILES), label="file")
    if not path.exists():
        return
    raw = path.read_bytes()
    how = data.draw(
        st.sampled_from(
            [
                "delete file",
                "truncate",
                "bad bytes",
                "delete cell",
                "junk cell",
                "drop column",
                "duplicate row",
                "swap id",
                "drop row",
                "rename column",
                "swap rows",
            ]
        ),
        label="how",
    )
    if how == "delete file":
        path.unlink()
        return
    if how == "truncate":
        path.write_bytes(raw[: data.draw(st.integers(0, len(raw)), label="at")])
        return
    if how == "bad bytes":
        at = data.draw(st.integers(0, len(raw)), label="at")
        path.write_bytes(raw[:at] + b"\xff\xfe\xc3" + raw[at:])
        return
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:  # already damaged by an earlier corruption
        return
    if path.suffix == ".toml":
        lines = text.splitlines()
        if not lines:
            return
        i = data.draw(st.integers(0, len(lines) - 1), label="line")
        key = lines[i].split("=")[0]
        if how in ("delete cell", "drop column", "drop row"):
            del lines[i]
        elif how in ("duplicate row", "swap rows"):
            lines.insert(i, lines[i])
        else:
            lines[i] = f"{key}= {data.draw(JUNK, label='junk')}"
        path.write_text("\n".join(lines), "utf-8")
        return
    rows = _rows(text)
    if len(rows) < 2:
        return
    r = data.draw(st.integers(1, len(rows) - 1), label="row")
    c = data.draw(st.integers(0, len(rows[0]) - 1), label="column")
    for row in (rows[r], rows[0]):  # a row cut short by an earlier corruption
        row.extend([""] * (c + 1 - len(row)))
    if how == "delete cell":
        rows[r][c] = ""
    elif how == "junk cell":
        rows[r][c] = data.draw(JUNK, label="junk")
    elif how == "drop column":
        rows = [row[:c] + row[c + 1 :] for row in rows]
    elif how == "duplicate row":
        rows.insert(r, list(rows[r]))
    elif how == "drop row":
        del rows[r]
    elif how == "rename column":
        rows[0][c] = data.draw(JUNK, label="junk")
    elif how == "swap rows":
        other = data.draw(st.integers(1, len(rows) - 1), label="other")
        rows[r][c], rows[other][c] = rows[other][c], rows[r][c]
    elif how == "swap id":
        sites = [row[0] for row in _rows(_read(folder / "sites.csv"))[1:] if row]
        rows[r][c] = data.draw(st.sampled_from([*sites, "NOWHERE"]), label="site")
    path.write_text(_text(rows), "utf-8")


@pytest.mark.parametrize("source", SOURCES)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_corrupted_folder_fails_only_with_located_errors(source: Path, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "scenario"
        shutil.copytree(source, folder)
        for _ in range(data.draw(st.integers(1, 3), label="corruptions")):
            corrupt(data, folder)
        names = {p.name for p in source.iterdir()}
        try:
            load_scenario(folder)
        except ScenarioError as exc:
            assert exc.problems
            for problem in exc.problems:
                assert Path(problem.file).name in names, problem
                assert Path(problem.file).parent == folder, problem
                assert problem.row is None or problem.row >= 1, problem
                assert problem.message, problem


CELL_VALUES = (
    JUNK.filter(lambda v: not ILLEGAL_CHARACTERS_RE.search(v))
    | st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats()
    | st.datetimes(min_value=datetime(1900, 1, 1))
)


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_corrupted_workbook_fails_only_with_located_errors(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.xlsx"
        write_scenario_xlsx(load_scenario(TINY), path)
        book = openpyxl.load_workbook(path)
        for _ in range(data.draw(st.integers(1, 3), label="corruptions")):
            sheet = book[data.draw(st.sampled_from(book.sheetnames), label="sheet")]
            if data.draw(st.booleans(), label="delete sheet") and len(book.sheetnames) > 1:
                del book[sheet.title]
                continue
            row = data.draw(st.integers(1, sheet.max_row + 1), label="row")
            column = data.draw(st.integers(1, sheet.max_column + 1), label="column")
            sheet.cell(row, column).value = data.draw(CELL_VALUES, label="value")
        book.save(path)
        try:
            load_scenario(path)
        except ScenarioError as exc:
            for problem in exc.problems:
                assert problem.file.startswith(str(path)), problem
                assert problem.row is None or problem.row >= 1, problem
