"""Negotiation service: organisations, tokens, ownership, shares, jobs, comments, audit;
Alembic's version table replaces the old schema_version table.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_ID = {"sqlite_autoincrement": True}


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(name: str, target: str, nullable: bool = False) -> sa.Column:
    return sa.Column(
        name, sa.Integer, sa.ForeignKey(f"{target}.id", ondelete="RESTRICT"), nullable=nullable
    )


def upgrade() -> None:
    op.create_table(
        "orgs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        _when("created_at"),
        **_ID,
    )
    op.create_table(
        "tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("org_id", "orgs"),
        sa.Column("user", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        _when("created_at"),
        _when("revoked_at", nullable=True),
        **_ID,
    )
    op.create_table(
        "scenario_owners",
        sa.Column(
            "scenario_id",
            sa.Integer,
            sa.ForeignKey("scenarios.id", ondelete="RESTRICT"),
            primary_key=True,
        ),
        _fk("org_id", "orgs"),
        sa.Column("title", sa.String(200), nullable=False),
        _fk("parent_id", "scenarios", nullable=True),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_index("ix_scenario_owners_org_id", "scenario_owners", ["org_id"])
    op.create_table(
        "shares",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("scenario_id", "scenarios"),
        _fk("org_id", "orgs"),
        _when("created_at"),
        _when("revoked_at", nullable=True),
        **_ID,
    )
    op.create_index("ix_shares_org_scenario", "shares", ["org_id", "scenario_id"])
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("scenario_id", "scenarios"),
        _fk("org_id", "orgs"),
        sa.Column("options", sa.JSON, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("stage", sa.String(50), nullable=False),
        sa.Column("progress", sa.Float, nullable=False),
        sa.Column("objective", sa.Float),
        sa.Column("bound", sa.Float),
        sa.Column("gap", sa.Float),
        sa.Column("cancel_requested", sa.Boolean, nullable=False),
        _fk("plan_id", "plans", nullable=True),
        sa.Column("error", sa.Text),
        _when("created_at"),
        _when("started_at", nullable=True),
        _when("finished_at", nullable=True),
        **_ID,
    )
    op.create_index("ix_jobs_state", "jobs", ["state"])
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("scenario_id", "scenarios"),
        _fk("org_id", "orgs"),
        sa.Column("user", sa.String(200), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        _when("created_at"),
        **_ID,
    )
    op.create_index("ix_comments_scenario_id", "comments", ["scenario_id"])
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("org_id", "orgs", nullable=True),
        sa.Column("user", sa.String(200), nullable=False),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("object_type", sa.String(50), nullable=False),
        sa.Column("object_id", sa.Integer),
        sa.Column("detail", sa.JSON, nullable=False),
        _when("at"),
        **_ID,
    )
    op.create_index("ix_audit_org_id", "audit", ["org_id"])
    op.drop_table("schema_version")


def downgrade() -> None:
    op.create_table(
        "schema_version",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        _when("applied_at"),
    )
    op.execute(
        sa.text("INSERT INTO schema_version (version, applied_at) VALUES (1, CURRENT_TIMESTAMP)")
    )
    for table in ("audit", "comments", "jobs", "shares", "scenario_owners", "tokens", "orgs"):
        op.drop_table(table)
