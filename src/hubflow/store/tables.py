"""The store's tables, as SQLAlchemy 2.0 typed ORM classes.

Scenarios and plans are versioned rows: a row is written once and never updated or deleted.
``content`` holds the JSON document exactly as the caller gave it (after
:func:`hubflow.store.documents.canonical_json`); the other columns are a summary for listing
and sorting without parsing the document.

Schema changes
--------------
Alembic revisions in ``hubflow.store.migrations.versions``: change the classes here (or in
``service_tables``) and add a revision that does the same with ``op`` (valid on SQLite and
PostgreSQL); a test checks that the revisions build exactly these tables. A new database is
created at the newest revision; an older one is upgraded by ``hubflow db upgrade``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAME_MAX = 200
SOLVER_MAX = 100
STATUS_MAX = 50


class Base(DeclarativeBase):
    """Declarative base of hubflow's tables; ``Base.metadata`` creates them all."""


class ScenarioRow(Base):
    """One version of a named scenario; ``version`` counts 1, 2, 3... per ``name``."""

    __tablename__ = "scenarios"
    __table_args__ = (
        UniqueConstraint("name", "version", name="uq_scenarios_name_version"),
        CheckConstraint("version >= 1", name="ck_scenarios_version_positive"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)


class PlanRow(Base):
    """One plan computed for one scenario version; its KPIs and the full plan document."""

    __tablename__ = "plans"
    __table_args__ = (
        Index("ix_plans_scenario_id", "scenario_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    solver: Mapped[str | None] = mapped_column(String(SOLVER_MAX))
    status: Mapped[str | None] = mapped_column(String(STATUS_MAX))
    objective: Mapped[float | None] = mapped_column(Float)
    lower_bound: Mapped[float | None] = mapped_column(Float)
    gap_pct: Mapped[float | None] = mapped_column(Float)
    total_cost: Mapped[float | None] = mapped_column(Float)
    co2e_t: Mapped[float | None] = mapped_column(Float)
    on_time_pct: Mapped[float | None] = mapped_column(Float)
    kpis: Mapped[dict[str, Any]] = mapped_column(JSON)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
