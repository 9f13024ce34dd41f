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
def test_the_result_is_standard_json_that_reads_back_equal(value: object) -> None:
    safe = json_safe(value)
    text = json.dumps(safe, allow_nan=False)  # raises on any nan/inf left
    assert json.loads(text) == safe
