"""Cell parsing with located errors: each bad cell becomes a Problem naming file, row and field.

A ``Row`` reads typed values out of one record (a CSV line, a sheet row, a JSON object or the
parameters). A cell that cannot be read records a Problem and yields a placeholder, so that
every problem of a file is collected before anything is raised.
"""

from __future__ import annotations

import dataclasses
import math
import re
import typing
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from hubflow.errors import Problem, ProblemLog
from hubflow.model.scenario import MAX_TEXT
from hubflow.model.timetable import Timetable

DateTime = datetime  # for annotations inside Row, whose method ``datetime`` shadows the type
REQUIRED: Any = object()  # default meaning "the cell must not be empty"

TRUE_WORDS = ("true", "yes", "1")
FALSE_WORDS = ("false", "no", "0")
TIMESTAMP_EXAMPLE = "2026-03-04T08:00"
# ASCII decimal notation only: float() would also take "1_000", full-width and Arabic-Indic digits.
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
SHOWN_CHARACTERS = 60  # of an offending value quoted in a message


class Reported(str):
    """A cell whose problem the reader has already recorded (e.g. a formula without a result)."""


class Row:
    """Typed access to one record's cells; failures are appended to ``problems``."""

    def __init__(
        self,
        file: str,
        cells: Mapping[str, object],
        row: int | None,
        problems: ProblemLog,
        *,
        rows: Mapping[str, int] | None = None,
        absent: frozenset[str] = frozenset(),
    ) -> None:
        self.file = file
        self.cells = cells
        self.row = row
        self.problems = problems
        self.rows = rows or {}  # per-field row, for the key/value parameters sheet
        self.absent = absent  # columns already reported missing in the header
        self.reported = {name for name, value in cells.items() if isinstance(value, Reported)}
        self.failed: set[str] = set(self.reported)

    @property
    def ok(self) -> bool:
        return not self.failed

    def fail(self, name: str, message: str) -> None:
        """Record a problem with the cell ``name`` of this record."""
        self.failed.add(name)
        if name in self.reported:
            return
        self.problems.append(Problem(self.file, self.rows.get(name, self.row), name, message))

    def raw(self, name: str) -> object | None:
        """The cell's value, or None when it is empty or the column is absent."""
        value = self.cells.get(name)
        if value is None or isinstance(value, Reported):
            return None
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def _empty(self, name: str, default: Any) -> Any:
        if default is REQUIRED:
            if name not in self.absent:
                self.fail(name, "is empty (a value is required)")
            else:
                self.failed.add(name)
        return default

    def text(self, name: str, default: Any = REQUIRED) -> str:
        value = self.raw(name)
        if value is None:
            result = self._empty(name, default)
            return "" if result is REQUIRED else result
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                self.fail(name, f"is {len(value):,} characters long (at most {MAX_TEXT:,})")
                return ""
            return value.strip()
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return format_number(value)
        self.fail(name, f"{_show(value)} is not text")
        return ""

    def word(self, name: str, default: Any = REQUIRED) -> str:
        """A keyword such as a mode or a site kind, compared in lower case."""
        return self.text(name, default).lower()

    def number(self, name: str, default: Any = REQUIRED) -> float:
        value = self.raw(name)
        if value is None:
            result = self._empty(name, default)
            return 0.0 if result is REQUIRED else result
        number = _to_number(value)
        if number is None:
            self.fail(name, f"{_show(value)} is not a number (expected ASCII digits, e.g. 12.5)")
            return 0.0
        return number

    def optional_number(self, name: str) -> float | None:
        return None if self.raw(name) is None else self.number(name)

    def integer(self, name: str, default: Any = REQUIRED) -> int:
        value = self.raw(name)
        if value is None:
            result = self._empty(name, default)
            return 0 if result is REQUIRED else result
        number = _to_number(value)
        if number is None or not number.is_integer():
            self.fail(name, f"{_show(value)} is not a whole number (expected e.g. 3)")
            return 0
        return int(number)

    def boolean(self, name: str, default: Any = REQUIRED) -> bool:
        value = self.raw(name)
        if value is None:
            result = self._empty(name, default)
            return False if result is REQUIRED else result
        if isinstance(value, bool):
            return value
        word = format_number(value) if isinstance(value, int | float) else str(value)
        word = word.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        self.fail(name, f"{_show(value)} is not true/false (expected true, false, yes, no, 1 or 0)")
        return False

    def minutes_from_hours(
        self, name: str, default: Any = REQUIRED, *, most: float = 1e6, why: str = ""
    ) -> int:
        """Hours in the cell, as whole minutes (rounded half up); refused below 0 or above ``most``."""
        value = self.raw(name)
        if value is None:
            result = self._empty(name, default)
            return 0 if result is REQUIRED else result
        hours = self.number(name)
        if name in self.failed:
            return 0
        if hours < 0:
            self.fail(name, f"{_show(value)} hours must be >= 0")
            return 0
        if hours > most:
            self.fail(
                name, f"{_show(value)} hours must be <= {most:,g}{f' ({why})' if why else ''}"
            )
            return 0
        return round_half_up(hours * 60)

    def datetime(self, name: str, default: Any = REQUIRED) -> datetime:
        """A timezone-aware timestamp (the scenario start): a datetime value or ISO 8601 text."""
        when = self._timestamp(name, default)
        if when is not None and when.tzinfo is None:
            self.fail(
                name,
                f"{_show(self.raw(name))} has no UTC offset (expected e.g. "
                "2026-03-02T00:00:00+08:00)",
            )
        return when or datetime(1970, 1, 1)

    def minutes_since(self, name: str, start: DateTime | None) -> int:
        """An ISO 8601 timestamp as minutes from ``start``, rounded half up; naive = start's offset.

        With ``start`` None (the parameters are unusable) only the syntax is checked.
        """
        when = self._timestamp(name, REQUIRED)
        if when is None or start is None or start.tzinfo is None:
            return 0
        if when.tzinfo is None:
            when = when.replace(tzinfo=start.tzinfo)
        whole, rest = divmod(when - start, timedelta(minutes=1))
        return whole + (1 if rest >= timedelta(seconds=30) else 0)

    def _timestamp(self, name: str, default: Any) -> DateTime | None:
        value = self.raw(name)
        if value is None:
            self._empty(name, default)
            return None
        if isinstance(value, datetime):
            return value
        expected = f"expected ISO 8601, e.g. {TIMESTAMP_EXAMPLE}"
        if not isinstance(value, str):
            self.fail(name, f"{_show(value)} is not a timestamp ({expected})")
            return None
        text = value.strip()
        try:
            when = datetime.fromisoformat(text)
        except ValueError:
            self.fail(name, f"{_show(value)} is not a timestamp ({expected})")
            return None
        if "T" not in text.upper() and " " not in text:  # a date alone: which hour is meant?
            self.fail(name, f"{_show(value)} has no time of day ({expected})")
            return None
        return when

    def words(self, name: str) -> tuple[str, ...]:
        """A list of ids: text separated by ``;`` (or a JSON list); empty = ()."""
        value = self.raw(name)
        if isinstance(value, list | tuple):
            items = [self._item_text(name, v) for v in value]
        else:
            items = self.text(name, "").split(";")
        return tuple(i.strip() for i in items if i.strip())

    def payloads(self, name: str) -> tuple[tuple[str, float], ...]:
        """``id=tonnes`` pairs separated by ``;`` (or a JSON object or list of pairs); empty = ()."""
        value = self.raw(name)
        if value is None:
            return ()
        pairs: list[tuple[object, ...]]
        if isinstance(value, dict):
            pairs = [(str(k), v) for k, v in value.items()]
        elif isinstance(value, list | tuple):
            pairs = [tuple(v) if isinstance(v, list | tuple) else (v,) for v in value]
        else:
            pairs = [tuple(i.partition("=")[::2]) for i in self.text(name).split(";") if i.strip()]
        out = []
        for pair in pairs:
            number = _to_number(pair[1]) if len(pair) == 2 else None
            ident = pair[0].strip() if isinstance(pair[0], str) else ""
            if not ident or number is None:
                shown = "=".join(str(v) for v in pair)
                self.fail(
                    name, f"{_show(shown)} is not id=tonnes (expected e.g. ingot=25;scrap=18)"
                )
                continue
            out.append((ident, number))
        return tuple(out)

    def _item_text(self, name: str, value: object) -> str:
        if isinstance(value, str):
            return value
        self.fail(name, f"{_show(value)} is not text")
        return ""

    def day(self, name: str) -> date | None:
        """An ISO 8601 date (2026-03-09), or None when empty."""
        value = self.raw(name)
        return None if value is None else self._date(name, value)

    def days(self, name: str) -> tuple[date, ...]:
        """Dates separated by ``;`` (or a JSON list); empty = ()."""
        value = self.raw(name)
        if value is None:
            return ()
        items = list(value) if isinstance(value, list | tuple) else str(value).split(";")
        found = (self._date(name, v) for v in items if not isinstance(v, str) or v.strip())
        return tuple(sorted({d for d in found if d is not None}))

    def _date(self, name: str, value: object) -> date | None:
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
        try:  # a workbook's date cell reads as midnight of that date
            when = datetime.fromisoformat(text)
            if when.time() == time(0, 0):
                return when.date()
        except ValueError:
            pass
        self.fail(name, f"{_show(value)} is not a date (expected ISO 8601, e.g. 2026-03-09)")
        return None

    def timetable(self, name: str) -> Timetable:
        text = self.text(name)
        if name in self.failed:
            return Timetable("continuous")
        try:
            table = Timetable.parse(text)
        except ValueError as exc:
            self.fail(name, f"{_show(text)} is not a timetable: {exc}")
            return Timetable("continuous")
        if table.kind != "continuous" and (table.period < 1 or not table.offsets):
            self.fail(name, f"{_show(text)} has no departures (expected e.g. 'daily 06:00 18:00')")
        return table


