"""Scenario parameters from ``scenario.toml``, a ``parameters`` sheet or JSON, and back to TOML."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, field

from hubflow.errors import Problem, ProblemLog
from hubflow.io.rows import Row, read_dataclass
from hubflow.model.scenario import Parameters

KEYS = tuple(f.name for f in dataclasses.fields(Parameters))
IGNORED_KEYS = ("description",)  # free text for people, not read by the engines
WRITTEN_ONLY_WHEN_SET = (
    "road_speeds",
    "chain_short_legs",
    "distances",
    "no_split",
)  # no line for their default


@dataclass(frozen=True, slots=True)
class RawParameters:
    """Parameter values as found, with where they were found (``rows``: key -> row or line)."""

    file: str
    values: dict[str, object]
    rows: dict[str, int] = field(default_factory=dict)


def read_parameters(raw: RawParameters, problems: ProblemLog) -> Parameters | None:
    """Parameters, or None when any value is unusable (the problems say why)."""
    before = len(problems)
    for key in raw.values:
        if key not in KEYS and key not in IGNORED_KEYS:
            problems.append(
                Problem(
                    raw.file,
                    raw.rows.get(key),
                    key,
                    f'unknown key "{key}" (expected one of: {", ".join(KEYS)}, description)',
                )
            )
    r = Row(raw.file, raw.values, None, problems, rows=raw.rows)
    r.text("description", "")
    values = read_dataclass(Parameters, r)
    return None if len(problems) > before else Parameters(**values)


def load_toml(path: str, text: str, problems: ProblemLog) -> RawParameters | None:
    """Parse ``scenario.toml`` text; a syntax error becomes a Problem on its line (and None)."""
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"at line (\d+)", str(exc))
        number = int(line.group(1)) if line else None
        if number is None and "end of document" in str(exc):
            number = max(1, len(text.splitlines()))
        problems.append(
            Problem(
                path,
                number,
                None,
                f"is not valid TOML: {exc} (expected lines such as: horizon_days = 14)",
            )
        )
        return None
    except RecursionError:  # tomllib recurses once per nested bracket
        problems.append(
            Problem(path, _line_of(text, r"(?:[\[{]\s*){100}"), None, "nests brackets too deeply")
        )
        return None
    except ValueError as exc:  # an integer of more than 4,300 digits
        problems.append(
            Problem(
                path,
                _line_of(text, r"\d{4300}"),
                None,
                f"holds a number too long to read ({str(exc).split(';')[0]})",
            )
        )
        return None
    rows: dict[str, int] = {}
    for number, line_text in enumerate(text.splitlines(), start=1):
        if m := re.match(r"\s*([A-Za-z0-9_-]+)\s*=", line_text):
            rows.setdefault(m.group(1), number)
    return RawParameters(path, values, rows)


def _line_of(text: str, pattern: str) -> int | None:
    """The line of the first match of ``pattern`` in ``text``."""
    found = re.search(pattern, text)
    return None if found is None else text.count("\n", 0, found.start()) + 1


def parameters_to_toml(p: Parameters) -> str:
    """``scenario.toml`` text, one ``key = value`` line per parameter."""
    lines = []
    for f in dataclasses.fields(Parameters):
        value = getattr(p, f.name)
        if f.name in WRITTEN_ONLY_WHEN_SET and value == f.default:
            continue
        if isinstance(value, str):
            text = _toml_string(value)
        elif isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, float):
            text = repr(value)  # also valid TOML for inf and nan
        elif isinstance(value, int):
            text = str(value)
        else:  # the start: a TOML offset date-time
            text = value.isoformat()
        lines.append(f"{f.name} = {text}")
    return "\n".join(lines) + "\n"


def parameter_values(p: Parameters) -> dict[str, object]:
    """Parameters as plain values (start as ISO 8601 text), for sheets and JSON."""
    values: dict[str, object] = {}
    for f in dataclasses.fields(Parameters):
        value = getattr(p, f.name)
        values[f.name] = value.isoformat() if f.name == "start" else value
    return values


def _toml_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'
