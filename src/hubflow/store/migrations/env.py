"""Alembic environment: runs on the connection the store hands over (online mode only)."""

from __future__ import annotations

from alembic import context

import hubflow.store.service_tables  # noqa: F401  (their classes join Base.metadata)
from hubflow.store.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - hubflow always passes its connection
    raise RuntimeError("hubflow's migrations run through hubflow.store.migrations.upgrade")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
