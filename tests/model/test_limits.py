"""The sane ranges of numeric fields: what they refuse, and that the format's docs show them."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from hubflow.errors import ScenarioError
from hubflow.io import load_scenario
from hubflow.model import Timetable
from hubflow.model.scenario import LIMITS, Limit, Order

TINY = Path(__file__).parents[1] / "io" / "data" / "tiny"
DOCS = Path(__file__).parents[2] / "docs" / "scenario-format.md"
COLUMNS = {
    f"{name}_minutes": (f"{name}_hours", 60)
    for name in ("handling", "transit", "inbound", "outbound")
}


def test_limit_refuses_outside_and_says_why() -> None:
    limit = Limit(0, 100, "t per truck", low_open=True)
    assert limit.refuse(0) == "0 must be > 0"
    assert limit.refuse(100) is None
    assert limit.refuse(1e308) == "1e+308 must be <= 100 (t per truck)"
    assert limit.refuse(float("nan")) == "nan must be > 0"
    assert Limit(1, 5, "").refuse(0.5) == "0.5 must be >= 1"


def test_every_limit_is_in_the_format_docs() -> None:
    text = DOCS.read_text("utf-8")
    documented = set(re.findall(r"^\| `[a-z_.]+` \| `(\w+)` \| ([(\[][^|]+) \|", text, re.M))
    for cls, limits in LIMITS.items():
        for name, limit in limits.items():
            column, scale = COLUMNS.get(name, (name, 1))
            shown = Limit(limit.low / scale, limit.high / scale, limit.why, limit.low_open)
            assert (column, str(shown)) in documented, f"{cls.__name__}.{name} {shown}"


def test_the_model_refuses_an_order_over_the_limit_whatever_the_reader() -> None:
    scenario = load_scenario(TINY)
    heavy = replace(scenario.orders[0], tonnes=1e6)
    with pytest.raises(ScenarioError) as info:
        replace(scenario, orders=(heavy, *scenario.orders[1:]))
    assert [(p.row, p.field) for p in info.value.problems] == [(2, "tonnes")]


def test_an_order_due_in_the_wrong_century_is_refused_in_minutes_too() -> None:
    scenario = load_scenario(TINY)
    late: Order = replace(scenario.orders[0], due=100 * 365 * 1440)
    with pytest.raises(ScenarioError) as info:
        replace(scenario, orders=(late,))
    assert "more than 92 days after the end of the horizon" in str(info.value)


@pytest.mark.parametrize("text", ["every " + "9" * 309 + "h", "every 8785h"])
def test_every_interval_is_at_most_a_year(text: str) -> None:
    with pytest.raises(ValueError, match="at most 8784 hours"):
        Timetable.parse(text)
