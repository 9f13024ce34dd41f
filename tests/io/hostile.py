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
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from hubflow.errors import ScenarioError
from hubflow.io import load_scenario

TABLE_FILES = (
    "sites.csv",
    "commodities.csv",
    "services.csv",
    "orders.csv",
    "fleet.csv",
    "pools.csv",
    "balances.csv",
)
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
    "chain_short_legs",
    "distances",
    "no_split",
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
    if rng.random() < 0.4 and (done := corrupt_optional(rng, folder, path, rows)) != "none":
        return done
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


# --- the optional inputs: pools, balances, clearance by country, payloads, minimum loads,
# --- calendars inside timetables, no_split; ``enrich`` adds them where a scenario lacks them


def _table(folder: Path, name: str) -> list[list[str]]:
    rows = _csv_rows(folder / name) if (folder / name).is_file() else None
    return rows or []


def _column(rows: list[list[str]], name: str) -> list[str]:
    """The cells of a column below the header ([] when the column is absent)."""
    if not rows or name not in rows[0]:
        return []
    at = rows[0].index(name)
    return [row[at] for row in rows[1:] if len(row) > at]


def _ensure_column(rows: list[list[str]], name: str) -> int:
    """The index of ``name``, added as an empty column when absent."""
    if name not in rows[0]:
        rows[0].append(name)
    at = rows[0].index(name)
    for row in rows[1:]:
        row.extend([""] * (at + 1 - len(row)))
    return at


def start_date(folder: Path) -> date:
    """The local date of the folder's ``start`` (2026-03-02 when it cannot be read)."""
    try:
        start = tomllib.loads((folder / "scenario.toml").read_text("utf-8"))["start"]
        return start.date() if isinstance(start, datetime) else date.fromisoformat(start[:10])
    except (OSError, KeyError, ValueError, TypeError, IndexError, RecursionError):
        return date(2026, 3, 2)


def enrich(folder: Path) -> None:
    """Give a scenario folder each optional input it lacks, with values that keep it valid
    (countries with clearance, a mine, a commodity group, a payload, a minimum load, a calendar
    in a timetable, an order that must not be split, a pool, a balance, the newer toml keys),
    so that the corruptions reach them."""
    sites = _table(folder, "sites.csv")
    if "country" not in sites[0]:
        for name, value in (("country", "CN"), ("inbound_hours", "2"), ("outbound_hours", "1")):
            at = _ensure_column(sites, name)
            for row in sites[1:]:
                row[at] = value
        sites[-1][sites[0].index("country")] = "KZ"
    sites[1][sites[0].index("kind")] = "mine"
    _write_rows(folder / "sites.csv", sites)
    commodities = _table(folder, "commodities.csv")
    if "group" not in commodities[0]:
        commodities[1][_ensure_column(commodities, "group")] = "metal"
        _write_rows(folder / "commodities.csv", commodities)
    services = _table(folder, "services.csv")
    ids = _column(services, "id")
    if "payload_t" not in services[0]:
        capacity = float(services[1][services[0].index("capacity_t")])
        services[1][_ensure_column(services, "payload_t")] = f"{commodities[1][0]}={capacity:g}"
        services[1][_ensure_column(services, "min_load_t")] = "0.5"
        day = start_date(folder)
        at = services[0].index("timetable")
        services[1][at] += f" from {day} until {day + timedelta(400)} except {day + timedelta(1)}"
        _write_rows(folder / "services.csv", services)
    orders = _table(folder, "orders.csv")
    if "no_split" not in orders[0]:
        orders[1][_ensure_column(orders, "no_split")] = "true"
        _write_rows(folder / "orders.csv", orders)
    if not (folder / "pools.csv").is_file():
        pool = [["id", "services", "limit", "unit", "period"], ["GATE", ids[0], "1e6", "t", "day"]]
        _write_rows(folder / "pools.csv", pool)
    if not (folder / "balances.csv").is_file():
        header = ["id", "outbound", "returns", "slack", "empty_co2e_kg_per_km"]
        _write_rows(folder / "balances.csv", [header, ["BOXES", ids[-2], ids[-1], "1000", "1"]])
    toml = (folder / "scenario.toml").read_text("utf-8")
    for key, value in (("chain_short_legs", "true"), ("distances", '"circuity"')):
        if f"\n{key} " not in toml:
            toml += f"\n{key} = {value}\n"
    (folder / "scenario.toml").write_text(toml, "utf-8")


