"""The store's schema history as Alembic revisions, run from Python (no alembic.ini).

``upgrade(conn)`` brings a database to the newest revision inside the caller's transaction;
``revision(conn)`` reads where a database stands. A database made before Alembic (it has the
old ``schema_version`` table and no ``alembic_version``) is at the base revision, which is the
schema it has; ``hubflow db upgrade`` stamps it so and upgrades it.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

BASE = "0001"
"""The schema before Alembic: scenarios, plans and the old schema_version table."""

HEAD = "0002"
"""The newest revision, which this hubflow reads and writes (a test checks it is the head)."""


def config(conn: Connection | None = None) -> Config:
    """An Alembic configuration for the store's revisions; ``conn`` is used by ``env.py``."""
    cfg = Config()
    cfg.set_main_option("script_location", "hubflow.store:migrations")
    if conn is not None:
        cfg.attributes["connection"] = conn
    return cfg


def head() -> str | None:
    """The newest revision among the revision files (``HEAD`` must name it)."""
    return ScriptDirectory.from_config(config()).get_current_head()


def known(rev: str) -> bool:
    """Whether this hubflow knows the revision ``rev``."""
    return rev in {s.revision for s in ScriptDirectory.from_config(config()).walk_revisions()}


def revision(conn: Connection) -> str | None:
    """The database's revision: Alembic's record, else ``BASE`` for a pre-Alembic store, else
    ``None`` for an empty database."""
    current = MigrationContext.configure(conn).get_current_revision()
    if current is not None:
        return current
    return BASE if inspect(conn).has_table("schema_version") else None


def upgrade(conn: Connection, target: str = "head") -> None:
    """Run the missing revisions up to ``target`` on ``conn`` (in its transaction)."""
    import hubflow.store.service_tables  # noqa: F401  (their classes join Base.metadata)

    cfg = config(conn)
    if MigrationContext.configure(conn).get_current_revision() is None and revision(conn) == BASE:
        command.stamp(cfg, BASE)
    command.upgrade(cfg, target)
