"""A thin, quiet wrapper around highspy: build a model from sparse triplets, solve, read bound."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import highspy
import numpy as np

from hubflow.consolidate.problem import FloatArray, IntArray


@contextlib.contextmanager
def _stdout_silenced() -> Iterator[None]:
    """HiGHS prints a banner on stdout from C++ when first constructed; keep stdout clean."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def new_highs(time_limit: float, mip_rel_gap: float, seed: int) -> highspy.Highs:
    """A silent HiGHS instance with the given limits."""
    with _stdout_silenced():
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(max(time_limit, 0.1)))
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    h.setOptionValue("random_seed", int(seed))
    h.setOptionValue("threads", 1)
    return h


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
        """Column-wise HighsLp from the triplets (duplicates are summed by HiGHS' caller: none here)."""
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
