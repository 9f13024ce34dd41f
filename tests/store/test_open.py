"""Opening a store: default location, URLs, driver and schema-version errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from hubflow.errors import StoreError
from hubflow.store import DEFAULT_URL, SCHEMA_REVISION, open_store, upgrade_schema


def test_default_is_hubflow_db_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HUBFLOW_DB", raising=False)
    with open_store() as store:
        store.save_scenario("s", {"a": 1})
        assert store.url == DEFAULT_URL
    assert (tmp_path / "hubflow.db").is_file()


def test_env_var_overrides_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HUBFLOW_DB", f"sqlite:///{tmp_path / 'other.db'}")
    with open_store() as store:
        store.save_scenario("s", {"a": 1})
    assert (tmp_path / "other.db").is_file()
    assert not (tmp_path / "hubflow.db").exists()


def test_a_plain_path_is_a_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "plans.db"
    with open_store(str(path)) as store:
        saved = store.save_scenario("s", {"a": 1})
    with open_store(f"sqlite:///{path}") as store:
        assert store.scenarios() == [saved]


def test_in_memory_sqlite_works() -> None:
    with open_store("sqlite://") as store:
        assert store.save_scenario("s", {"a": 1}).version == 1


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nosuchdb://x/y", "unknown database or driver"),
        ("sqlite:////no/such/folder/at/all/h.db", "opening the store at .* failed"),
        ("postgresql+psycopg://u:secret@127.0.0.1:1/db", "opening the store at .* failed"),
    ],
)
def test_unusable_urls_give_store_errors(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as caught:
        open_store(url)
    assert "secret" not in str(caught.value)


def test_new_database_is_at_the_newest_revision(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    open_store(url).close()
    open_store(url).close()  # reopening changes nothing
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT version_num FROM alembic_version")) == SCHEMA_REVISION
        assert conn.scalar(text("SELECT count(*) FROM alembic_version")) == 1
    engine.dispose()


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    open_store(url).close()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match="schema revision 9999, newer"):
        open_store(url)
    with pytest.raises(StoreError, match="schema revision 9999, newer"):
        upgrade_schema(url)
