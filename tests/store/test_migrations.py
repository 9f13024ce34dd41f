"""The Alembic revisions: they build exactly the tables the code declares, a pre-Alembic
store is upgraded in place with its rows, and an older schema is refused with the command."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine, inspect, text

import hubflow.store.service_tables  # noqa: F401  (their classes join Base.metadata)
from hubflow.errors import StoreError
from hubflow.store import SCHEMA_REVISION, migrations, open_store, upgrade_schema
from hubflow.store.tables import Base


def test_head_constant_names_the_newest_revision_file() -> None:
    assert migrations.head() == SCHEMA_REVISION


def _columns(url: str) -> dict[str, set[tuple[str, bool]]]:
    engine = create_engine(url)
    try:
        found = inspect(engine)
        return {
            t: {(c["name"], bool(c["nullable"])) for c in found.get_columns(t)}
            for t in found.get_table_names()
            if t != "alembic_version"
        }
    finally:
        engine.dispose()


def test_revisions_build_the_declared_tables(store_url: str, tmp_path: Path) -> None:
    open_store(store_url).close()
    declared = f"sqlite:///{tmp_path / 'declared.db'}"
    engine = create_engine(declared)
    Base.metadata.create_all(engine)
    engine.dispose()
    assert _columns(store_url) == _columns(declared)


def _pre_alembic_store(url: str) -> None:
    """A database as hubflow wrote it before Alembic: revision 0001 with a scenario in it."""
    engine = create_engine(url)
    with engine.begin() as conn:
        migrations.upgrade(conn, migrations.BASE)
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(
            text(
                "INSERT INTO scenarios (name, version, created_at, sha256, content) "
                "VALUES ('old', 1, CURRENT_TIMESTAMP, :h, '{}')"
            ),
            {"h": "0" * 64},
        )
    engine.dispose()


def test_older_store_is_refused_naming_the_command_then_upgraded(store_url: str) -> None:
    _pre_alembic_store(store_url)
    with pytest.raises(StoreError, match=r"older than .*hubflow db upgrade --db"):
        open_store(store_url)
    assert upgrade_schema(store_url) == (migrations.BASE, SCHEMA_REVISION)
    with open_store(store_url) as store:
        assert [s.name for s in store.scenarios()] == ["old"]
        assert store.save_scenario("old", {"a": 1}).version == 2
    assert upgrade_schema(store_url) == (SCHEMA_REVISION, SCHEMA_REVISION)
    assert "schema_version" not in inspect(create_engine(store_url)).get_table_names()


def test_metadata_is_complete() -> None:
    assert {"orgs", "tokens", "jobs", "scenarios", "plans"} <= set(Base.metadata.tables)
    assert isinstance(Base.metadata, MetaData)
