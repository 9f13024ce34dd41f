"""Standard JSON for every document hubflow writes: non-finite numbers become null.

``json.dumps`` writes ``Infinity`` and ``NaN`` by default, which no other JSON reader accepts;
a plan without a solution has ``objective == inf``. Writers pass documents through
:func:`json_safe` and dump with ``allow_nan=False``.
"""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import Any


def finite_or_none(number: float) -> float | None:
    """``number`` as a float, or ``None`` when it is nan, inf or -inf."""
    value = float(number)
    return value if math.isfinite(value) else None


def json_safe(obj: Any) -> Any:
    """``obj`` with every nan/inf float replaced by ``None``, recursively through dicts,
    lists and tuples (tuples become lists); other values are returned unchanged."""
    kind = type(obj)  # the exact built-in types first: a plan has hundreds of thousands of them
    if kind is str or kind is int or obj is None:
        return obj
    if kind is float:
        return obj if math.isfinite(obj) else None
    if kind is dict:
        return {key: json_safe(value) for key, value in obj.items()}
    if kind is list or kind is tuple:
        return [json_safe(item) for item in obj]
    if isinstance(obj, bool | Integral) or not isinstance(obj, Real | dict | list | tuple):
        return obj
    if isinstance(obj, Real):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {key: json_safe(value) for key, value in obj.items()}
    return [json_safe(item) for item in obj]
