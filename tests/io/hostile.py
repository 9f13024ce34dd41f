"""Corruptions of a scenario and the verdict on loading it, shared by the fuzz test and the bench.

A corruption takes a ``random.Random`` (hypothesis drives one in the tests, a seed in
``bench/robustness.py``) and damages a scenario folder, its ``scenario.toml`` or a workbook in
place: cell values across the whole float and string range, dates in the years 1 to 9999, and
structure (rows, columns, sheets, files). ``verdict`` loads the result and says whether hubflow
behaved: a ScenarioError whose every problem is located, or a scenario that loads and is valid.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import resource
import signal
import struct
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from random import Random
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from hubflow.errors import ScenarioError
from hubflow.io import load_scenario

TABLE_FILES = ("sites.csv", "commodities.csv", "services.csv", "orders.csv", "fleet.csv")
TOML_KEYS = (
    "start",
    "name",
    "description",
    "horizon_days",
    "time_step_minutes",
    "carbon_price",
    "lateness",
    "max_lateness_hours",
    "unserved_cost_per_t",
    "road_circuity",
)
SPECIAL_FLOATS = (
    0.0,
    -0.0,
    5e-324,
    1e-300,
    0.5,
    1e6,
    1e13,
    1e20,
    1e30,
    1e300,
    1.7976931348623157e308,
    -1e308,
    math.inf,
    -math.inf,
    math.nan,
)
ODD_NUMBERS = (
    "1_000",
    "１２",
    "١٢",
    "۳",
    "1,5",
    " 12 ",
    "+5",
    ".5",
    "5.",
    "1e",
    "0x10",
    "½",
    "1e400",
)
BOMB_KINDS = ("stray far cell", "many rows")  # load these under a memory cap


def any_float(rng: Random) -> float:
    """A float from anywhere in the range: special values, raw bit patterns, plausible sizes."""
    pick = rng.randrange(4)
    if pick == 0:
        return rng.choice(SPECIAL_FLOATS)
    if pick == 1:
        return struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
    if pick == 2:
        return 10 ** rng.uniform(-12, 14) * rng.choice((1, -1))
    return round(rng.uniform(-100, 1e5), rng.randrange(4))


def any_number_text(rng: Random) -> str:
    pick = rng.randrange(4)
    if pick == 0:
        return repr(any_float(rng))
    if pick == 1:
        return "9" * rng.choice((20, 309, 4301, 5000))
    if pick == 2:
        return rng.choice(ODD_NUMBERS)
    return str(rng.randrange(-(10**6), 10**12))


def any_text(rng: Random) -> str:
    pick = rng.randrange(5)
    if pick == 0:
        return rng.choice(("", " ", '"', "\x00", "a\nb", "=SUM(A1:A9)", "NOWHERE", "true"))
    if pick == 1:
        return "x" * rng.choice((10_000, 10_001, 131_073))
    if pick == 2:
        return "[" * rng.choice((50, 3000)) + "]" * 3
    if pick == 3:
        return "".join(
            chr(rng.choice((rng.randrange(32, 0xD800), rng.randrange(0xE000, 0x110000))))
            for _ in range(rng.randrange(1, 12))
        )
    return rng.choice(("road", "rail", "continuous", "every 0.001h", "daily 25:00", "weekly Mon"))


def any_date(rng: Random) -> str:
    """A timestamp in the years 1 to 9999, sometimes without a time, an offset or any sense."""
    year = rng.choice((rng.randrange(1, 10_000), rng.randrange(2020, 2032), 1, 9999))
    month, day = rng.randrange(1, 13), rng.randrange(1, 29)
    text = f"{year:04d}-{month:02d}-{day:02d}"
    form = rng.randrange(5)
    if form == 0:
        return text
    if form == 4:
        return f"{year:04d}-{rng.randrange(0, 20):02d}-{rng.randrange(0, 40):02d}T25:61"
    text += f"T{rng.randrange(24):02d}:{rng.randrange(60):02d}"
    return text + rng.choice(("", "Z", "+08:00", "-14:00", "+14:00"))


def any_timetable(rng: Random) -> str:
    pick = rng.randrange(3)
    if pick == 0:
        return f"every {rng.choice(('9' * 309, '0.0001', '8784', '8785', '1e3'))}h"
    if pick == 1:
        return "daily " + " ".join(
            f"{rng.randrange(30):02d}:{rng.randrange(70):02d}" for _ in range(rng.randrange(1, 200))
        )
    return "weekly " + "; ".join(
        f"{rng.choice(('Mon', 'sun', 'Xyz'))} 08:00" for _ in range(rng.randrange(0, 5))
    )


def any_cell_text(rng: Random) -> str:
    return rng.choice((any_number_text, any_text, any_date, any_timetable))(rng)


def _csv_rows(path: Path) -> list[list[str]] | None:
    """The file's rows, or None when an earlier corruption made it unreadable as CSV."""
    try:
        return list(csv.reader(io.StringIO(path.read_text("utf-8", errors="replace"), newline="")))
    except csv.Error:  # e.g. a cell beyond the csv module's field limit
        return None


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), "utf-8", errors="surrogatepass")


