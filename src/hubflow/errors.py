"""The exception tree of hubflow.

::

    HubflowError
    ├── ScenarioError      bad input: names file, row, field, value and what was expected
    ├── PlanError          a plan cannot be built (e.g. nothing to plan)
    ├── BackendUnavailable a solver back-end's extra is not installed
    ├── SolverError        a solver failed in a way that is not the input's fault
    ├── CheckFailed        the independent checker found violations
    ├── StoreError         the database refused a read or write
    └── OutputPathError    an output path (``--out``) cannot be written; an input error

Infeasible orders are not exceptions: a Plan lists them in ``unserved`` with a reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

PROBLEMS_PER_KIND = 20  # problems kept per (file, field) before only counting the rest


class HubflowError(Exception):
    """Base of every error hubflow raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input, located as a spreadsheet user sees it (header = row 1)."""

    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f'field "{self.field}"')
        return f"{', '.join(where)}: {self.message}"


class ProblemLog:
    """Problems as they are found: at most ``per_kind`` kept per (file, field), the rest counted.

    A damaged table can yield a problem on every one of a million rows; keeping the first few
    of each kind bounds memory and output while the count stays exact. ``per_kind=None`` keeps all.
    """

    def __init__(self, per_kind: int | None = PROBLEMS_PER_KIND) -> None:
        self.per_kind = per_kind
        self.kept: list[Problem] = []
        self.counts: dict[tuple[str, str | None], int] = {}
        self.total = 0

    def append(self, problem: Problem) -> None:
        self.total += 1
        kind = (problem.file, problem.field)
        seen = self.counts[kind] = self.counts.get(kind, 0) + 1
        if self.per_kind is None or seen <= self.per_kind:
            self.kept.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def __len__(self) -> int:
        return self.total

    def __bool__(self) -> bool:
        return self.total > 0

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.kept)

    def summary(self) -> list[Problem]:
        """The kept problems, then one line per kind that has more than were kept."""
        lines = list(self.kept)
        for (file, field), count in self.counts.items():
            if self.per_kind is not None and count > self.per_kind:
                more = count - self.per_kind
                lines.append(
                    Problem(
                        file,
                        None,
                        field,
                        f"... and {more:,} more problems of this kind "
                        "(load with all_errors=True to list them all)",
                    )
                )
        return lines


class ScenarioError(HubflowError):
    """The scenario's files or objects are invalid; ``problems`` lists every issue found.

    From a ``ProblemLog`` that kept only the first problems of each kind, ``problems`` ends with
    one "... and N more problems of this kind" entry per such kind, and ``total`` counts them all.
    """

    def __init__(self, problems: Iterable[Problem] | Problem | ProblemLog) -> None:
        if isinstance(problems, Problem):
            problems = [problems]
        if isinstance(problems, ProblemLog):
            self.problems = problems.summary()
            self.total = problems.total
        else:
            self.problems = list(problems)
            self.total = len(self.problems)
        shown = self.problems
        if len(shown) > PROBLEMS_PER_KIND * 50:  # a message is for people: bound it too
            log = ProblemLog()
            log.extend(shown)
            shown = log.summary()
        super().__init__("\n".join(str(p) for p in shown))


class PlanError(HubflowError):
    """A plan cannot be made from this scenario."""


class BackendUnavailable(HubflowError):
    """A solver back-end is named but its optional dependency is missing."""


class SolverError(HubflowError):
    """A solver returned an error that is not explained by the input."""


class CheckFailed(HubflowError):
    """The independent checker found violations; ``violations`` lists them."""

    def __init__(self, violations: list[str]) -> None:
        self.violations = list(violations)
        super().__init__("\n".join(self.violations))


class StoreError(HubflowError):
    """The store could not read or write."""


class OutputPathError(HubflowError):
    """An output path cannot be used (a file, a symlink loop, a folder that is not a plan
    folder, a parent that is not writable); ``path`` names it. An input error (exit 2)."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")
