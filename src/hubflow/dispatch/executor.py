"""Where parallel searches run: a narrow executor seam, and a local process pool behind it.

Work goes to the workers as explicit, picklable arguments (the problem included), never through
module state inherited by ``fork``; so the same code runs in a server, a worker or a notebook, and
a cluster executor (Ray) can implement :class:`Executor` later without touching the engine.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol, Self

__all__ = ["Executor", "LocalExecutor"]


class Executor(Protocol):
    """Runs ``fn(*args)`` somewhere and returns a future; closed by leaving its ``with`` block."""

    workers: int

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Future[Any]: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


#: imported once by the fork server, so each worker forked from it starts with PyVRP loaded
PRELOAD = ["hubflow.dispatch.backends.pyvrp_backend"]


class LocalExecutor:
    """A process pool on this machine whose workers inherit nothing from the caller: forked from
    a clean fork server (``forkserver``, which preloads the PyVRP back-end) where the platform
    has one, else started with ``spawn``; workers start on the first ``submit`` and print
    nothing on stdout (:func:`_silent_worker`)."""

    def __init__(self, workers: int, start_method: str | None = None) -> None:
        self.workers = workers
        self._pool = ProcessPoolExecutor(
            workers, mp_context=_context(start_method), initializer=_silent_worker
        )

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Future[Any]:
        return self._pool.submit(fn, *args)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _silent_worker() -> None:
    """A worker returns its results and prints nothing; solvers' banners (HiGHS prints one on
    stdout when a process makes its first solver) must not reach the caller's stdout, which
    may be carrying ``--json``. Done once when the worker process starts."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)


def _context(start_method: str | None) -> mp.context.BaseContext:
    if start_method is None:
        start_method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    if start_method == "fork":
        raise ValueError("fork is not safe here (threads, servers): use forkserver or spawn")
    ctx = mp.get_context(start_method)
    if start_method == "forkserver":
        ctx.set_forkserver_preload(PRELOAD)
    return ctx
