"""Every endpoint: 401 without a token or with a revoked one, 403 for a viewer on writes,
404 for another organisation's objects of every type; hostile uploads change nothing."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from hubflow.api import accounts
from hubflow.store import open_store
from hubflow.store.service_tables import JobRow, TokenRow
from tests.api.conftest import Service

WRITES = ("post", "delete", "put", "patch")


def _objects(service: Service, workbook: bytes) -> dict[str, Any]:
    """One object of every type, owned by the metals group; values for every path parameter."""
    sid = service.upload(workbook).json()["id"]
    with open_store(service.url) as store:
        pid = store.save_plan(sid, {"objective": 1.0}, {"total_cost": 1.0}).id
        with store.session(write=True) as s:
            job = JobRow(
                scenario_id=sid,
                org_id=_org(s, "metals"),
                options={},
                state="done",
                stage="done",
                progress=1.0,
                cancel_requested=False,
                plan_id=pid,
                created_at=accounts.now(),
            )
            s.add(job)
            s.flush()
            jid = job.id
            tid = s.scalars(select(TokenRow.id).where(TokenRow.role == "viewer")).first()
    share = service.client.post(
        f"/api/v1/scenarios/{sid}/shares", json={"org": "city"}, headers=service.auth()
    ).json()["id"]
    service.client.delete(f"/api/v1/scenarios/{sid}/shares/{share}", headers=service.auth())
    return {
        "scenario_id": sid,
        "plan_id": pid,
        "job_id": jid,
        "share_id": share,
        "token_id": tid,
        "name": "plan.json",
    }


def _org(session: Any, name: str) -> int:
    return accounts.org_named(session, name).id


BODIES = {
    "/api/v1/scenarios/{scenario_id}/versions": {"parameters": {"carbon_price": 1}},
    "/api/v1/scenarios/{scenario_id}/shares": {"org": "city"},
    "/api/v1/scenarios/{scenario_id}/plans": {"time_limit": 5},
    "/api/v1/scenarios/{scenario_id}/comments": {"body": "hello"},
    "/api/v1/tokens": {"role": "viewer"},
}


def _calls(
    service: Service, ids: dict[str, Any], workbook: bytes
) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(method, template, url, request kwargs) for every operation of the OpenAPI schema."""
    out = []
    for template, ops in service.client.get("/openapi.json").json()["paths"].items():
        url = re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), template)
        for method in ops:
            kwargs: dict[str, Any] = {}
            if template in BODIES and method == "post":
                kwargs["json"] = BODIES[template]
            if template == "/api/v1/scenarios" and method == "post":
                kwargs["files"] = {"file": ("small.xlsx", workbook)}
            if template.endswith("/diff"):
                kwargs["params"] = {"against": ids["scenario_id"]}
            if template.endswith("/compare"):
                kwargs["params"] = {"plans": str(ids["plan_id"])}
            out.append((method, template, url, kwargs))
    return out


def test_every_endpoint_needs_a_valid_token(service: Service, small_workbook: bytes) -> None:
    ids = _objects(service, small_workbook)
    calls = _calls(service, ids, small_workbook)
    assert len(calls) >= 20
    revoked = service.tokens["metals planner"]
    with open_store(service.url) as store, store.session(write=True) as s:
        accounts.revoke_token(s, token=revoked)
    for method, template, url, kwargs in calls:
        for headers in (
            {},
            {"Authorization": f"Bearer {revoked}"},
            {"Authorization": "Bearer hf_not-a-token"},
            {"Authorization": "Basic x"},
        ):
            r = service.client.request(method, url, headers=headers, **kwargs)
            assert r.status_code == 401, (method, template, headers, r.text)


def test_a_viewer_cannot_write(service: Service, small_workbook: bytes) -> None:
    ids = _objects(service, small_workbook)
    writes = [c for c in _calls(service, ids, small_workbook) if c[0] in WRITES]
    assert len(writes) >= 8
    for method, template, url, kwargs in writes:
        r = service.client.request(method, url, headers=service.auth("metals viewer"), **kwargs)
        assert r.status_code == 403, (method, template, r.text)


def test_another_organisation_gets_404_for_every_object(
    service: Service, small_workbook: bytes
) -> None:
    ids = _objects(service, small_workbook)
    secret = service.client.get(
        f"/api/v1/scenarios/{ids['scenario_id']}", headers=service.auth()
    ).json()["sha256"]
    with_ids = [
        c for c in _calls(service, ids, small_workbook) if "{" in c[1] or c[1].endswith("/compare")
    ]
    assert {"scenario_id", "plan_id", "job_id", "share_id", "token_id"} <= {
        p for c in with_ids for p in re.findall(r"\{(\w+)\}", c[1])
    }
    for method, template, url, kwargs in with_ids:
        who = "city admin" if "/tokens" in template else "city planner"
        r = service.client.request(method, url, headers=service.auth(who), **kwargs)
        assert r.status_code == 404, (method, template, r.text)
        assert secret not in r.text


def _zip(members: dict[str, bytes], symlink: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = 0o120777 << 16
            zf.writestr(info, "/etc/passwd")
    return buf.getvalue()


def _workbook_with(small_workbook: bytes, sheet: str, column: str, value: Any) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(small_workbook))
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index(column) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "case",
    [
        "bomb",
        "traversal",
        "absolute",
        "backslash",
        "symlink",
        "not a zip",
        "empty zip",
        "too large",
        "far too large",
        "formula",
        "wrong type",
        "many files",
    ],
)
def test_hostile_uploads_get_4xx_and_change_nothing(
    service: Service, small_workbook: bytes, case: str
) -> None:
    uploads = {
        "bomb": ("bomb.zip", _zip({"s/orders.csv": b"0" * (5 * 1024 * 1024)})),
        "traversal": ("t.zip", _zip({"../../evil/scenario.toml": b"x"})),
        "absolute": ("a.zip", _zip({"/tmp/evil/scenario.toml": b"x"})),
        "backslash": ("b.zip", _zip({"..\\evil\\scenario.toml": b"x"})),
        "symlink": ("l.zip", _zip({"s/scenario.toml": b"x"}, symlink="s/orders.csv")),
        "not a zip": ("x.xlsx", b"PK\x03\x04 but not really a zip"),
        "empty zip": ("e.zip", _zip({})),
        "too large": ("big.xlsx", b"\0" * (20 * 1024 * 1024 + 1)),
        "far too large": ("huge.xlsx", b"\0" * (21 * 1024 * 1024)),
        "formula": ("f.xlsx", _workbook_with(small_workbook, "orders", "tonnes", "=1+1")),
        "wrong type": ("w.xlsx", _workbook_with(small_workbook, "orders", "tonnes", "lots")),
        "many files": ("m.zip", _zip({f"s/{i}.csv": b"" for i in range(500)})),
    }
    name, data = uploads[case]
    r = service.upload(data, name)
    assert 400 <= r.status_code < 500, (case, r.status_code, r.text)
    assert (r.status_code == 413) == ("large" in case)
    assert r.json()["detail"]
    assert service.client.get("/api/v1/scenarios", headers=service.auth()).json() == []