def any_day(rng: Random, day: date) -> str:
    """A date near ``day``, impossible (30 February), in the years 1 or 9999, or no date."""
    pick = rng.randrange(6)
    if pick == 0:
        return rng.choice(
            ("2026-02-30", "2026-13-01", "2026-00-10", "2026-3-5", "20260305", "2026-02-29")
        )
    if pick == 1:
        return rng.choice(("0001-01-01", "9999-12-31", "1900-01-01", "2999-12-31", "0000-01-01"))
    if pick == 2:
        return rng.choice(("", "today", "2026-03-05T08:00", "2026-03-05,", "-", "ｆｒｏｍ"))
    return (day + timedelta(rng.randrange(-30, 500))).isoformat()


def any_calendar(rng: Random, day: date) -> str:
    """Calendar clauses for a timetable: dates of any kind, until before from, words twice,
    enormous except lists."""
    clauses = []
    for word in rng.sample(("from", "until", "except"), rng.randrange(1, 4)):
        if word == "except":
            count = rng.choice((0, 1, 3, 100, 900, 5000))
            days = [any_day(rng, day) if rng.random() < 0.1 else "" for _ in range(count)]
            days = [d or (day + timedelta(rng.randrange(0, 120))).isoformat() for d in days]
            clauses.append("except " + rng.choice((", ", " ", ",")).join(days))
        else:
            clauses.append(f"{word} {any_day(rng, day)}")
    if rng.random() < 0.2:  # until before from
        clauses = [f"from {day + timedelta(10)}", f"until {day + timedelta(rng.randrange(-5, 10))}"]
    if rng.random() < 0.1:
        clauses.append(rng.choice(clauses))  # a word twice
    return " " + " ".join(clauses)


def any_id_list(rng: Random, ids: list[str]) -> str:
    """Service or commodity ids: unknown, repeated, empty, separators alone, or very many."""
    known = ids or ["X"]
    pick = rng.randrange(7)
    if pick == 0:
        return rng.choice(("", ";", ";;;", " ; ", "NOWHERE", "a;;b", "=1"))
    if pick == 1:
        return ";".join([rng.choice(known)] * rng.choice((2, 3, 1000)))
    if pick == 2:
        return ";".join(known * rng.choice((1, 50)))
    if pick == 3:
        return ";".join(f"S{n}" for n in range(rng.choice((10, 2000))))
    if pick == 4:
        return rng.choice(known).lower() + " "
    return ";".join(rng.sample(known, rng.randrange(1, len(known) + 1)))


def any_payloads(rng: Random, ids: list[str], capacity: str) -> str:
    """``id=tonnes`` pairs: 0, above capacity, negative, NaN, unknown ids, repeats, bad syntax."""
    known = ids or ["X"]
    tonnes = (
        "0", "-1", "nan", "inf", "1e-300", "1e6", "1000001", "9" * 400, capacity,
        f"{capacity}0", "", "=", "5t",
    )  # fmt: skip
    pick = rng.randrange(4)
    if pick == 0:
        return rng.choice(("=5", "x=", "==", ";", "a=1=2", "a:5", "a=1,b=2", "a=1 b=2"))
    count = rng.choice((1, 2, 3, 500))
    pairs = [
        f"{rng.choice([*known, 'NOWHERE', 'metal'])}={rng.choice(tonnes)}" for _ in range(count)
    ]
    return ";".join(pairs)


