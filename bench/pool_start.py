"""Start-up cost of the ``hubflow`` scheme's worker pool.

Wall time from creating a 2-worker pool to both workers having run a tiny PyVRP search
(0.01 s) on the problem passed as a task argument, and the pool shut down; three times each,
for ``fork`` (the old way, for reference), ``spawn`` and the scheme's ``LocalExecutor``
(a fork server that preloads PyVRP; its first pool also starts the server)::

    python bench/pool_start.py tests/dispatch/data/X-n101-k25.vrp
"""

from __future__ import annotations

import multiprocessing as mp
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from hubflow.dispatch import read
from hubflow.dispatch.backends.portfolio import _run
from hubflow.dispatch.executor import Executor, LocalExecutor


def _raw(method: str) -> Callable[[int], ProcessPoolExecutor]:
    return lambda workers: ProcessPoolExecutor(workers, mp_context=mp.get_context(method))


def main() -> None:
    problem = read(sys.argv[1], "round")
    pools: dict[str, Callable[[int], Executor | ProcessPoolExecutor]] = {
        "fork": _raw("fork"),
        "spawn": _raw("spawn"),
        "LocalExecutor": LocalExecutor,
    }
    for label, make in pools.items():
        times = []
        for _ in range(3):
            t = time.perf_counter()
            with make(2) as pool:
                for f in [pool.submit(_run, problem, 0.01, s, None) for s in range(2)]:
                    f.result()
            times.append(time.perf_counter() - t)
        print(f"{label:14} " + ", ".join(f"{x:.2f}" for x in times) + " s")


if __name__ == "__main__":
    main()
