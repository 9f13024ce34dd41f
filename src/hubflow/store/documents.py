"""JSON documents as the store keeps them: checked, canonical text, content hash."""

from __future__ import annotations

import hashlib
import json
from numbers import Integral, Real
from typing import Any

from hubflow.errors import StoreError
from hubflow.jsonsafe import finite_or_none


def json_ready(value: Any, where: str = "content") -> Any:
    """Return ``value`` as plain JSON types (dict with str keys, list, str, int, float, bool, None).

    Tuples become lists and numpy-like numbers become int/float; nan and inf become ``None``
    (a plan without a solution has an infinite objective); anything else is refused.

    Raises
    ------
    StoreError
        naming the path of the first value that has no JSON form, e.g.
        ``content["orders"][3]["due"]: datetime is not JSON-serialisable``.
    """
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, Real):
        return finite_or_none(float(value))
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise StoreError(
                    f"{where}: key {key!r} is a {type(key).__name__} (expected str keys only)"
                )
            out[key] = json_ready(item, f"{where}[{key!r}]")
        return out
    if isinstance(value, list | tuple):
        return [json_ready(item, f"{where}[{i}]") for i, item in enumerate(value)]
    raise StoreError(f"{where}: {type(value).__name__} is not JSON-serialisable")


def canonical_json(document: dict[str, Any], what: str) -> tuple[dict[str, Any], str]:
    """Check ``document`` and return it as plain JSON types plus its canonical text.

    The text has sorted keys and no insignificant spaces, so equal documents hash equally.
    ``what`` names the document in error messages (e.g. ``'scenario "week-12" content'``).
    """
    if not isinstance(document, dict):
        raise StoreError(f"{what}: expected a dict (JSON object), got {type(document).__name__}")
    ready = json_ready(document, what)
    text = json.dumps(ready, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return ready, text


def sha256_hex(text: str) -> str:
    """SHA-256 of the UTF-8 text, as 64 hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