NUMERIC_OPTIONAL = {
    "min_load_t", "limit", "slack", "empty_co2e_kg_per_km", "inbound_hours", "outbound_hours",
    "inbound_cost_per_t", "outbound_cost_per_t", "inbound_co2e_kg_per_t", "outbound_co2e_kg_per_t",
}  # fmt: skip
OPTIONAL_COLUMNS = {
    "sites.csv": ("country", "kind", "inbound_hours", "outbound_hours", "inbound_cost_per_t",
                  "outbound_cost_per_t", "inbound_co2e_kg_per_t", "outbound_co2e_kg_per_t"),
    "commodities.csv": ("group",),
    "services.csv": ("timetable", "payload_t", "min_load_t", "commodities", "valid_from",
                     "valid_until", "days_off"),
    "orders.csv": ("no_split",),
    "pools.csv": ("services", "limit", "unit", "period"),
    "balances.csv": ("outbound", "returns", "slack", "empty_co2e_kg_per_km"),
}  # fmt: skip


def optional_cell(rng: Random, folder: Path, column: str, row: dict[str, str]) -> str:
    """A hostile value for one of the optional inputs' cells, aimed at what the column means."""
    day = start_date(folder)
    services = _column(_table(folder, "services.csv"), "id")
    commodities = _column(_table(folder, "commodities.csv"), "id")
    if column == "timetable":
        pattern = rng.choice(("continuous", "daily 08:00", row.get("timetable", "")))
        return pattern.split(" from")[0] + any_calendar(rng, day)
    if column in ("valid_from", "valid_until"):
        return any_day(rng, day)
    if column == "days_off":
        return ";".join(any_day(rng, day) for _ in range(rng.choice((1, 3, 900))))
    if column == "payload_t":
        return any_payloads(rng, commodities, row.get("capacity_t", "1"))
    if column == "min_load_t" and rng.random() < 0.5:
        capacity = row.get("capacity_t", "1")
        return rng.choice((capacity, f"{capacity}1", f"{capacity}0", "1e6", "1000001"))
    if column in NUMERIC_OPTIONAL:
        return rng.choice(("0", "-1", "1e9", "nan", "inf", "", any_number_text(rng)))
    if column in ("services", "outbound", "returns"):
        return any_id_list(rng, services)
    if column == "commodities":
        return any_id_list(rng, [*commodities, "metal"])
    if column == "group":
        return rng.choice([*commodities, "", "metal", any_text(rng)[:30]])
    if column == "kind":
        return rng.choice(("mine", "border_crossing", "MINE", " Mine ", "border crossing", ""))
    if column == "no_split":
        return rng.choice(("true", "TRUE", "maybe", "2", "", "nan", "yes please"))
    if column in ("unit", "period"):
        return rng.choice(("t", "vehicles", "day", "week", "Week", "month", "", "tonnes"))
    return rng.choice(("CN", "", "KZ", " cn ", any_text(rng)[:50]))  # country


def corrupt_optional(rng: Random, folder: Path, path: Path, rows: list[list[str]]) -> str:
    """Damage one cell of an optional input's column (adding the column where absent), or
    name one service in two balances; 'none' when the file has no such column."""
    columns = OPTIONAL_COLUMNS.get(path.name, ())
    if not columns or len(rows) < 2:
        return "none"
    if path.name == "balances.csv" and rng.random() < 0.2:
        services = _column(_table(folder, "services.csv"), "id") or ["X"]
        twice = rng.choice(services)
        width = len(rows[0])
        extra = dict(zip(rows[0], ["TWICE", twice, twice, "0", ""], strict=False))
        rows.append([extra.get(name, "") for name in rows[0]][:width])
        _write_rows(path, rows)
        return "service in two balances"
    column = rng.choice(columns)
    at = _ensure_column(rows, column)
    r = rng.randrange(1, len(rows))
    rows[r][at] = optional_cell(rng, folder, column, dict(zip(rows[0], rows[r], strict=False)))
    _write_rows(path, rows)
    return f"{path.stem}.{column}"


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
    return rng.choice(
        ('"forbid"', "true", "{a = 1}", '"', "", '"networks"', '"Networks"', '"osrm"', "1", '"yes"')
    )


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


