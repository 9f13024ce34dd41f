"""Run a HiGHS solve on this thread's task scheduler, sized for the solve's thread count.

HiGHS keeps one task scheduler per calling thread, made with the ``threads`` option of the
first solve on that thread; a later solve on the same thread with another count does not run
(its model status stays "Not Set"). A service or a notebook plans with ``threads=1`` and then
``threads=2``, or recombines routes between two plans, on one thread; so every solve goes
through :func:`run`, which restarts this thread's scheduler when the count changes.
"""

from __future__ import annotations

import threading

import highspy

_made_for = threading.local()  # .threads: the option value this thread's scheduler was made for


def run(h: highspy.Highs) -> highspy.HighsStatus:
    """``h.run()``, first restarting this thread's HiGHS scheduler if it has another size."""
    got = h.getOptionValue("threads")
    threads = got[1] if isinstance(got, tuple) else got  # (status, value) in recent highspy
    if getattr(_made_for, "threads", None) != threads:  # also a scheduler made elsewhere
        highspy.Highs.resetGlobalScheduler(True)  # this thread's scheduler only; none runs here
    _made_for.threads = threads
    return h.run()
