"""First use of an empty database by several processes at once: every one of them succeeds."""

from __future__ import annotations

import multiprocessing
import sqlite3
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier

import pytest

from hubflow.store import open_store

OPENERS = 6


def _open_and_save(url: str, start: Barrier, results: Queue) -> None:  # type: ignore[type-arg]
    """One process: wait for the others, then open the fresh store and save a plan."""
    start.wait()
    try:
        with open_store(url) as store:
            scenario = store.save_scenario("week-12", {"orders": 3})
            store.save_plan(scenario.id, {"objective": float("inf")}, {"total_cost": 1.0})
        results.put("ok")
    except Exception as exc:  # reported to the test, which names it
        results.put(f"{type(exc).__name__}: {exc}")


def test_concurrent_first_use_of_an_empty_database_always_works(store_url: str) -> None:
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(OPENERS), ctx.Queue()
    workers = [
        ctx.Process(target=_open_and_save, args=(store_url, start, results)) for _ in range(OPENERS)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert outcomes == ["ok"] * OPENERS
    with open_store(store_url) as store:
        assert [s.version for s in store.scenarios()] == [1]
        plans = store.plans()
        assert len(plans) == OPENERS
        assert all(p.objective is None and p.content == {"objective": None} for p in plans)


def test_a_new_connection_waits_out_a_locked_database_while_it_sets_itself_up() -> None:
    """SQLite can answer "database is locked" to a new connection's first statements without
    waiting (while another process clears the WAL files): the set-up tries again."""
    from hubflow.store import store as store_module

    calls = []

    def locked_twice() -> None:
        calls.append(1)
        if len(calls) <= 2:
            raise sqlite3.OperationalError("database is locked")

    store_module._while_busy(locked_twice, seconds=5)
    assert len(calls) == 3
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        store_module._while_busy(locked_forever, seconds=0.05)
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        store_module._while_busy(no_table, seconds=5)


def locked_forever() -> None:
    raise sqlite3.OperationalError("database is locked")


def no_table() -> None:
    raise sqlite3.OperationalError("no such table: x")