# --- absurd but valid: a scenario that loads must plan, and explain every order it leaves


def _set_cells(path: Path, column: str, value: str, rows: range | None = None) -> None:
    """Set ``column`` (added when absent) in the given data rows (1 = the first), or in all."""
    table = _table(path.parent, path.name)
    at = _ensure_column(table, column)
    for n, row in enumerate(table[1:], start=1):
        if rows is None or n in rows:
            row[at] = value
    _write_rows(path, table)


def _closed_for_the_plan(folder: Path) -> str:
    """A calendar clause that removes every departure the plan could use: each of the plan's
    dates (the horizon and the 92 days a due may follow it) off."""
    try:
        days = float(tomllib.loads((folder / "scenario.toml").read_text("utf-8"))["horizon_days"])
    except (OSError, KeyError, ValueError, TypeError):
        days = 14
    day = start_date(folder)
    return " except " + ", ".join(
        (day + timedelta(n)).isoformat() for n in range(math.ceil(days) + 93)
    )


def absurd(rng: Random, folder: Path) -> str:
    """Apply one valid but absurd edit to an enriched scenario folder; returns its name."""
    services = folder / "services.csv"
    ids = _column(_table(folder, "services.csv"), "id")
    kind = rng.choice(
        ("pool limit 0", "vehicle pool 0", "returns never run", "min_load = capacity",
         "no departure left", "payload below min_load", "payload tiny", "no_split everywhere",
         "distances networks", "one box in a year")
    )  # fmt: skip
    if kind in ("pool limit 0", "vehicle pool 0"):
        unit = "t" if kind == "pool limit 0" else "vehicles"
        header = ["id", "services", "limit", "unit", "period"]
        _write_rows(folder / "pools.csv", [header, ["ZERO", ";".join(ids), "0", unit, "week"]])
    elif kind == "returns never run":
        table = _table(folder, "services.csv")
        at = table[0].index("timetable")
        back = table[-1]
        back[at] = back[at].split(" from")[0].split(" except")[0] + _closed_for_the_plan(folder)
        _write_rows(services, table)
        header = ["id", "outbound", "returns", "slack"]
        rows = [header, ["BOXES", ";".join(ids[:-1]), ids[-1], "0"]]
        _write_rows(folder / "balances.csv", rows)
    elif kind == "min_load = capacity":
        table = _table(folder, "services.csv")
        capacity, at = table[0].index("capacity_t"), _ensure_column(table, "min_load_t")
        for row in table[1:]:
            row[at] = row[capacity]
        _write_rows(services, table)
    elif kind == "no departure left":
        table = _table(folder, "services.csv")
        at = table[0].index("timetable")
        for row in table[1:]:
            row[at] = row[at].split(" from")[0].split(" except")[0] + _closed_for_the_plan(folder)
        _write_rows(services, table)
    elif kind in ("payload below min_load", "payload tiny"):
        table = _table(folder, "services.csv")
        commodities = _column(_table(folder, "commodities.csv"), "id")
        capacity = table[0].index("capacity_t")
        load, payload = _ensure_column(table, "min_load_t"), _ensure_column(table, "payload_t")
        for row in table[1:]:
            tonnes = float(row[capacity])
            small = tonnes / 2 if kind == "payload below min_load" else 0.01
            row[payload] = ";".join(f"{c}={small:g}" for c in commodities)
            row[load] = f"{tonnes * 0.9:g}" if kind == "payload below min_load" else ""
        _write_rows(services, table)
    elif kind == "no_split everywhere":
        _set_cells(folder / "orders.csv", "no_split", "true")
        _set_cells(folder / "orders.csv", "tonnes", "100000", range(1, 2))
    elif kind == "distances networks":
        toml = folder / "scenario.toml"
        lines = [x for x in toml.read_text("utf-8").splitlines() if not x.startswith("distances")]
        toml.write_text("\n".join([*lines, 'distances = "networks"']) + "\n", "utf-8")
    else:  # one vehicle a year through a pool, a balance without slack
        header = ["id", "services", "limit", "unit", "period"]
        _write_rows(folder / "pools.csv", [header, ["ONE", ";".join(ids), "1", "vehicles", "week"]])
    return kind


