"""``plan_scenario``: overrides, the design-solver registry, the deadline and progress events."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Iterator
from typing import ClassVar

import pytest

from hubflow.consolidate import ArcMipSolver, DesignProblem, DesignResult, SolverSettings
from hubflow.consolidate import solvers as registry
from hubflow.deadline import Deadline, Progress, ProgressEvent
from hubflow.errors import ScenarioError
from hubflow.example import EXAMPLE_DIR
from hubflow.export import write_plan_folder
from hubflow.io import load_scenario
from hubflow.model import Plan, PlanStatus, TruckGroup, Unserved, UnservedReason
from hubflow.planning import PlanOptions, finish_margin, plan_scenario, run
from hubflow.planning.run import _with_objective, design_settings
from tests import cases

EXACT = PlanOptions(time_limit=30, mip_gap=0.0, dispatch_time=0)
TIME_LIKE = ("solve_seconds", "network_seconds")


class RecordingSolver:
    """The arc MIP, recording each call's problem, deadline and seed in ``calls``."""

    name = "recording"
    calls: ClassVar[list[tuple[DesignProblem, Deadline, int]]] = []

    def __init__(self, settings: SolverSettings) -> None:
        self.inner = ArcMipSolver(settings)

    def solve(
        self,
        problem: DesignProblem,
        *,
        deadline: Deadline,
        seed: int = 0,
        progress: Progress | None = None,
    ) -> DesignResult:
        self.calls.append((problem, deadline, seed))
        return self.inner.solve(problem, deadline=deadline, seed=seed, progress=progress)


@pytest.fixture
def recording(monkeypatch) -> Iterator[list]:
    """A solver registered as method ``recording`` for this test only; yields its calls."""
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    registry.register_solver("recording", __name__, "RecordingSolver")
    RecordingSolver.calls = []
    yield RecordingSolver.calls


def stages(events: list[ProgressEvent]) -> list[str]:
    """Stage names in order, repeats of the same stage in a row counted once."""
    return [e.stage for i, e in enumerate(events) if i == 0 or events[i - 1].stage != e.stage]


def with_fleet(scn):
    """``scn`` with two own 30 t trucks at plant A, so that truck routing runs."""
    return dataclasses.replace(
        scn, fleet=(TruckGroup(id="F", depot="A", count=2, capacity_t=30.0, cost_per_km=1.0),)
    )


def test_the_hand_case_optimum_through_plan_scenario():
    outcome = plan_scenario(cases.consolidation(), EXACT)
    assert outcome.plan.status is PlanStatus.OPTIMAL
    assert outcome.plan.objective == pytest.approx(6400)
    assert outcome.plan.lower_bound == pytest.approx(6400)
    assert outcome.kpis.gap_pct == pytest.approx(0, abs=1e-9)
    assert outcome.ok


def test_a_carbon_price_override_prices_the_plans_co2e():
    base = plan_scenario(cases.consolidation(), EXACT)
    priced = plan_scenario(cases.consolidation(), EXACT.replace(overrides=("carbon_price=200",)))
    assert base.kpis.cost["carbon"] == 0
    assert priced.scenario.parameters.carbon_price == 200
    assert priced.kpis.co2e_t > 0
    assert priced.kpis.cost["carbon"] == pytest.approx(200 * priced.kpis.co2e_t)
    assert priced.plan.objective == pytest.approx(6400 + 200 * priced.kpis.co2e_t)
    assert priced.plan.options["overrides"] == ["carbon_price=200"]
    assert cases.consolidation().parameters.carbon_price == 0  # the input is not changed


@pytest.mark.parametrize("item", ["carbon_price=abc", "carbon_price=-5", "lateness=sometimes"])
def test_a_bad_override_value_is_refused_before_any_solve(recording, item):
    key, _, value = item.partition("=")
    options = EXACT.replace(method="recording", overrides=(item,))
    with pytest.raises(ScenarioError) as e:
        plan_scenario(cases.consolidation(), options)
    assert [p.field for p in e.value.problems] == [key]
    assert value in str(e.value)
    assert recording == []


def test_options_saved_in_plan_json_reproduce_the_plan(tmp_path):
    options = PlanOptions(
        time_limit=30, mip_gap=0.0, seed=11, dispatch_time=0, overrides=("carbon_price=50",)
    )
    first = plan_scenario(cases.urgent(24), options)
    write_plan_folder(first.scenario, first.plan, first.kpis, tmp_path)
    saved = json.loads((tmp_path / "plan.json").read_text())
    again = plan_scenario(cases.urgent(24), PlanOptions.from_dict(saved["options"]))
    assert again.plan.options == saved["options"]
    assert _timeless(again.plan) == _timeless(Plan.from_dict(saved))


