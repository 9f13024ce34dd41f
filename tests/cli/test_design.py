"""``hubflow design``: a file whose capacities cannot carry its demand is explained, not dropped."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from hubflow.cli import app
from hubflow.consolidate.canad import full_service_ceiling, parse_dow
from tests.consolidate.test_canad import TINY

# TINY's commodity 1 -> 3 carries at most 10 + 10 units (directly and via node 2): 25 is too many
TOO_MUCH = TINY.replace(" 1 3 6", " 1 3 25")


def test_ceiling_bounds_every_plan_that_delivers_all():
    inst = parse_dow(TINY, "tiny.dow")
    # 6 units on a path of at most 2 arcs at cost <= 5 each, plus all three arcs opened
    assert full_service_ceiling(inst) == 6 * 5 * 2 + 120


def test_infeasible_file_says_which_commodity_and_by_how_much(tmp_path):
    path = tmp_path / "too_much.dow"
    path.write_text(TOO_MUCH)
    out = CliRunner().invoke(app, ["design", str(path), "--time-limit", "10", "--json"])
    assert out.exit_code == 4, out.output
    summary = json.loads(out.stdout.splitlines()[0])
    assert summary["objective"] is None and summary["lower_bound"] > 0
    said = " ".join(out.stderr.split())
    assert "commodity 1 (node 1 → 3): 5 of 25 units" in said
    assert "Proven infeasible" in said


def test_every_command_takes_t_for_its_time_limit(tmp_path):
    """``-t`` is ``--time-limit`` on every command, as on ``hubflow route``."""
    path = tmp_path / "tiny.dow"
    path.write_text(TINY)
    out = CliRunner().invoke(app, ["design", str(path), "-t", "5", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout.splitlines()[0])["objective"] is not None
    for command in ("plan", "compare", "sweep", "land"):
        shown = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
        assert "-t " in shown.output or "-t," in shown.output, command
