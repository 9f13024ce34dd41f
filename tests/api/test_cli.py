"""``hubflow admin``, ``hubflow db upgrade`` and ``hubflow serve``'s refusal of an old schema."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from hubflow.api import accounts
from hubflow.cli import app
from hubflow.store import migrations, open_store

runner = CliRunner()


def test_admin_commands_make_orgs_and_tokens(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'h.db'}"
    assert runner.invoke(app, ["admin", "create-org", "city", "--db", db]).exit_code == 0
    again = runner.invoke(app, ["admin", "create-org", "city", "--db", db])
    assert again.exit_code == 3 and "exists already" in again.output
    made = runner.invoke(
        app, ["admin", "create-token", "--org", "city", "--role", "planner", "--db", db]
    )
    assert made.exit_code == 0, made.output
    token = made.stdout.strip().splitlines()[-1]
    assert token.startswith("hf_") and len(token) > 40
    with open_store(db) as store, store.session() as s:
        who = accounts.member_for(s, token)
        assert who is not None and (who.org, who.role) == ("city", "planner")
        stored = s.execute(text("SELECT sha256 FROM tokens")).scalars().all()
    assert stored == [accounts.token_hash(token)]  # only the hash is kept
    bad = runner.invoke(
        app, ["admin", "create-token", "--org", "city", "--role", "boss", "--db", db]
    )
    assert bad.exit_code == 3 and "viewer, planner, admin" in bad.output
    assert runner.invoke(app, ["admin", "revoke-token", token, "--db", db]).exit_code == 0
    with open_store(db) as store, store.session() as s:
        assert accounts.member_for(s, token) is None


def test_serve_refuses_an_older_schema_naming_the_upgrade(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(db)
    with engine.begin() as conn:
        migrations.upgrade(conn, migrations.BASE)
    engine.dispose()
    refused = runner.invoke(app, ["serve", "--db", db, "--port", "1"])
    assert refused.exit_code == 3
    assert "hubflow db upgrade --db" in refused.output
    upgraded = runner.invoke(app, ["db", "upgrade", "--db", db])
    assert upgraded.exit_code == 0 and "to 0002" in upgraded.output
    assert "already" in runner.invoke(app, ["db", "upgrade", "--db", db]).output
