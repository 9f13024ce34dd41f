"""``PlanOptions``: every bad value refused by field name, and a lossless dict form."""

from __future__ import annotations

import math

import pytest

from hubflow.errors import ScenarioError
from hubflow.planning import PlanOptions

BAD = [
    ("time_limit", 0.0),
    ("time_limit", -1.0),
    ("time_limit", math.inf),
    ("time_limit", math.nan),
    ("time_limit", 8 * 86400.0),
    ("mip_gap", -0.1),
    ("mip_gap", 1.0),
    ("mip_gap", math.nan),
    ("seed", -1),
    ("seed", 2**31),
    ("method", "simplex"),
    ("threads", 0),
    ("threads", 257),
    ("dispatch_time", -1.0),
    ("dispatch_time", math.inf),
    ("dispatch_backend", "cuopt"),
    ("dispatch_stop", "clock"),
    ("design_stop", "clock"),
]


@pytest.mark.parametrize(("field", "value"), BAD)
def test_each_bad_value_is_refused_naming_its_field(field, value):
    with pytest.raises(ScenarioError) as e:
        PlanOptions(**{field: value})
    assert [p.field for p in e.value.problems] == [field]
    assert f'field "{field}"' in str(e.value)


def test_all_bad_values_are_reported_at_once():
    with pytest.raises(ScenarioError) as e:
        PlanOptions(time_limit=0, mip_gap=2, threads=0)
    assert {p.field for p in e.value.problems} == {"time_limit", "mip_gap", "threads"}


@pytest.mark.parametrize("item", ["carbon_price", "=5", "no_such_key=1", "start=2026-01-01"])
def test_a_malformed_or_unknown_override_is_refused_when_the_options_are_made(item):
    with pytest.raises(ScenarioError) as e:
        PlanOptions(overrides=(item,))
    assert all(p.file == "options.overrides" for p in e.value.problems)
    assert item in str(e.value)


def test_replace_validates_again():
    with pytest.raises(ScenarioError, match="mip_gap"):
        PlanOptions().replace(mip_gap=-1)


def test_to_dict_and_from_dict_round_trip():
    options = PlanOptions(
        time_limit=12.5,
        mip_gap=0.0,
        seed=7,
        threads=2,
        dispatch_time=0.0,
        dispatch_backend="hubflow",
        overrides=("carbon_price=200", "lateness=penalize"),
    )
    d = options.to_dict()
    assert d["overrides"] == ["carbon_price=200", "lateness=penalize"]  # JSON-ready
    assert PlanOptions.from_dict(d) == options
    assert PlanOptions.from_dict({}) == PlanOptions()


def test_from_dict_refuses_an_unknown_key():
    with pytest.raises(ScenarioError) as e:
        PlanOptions.from_dict({"time_limit": 5, "speed": "fast"})
    assert [p.field for p in e.value.problems] == ["speed"]


def test_overrides_given_as_a_list_are_kept_as_a_tuple():
    options = PlanOptions(overrides=["carbon_price=1"])  # type: ignore[arg-type]
    assert options.overrides == ("carbon_price=1",)
    assert hash(options)  # frozen and hashable, usable as a sweep key
