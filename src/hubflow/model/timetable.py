"""Timetables: when a service departs, as weekly or daily patterns or continuously.

Text form (the ``timetable`` column of services.csv)::

    continuous                  a departure every time step (road trucks)
    daily 06:00 18:00           every day at these times
    weekly Mon 08:00; Thu 20:00 every week on these days and times
    every 4h                    every 4 hours from the scenario start

Any of them may end with a calendar, the same as the services.csv columns ``valid_from``,
``valid_until`` and ``days_off`` (local dates, both ends included)::

    weekly Mon 08:00; Thu 08:00 from 2026-12-01 until 2027-03-31 except 2026-12-25, 2027-01-01
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
MAX_EVERY_HOURS = 366 * 24  # 'every Nh': at most one departure a year
CLAUSES = ("from", "until", "except")  # the calendar's words, in the order they are printed


@dataclass(frozen=True, slots=True)
class Timetable:
    """A repeating departure pattern.

    ``period`` is the repeat length in minutes (0 = continuous) and ``offsets`` are the departure
    minutes within one period, measured from midnight of day 0 for daily patterns and from Monday
    00:00 for weekly ones (shifted by the scenario's start weekday when expanded).
    """

    kind: str  # "continuous" | "daily" | "weekly" | "every"
    period: int = 0
    offsets: tuple[int, ...] = ()
    # The calendar written in the text (None / () = no limit), as the service's own columns.
    valid_from: date | None = None
    valid_until: date | None = None
    days_off: tuple[date, ...] = ()

    def runs_on(self, day: date) -> bool:
        """Whether the text's calendar lets the service depart on this local date."""
        return in_dates(day, self.valid_from, self.valid_until, self.days_off)

    def departures(self, start_weekday: int, horizon: int, step: int) -> list[int]:
        """Departure minutes in ``[0, horizon)``; continuous services depart every ``step``."""
        if self.kind == "continuous":
            return list(range(0, horizon, step))
        shift = start_weekday * MINUTES_PER_DAY if self.kind == "weekly" else 0
        times: list[int] = []
        for base in range(-self.period, horizon + self.period, self.period):
            for off in self.offsets:
                t = base + off - shift
                if 0 <= t < horizon:
                    times.append(t)
        return sorted(set(times))

    def __str__(self) -> str:
        return self.pattern_text() + self.calendar_text()

    def pattern_text(self) -> str:
        """The departure pattern alone, without the calendar."""
        if self.kind == "continuous":
            return "continuous"
        if self.kind == "every":
            return f"every {self.period / 60:g}h"
        if self.kind == "daily":
            return "daily " + " ".join(_hhmm(o) for o in self.offsets)
        return "weekly " + "; ".join(
            f"{DAYS[o // MINUTES_PER_DAY].capitalize()} {_hhmm(o % MINUTES_PER_DAY)}"
            for o in self.offsets
        )

    def calendar_text(self) -> str:
        """The calendar clauses, each with a leading space ('' when there is none)."""
        out = ""
        if self.valid_from is not None:
            out += f" from {self.valid_from.isoformat()}"
        if self.valid_until is not None:
            out += f" until {self.valid_until.isoformat()}"
        if self.days_off:
            out += " except " + ", ".join(d.isoformat() for d in self.days_off)
        return out

    @classmethod
    def parse(cls, text: str) -> Timetable:
        """Parse the text form; raises ValueError with what was expected."""
        s = " ".join(text.strip().lower().split())
        pattern, (first, last, off) = _split_calendar(s)
        return replace(
            cls._parse_pattern(pattern), valid_from=first, valid_until=last, days_off=off
        )

    @classmethod
    def _parse_pattern(cls, s: str) -> Timetable:
        if s == "continuous":
            return cls("continuous")
        if m := re.fullmatch(r"every (\d+(?:\.\d+)?)\s*h", s):
            hours = float(m.group(1))
            if not hours <= MAX_EVERY_HOURS:  # also 1e309, read as infinity
                raise ValueError(f"the interval must be at most {MAX_EVERY_HOURS} hours")
            if round(hours * 60) < 1:
                raise ValueError("the interval must be at least one minute")
            return cls("every", round(hours * 60), (0,))
        if s.startswith("daily "):
            offsets = tuple(sorted(_minutes(t) for t in s[6:].replace(",", " ").split()))
            if not offsets:
                raise ValueError("'daily' needs at least one time, e.g. 'daily 06:00 18:00'")
            return cls("daily", MINUTES_PER_DAY, offsets)
        if s.startswith("weekly "):
            weekly: list[int] = []
            for part in s[7:].split(";"):
                words = part.split()
                if len(words) != 2 or not _is_day(words[0]):
                    raise ValueError(f"'{part.strip()}' is not 'Day HH:MM' (e.g. 'Mon 08:00')")
                day = DAYS.index(words[0][:3])
                weekly.append(day * MINUTES_PER_DAY + _minutes(words[1]))
            return cls("weekly", MINUTES_PER_WEEK, tuple(sorted(weekly)))
        raise ValueError(
            "expected 'continuous', 'every 4h', 'daily 06:00 18:00' or 'weekly Mon 08:00; Thu 20:00'"
        )


def in_dates(day: date, first: date | None, last: date | None, off: tuple[date, ...]) -> bool:
    """Whether ``day`` lies from ``first`` to ``last`` (None: open), both included, and is not off."""
    return (first is None or first <= day) and (last is None or day <= last) and day not in off


Calendar = tuple[date | None, date | None, tuple[date, ...]]  # from, until, days off


def _split_calendar(s: str) -> tuple[str, Calendar]:
    """The pattern before the first calendar word, and the calendar's dates after it."""
    parts = re.split(r"\s*\b(from|until|except)\b\s*", s)
    dates: dict[str, date] = {}
    days_off: set[date] = set()
    for word, value in zip(parts[1::2], parts[2::2], strict=True):
        if word in dates or (word == "except" and days_off):
            raise ValueError(f"'{word}' appears twice")
        if word == "except":
            days_off = {_date(v, word) for v in value.replace(",", " ").split()}
            if not days_off:
                raise ValueError("'except' needs dates, e.g. 'except 2026-12-25, 2027-01-01'")
        else:
            dates[word] = _date(value, word)
    first, last = dates.get("from"), dates.get("until")
    if first is not None and last is not None and last < first:
        raise ValueError(f"'until {last}' is before 'from {first}'")
    return parts[0], (first, last, tuple(sorted(days_off)))


def _date(text: str, word: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        shown = text.strip() or "nothing"
        raise ValueError(
            f"'{word}' takes an ISO 8601 date such as 2026-12-01, not '{shown}'"
        ) from None


def _is_day(word: str) -> bool:
    """'mon', 'monday' (any case) are days; 'monkey' is not."""
    names = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    return any(word == d[:3] or word == d for d in names)


def _minutes(hhmm: str) -> int:
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", hhmm)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValueError(f"'{hhmm}' is not a time of day HH:MM")
    return int(m.group(1)) * 60 + int(m.group(2))


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
