"""A thin wrapper around highspy: build a model from sparse triplets, set limits, report progress.

HiGHS is kept quiet through its own options (``output_flag``), never by redirecting file
descriptors, so it is safe in threads, servers and worker processes. (HiGHS prints a one-line
banner on stdout when the first solver object of a process is made; the CLI deals with that at
its edge.)
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import highspy
import numpy as np
from highspy.highs import HighsCallbackEvent

from hubflow.consolidate.problem import FloatArray, IntArray
from hubflow.deadline import Deadline, Progress, ProgressEvent

PROGRESS_EVERY = 0.5  # seconds between progress events from inside a solve


def new_highs(deadline: Deadline, mip_rel_gap: float, seed: int, threads: int = 1) -> highspy.Highs:
    """A silent HiGHS instance that stops at ``deadline`` (at least 0.1 s) or ``mip_rel_gap``."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    left = deadline.left()
    h.setOptionValue("time_limit", float(max(left, 0.1)) if math.isfinite(left) else math.inf)
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    h.setOptionValue("random_seed", int(seed))
    h.setOptionValue("threads", int(threads))
    return h


def report_progress(h: highspy.Highs, progress: Progress, solver: str) -> None:
    """Send (objective, bound) to ``progress`` at most every PROGRESS_EVERY s while HiGHS runs."""
    last = [0.0]

    def tell(event: HighsCallbackEvent) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_EVERY:
            return
        last[0] = now
        out = event.data_out
        primal, dual = float(out.mip_primal_bound), float(out.mip_dual_bound)
        progress(
            ProgressEvent(
                "solve",
                objective=primal if math.isfinite(primal) else None,
                bound=dual if math.isfinite(dual) else None,
                solver=solver,
            )
        )

    h.cbMipInterrupt.subscribe(tell)
    h.cbMipImprovingSolution.subscribe(tell)


@dataclass(slots=True)
class SparseModel:
    """min c·x s.t. row_lower <= A x <= row_upper, col bounds, integrality; A as triplets."""

    cost: FloatArray
    col_lower: FloatArray
    col_upper: FloatArray
    integer: np.ndarray  # bool per column
    rows: IntArray
    cols: IntArray
    vals: FloatArray
    row_lower: FloatArray
    row_upper: FloatArray

    def to_highs_lp(self) -> highspy.HighsLp:
        """Column-wise HighsLp from the triplets (no duplicate entries are made)."""
        n, m = len(self.cost), len(self.row_lower)
        order = np.lexsort((self.rows, self.cols))
        cols, rows, vals = self.cols[order], self.rows[order], self.vals[order]
        start = np.searchsorted(cols, np.arange(n + 1))
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = n, m
        lp.col_cost_ = self.cost
        lp.col_lower_ = self.col_lower
        lp.col_upper_ = self.col_upper
        lp.row_lower_ = self.row_lower
        lp.row_upper_ = self.row_upper
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, m
        lp.a_matrix_.start_ = start.astype(np.int32)
        lp.a_matrix_.index_ = rows.astype(np.int32)
        lp.a_matrix_.value_ = vals
        if self.integer.any():
            kind = np.where(self.integer, 1, 0)  # kInteger = 1, kContinuous = 0
            lp.integrality_ = [highspy.HighsVarType(int(k)) for k in kind]
        return lp