def _timeless(plan: Plan) -> dict:
    d = plan.to_dict()
    d["stats"] = {k: v for k, v in d["stats"].items() if k not in TIME_LIKE}
    return {k: v for k, v in d.items() if k not in TIME_LIKE}


def test_a_registered_solver_is_called_with_the_deadline_and_seed(recording):
    events: list[ProgressEvent] = []
    deadline = Deadline.after(30)
    options = EXACT.replace(method="recording", seed=5)
    outcome = plan_scenario(
        cases.consolidation(), options, deadline=deadline, progress=events.append
    )
    [(problem, solve_by, seed)] = recording
    assert seed == 5
    assert len(problem.demands) == 2
    assert solve_by.at <= deadline.at - finish_margin(30)
    assert not solve_by.expired
    assert outcome.plan.solver == "recording"
    assert outcome.plan.objective == pytest.approx(6400)
    assert next(e.solver for e in events if e.stage == "solve") == "recording"


def test_a_method_is_accepted_once_registered(recording):
    assert PlanOptions(method="recording").method == "recording"
    assert "recording" in registry.available_solvers()


def test_an_unknown_method_is_a_clear_error():
    with pytest.raises(KeyError, match=r"unknown design method 'nope'.*mip"):
        registry.get_solver("nope")
    with pytest.raises(ScenarioError, match=r'field "method".*nope'):
        PlanOptions(method="nope")


@pytest.mark.parametrize("design_stop", ["work", "time"])
def test_a_passed_deadline_gives_a_time_limit_status_not_a_traceback(design_stop):
    """Stopped on work or on the clock, the deadline is a hard stop."""
    scn = load_scenario(EXAMPLE_DIR)
    events: list[ProgressEvent] = []
    outcome = plan_scenario(
        scn,
        PlanOptions(time_limit=5, dispatch_time=1, design_stop=design_stop),
        deadline=Deadline(time.monotonic() - 1),
        progress=events.append,
    )
    plan = outcome.plan
    assert plan.status in (PlanStatus.NO_SOLUTION_IN_TIME, PlanStatus.FEASIBLE_AT_LIMIT)
    assert outcome.kpis.status == plan.status
    assert stages(events)[-2:] == ["kpi", "check"]
    if plan.status is PlanStatus.NO_SOLUTION_IN_TIME:
        assert plan.objective is None and plan.itineraries == ()
        assert "time limit" in plan.message.lower()
        assert {u.reason for u in plan.unserved} <= {
            UnservedReason.TIME_LIMIT,
            UnservedReason.NO_PATH_BEFORE_DUE,
        }
        assert outcome.kpis.unserved_orders == len(scn.orders)
        assert "dispatch" not in stages(events)  # nothing to route


def test_progress_stages_arrive_in_order_with_the_solver_named():
    events: list[ProgressEvent] = []
    scn = with_fleet(cases.consolidation())
    plan_scenario(scn, EXACT.replace(dispatch_time=1, method="mip"), progress=events.append)
    assert stages(events) == ["network", "solve", "decode", "dispatch", "kpi", "check"]
    solve = [e for e in events if e.stage == "solve"]
    assert solve[0].solver == "highs-arc-mip"
    assert {e.solver for e in solve} == {"highs-arc-mip"}
    dispatch = [e for e in events if e.stage == "dispatch"]
    assert dispatch and {e.solver for e in dispatch} == {PlanOptions().dispatch_backend}


@pytest.mark.parametrize("method", ["mip", "colgen"])
def test_the_solve_shows_the_objective_the_plan_states(method):
    """Progress objective and bound carry the penalty of orders no path serves, as the plan's do
    (the example has three): the last figures shown are the plan's own."""
    scn = load_scenario(EXAMPLE_DIR)
    events: list[ProgressEvent] = []
    options = PlanOptions(time_limit=30, dispatch_time=0, method=method)
    plan = plan_scenario(scn, options, progress=events.append).plan
    assert any(u.reason == UnservedReason.NO_PATH_BEFORE_DUE for u in plan.unserved)
    shown = [e for e in events if e.stage == "solve" and e.objective is not None]
    assert shown and plan.objective is not None and plan.lower_bound is not None
    last = shown[-1]  # the solver may improve after its last report: within the gap asked
    assert last.objective == pytest.approx(plan.objective, rel=options.mip_gap)
    assert last.bound is not None and last.bound <= last.objective
    assert last.bound == pytest.approx(plan.lower_bound, rel=options.mip_gap)


