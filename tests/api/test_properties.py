"""Property test over the OpenAPI schema: any path, query or body, for every operation,
from a planner of the organisation that owns the objects, never gets a 5xx."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hubflow.api.app import create_app
from tests.api.conftest import make_members

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and infinity too: Python's clients send them unless told not to
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
IDS = st.integers(min_value=-5, max_value=2**63) | st.sampled_from(["1", "0", "x", "1.5", "%20"])


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def from_schema(
    schema: dict[str, Any], spec: dict[str, Any], depth: int = 0
) -> st.SearchStrategy[Any]:
    """Values shaped like ``schema`` (often valid, often not), mixed with arbitrary JSON."""
    schema = _resolve(schema, spec)
    if depth > 3:
        return JSON
    if "anyOf" in schema:
        return st.one_of([from_schema(s, spec, depth + 1) for s in schema["anyOf"]])
    kind = schema.get("type")
    shaped: st.SearchStrategy[Any]
    if kind == "object" and "properties" in schema:
        props = {k: from_schema(v, spec, depth + 1) for k, v in schema["properties"].items()}
        shaped = st.fixed_dictionaries({}, optional=props)
    elif kind == "array":
        shaped = st.lists(from_schema(schema.get("items", {}), spec, depth + 1), max_size=3)
    elif kind == "number":
        shaped = st.floats() | st.sampled_from([0, 1, 30, 1e9, -1])
    elif kind == "integer":
        shaped = st.integers()
    elif kind == "string":
        shaped = st.text(max_size=30) | st.sampled_from(
            ["city", "metals", "viewer", "orders", "Z0001"]
        )
    else:
        shaped = JSON
    return shaped | JSON if depth else shaped


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, small_workbook: bytes):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('prop')) / 'h.db'}"
    tokens = make_members(url)
    with TestClient(create_app(url, workers=1)) as client:
        auth = {"Authorization": f"Bearer {tokens['metals planner']}"}
        client.post("/api/v1/scenarios", files={"file": ("s.xlsx", small_workbook)}, headers=auth)
        yield client, auth


@st.composite
def requests(draw: st.DrawFn, spec: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    ops = [
        (path, method, op)
        for path, item in sorted(spec["paths"].items())
        for method, op in item.items()
    ]
    path, method, op = draw(st.sampled_from(ops))
    url = re.sub(r"\{\w+\}", lambda _: str(draw(IDS)), path)
    kwargs: dict[str, Any] = {}
    query = {
        p["name"]: draw(st.text(max_size=12) | IDS.map(str))
        for p in op.get("parameters", [])
        if p["in"] == "query" and draw(st.booleans())
    }
    if query:
        kwargs["params"] = query
    content = op.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        body = draw(from_schema(content["application/json"]["schema"], spec))
        if isinstance(body, dict) and "time_limit" in body:
            body["time_limit"] = 1  # keep the background solves short
        kwargs["content"] = json.dumps(body)  # as Python's json sends it: NaN allowed
        kwargs["headers"] = {"Content-Type": "application/json"}
    elif "multipart/form-data" in content:
        kwargs["files"] = {
            "file": (draw(st.text(max_size=10)) or "f", draw(st.binary(max_size=200)))
        }
    return method, url, kwargs


def test_no_request_gets_a_5xx(served) -> None:  # type: ignore[no-untyped-def]
    client, auth = served
    spec = client.get("/openapi.json").json()

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(requests(spec))
    def check(request: tuple[str, str, dict[str, Any]]) -> None:
        method, url, kwargs = request
        headers = {**auth, **kwargs.pop("headers", {})}
        r = client.request(method, url, headers=headers, **kwargs)
        assert r.status_code < 500, (method, url, kwargs, r.text)

    check()
