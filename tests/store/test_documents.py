"""Canonical JSON: equal documents hash equally, whatever their key order or sequence type."""

from __future__ import annotations

import numpy as np
import pytest

from hubflow.store.documents import canonical_json, json_ready, sha256_hex


def test_key_order_and_tuples_do_not_change_the_text() -> None:
    _, a = canonical_json({"b": (1, 2), "a": {"y": 1, "x": 2}}, "doc")
    _, b = canonical_json({"a": {"x": 2, "y": 1}, "b": [1, 2]}, "doc")
    assert a == b == '{"a":{"x":2,"y":1},"b":[1,2]}'
    assert sha256_hex(a) == sha256_hex(b)


def test_numpy_numbers_become_plain_numbers() -> None:
    ready = json_ready({"n": np.int64(3), "x": np.float64(2.5)})
    assert ready == {"n": 3, "x": 2.5}
    assert type(ready["n"]) is int
    assert type(ready["x"]) is float


def test_unicode_is_kept() -> None:
    _, text = canonical_json({"site": "郑州"}, "doc")
    assert "郑州" in text


@pytest.mark.parametrize("bad", [float("inf"), -float("inf"), float("nan")])
def test_non_finite_numbers_become_null(bad: float) -> None:
    ready, text = canonical_json({"x": [0, bad]}, "doc")
    assert ready == {"x": [0, None]}
    assert text == '{"x":[0,null]}'