def round_half_up(value: float) -> int:
    """Round to the nearest integer, halves upwards (Python's round() rounds halves to even)."""
    return math.floor(value + 0.5)


def format_number(value: float) -> str:
    """Shortest text that reads back as the same number: 40 rather than 40.0, 0.1 as 0.1."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def format_timetable(table: Timetable) -> str:
    """The timetable's text form; unlike str(), keeps intervals that are not whole hours."""
    if table.kind == "every":
        return f"every {format_number(table.period / 60)}h" + table.calendar_text()
    return str(table)


def format_words(items: tuple[object, ...]) -> str:
    """A list of ids or dates as one cell: ``a;b``."""
    return ";".join(str(i) for i in items)


def format_payloads(pairs: tuple[tuple[str, float], ...]) -> str:
    """``id=tonnes`` pairs as one cell: ``ingot=25;scrap=18``."""
    return ";".join(f"{k}={format_number(v)}" for k, v in pairs)


def cell_value(value: object) -> object:
    """A workbook cell as the parsers expect it: dates and times become ISO 8601 text."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return value


def _to_number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:
            return None
    elif isinstance(value, str):
        text = value.strip()
        if not NUMBER.fullmatch(text):
            return None
        number = float(text)
    else:
        return None
    return number if math.isfinite(number) else None


def _show(value: object) -> str:
    """The offending value as the user typed it, quoted."""
    if isinstance(value, str):
        if len(value) > SHOWN_CHARACTERS:
            return f'"{value[:SHOWN_CHARACTERS]}…" ({len(value):,} characters)'
        return f'"{value}"'
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'"{format_number(value)}"'
    return repr(value)


def read_dataclass(cls: type, r: Row, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Read every init field of a frozen model dataclass from ``r`` by its annotated type."""
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if not f.init or f.name in skip:
            continue
        default = REQUIRED if f.default is dataclasses.MISSING else f.default
        kind = hints[f.name]
        if kind is str:
            values[f.name] = r.text(f.name, default)
        elif kind is bool:
            values[f.name] = r.boolean(f.name, default)
        elif kind is int:
            values[f.name] = r.integer(f.name, default)
        elif kind is float:
            values[f.name] = r.number(f.name, default)
        elif kind == float | None:
            values[f.name] = r.optional_number(f.name)
        elif kind is datetime:
            values[f.name] = r.datetime(f.name, default)
        elif kind is Timetable:
            values[f.name] = r.timetable(f.name)
        elif kind == tuple[str, ...]:
            values[f.name] = r.words(f.name)
        elif kind == tuple[tuple[str, float], ...]:
            values[f.name] = r.payloads(f.name)
        elif kind == date | None:
            values[f.name] = r.day(f.name)
        elif kind == tuple[date, ...]:
            values[f.name] = r.days(f.name)
        else:  # pragma: no cover - a new field type needs a reader here
            raise TypeError(f"no reader for {cls.__name__}.{f.name}: {kind}")
    return values
