"""What-if variants of a scenario: typed changes parsed from ``--set`` texts, checked before solving.

A sweep axis is ``PARAM=V1,V2,...``; ``PARAM`` is a scenario parameter (``carbon_price``), or
``yard_area`` (every site with a yard) / ``yard_area[HUB]``, ``frequency[SERVICE]``,
``capacity[SERVICE]``, ``volume``. A value is a number, or ``*F`` for a factor of today's value.
Every axis and every value is checked against the scenario (unknown parameter, hub or service,
non-number) so that a bad grid is refused, with every problem located, before any solve starts.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from hubflow.errors import Problem, ScenarioError
from hubflow.io.overrides import FIXED_KEYS, apply_overrides
from hubflow.io.parameters import KEYS
from hubflow.model import Scenario
from hubflow.model.timetable import Timetable

__all__ = ["KINDS", "Change", "Variant", "apply_variant", "parse_grid", "parse_variant"]

KINDS = ("yard_area", "frequency", "capacity", "volume")  # besides the scenario parameters
_AXIS = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[\s*([^\]]*?)\s*\])?\s*")


@dataclass(frozen=True, slots=True)
class Change:
    """One typed change: ``kind`` a parameter name or one of KINDS, ``target`` a hub or service
    id ('' for all / none), ``value`` a number (or a parameter's text), ``factor`` when ``*F``."""

    kind: str
    target: str
    value: float | str
    factor: bool = False

    @property
    def key(self) -> str:
        """The axis name as written: ``yard_area[ZZ_LANDPORT]``, ``carbon_price``."""
        return f"{self.kind}[{self.target}]" if self.target else self.kind

    @property
    def text(self) -> str:
        """The value as written: ``*0.5``, ``200``."""
        v = self.value if isinstance(self.value, str) else f"{self.value:g}"
        return f"*{v}" if self.factor else v

    def __str__(self) -> str:
        return f"{self.key}={self.text}"


@dataclass(frozen=True, slots=True)
class Variant:
    """A list of changes applied together; the empty variant is the scenario as it is."""

    changes: tuple[Change, ...] = ()

    @property
    def label(self) -> str:
        return ", ".join(str(c) for c in self.changes) or "as is"

    def to_texts(self) -> list[str]:
        """The ``KEY=VALUE`` texts that :func:`parse_variant` reads back."""
        return [str(c) for c in self.changes]


def parse_grid(scenario: Scenario, axes: Sequence[str], *, source: str = "--set") -> list[Variant]:
    """Every combination of the ``PARAM=V1,V2`` axes, each variant checked on ``scenario``."""
    problems: list[Problem] = []
    values: list[list[Change]] = []
    for text in axes:
        try:
            values.append(_parse_axis(scenario, text, source))
        except ScenarioError as e:
            problems.extend(e.problems)
    if problems:
        raise ScenarioError(problems)
    keys = [v[0].key for v in values]
    for key in {k for k in keys if keys.count(k) > 1}:
        problems.append(Problem(source, None, key, "is set by more than one --set"))
    if problems:
        raise ScenarioError(problems)
    return [Variant(tuple(combo)) for combo in itertools.product(*values)]


def parse_variant(scenario: Scenario, items: Sequence[str], *, source: str = "--set") -> Variant:
    """One variant from ``KEY=VALUE`` texts (one value each), checked on ``scenario``."""
    grid = parse_grid(scenario, items, source=source)
    if len(grid) != 1:
        raise ScenarioError(Problem(source, None, None, "give one value per KEY for a variant"))
    return grid[0]


def _parse_axis(scenario: Scenario, text: str, source: str) -> list[Change]:
    head, sep, tail = text.partition("=")
    m = _AXIS.fullmatch(head)
    if not sep or not m or not tail.strip():
        raise ScenarioError(Problem(source, None, None, f"'{text}' is not PARAM=V1,V2,..."))
    kind, target = m.group(1), m.group(2) or ""
    where = f"{kind}[{target}]" if target else kind
    _check_axis(scenario, kind, target, text, source)
    changes: list[Change] = []
    problems: list[Problem] = []
    for raw in tail.split(","):
        try:
            change = _change(kind, target, raw.strip())
            apply_variant(scenario, Variant((change,)))  # the value must make a valid scenario
            changes.append(change)
        except ScenarioError as e:
            problems.extend(
                Problem(source, None, where, f"'{raw.strip()}': {p.message}") for p in e.problems
            )
    if problems:
        raise ScenarioError(problems)
    return changes


def _check_axis(scenario: Scenario, kind: str, target: str, text: str, source: str) -> None:
    params = [k for k in KEYS if k not in FIXED_KEYS]
    if kind not in (*KINDS, *params):
        raise ScenarioError(
            Problem(
                source,
                None,
                kind,
                f"'{text}': unknown parameter (expected one of: {', '.join((*KINDS, *params))})",
            )
        )
    needs_target = kind in ("frequency", "capacity")
    if kind in params or kind == "volume":
        if target:
            raise ScenarioError(Problem(source, None, kind, f"'{text}': takes no [ID]"))
    elif needs_target and not target:
        raise ScenarioError(Problem(source, None, kind, f"'{text}': needs a service, {kind}[ID]"))
    elif kind == "yard_area" and target:
        site = scenario.site_index.get(target)
        hubs = ", ".join(s.id for s in scenario.sites if s.yard_m2 is not None)
        if site is None or not site.hub:
            raise ScenarioError(
                Problem(source, None, kind, f"'{text}': unknown hub '{target}' (hubs: {hubs})")
            )
    elif needs_target and target not in {s.id for s in scenario.services}:
        raise ScenarioError(Problem(source, None, kind, f"'{text}': unknown service '{target}'"))


def _change(kind: str, target: str, raw: str) -> Change:
    factor = raw.startswith("*")
    number = raw[1:].strip() if factor else raw
    if kind not in KINDS:
        if factor:
            raise ScenarioError(Problem("", None, kind, "a parameter takes a value, not a factor"))
        return Change(kind, target, number)
    try:
        value = float(number)
    except ValueError:
        raise ScenarioError(Problem("", None, kind, "is not a number")) from None
    if not (math.isfinite(value) and value >= 0):
        raise ScenarioError(Problem("", None, kind, "must be a finite number >= 0"))
    return Change(kind, target, value, factor or kind == "volume")


def apply_variant(scenario: Scenario, variant: Variant) -> Scenario:
    """The scenario with the variant's changes, validated again as a whole."""
    params = [f"{c.kind}={c.value}" for c in variant.changes if c.kind not in KINDS]
    scn = apply_overrides(scenario, params, source="variant")
    for c in variant.changes:
        if c.kind == "yard_area":
            scn = _yard(scn, c)
        elif c.kind in ("frequency", "capacity"):
            scn = _service(scn, c)
        elif c.kind == "volume":
            if not float(c.value) > 0:
                raise ScenarioError(Problem("", None, "volume", "must be a factor > 0"))
            orders = tuple(
                dataclasses.replace(o, tonnes=o.tonnes * float(c.value)) for o in scn.orders
            )
            scn = dataclasses.replace(scn, orders=orders)
    return scn


def _scaled(old: float, c: Change) -> float:
    return old * float(c.value) if c.factor else float(c.value)


def _yard(scn: Scenario, c: Change) -> Scenario:
    chosen = [s for s in scn.sites if (s.id == c.target if c.target else s.yard_m2 is not None)]
    if c.factor and any(s.yard_m2 is None for s in chosen):
        raise ScenarioError(Problem("", None, c.key, "has no yard limit to scale: give m²"))
    ids = {s.id for s in chosen}
    sites = tuple(
        dataclasses.replace(s, yard_m2=_scaled(s.yard_m2 or 0.0, c)) if s.id in ids else s
        for s in scn.sites
    )
    return dataclasses.replace(scn, sites=sites)


def _service(scn: Scenario, c: Change) -> Scenario:
    services = []
    for s in scn.services:
        if s.id == c.target and c.kind == "capacity":
            s = dataclasses.replace(s, capacity_t=_scaled(s.capacity_t, c))
        elif s.id == c.target:
            s = dataclasses.replace(s, timetable=_more_often(s.timetable, c))
        services.append(s)
    return dataclasses.replace(scn, services=tuple(services))


def _more_often(t: Timetable, c: Change) -> Timetable:
    """``n`` times the departures: each one repeated every period / n (``n`` a whole number).

    An absolute value is departures per period (a weekly timetable: per week).
    """
    count = len(t.offsets) or 1
    n = float(c.value) if c.factor else float(c.value) / count
    if t.kind == "continuous":
        raise ScenarioError(Problem("", None, c.key, "a continuous service has no frequency"))
    if n < 1 or n != round(n):
        raise ScenarioError(
            Problem("", None, c.key, f"must make a whole multiple of the {count} departure(s)")
        )
    n = round(n)
    offsets = {(o + i * t.period // n) % t.period for o in t.offsets for i in range(n)}
    return dataclasses.replace(t, offsets=tuple(sorted(offsets)))
