"""The error tree: a ScenarioError bounds what it lists and says how much it left out."""

from __future__ import annotations

from hubflow.errors import Problem, ProblemLog, ScenarioError


def test_log_keeps_the_first_of_each_kind_and_counts_the_rest() -> None:
    log = ProblemLog(per_kind=2)
    for row in range(2, 7):
        log.append(Problem("orders.csv", row, "id", "repeats"))
    log.append(Problem("orders.csv", 3, "due", "late"))
    assert len(log) == 6 and [p.row for p in log] == [2, 3, 3]
    error = ScenarioError(log)
    assert error.total == 6
    assert str(error.problems[-1]) == (
        'orders.csv, field "id": ... and 3 more problems of this kind '
        "(load with all_errors=True to list them all)"
    )


def test_log_without_a_cap_keeps_everything() -> None:
    log = ProblemLog(per_kind=None)
    log.extend(Problem("f", n, "x", "bad") for n in range(100))
    assert len(ScenarioError(log).problems) == 100


def test_a_long_plain_list_keeps_every_problem_but_a_short_message() -> None:
    error = ScenarioError([Problem("f", n, "x", "bad") for n in range(10_000)])
    assert len(error.problems) == error.total == 10_000
    assert str(error).count("\n") == 20  # 20 problems and the "... and 9,980 more" line
