"""Parameter overrides such as ``carbon_price=200``: parsed and validated like file input.

The CLI's ``--set``/``--carbon-price``, an API job's body and a sweep's grid all end here, so a
bad value is refused with the same located message before any solve starts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from hubflow.distances import with_network_distances
from hubflow.errors import Problem, ProblemLog, ScenarioError
from hubflow.io.parameters import KEYS, RawParameters, parameter_values, read_parameters
from hubflow.model import Scenario

__all__ = ["apply_overrides", "parse_overrides"]

FIXED_KEYS = ("start",)  # moving the start would move every order's times: not an override


def parse_overrides(items: Sequence[str], *, source: str = "--set") -> dict[str, str]:
    """``KEY=VALUE`` texts as a dict; a located ScenarioError for any malformed item."""
    changes: dict[str, str] = {}
    problems: list[Problem] = []
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            problems.append(Problem(source, None, None, f"'{item}' is not KEY=VALUE"))
        elif key not in KEYS or key in FIXED_KEYS:
            allowed = ", ".join(k for k in KEYS if k not in FIXED_KEYS)
            problems.append(
                Problem(
                    source, None, key, f"'{item}': unknown parameter (expected one of: {allowed})"
                )
            )
        else:
            changes[key] = value.strip()
    if problems:
        raise ScenarioError(problems)
    return changes


def apply_overrides(scenario: Scenario, items: Sequence[str], *, source: str = "--set") -> Scenario:
    """The scenario with the overridden parameters, each value read and checked as in a file
    (``distances=networks`` fills the missing service distances, as the loader does)."""
    if not items:
        return scenario
    changes = parse_overrides(items, source=source)
    values = parameter_values(scenario.parameters) | changes
    problems = ProblemLog()
    params = read_parameters(RawParameters(source, values), problems)
    if problems or params is None:
        raise ScenarioError(problems)
    try:
        changed = dataclasses.replace(scenario, parameters=params)  # re-validates the scenario
    except ScenarioError as e:  # name the override, not the file the scenario came from
        raise ScenarioError([_from_override(p, source, changes) for p in e.problems]) from None
    return with_network_distances(changed)


def _from_override(problem: Problem, source: str, changes: dict[str, str]) -> Problem:
    if problem.field in changes:
        return Problem(source, None, problem.field, problem.message)
    return problem
