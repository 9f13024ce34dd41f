"""API fixtures: the real application on a real database (SQLite, and PostgreSQL when
``HUBFLOW_TEST_PG_URL`` is set), two organisations with tokens, and a small workbook."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from hubflow.api import accounts
from hubflow.api.app import create_app
from hubflow.example import EXAMPLE_DIR
from hubflow.io import load_scenario, write_scenario_xlsx
from hubflow.store import open_store
from tests.store.conftest import store_url  # noqa: F401  (the database fixture)

SMALL_ORDERS = 40  # enough for consolidation through hubs, small enough to plan in seconds


@dataclass
class Service:
    """A running application and who can call it."""

    client: TestClient
    url: str
    tokens: dict[str, str]  # "metals planner", "metals viewer", "metals admin", "city planner"

    def auth(self, who: str = "metals planner") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def upload(self, data: bytes, name: str = "small.xlsx", who: str = "metals planner"):  # type: ignore[no-untyped-def]
        return self.client.post(
            "/api/v1/scenarios", files={"file": (name, data)}, headers=self.auth(who)
        )


def make_members(url: str) -> dict[str, str]:
    tokens = {}
    with open_store(url) as store, store.session(write=True) as session:
        for org in ("metals", "city"):
            accounts.create_org(session, org)
        for org, role in [
            ("metals", "planner"),
            ("metals", "viewer"),
            ("metals", "admin"),
            ("city", "planner"),
            ("city", "viewer"),
            ("city", "admin"),
        ]:
            tokens[f"{org} {role}"], _ = accounts.create_token(session, org, role)
    return tokens


@pytest.fixture
def service(store_url: str) -> Iterator[Service]:  # noqa: F811
    tokens = make_members(store_url)
    with TestClient(create_app(store_url, workers=1)) as client:
        yield Service(client, store_url, tokens)


@pytest.fixture(scope="session")
def small_workbook(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The example's network with its first orders: an .xlsx that plans in seconds."""
    scenario = load_scenario(EXAMPLE_DIR)
    small = dataclasses.replace(scenario, orders=scenario.orders[:SMALL_ORDERS])
    path = tmp_path_factory.mktemp("wb") / "small.xlsx"
    write_scenario_xlsx(small, path)
    return path.read_bytes()


@pytest.fixture(scope="session")
def example_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("wb") / "zhengzhou.xlsx"
    write_scenario_xlsx(load_scenario(EXAMPLE_DIR), path)
    return path
