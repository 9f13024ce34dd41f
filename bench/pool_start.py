"""Start-up cost of the ``hubflow`` scheme's worker pool under each start method.

Wall time from creating a 2-worker process pool to both workers having run a tiny PyVRP search
(0.01 s) on the problem passed as a task argument, and the pool shut down; three times each::

    python bench/pool_start.py tests/dispatch/data/X-n101-k25.vrp
"""

from __future__ import annotations

import multiprocessing as mp
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from hubflow.dispatch import read
from hubflow.dispatch.backends.portfolio import _run


def main() -> None:
    problem = read(sys.argv[1], "round")
    for method in ("fork", "forkserver", "spawn"):
        times = []
        for _ in range(3):
            t = time.perf_counter()
            with ProcessPoolExecutor(2, mp_context=mp.get_context(method)) as pool:
                for f in [pool.submit(_run, problem, 0.01, s, None) for s in range(2)]:
                    f.result()
            times.append(time.perf_counter() - t)
        print(f"{method:10} " + ", ".join(f"{x:.2f}" for x in times) + " s")


if __name__ == "__main__":
    main()