def corrupt_folder(rng: Random, folder: Path) -> str:
    """Damage one CSV file of a scenario folder; returns what was done."""
    path = folder / rng.choice(TABLE_FILES)
    if not path.is_file():
        return "none"
    rows = _csv_rows(path)
    if rows is None:
        return "none"
    kind = rng.choice(
        ("cell", "cell", "cell", "drop column", "add column", "rename column", "drop row",
         "many rows", "header only", "long row", "delete file", "truncate", "bad bytes",
         "unknown file", "symlink loop")
    )  # fmt: skip
    width = max(len(rows[0]) if rows else 1, 1)
    r = rng.randrange(1, len(rows)) if len(rows) > 1 else 0
    c = rng.randrange(width)
    for row in rows:
        row.extend([""] * (width - len(row)))
    if kind == "cell" and rows:
        rows[r][c] = any_cell_text(rng)
    elif kind == "drop column":
        rows = [row[:c] + row[c + 1 :] for row in rows]
    elif kind == "add column" and rows:
        rows[0].append(rng.choice(("tonnage", "", "id", any_text(rng)[:20])))
        rows[r].append(any_cell_text(rng))
    elif kind == "rename column" and rows:
        rows[0][c] = any_text(rng)[:40]
    elif kind == "drop row" and len(rows) > 1:
        del rows[r]
    elif kind == "many rows" and len(rows) > 1:
        rows.extend([rows[r]] * rng.choice((10, 1000, 20_000)))
    elif kind == "header only":
        rows = rows[:1]
    elif kind == "long row" and rows:
        rows[r].extend(["1"] * rng.choice((1, 100, 100_000)))
    elif kind == "delete file":
        path.unlink()
        return kind
    elif kind == "truncate":
        raw = path.read_bytes()
        path.write_bytes(raw[: rng.randrange(len(raw) + 1)])
        return kind
    elif kind == "bad bytes":
        raw = path.read_bytes()
        at = rng.randrange(len(raw) + 1)
        path.write_bytes(raw[:at] + b"\xff\xfe\xc3" + raw[at:])
        return kind
    elif kind == "unknown file":
        (folder / rng.choice(("fleets.csv", "Orders.csv", "x.csv"))).write_text("id\n1\n", "utf-8")
        return kind
    elif kind == "symlink loop":
        path.unlink()
        path.symlink_to(path)
        return kind
    _write_rows(path, rows)
    return kind


def _toml_value(rng: Random) -> str:
    pick = rng.randrange(6)
    if pick == 0:
        return repr(any_float(rng))  # inf and nan are TOML too
    if pick == 1:
        return rng.choice(("9" * 5000, "1e400", "-0", "1_000", "0x10", "400", "1e300"))
    if pick == 2:
        return json.dumps(any_text(rng), ensure_ascii=False)
    if pick == 3:
        date = any_date(rng)
        return date if rng.random() < 0.5 else json.dumps(date)
    if pick == 4:
        return "[" * rng.choice((5, 3000)) + "]" * rng.choice((5, 3000))
    return rng.choice(('"forbid"', "true", "{a = 1}", '"', ""))


def corrupt_toml(rng: Random, folder: Path) -> str:
    """Damage scenario.toml: a key's value, a key, or the file."""
    path = folder / "scenario.toml"
    if not path.is_file():
        return "none"
    lines = path.read_text("utf-8", errors="replace").splitlines()
    kind = rng.choice(("value", "value", "value", "drop key", "unknown key", "truncate", "delete"))
    key = rng.choice(TOML_KEYS)
    kept = [line for line in lines if not line.startswith(f"{key} ")]
    if kind == "value":
        lines = [*kept, f"{key} = {_toml_value(rng)}"]
    elif kind == "drop key":
        lines = kept
    elif kind == "unknown key":
        lines.append(f"{rng.choice(('horizon', 'Start', 'x'))} = 1")
    elif kind == "truncate":
        text = "\n".join(lines)
        path.write_text(text[: rng.randrange(len(text) + 1)], "utf-8")
        return kind
    else:
        path.unlink()
        return kind
    path.write_text("\n".join(lines) + "\n", "utf-8", errors="surrogatepass")
    return kind


