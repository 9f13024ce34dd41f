"""Round trips, versioning, failures and concurrent writers, on every back-end."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, insert
from sqlalchemy.exc import IntegrityError

from hubflow.errors import StoreError
from hubflow.model.plan import (
    DepartureRun,
    Itinerary,
    Leg,
    Plan,
    PlanStatus,
    Unserved,
    UnservedReason,
)
from hubflow.store import PlanRecord, ScenarioRecord, Store, open_store, store_plan
from hubflow.store.tables import ScenarioRow

SCENARIO = {
    "name": "two-orders",
    "parameters": {"horizon_h": 48, "currency": "CNY", "carbon_price": 0.0},
    "sites": [{"id": "A", "lat": 34.7, "lon": 113.6}, {"id": "B", "lat": 31.2, "lon": 121.5}],
    "orders": [{"id": "o1", "tonnes": 12.5, "due": "2025-03-04T08:00"}],
    "note": "Zhengzhou → 上海",
}


def small_plan() -> Plan:
    leg = Leg(
        service="rail-AB",
        mode="rail",
        origin="A",
        destination="B",
        departure=60,
        arrival=600,
        tonnes=12.5,
    )
    return Plan(
        scenario="two-orders",
        itineraries=(Itinerary(order="o1", tonnes=12.5, legs=(leg,), delivered=600),),
        departures=(
            DepartureRun(
                service="rail-AB",
                mode="rail",
                origin="A",
                destination="B",
                departure=60,
                arrival=600,
                vehicles=1,
                load_t=12.5,
                capacity_t=40.0,
            ),
        ),
        unserved=(
            Unserved(order="o2", tonnes=3.0, reason=UnservedReason.CAPACITY, detail="train full"),
        ),
        status=PlanStatus.OPTIMAL,
        solver="highs-arc-mip",
        objective=1234.5,
        lower_bound=1230.0,
        solve_seconds=0.2,
        stats={"variables": 10.0},
    )


KPIS = {
    "orders": 2,
    "on_time_pct": 50.0,
    "total_cost": 1200.0,
    "gap_pct": 0.3645,
    "co2e_t": 0.41,
    "status": "OPTIMAL",
}


# -- round trips ------------------------------------------------------------------------------


def test_scenario_round_trip(store: Store) -> None:
    before = datetime.now(UTC)
    saved = store.save_scenario("zhengzhou", SCENARIO)

    assert isinstance(saved, ScenarioRecord)
    assert (saved.name, saved.version) == ("zhengzhou", 1)
    assert saved.content == SCENARIO
    assert len(saved.sha256) == 64
    assert saved.created_at.tzinfo is not None
    assert before - timedelta(seconds=5) <= saved.created_at <= datetime.now(UTC)

    for loaded in (store.scenario(saved.id), store.latest_scenario("zhengzhou")):
        assert loaded == saved
    assert store.scenarios() == [saved]


def test_plan_round_trip_through_plan_from_dict(store: Store) -> None:
    scenario = store.save_scenario("two-orders", SCENARIO)
    plan = small_plan()

    saved = store.save_plan(scenario.id, plan.to_dict(), KPIS)

    assert isinstance(saved, PlanRecord)
    assert saved.scenario_id == scenario.id
    assert (saved.solver, saved.status) == ("highs-arc-mip", "OPTIMAL")
    assert (saved.objective, saved.lower_bound) == (1234.5, 1230.0)
    assert (saved.gap_pct, saved.total_cost, saved.co2e_t, saved.on_time_pct) == (
        0.3645,
        1200.0,
        0.41,
        50.0,
    )
    assert saved.kpis == KPIS
    loaded = store.plan(saved.id)
    assert loaded == saved
    assert Plan.from_dict(loaded.content) == plan  # tuples come back as lists; from_dict copes
    assert store.plans() == [saved]
    assert store.plans(scenario.id) == [saved]


def test_plan_summary_columns_missing_are_none(store: Store) -> None:
    scenario = store.save_scenario("s", {"a": 1})
    saved = store.save_plan(scenario.id, {"itineraries": []}, {})
    assert (saved.solver, saved.status, saved.objective, saved.gap_pct) == (None, None, None, None)
    assert store.plan(saved.id) == saved


def test_missing_ids_and_names_give_none(store: Store) -> None:
    assert store.scenario(1) is None
    assert store.latest_scenario("nope") is None
    assert store.plan(1) is None
    assert store.scenarios() == []
    assert store.plans() == []


def test_rows_survive_reopening(store_url: str) -> None:
    with open_store(store_url) as first:
        scenario = first.save_scenario("s", {"a": 1})
        plan = first.save_plan(scenario.id, {"objective": 1.0}, {"total_cost": 1.0})
    with open_store(store_url) as second:
        assert second.scenarios() == [scenario]
        assert second.plans() == [plan]


# -- versioning -------------------------------------------------------------------------------


def test_changed_content_makes_a_new_version(store: Store) -> None:
    v1 = store.save_scenario("week", {"orders": 1})
    v2 = store.save_scenario("week", {"orders": 2})
    assert (v1.version, v2.version) == (1, 2)
    assert v2.id != v1.id
    assert store.latest_scenario("week") == v2
    assert store.scenario(v1.id) == v1  # the old version is never overwritten
    assert [s.version for s in store.scenarios("week")] == [1, 2]


def test_identical_content_returns_the_latest_row(store: Store) -> None:
    v1 = store.save_scenario("week", {"b": [1, 2], "a": 1.5})
    again = store.save_scenario("week", {"a": 1.5, "b": (1, 2)})  # same JSON, other key order
    assert again == v1
    assert len(store.scenarios()) == 1


def test_returning_to_old_content_makes_a_new_version(store: Store) -> None:
    store.save_scenario("week", {"orders": 1})
    store.save_scenario("week", {"orders": 2})
    v3 = store.save_scenario("week", {"orders": 1})
    assert v3.version == 3


def test_versions_count_per_name(store: Store) -> None:
    a1 = store.save_scenario("a", {"x": 1})
    b1 = store.save_scenario("b", {"x": 1})
    a2 = store.save_scenario("a", {"x": 2})
    assert (a1.version, b1.version, a2.version) == (1, 1, 2)
    assert a1.sha256 == b1.sha256
    assert [s.name for s in store.scenarios()] == ["a", "b", "a"]
    assert store.scenarios("b") == [b1]


def test_plans_filter_by_scenario(store: Store) -> None:
    s1 = store.save_scenario("a", {"x": 1})
    s2 = store.save_scenario("a", {"x": 2})
    p1 = store.save_plan(s1.id, {"objective": 1.0}, {})
    p2 = store.save_plan(s2.id, {"objective": 2.0}, {})
    p3 = store.save_plan(s1.id, {"objective": 3.0}, {})
    assert store.plans(s1.id) == [p1, p3]
    assert store.plans(s2.id) == [p2]
    assert store.plans() == [p1, p2, p3]


# -- failures leave earlier rows intact ---------------------------------------------------------


def test_plan_for_a_missing_scenario_is_refused(store: Store) -> None:
    scenario = store.save_scenario("s", {"a": 1})
    plan = store.save_plan(scenario.id, {"objective": 1.0}, {})

    with pytest.raises(StoreError, match=f"no scenario with id {scenario.id + 100}"):
        store.save_plan(scenario.id + 100, {"objective": 2.0}, {})

    assert store.scenarios() == [scenario]
    assert store.plans() == [plan]


def test_a_plan_without_a_solution_is_stored_with_null_objective(store: Store) -> None:
    scenario = store.save_scenario("s", {"a": 1})
    saved = store.save_plan(
        scenario.id,
        {"objective": float("inf"), "lower_bound": 0.0, "status": "NO_SOLUTION"},
        {"gap_pct": float("nan"), "total_cost": 0.0},
    )
    assert (saved.objective, saved.gap_pct, saved.total_cost) == (None, None, 0.0)
    assert store.plan(saved.id) == saved
    assert saved.content["objective"] is None and saved.kpis["gap_pct"] is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({"orders": [{"due": datetime(2025, 3, 4)}]}, r"\['orders'\]\[0\]\['due'\]: datetime"),
        ({"sites": {"A", "B"}}, r"\['sites'\]: set is not JSON-serialisable"),
        ({1: "x"}, r"key 1 is a int"),
        (["not", "a", "dict"], r"expected a dict"),
    ],
)
def test_content_that_is_not_json_is_refused(store: Store, content: object, message: str) -> None:
    v1 = store.save_scenario("s", {"a": 1})
    with pytest.raises(StoreError, match=message):
        store.save_scenario("s", content)  # type: ignore[arg-type]
    assert store.scenarios() == [v1]


def test_bad_plan_documents_are_refused(store: Store) -> None:
    scenario = store.save_scenario("s", {"a": 1})
    with pytest.raises(StoreError, match=r"kpis\['when'\]: datetime"):
        store.save_plan(scenario.id, {}, {"when": datetime.now(UTC)})
    with pytest.raises(StoreError, match="total_cost must be a number, got 'cheap'"):
        store.save_plan(scenario.id, {}, {"total_cost": "cheap"})
    with pytest.raises(StoreError, match="status must be a string of at most 50"):
        store.save_plan(scenario.id, {"status": "X" * 51}, {})
    assert store.plans() == []
    assert store.scenarios() == [scenario]


@pytest.mark.parametrize("name", ["", "   ", "x" * 201, None])
def test_bad_scenario_names_are_refused(store: Store, name: object) -> None:
    with pytest.raises(StoreError, match="scenario name"):
        store.save_scenario(name, {"a": 1})  # type: ignore[arg-type]
    assert store.scenarios() == []


def test_a_write_failing_inside_the_database_is_rolled_back(store: Store) -> None:
    """The database itself fails the INSERT: the error is a StoreError and nothing is half-kept."""
    v1 = store.save_scenario("s", {"a": 1})
    plan = store.save_plan(v1.id, {"objective": 1.0}, {})

    def refuse_inserts(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("INSERT"):
            raise conn.dialect.loaded_dbapi.OperationalError("disk full (simulated)")

    engine = store._engine
    event.listen(engine, "before_cursor_execute", refuse_inserts)
    try:
        with pytest.raises(StoreError, match=r"saving scenario 's' failed .*disk full"):
            store.save_scenario("s", {"a": 2})
        with pytest.raises(StoreError, match=r"saving a plan of scenario .* failed"):
            store.save_plan(v1.id, {"objective": 2.0}, {})
    finally:
        event.remove(engine, "before_cursor_execute", refuse_inserts)

    assert store.scenarios() == [v1]
    assert store.plans() == [plan]
    assert store.save_scenario("s", {"a": 2}).version == 2  # the store is still usable


# -- concurrent writers ------------------------------------------------------------------------


def test_name_and_version_are_unique(store: Store) -> None:
    v1 = store.save_scenario("s", {"a": 1})
    with store._engine.begin() as conn, pytest.raises(IntegrityError):
        conn.execute(
            insert(ScenarioRow).values(
                name="s", version=1, created_at=v1.created_at, sha256="0" * 64, content={"a": 9}
            )
        )
    assert store.scenarios() == [v1]


def test_concurrent_writers_get_distinct_consecutive_versions(store_url: str) -> None:
    """Several stores (own connections) save the same name at once: versions 1..N, none shared."""
    writers, saves = 4, 5
    stores = [open_store(store_url) for _ in range(writers)]
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def write(index: int, target: Store) -> None:
        try:
            start.wait()
            for k in range(saves):
                target.save_scenario("shared", {"writer": index, "save": k})
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i, s)) for i, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in stores:
        s.close()

    assert errors == []
    with open_store(store_url) as check:
        rows = check.scenarios("shared")
    assert sorted(r.version for r in rows) == list(range(1, writers * saves + 1))
    assert len({(r.content["writer"], r.content["save"]) for r in rows}) == writers * saves


def _racing_writer(engine, times: int) -> list[str]:  # type: ignore[no-untyped-def]
    """Before each of the next ``times`` scenario INSERTs, slip in a row with the same version.

    The conflicting row goes through the same cursor, so it is rolled back with the transaction
    that fails; this imitates losing the race to another writer on every back-end.
    Returns the list of INSERTs seen, to count attempts.
    """
    seen: list[str] = []

    def race(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("INSERT INTO SCENARIOS"):
            seen.append(statement)
            if len(seen) <= times:
                cursor.execute(
                    "INSERT INTO scenarios (name, version, created_at, sha256, content) "
                    "VALUES ('s', 2, CURRENT_TIMESTAMP, 'racer', '{}')"
                )

    event.listen(engine, "before_cursor_execute", race)
    return seen


def test_a_writer_that_loses_the_version_race_retries(store: Store) -> None:
    store.save_scenario("s", {"a": 1})
    seen = _racing_writer(store._engine, times=1)
    v2 = store.save_scenario("s", {"a": 2})
    assert len(seen) == 2
    assert v2.version == 2
    assert [(r.version, r.content) for r in store.scenarios("s")] == [(1, {"a": 1}), (2, {"a": 2})]


def test_a_writer_that_always_loses_gives_up_with_a_store_error(store: Store) -> None:
    v1 = store.save_scenario("s", {"a": 1})
    _racing_writer(store._engine, times=1000)
    with pytest.raises(StoreError, match=r"saving scenario 's' failed .*(?i:unique|duplicate)"):
        store.save_scenario("s", {"a": 2})
    assert store.scenarios() == [v1]


def test_store_plan_saves_scenario_and_plan_in_one_call(store_url: str) -> None:
    first = store_plan(store_url, "s", {"a": 1}, {"objective": 5.0}, {"total_cost": 5.0})
    second = store_plan(store_url, "s", {"a": 1}, {"objective": 4.0}, {"total_cost": 4.0})
    assert first.scenario_id == second.scenario_id  # unchanged scenario: no new version
    with open_store(store_url) as store:
        assert [p.objective for p in store.plans()] == [5.0, 4.0]


def test_store_plan_failure_is_one_line_naming_the_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'no-such-folder' / 'h.db'}"
    with pytest.raises(StoreError) as caught:
        store_plan(url, "s", {"a": 1}, {"objective": 1.0}, {})
    message = str(caught.value)
    assert message.startswith("opening the store at") and url in message
    assert "\n" not in message
