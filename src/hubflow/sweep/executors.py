"""Where a sweep's variants run: a local process pool, or Ray (a local runtime or a cluster).

Both follow :class:`hubflow.dispatch.executor.Executor` (``submit`` returning a future, closed by
leaving a ``with`` block); the work is the same module-level function for both.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Self

from hubflow.dispatch.executor import Executor, LocalExecutor
from hubflow.errors import BackendUnavailable, SolverError

__all__ = [
    "Executor",
    "PoolExecutor",
    "RayExecutor",
    "SequentialExecutor",
    "make_executor",
    "ray_available",
]


class PoolExecutor(LocalExecutor):
    """The local process pool (``forkserver``, else ``spawn``) whose workers keep stdout quiet:
    the routing engine's :class:`~hubflow.dispatch.executor.LocalExecutor`, by the sweep's name."""


def ray_available() -> bool:
    """Whether the ``ray`` extra is installed."""
    try:
        import ray  # noqa: F401
    except ImportError:
        return False
    return True


class RayExecutor:
    """Runs work as Ray tasks of one CPU each: on a local runtime of ``workers`` CPUs started
    here (offline: no dashboard, worker logs kept out of the driver), or on the cluster at
    ``address``. A runtime started here is shut down on leaving the ``with`` block."""

    def __init__(self, workers: int, address: str | None = None) -> None:
        try:
            import ray
        except ImportError:
            raise BackendUnavailable("Ray is not installed: pip install 'hubflow[ray]'") from None

        self.workers = workers
        self._ray = ray
        self._started = False
        self._tasks: dict[Callable[..., Any], Any] = {}
        self.address = address

    def __enter__(self) -> Self:
        if not self._ray.is_initialized():
            try:
                if self.address:
                    self._ray.init(address=self.address, log_to_driver=False)
                else:
                    self._ray.init(
                        num_cpus=self.workers, include_dashboard=False, log_to_driver=False
                    )
            except (ConnectionError, RuntimeError, ValueError) as e:
                where = self.address or "a local runtime"
                raise SolverError(f"Ray could not start on {where}: {e}") from None
            self._started = True
        return self

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Future[Any]:
        task = self._tasks.get(fn)
        if task is None:
            task = self._tasks[fn] = self._ray.remote(num_cpus=1, max_retries=0)(fn)
        future: Future[Any] = task.remote(*args).future()
        return future

    def __exit__(self, *exc: object) -> None:
        if self._started:
            self._ray.shutdown()


class SequentialExecutor:
    """Runs each piece of work at once in this process: the one-after-another reference."""

    workers = 1

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as e:
            future.set_exception(e)
        return future

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def make_executor(kind: str, workers: int, address: str | None = None) -> Executor:
    """``pool`` (local processes), ``ray`` (local runtime or ``address``) or ``sequential``."""
    if kind == "ray":
        return RayExecutor(workers, address)
    if kind == "sequential":
        return SequentialExecutor()
    return PoolExecutor(workers)