def test_no_dispatch_stage_without_a_fleet_or_without_routing_time():
    for scn, dispatch_time in (
        (cases.consolidation(), 1.0),
        (with_fleet(cases.consolidation()), 0),
    ):
        events: list[ProgressEvent] = []
        plan_scenario(scn, EXACT.replace(dispatch_time=dispatch_time), progress=events.append)
        assert stages(events) == ["network", "solve", "decode", "kpi", "check"]


def test_a_plan_without_solution_keeps_the_no_path_penalty_in_its_bound():
    """Unreachable tonnes cost the same in every plan, so the bound includes them even when
    the solver found no plan in time."""
    scn = cases.urgent(5)  # 2 t that nothing delivers in time
    plan = Plan(
        scenario=scn.name,
        itineraries=(),
        departures=(),
        status=PlanStatus.NO_SOLUTION_IN_TIME,
        solver="none",
        unserved=(
            Unserved(order="o1", tonnes=2.0, reason=UnservedReason.NO_PATH_BEFORE_DUE, detail=""),
        ),
        lower_bound=10.0,
    )
    restated, kpis = _with_objective(scn, plan)
    assert restated.objective is None
    assert restated.lower_bound == pytest.approx(10.0 + 2.0 * scn.parameters.unserved_cost_per_t)
    assert kpis.lower_bound == restated.lower_bound


def without_service(scn, ident: str):
    return dataclasses.replace(scn, services=tuple(s for s in scn.services if s.id != ident))


WHAT_IFS = {  # (scenario before, scenario after, overrides after)
    "carbon price": (cases.consolidation(), cases.consolidation(), ("carbon_price=200",)),
    "yard area": (cases.small_yard(7.0), cases.small_yard(5.0), ()),
    "service removed": (cases.consolidation(), without_service(cases.consolidation(), "H-C"), ()),
    "service added": (without_service(cases.consolidation(), "H-C"), cases.consolidation(), ()),
}


@pytest.mark.parametrize("method", ["colgen", "mip", "auto"])
@pytest.mark.parametrize("change", list(WHAT_IFS))
def test_a_what_if_warm_started_from_the_plan_before_is_no_worse_than_cold(method, change):
    before, after, overrides = WHAT_IFS[change]
    options = EXACT.replace(method=method)
    first = plan_scenario(before, options)
    assert first.previous is not None and first.previous.warm.incumbent
    changed = options.replace(overrides=overrides)
    cold = plan_scenario(after, changed)
    warm = plan_scenario(after, changed, warm_from=first)
    assert warm.ok and cold.ok
    assert warm.plan.objective <= cold.plan.objective + 1e-6 * abs(cold.plan.objective)
    if method == "colgen" and change != "service removed":
        assert warm.plan.stats["warm_paths"] > 0  # the earlier paths were used


def test_the_design_solve_is_sized_from_the_options_alone():
    options = PlanOptions(time_limit=60, dispatch_time=5)
    margin = finish_margin(60)
    assert design_settings(options, routing=True).work_seconds == pytest.approx(60 - margin - 5)
    assert design_settings(options, routing=False).work_seconds == pytest.approx(60 - margin)
    assert design_settings(options.replace(design_stop="time"), True).work_seconds is None


def test_the_finish_margin_grows_with_the_orders_up_to_half_the_limit():
    fixed = finish_margin(60)
    assert fixed == pytest.approx(1.7)
    assert finish_margin(60, orders=100) == fixed  # a small scenario keeps the fixed margin
    assert finish_margin(60, orders=5000) == pytest.approx(5000 * run.FINISH_S_PER_ORDER)
    assert finish_margin(60, orders=10**6) == pytest.approx(30.0)  # the solvers keep half
    options = PlanOptions(time_limit=60, dispatch_time=5)
    margin = finish_margin(60, 5000)
    sized = design_settings(options, routing=False, orders=5000)
    assert sized.work_seconds == pytest.approx(60 - margin)


def test_the_land_dual_lp_takes_no_time_from_the_finish_margin(monkeypatch):
    given: list[Deadline] = []

    def recording(scenario, net, plan, *, deadline):
        given.append(deadline)
        return {}

    monkeypatch.setattr(run, "land_duals", recording)
    deadline = Deadline.after(30)
    plan_scenario(cases.consolidation(), EXACT, deadline=deadline)
    [land] = given
    assert land.at == pytest.approx(deadline.at - finish_margin(30, 2))
