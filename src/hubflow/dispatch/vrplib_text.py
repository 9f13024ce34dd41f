"""A VRPLIB file read line by line: its header and sections with their line numbers, and the
checks PyVRP's reader does not make, each naming the file, line and section.

PyVRP's reader turns ``nan`` coordinates into negative distances and a missing row into a
shorter problem; a file that claims a DIMENSION of a billion with two rows would be sized by
the claim. :func:`check` refuses those before anything is built from the file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from hubflow.errors import Problem, ScenarioError

#: sections with one row a location, in DIMENSION rows (PyVRP's extended format included)
PER_LOCATION = (
    "NODE_COORD_SECTION",
    "DEMAND_SECTION",
    "TIME_WINDOW_SECTION",
    "SERVICE_TIME_SECTION",
)
#: sections whose values are amounts a truck carries, never negative
AMOUNTS = ("DEMAND_SECTION", "LINEHAUL_SECTION", "BACKHAUL_SECTION", "CAPACITY_SECTION")
#: the largest coordinate: beyond it squared distances lose their integer precision
LARGEST_COORDINATE = 1e9


@dataclass
class VrplibText:
    """The header (keys upper-cased) and each section's rows as (line number, tokens)."""

    path: Path
    head: dict[str, str] = field(default_factory=dict)
    sections: dict[str, list[tuple[int, list[str]]]] = field(default_factory=dict)

    def bad(self, message: str, line: int | None = None, where: str | None = None):
        return ScenarioError(Problem(str(self.path), line, where, message))

    @property
    def dimension(self) -> int:
        """DIMENSION from the header: the number of locations."""
        try:
            value = int(self.head["DIMENSION"])
        except (KeyError, ValueError):
            raise self.bad(
                "no DIMENSION in the header: not a VRPLIB file", None, "DIMENSION"
            ) from None
        if value < 1:
            raise self.bad(f"DIMENSION {value}: expected 1 or more locations", None, "DIMENSION")
        return value


def scan(path: Path | str, text: str) -> VrplibText:
    """Split ``text`` (the file at ``path``) into header and sections, in one pass."""
    out = VrplibText(Path(path))
    current: list[tuple[int, list[str]]] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped == "EOF":
            continue
        if stripped.upper().endswith("_SECTION"):
            current = out.sections.setdefault(stripped.upper(), [])
        elif ":" in stripped and current is None:
            key, value = stripped.split(":", 1)
            out.head[key.strip().upper()] = value.strip()
        elif current is not None:
            current.append((number, stripped.split()))
    return out


def check(text: VrplibText) -> None:
    """Raise on the first number that is not finite, a coordinate beyond
    :data:`LARGEST_COORDINATE`, a negative amount, or a per-location section whose row count
    is not DIMENSION."""
    n = text.dimension
    for name, rows in text.sections.items():
        for line, tokens in rows:
            for token in tokens:
                _check_number(text, name, line, token)
        if name in PER_LOCATION and len(rows) != n:
            raise text.bad(f"{len(rows)} rows, but DIMENSION is {n}", None, name)


def _check_number(text: VrplibText, section: str, line: int, token: str) -> None:
    try:
        value = float(token)
    except ValueError:
        return  # not a number: PyVRP's reader says what it expected
    if not math.isfinite(value):
        raise text.bad(f"{token} is not a finite number", line, section)
    if section == "NODE_COORD_SECTION" and abs(value) > LARGEST_COORDINATE:
        raise text.bad(f"coordinate {token} is beyond ±{LARGEST_COORDINATE:,.0f}", line, section)
    if section in AMOUNTS and value < 0:
        raise text.bad(f"negative amount {token}", line, section)
