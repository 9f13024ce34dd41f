"""The plan options: every planning command offers each, with one name, help and default, and
hands it to the planner. The planner is stopped where it starts, so no test solves."""

from __future__ import annotations

from typing import get_args

import pytest
import typer.main
from typer.testing import CliRunner

from hubflow.cli import app
from hubflow.cli.options import PANEL, PLAN_FLAGS, plan_flags
from hubflow.io import write_scenario_csv
from hubflow.planning import PlanOptions
from tests import cases

runner = CliRunner()
COMMANDS = ("plan", "compare", "sweep", "land")
#: where each command hands its PlanOptions to the planner
PLANNER = {
    "plan": "hubflow.cli.plan.plan_scenario",
    "compare": "hubflow.cli.compare.plan_scenario",
    "sweep": "hubflow.sweep.run_sweep",
    "land": "hubflow.cli.land.plan_scenario",
}
#: a value of each flag other than every command's default, and what PlanOptions holds then
GIVEN = {
    "time_limit": ("7", 7.0),
    "mip_gap": ("0.02", 0.02),
    "method": ("colgen", "colgen"),
    "threads": ("2", 2),
    "seed": ("7", 7),
    "dispatch_time": ("1.5", 1.5),
    "dispatch_backend": ("pyvrp", "pyvrp"),
    "dispatch_stop": ("time", "time"),
    "design_stop": ("time", "time"),
}
#: the defaults a command keeps that differ from PlanOptions' (land: exact differences)
OWN_DEFAULTS = {"land": {"mip_gap": 0.001, "dispatch_time": 0.0}}
#: the time limit is the whole command, or each variant's, or each plan's
OWN_HELP = {"sweep": "each variant", "land": "each plan"}


class Planned(Exception):
    """Raised in the planner's place with the options it was given."""

    def __init__(self, options: PlanOptions) -> None:
        self.options = options


def params(command: str) -> dict[str, typer.core.TyperOption]:
    click_app = typer.main.get_command(app)
    return {p.name: p for p in click_app.commands[command].params}  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("options") / "scn"
    write_scenario_csv(cases.urgent(72), folder)
    return str(folder)


def test_the_flags_are_every_tunable_plan_option():
    assert set(GIVEN) == set(PLAN_FLAGS)
    assert set(PLAN_FLAGS) == {f for f in PlanOptions.__dataclass_fields__} - {"overrides"}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", list(PLAN_FLAGS))
def test_every_planning_command_offers_the_flag_alike(command, name):
    param = params(command)[name]
    _, option = get_args(PLAN_FLAGS[name])
    assert param.opts == [option.default, *option.param_decls]  # the names, as declared once
    assert param.rich_help_panel == PANEL
    default = OWN_DEFAULTS.get(command, {}).get(name, getattr(PlanOptions(), name))
    assert param.default == default
    if name == "time_limit":
        assert OWN_HELP.get(command, "whole command") in (param.help or "")
    else:
        assert param.help == option.help


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", list(PLAN_FLAGS))
def test_each_flag_reaches_the_planner(command, name, scenario, tmp_path, monkeypatch):
    def planner(*args, **kwargs):
        raise Planned(next(a for a in (*args, *kwargs.values()) if isinstance(a, PlanOptions)))

    monkeypatch.setattr(PLANNER[command], planner)
    text, value = GIVEN[name]
    flag = params(command)[name].opts[0]
    extra = ["--no-store"] if command == "plan" else []
    args = [command, scenario, flag, text, "--out", str(tmp_path / "out"), *extra]
    result = runner.invoke(app, args)
    assert isinstance(result.exception, Planned), result.output
    got = getattr(result.exception.options, name)
    if command == "compare" and name == "time_limit":
        value /= 2  # half the command's for each side
    assert got == value
    others = {n for n in PLAN_FLAGS if n != name and n != "time_limit"}
    defaults = PlanOptions().replace(**OWN_DEFAULTS.get(command, {}))
    assert {n: getattr(result.exception.options, n) for n in others} == {
        n: getattr(defaults, n) for n in others
    }


@pytest.mark.parametrize("command", COMMANDS)
def test_a_bad_plan_option_is_refused_as_input_before_any_work(command, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, [command, "--dispatch-stop", "soon", "--out", str(out)])
    assert result.exit_code == 2
    assert "Invalid input" in result.output and "dispatch_stop" in result.output
    assert not out.exists()


def test_a_default_or_help_for_no_plan_option_is_a_mistake():
    with pytest.raises(ValueError, match="no_such_option"):
        plan_flags(no_such_option="time")
    with pytest.raises(ValueError, match="gap"):
        plan_flags(helps={"gap": "?"})


def test_a_command_without_options_cannot_take_the_flags():
    def command(name: str = "x") -> None:
        pass

    with pytest.raises(TypeError, match="options"):
        plan_flags()(command)
