"""An executor that runs every task at once in this process: the dispatch schemes need nothing
from ``fork`` or a pool to be tested."""

from __future__ import annotations

from concurrent.futures import Future


class InlineExecutor:
    """Runs each submitted task at once; counts the tasks."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.tasks = 0

    def submit(self, fn, /, *args) -> Future:
        self.tasks += 1
        fut: Future = Future()
        fut.set_result(fn(*args))
        return fut

    def __enter__(self) -> InlineExecutor:
        return self

    def __exit__(self, *exc) -> None:
        pass
