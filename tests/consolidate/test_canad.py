"""The Canad .dow reader on a tiny hand-written file, and its located errors."""

from __future__ import annotations

import numpy as np
import pytest

from hubflow.consolidate import ArcMipSolver, SolverSettings
from hubflow.consolidate.canad import DowError, parse_dow, read_dow
from hubflow.consolidate.verify import check_dow_solution

# 3 nodes; arcs 1->2 (cost 1, cap 10, fixed 50), 2->3 (1, 10, 50), 1->3 (5, 10, 20);
# commodity 1->3 of 6 units: direct costs 6·5 + 20 = 50, via node 2 costs 6·2 + 100 = 112.
TINY = """MULTIGEN.DAT:
 3 3 1
 1 2 1 10 50 1 1
 1 3 5 10 20 1 3
 2 3 1 10 50 1 2
 1 3 6
"""


def test_reader_builds_a_static_design_problem():
    inst = parse_dow(TINY, "tiny.dow")
    p = inst.problem
    assert p.n_nodes == 3 and p.n_arcs == 3
    assert list(p.tail) == [0, 0, 1] and list(p.head) == [1, 2, 2]
    assert list(p.max_vehicles) == [1, 1, 1]
    assert list(p.fixed_cost) == [50, 20, 50]
    d = p.demands[0]
    assert (d.origin, d.destination, d.quantity) == (0, 2, 6.0)
    assert d.penalty > 5 * 2 + 120  # more than the costliest path plus every arc opened


def test_tiny_file_optimum_and_checked_solution(tmp_path):
    path = tmp_path / "tiny.dow"
    path.write_text(TINY)
    r = ArcMipSolver(SolverSettings(mip_gap=0)).solve(read_dow(path).problem, deadline=10)
    assert r.objective == pytest.approx(50.0)
    sol = {"open": [int(a) for a in np.flatnonzero(r.vehicles)], "flows": [[0, 1, 6.0]]}
    check = check_dow_solution(path, sol)
    assert check.ok and check.cost == pytest.approx(50.0)
    broken = check_dow_solution(path, {"open": [], "flows": [[0, 1, 4.0]]})
    assert len(broken.violations) == 3  # closed arc, and conservation at nodes 1 and 3


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("MULTIGEN:\n3 3 1\n", 1, "label"),
        (TINY.replace(" 3 3 1", " 3 three 1"), 2, "integers"),
        (TINY.replace(" 2 3 1 10 50 1 2", " 2 3 1 10 50 1"), 5, "7 integers"),
        (TINY.replace(" 1 3 5 10 20 1 3", " 1 4 5 10 20 1 3"), 4, "outside 1..3"),
        (TINY.replace(" 1 3 6", " 1 1 6"), 6, "origin != destination"),
        (TINY + " 2 3 4\n", 7, "found 5 lines"),
    ],
)
def test_bad_files_are_refused_with_the_line(text, line, words):
    with pytest.raises(DowError) as e:
        parse_dow(text, "bad.dow")
    assert e.value.line == line
    assert words in str(e.value) and "bad.dow" in str(e.value)


def test_a_dow_file_over_the_limit_is_refused_from_its_size(tmp_path, monkeypatch):
    import os
    from pathlib import Path

    from hubflow.consolidate.canad import MAX_DOW_BYTES, DowError, read_dow

    path = tmp_path / "big.dow"
    with path.open("ab") as f:
        os.truncate(f.fileno(), MAX_DOW_BYTES + 1)
    monkeypatch.setattr(Path, "read_text", lambda *_, **__: pytest.fail("the file was read"))
    with pytest.raises(DowError, match="a design file may be at most 64 MiB"):
        read_dow(path)
