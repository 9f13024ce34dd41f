"""Scenarios over the API: upload, validation like the CLI, what-if versions, diff, shares."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from hubflow.errors import ScenarioError
from hubflow.example import EXAMPLE_DIR
from hubflow.io import load_scenario
from tests.api.conftest import Service


def test_upload_answers_the_new_scenario_with_its_id(
    service: Service, small_workbook: bytes
) -> None:
    r = service.upload(small_workbook)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["id"] >= 1 and body["version"] == 1 and body["org"] == "metals"
    assert body["counts"]["orders"] == 40
    listed = service.client.get("/api/v1/scenarios", headers=service.auth()).json()
    assert [s["id"] for s in listed] == [body["id"]]


def _zip_folder(folder: Path, prefix: str = "zhengzhou/") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.iterdir()):
            if path.suffix in (".csv", ".toml"):
                zf.write(path, prefix + path.name)
    return buf.getvalue()


def test_zip_of_the_csv_folder_is_a_scenario(service: Service) -> None:
    r = service.upload(_zip_folder(EXAMPLE_DIR), "zhengzhou.zip")
    assert r.status_code == 201, r.text
    assert r.json()["counts"]["orders"] == len(load_scenario(EXAMPLE_DIR).orders)


def test_invalid_scenario_gets_the_clis_problems(service: Service, tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    for path in EXAMPLE_DIR.iterdir():
        if path.suffix in (".csv", ".toml"):
            (folder / path.name).write_bytes(path.read_bytes())
    orders = (folder / "orders.csv").read_text().splitlines()
    head, first = orders[0].split(","), orders[1].split(",")
    first[head.index("tonnes")] = "-5"
    (folder / "orders.csv").write_text("\n".join([orders[0], ",".join(first), *orders[2:]]))
    try:
        load_scenario(folder)
    except ScenarioError as exc:
        expected = [(p.row, p.field, p.message) for p in exc.problems]
    r = service.upload(_zip_folder(folder, "bad/"), "bad.zip")
    assert r.status_code == 422
    problems = r.json()["problems"]
    assert [(p["row"], p["field"], p["message"]) for p in problems] == expected
    assert problems[0]["file"] == "bad/orders.csv"
    assert service.client.get("/api/v1/scenarios", headers=service.auth()).json() == []


def test_what_if_version_and_diff(service: Service, small_workbook: bytes) -> None:
    base = service.upload(small_workbook).json()
    changes = {
        "parameters": {"carbon_price": 200},
        "rows": [{"table": "orders", "id": "Z0001", "set": {"tonnes": 31}}],
        "note": "city asks for a carbon price",
    }
    r = service.client.post(
        f"/api/v1/scenarios/{base['id']}/versions", json=changes, headers=service.auth()
    )
    assert r.status_code == 201, r.text
    new = r.json()
    assert (new["version"], new["parent_id"], new["parameters"]["carbon_price"]) == (
        2,
        base["id"],
        200.0,
    )
    d = service.client.get(
        f"/api/v1/scenarios/{new['id']}/diff",
        params={"against": base["id"]},
        headers=service.auth(),
    ).json()
    assert d["parameters"] == [{"name": "carbon_price", "value": 200.0, "against": 0.0}]
    assert d["tables"]["orders"]["changed"] == [
        {"id": "Z0001", "field": "tonnes", "value": 31.0, "against": 30.0}
    ]
    assert (
        service.client.get(f"/api/v1/scenarios/{base['id']}", headers=service.auth()).json()[
            "version"
        ]
        == 1
    )  # never overwritten


def test_bad_changes_are_located_and_store_nothing(service: Service, small_workbook: bytes) -> None:
    base = service.upload(small_workbook).json()
    for changes, field in [
        ({"rows": [{"table": "orders", "id": "nope", "set": {"tonnes": 1}}]}, "id"),
        ({"rows": [{"table": "orders", "id": "Z0001", "set": {"tonnes": -1}}]}, "tonnes"),
        ({"parameters": {"carbon_price": "lots"}}, "carbon_price"),
    ]:
        r = service.client.post(
            f"/api/v1/scenarios/{base['id']}/versions", json=changes, headers=service.auth()
        )
        assert r.status_code == 422, r.text
        assert field in {p["field"] for p in r.json()["problems"]}
    assert len(service.client.get("/api/v1/scenarios", headers=service.auth()).json()) == 1


def test_share_is_read_only_and_revocable(service: Service, small_workbook: bytes) -> None:
    sid = service.upload(small_workbook).json()["id"]
    city = service.auth("city planner")
    assert service.client.get(f"/api/v1/scenarios/{sid}", headers=city).status_code == 404
    r = service.client.post(
        f"/api/v1/scenarios/{sid}/shares", json={"org": "city"}, headers=service.auth()
    )
    assert r.status_code == 201 and r.json()["org"] == "city"
    seen = service.client.get(f"/api/v1/scenarios/{sid}", headers=city).json()
    assert (seen["owned"], seen["org"]) == (False, "metals")
    assert (
        service.client.post(f"/api/v1/scenarios/{sid}/plans", json={}, headers=city).status_code
        == 403
    )
    comment = service.client.post(
        f"/api/v1/scenarios/{sid}/comments", json={"body": "Yard B is too small"}, headers=city
    )
    assert comment.status_code == 201
    thread = service.client.get(f"/api/v1/scenarios/{sid}/comments", headers=service.auth()).json()
    assert [(c["org"], c["body"]) for c in thread] == [("city", "Yard B is too small")]
    r = service.client.delete(
        f"/api/v1/scenarios/{sid}/shares/{r.json()['id']}", headers=service.auth()
    )
    assert r.status_code == 200 and r.json()["revoked_at"]
    assert service.client.get(f"/api/v1/scenarios/{sid}", headers=city).status_code == 404
    actions = [
        a["action"] for a in service.client.get("/api/v1/audit", headers=service.auth()).json()
    ]
    assert actions[:3] == ["revoke", "share", "create"]
