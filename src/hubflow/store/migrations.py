"""In-place schema upgrades, keyed by the version they upgrade *from*.

Empty while the schema is at version 1. A step receives a Core ``Connection`` inside the
upgrade transaction, e.g.::

    def _add_plan_label(conn: Connection) -> None:      # 1 -> 2
        conn.execute(text("ALTER TABLE plans ADD COLUMN label VARCHAR(200)"))

    MIGRATIONS = {1: _add_plan_label}
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

MIGRATIONS: dict[int, Callable[[Connection], None]] = {}