def _cell_value(rng: Random) -> Any:
    pick = rng.randrange(6)
    if pick == 0:
        return any_float(rng)
    if pick == 1:
        return rng.choice((10**30, -(10**18), 2**63, True, None))
    if pick == 2:
        year = rng.choice((1, 1899, 1900, 2026, 9999, rng.randrange(1, 10_000)))
        return datetime(year, rng.randrange(1, 13), rng.randrange(1, 29), rng.randrange(24))
    if pick == 3:
        return "=" + rng.choice(("1/0", "E2*2", "SUM(A1:A3)"))
    return ILLEGAL_CHARACTERS_RE.sub("", any_cell_text(rng))


def corrupt_workbook(rng: Random, book: Any) -> str:
    """Damage an open openpyxl Workbook in memory (the caller saves it)."""
    sheet = book[rng.choice(book.sheetnames)]
    kind = rng.choice(
        ("cell", "cell", "cell", "date-only cell", "stray far cell", "delete sheet",
         "rename sheet", "add sheet", "many rows", "clear header")
    )  # fmt: skip
    row = rng.randrange(1, sheet.max_row + 2)
    column = rng.randrange(1, sheet.max_column + 2)
    if kind == "cell":
        sheet.cell(row, column).value = _cell_value(rng)
    elif kind == "date-only cell":
        cell = sheet.cell(row, column)
        cell.value = datetime(rng.randrange(1900, 2100), 3, 5)
        cell.number_format = "yyyy-mm-dd"
    elif kind == "stray far cell":
        target = sheet if rng.random() < 0.5 else book.create_sheet(rng.choice(("readme", "notes")))
        r, c = rng.choice(
            ((1_048_576, 16_384), (rng.randrange(1, 1_048_577), rng.randrange(1, 16_385)))
        )
        target[f"{get_column_letter(c)}{r}"] = "x"
    elif kind == "delete sheet" and len(book.sheetnames) > 1:
        del book[sheet.title]
    elif kind == "rename sheet":
        title = rng.choice(("Orders ", "order", "Sheet1", "fleets", "PARAMETERS"))
        if title.strip().lower() in {n.strip().lower() for n in book.sheetnames}:
            return "none"
        sheet.title = title
    elif kind == "add sheet":
        book.create_sheet(rng.choice(("extra", "sources", "readme")))["A1"] = "x"
    elif kind == "many rows":
        at = min(row, sheet.max_row)  # the first 20 cells: a row may reach column XFD
        values = list(next(sheet.iter_rows(min_row=at, max_row=at, max_col=20, values_only=True)))
        for _ in range(rng.choice((10, 1000, 5000))):
            sheet.append(values)
    elif kind == "clear header":
        for cell in sheet[1]:
            cell.value = None
    return kind


@dataclass(frozen=True, slots=True)
class Verdict:
    """How one load ended: ``outcome`` is loaded, refused, unlocated, crash, memory or timeout."""

    outcome: str
    detail: str = ""
    seconds: float = 0.0
    peak_mib: float = 0.0

    @property
    def behaved(self) -> bool:
        return self.outcome in ("loaded", "refused")


def verdict(path: Path) -> Verdict:
    """Load ``path`` in this process and judge the result (no memory cap)."""
    started = time.perf_counter()
    try:
        scenario = load_scenario(path)
    except ScenarioError as exc:
        where = str(path)
        for p in exc.problems:
            if not p.file.startswith(where) or (p.row is not None and p.row < 1) or not p.message:
                return Verdict("unlocated", str(p)[:300])
        return Verdict("refused", str(exc.problems[0])[:200], time.perf_counter() - started)
    except MemoryError:
        return Verdict("memory", "", time.perf_counter() - started)
    except Exception as exc:  # the point of the fuzzing: anything else is a bug
        return Verdict("crash", f"{type(exc).__name__}: {exc}"[:300], time.perf_counter() - started)
    if list(scenario.problems()):
        return Verdict("crash", "a loaded scenario fails its own validation")
    return Verdict("loaded", f"{len(scenario.orders)} orders", time.perf_counter() - started)


def bounded_verdict(path: Path, memory: int = 2 << 30, seconds: int = 60) -> Verdict:
    """``verdict`` in a forked child whose address space and run time are capped.

    The child's peak resident memory comes back from ``wait4``; a child killed by the caps is
    'memory' (out of address space) or 'timeout'.
    """
    read, write = os.pipe()
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: cap, load, report, leave without cleanup
        os.close(read)
        code = 0
        try:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
            signal.alarm(seconds)
            v = verdict(path)
            os.write(write, json.dumps([v.outcome, v.detail]).encode())
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - started
    peak = usage.ru_maxrss / 1024
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGALRM:
        return Verdict("timeout", f"over {seconds} s", elapsed, peak)
    if not data:
        return Verdict("memory", f"child ended with status {status}", elapsed, peak)
    outcome, detail = json.loads(data)
    return Verdict(outcome, detail, elapsed, peak)
