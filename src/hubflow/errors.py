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

from dataclasses import dataclass


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


class ScenarioError(HubflowError):
    """The scenario's files or objects are invalid; ``problems`` lists every issue found."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


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