PLAN_BEHAVED = ("planned", "refused", "no plan in time")
PLAN_PROGRAM = (
    "import sys, resource; resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]),) * 2); "
    "sys.argv = ['hubflow', *sys.argv[2:]]; from hubflow.cli import main; sys.exit(main())"
)


def plan_verdict(
    folder: Path,
    out: Path,
    time_limit: float = 5,
    memory: int = 2 << 30,
    seconds: int = 120,
    env: dict[str, str] | None = None,
) -> Verdict:
    """Run ``hubflow plan --time-limit`` on ``folder`` in a capped child process and judge it.

    Behaved: 'planned' (a plan that passes its checker and names each order it does not deliver
    with a reason and a detail), 'refused' (exit 2, 'Invalid scenario') or 'no plan in time'
    (exit 4, each order unserved with the time limit as its reason). Anything else, a
    traceback, a rejected plan, an order left out, a timeout or out of memory, is a bug. ``env`` adds to
    the child's environment (PYTHONPATH: the hubflow under test)."""
    command = [sys.executable, "-c", PLAN_PROGRAM, str(memory), "plan", str(folder)]
    command += ["--time-limit", str(time_limit), "--no-store", "--json", "--out", str(out)]
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=seconds,
            check=False,
            env=os.environ | (env or {}),
        )
    except subprocess.TimeoutExpired:
        return Verdict("timeout", f"over {seconds} s", time.perf_counter() - started)
    elapsed = time.perf_counter() - started
    if "Traceback" in done.stderr or "MemoryError" in done.stderr:
        kind = "memory" if "MemoryError" in done.stderr else "crash"
        return Verdict(kind, done.stderr[-300:], elapsed)
    if done.returncode == 2 and "Invalid scenario" in done.stderr:
        return Verdict("refused", done.stderr.splitlines()[1].strip()[:200], elapsed)
    if done.returncode == 4 and (out / "plan.json").is_file():  # no plan within the limit
        judged = _judge_plan(folder, out, elapsed)
        if judged.outcome == "planned":  # ... but each order named, as the time limit's
            return Verdict("no plan in time", judged.detail, elapsed)
        return judged
    if done.returncode != 0:
        return Verdict(f"exit {done.returncode}", (done.stderr or done.stdout)[-300:], elapsed)
    return _judge_plan(folder, out, elapsed)


def _judge_plan(folder: Path, out: Path, elapsed: float) -> Verdict:
    """'planned' when every order is delivered or listed unserved with a reason and a detail."""
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    orders = set(_column(_table(folder, "orders.csv"), "id"))
    delivered = {i["order"] for i in plan["itineraries"]}
    unserved = {u["order"]: u for u in plan["unserved"]}
    lost = sorted(orders - delivered - set(unserved))
    if lost:
        return Verdict("dropped", f"orders neither delivered nor unserved: {lost[:5]}", elapsed)
    vague = [u["order"] for u in unserved.values() if not (u["reason"] and u["detail"])]
    if vague:
        return Verdict("unexplained", f"unserved without a reason: {vague[:5]}", elapsed)
    reasons = sorted({f"{u['reason']}: {u['detail'][:80]}" for u in unserved.values()})
    return Verdict("planned", f"{len(unserved)} unserved; " + " | ".join(reasons)[:200], elapsed)
