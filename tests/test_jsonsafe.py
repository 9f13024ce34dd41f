"""json_safe: standard JSON for documents with nan/inf."""

from __future__ import annotations

import json
import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from hubflow.jsonsafe import finite_or_none, json_safe


def test_non_finite_numbers_become_null_at_any_depth() -> None:
    doc = {"objective": math.inf, "stats": {"gap": -math.inf}, "bounds": (1.5, math.nan, 2)}
    assert json_safe(doc) == {"objective": None, "stats": {"gap": None}, "bounds": [1.5, None, 2]}


def test_other_values_are_kept() -> None:
    doc = {"n": 3, "ok": True, "name": "郑州", "x": np.float64(2.5), "none": None}
    assert json_safe(doc) == doc
    assert json_safe(np.float32("nan")) is None
    assert finite_or_none(np.float64(2.5)) == 2.5 and finite_or_none(math.inf) is None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=20,
)


@given(json_values)
def test_the_result_is_always_standard_json(value: object) -> None:
    text = json.dumps(json_safe(value), allow_nan=False)
    assert "NaN" not in text and "Infinity" not in text
