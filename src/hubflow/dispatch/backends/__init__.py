"""Solver back-ends behind one narrow interface, looked up by name and imported lazily."""

from __future__ import annotations

import importlib
import inspect
from typing import Protocol, runtime_checkable

from hubflow.dispatch.problem import RoutingProblem
from hubflow.dispatch.result import Route, RoutingResult


@runtime_checkable
class Backend(Protocol):
    """Solve a routing problem within ``time_limit`` seconds of wall time.

    ``warm_start`` are routes of a previous solution (in the problem's numbering) to start
    from; back-ends that cannot use them ignore them. The returned cost is the back-end's own
    claim: :func:`hubflow.dispatch.check_routes` verifies it independently.
    """

    name: str

    def solve(
        self,
        problem: RoutingProblem,
        *,
        time_limit: float,
        seed: int = 0,
        warm_start: list[Route] | None = None,
    ) -> RoutingResult: ...


_REGISTRY: dict[str, tuple[str, str]] = {
    "pyvrp": ("hubflow.dispatch.backends.pyvrp_backend", "PyVRPBackend"),
    "ortools": ("hubflow.dispatch.backends.ortools_backend", "ORToolsBackend"),
    "vroom": ("hubflow.dispatch.backends.vroom_backend", "VroomBackend"),
    "hubflow": ("hubflow.dispatch.backends.portfolio", "HubflowBackend"),
}


def available_backends() -> list[str]:
    """Names accepted by :func:`get_backend` (whether or not their extra is installed)."""
    return list(_REGISTRY)


def get_backend(name: str = "pyvrp") -> Backend:
    """The back-end called ``name``; raises ``KeyError`` for an unknown name and
    :class:`hubflow.errors.BackendUnavailable` when its optional dependency is missing."""
    try:
        module, cls = _REGISTRY[name]
    except KeyError:
        raise KeyError(
            f"Unknown routing back-end {name!r}; expected one of {list(_REGISTRY)}."
        ) from None
    return getattr(importlib.import_module(module), cls)()


def stops_on_iterations(name: str) -> bool:
    """Whether back-end ``name`` takes ``max_iterations``: a stop on a count of iterations,
    which makes its routes independent of the machine's speed and load."""
    return "max_iterations" in inspect.signature(get_backend(name).solve).parameters


def register_backend(name: str, module: str, cls: str) -> None:
    """Make another back-end available by name (``module:cls`` imported on first use)."""
    _REGISTRY[name] = (module, cls)
