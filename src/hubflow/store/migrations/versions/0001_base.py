"""Base revision: the store's schema before Alembic (scenarios, plans, schema_version).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "schema_version",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "scenarios",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.JSON, nullable=False),
        sa.UniqueConstraint("name", "version", name="uq_scenarios_name_version"),
        sa.CheckConstraint("version >= 1", name="ck_scenarios_version_positive"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "scenario_id",
            sa.Integer,
            sa.ForeignKey("scenarios.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("solver", sa.String(100)),
        sa.Column("status", sa.String(50)),
        sa.Column("objective", sa.Float),
        sa.Column("lower_bound", sa.Float),
        sa.Column("gap_pct", sa.Float),
        sa.Column("total_cost", sa.Float),
        sa.Column("co2e_t", sa.Float),
        sa.Column("on_time_pct", sa.Float),
        sa.Column("kpis", sa.JSON, nullable=False),
        sa.Column("content", sa.JSON, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_plans_scenario_id", "plans", ["scenario_id"])
    op.execute(
        sa.text("INSERT INTO schema_version (version, applied_at) VALUES (1, CURRENT_TIMESTAMP)")
    )


def downgrade() -> None:
    op.drop_index("ix_plans_scenario_id", "plans")
    op.drop_table("plans")
    op.drop_table("scenarios")
    op.drop_table("schema_version")
