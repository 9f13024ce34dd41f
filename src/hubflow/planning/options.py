"""``PlanOptions``: everything besides the scenario that decides a plan, saved with the plan.

Made once at the edge (CLI flags, an API job's body, a sweep's grid) and validated there, so a
bad option is refused before any solve starts; ``plan.json`` keeps them under ``options`` so
that any plan can be reproduced from its scenario and its options.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from hubflow.consolidate import available_solvers
from hubflow.consolidate.work import DESIGN_STOPS
from hubflow.dispatch.backends import available_backends
from hubflow.errors import Problem, ScenarioError
from hubflow.io.overrides import parse_overrides

__all__ = ["DESIGN_STOPS", "DISPATCH_STOPS", "PlanOptions"]

#: how a plan's truck-routing searches stop: on a count of iterations (the same routes on any
#: machine) or on the clock
DISPATCH_STOPS = ("iterations", "time")


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanOptions:
    """How to plan: limits, solver choices, seed and parameter overrides.

    ``time_limit`` is the whole run in seconds (network, solve, truck routing, KPIs, check);
    ``dispatch_time`` is the most of it given to own-fleet truck routing (0: none);
    ``dispatch_stop`` is ``iterations`` (each wave's search stops on a count of iterations
    derived from ``dispatch_time`` and the stops, so the routes repeat on any machine) or
    ``time`` (on the clock: more iterations on a fast machine, routes that vary with load).
    ``design_stop`` is the same for the network plan's column generation: ``work`` (its phases
    stop on counts of work sized from ``time_limit``, the same plan on any machine) or ``time``;
    the arc MIP, and ``auto`` on problems of at most 20,000 flow variables or 333 per second of
    the budget (:func:`hubflow.consolidate.auto.runs_on_clock`), stay on the clock.
    ``overrides`` are ``KEY=VALUE`` scenario parameters (e.g. ``carbon_price=200``).
    """

    time_limit: float = 60.0
    mip_gap: float = 0.005
    seed: int = 0
    method: str = "auto"
    threads: int = 1
    dispatch_time: float = 5.0
    dispatch_backend: str = "hubflow"
    dispatch_stop: str = "iterations"
    design_stop: str = "work"
    overrides: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "overrides", tuple(self.overrides))
        problems = list(self._problems())
        if problems:
            raise ScenarioError(problems)

    def _problems(self) -> list[Problem]:
        def bad(field: str, message: str) -> Problem:
            return Problem("options", None, field, message)

        out = []
        if not (math.isfinite(self.time_limit) and 0 < self.time_limit <= 7 * 86400):
            out.append(bad("time_limit", f"{self.time_limit} must be > 0 s and at most a week"))
        if not (math.isfinite(self.mip_gap) and 0 <= self.mip_gap < 1):
            out.append(bad("mip_gap", f"{self.mip_gap} must be in [0, 1)"))
        if not 0 <= self.seed < 2**31:
            out.append(bad("seed", f"{self.seed} must be in [0, 2^31)"))
        methods = available_solvers()
        if self.method not in methods:
            out.append(bad("method", f"{self.method!r} is not one of {', '.join(methods)}"))
        if not 1 <= self.threads <= 256:
            out.append(bad("threads", f"{self.threads} must be in [1, 256]"))
        if not (math.isfinite(self.dispatch_time) and 0 <= self.dispatch_time <= 7 * 86400):
            out.append(bad("dispatch_time", f"{self.dispatch_time} must be >= 0 s"))
        backends = available_backends()
        if self.dispatch_backend not in backends:
            out.append(
                bad(
                    "dispatch_backend",
                    f"{self.dispatch_backend!r} is not one of {', '.join(backends)}",
                )
            )
        if self.dispatch_stop not in DISPATCH_STOPS:
            stops = " or ".join(DISPATCH_STOPS)
            out.append(bad("dispatch_stop", f"{self.dispatch_stop!r} is not {stops}"))
        if self.design_stop not in DESIGN_STOPS:
            stops = " or ".join(DESIGN_STOPS)
            out.append(bad("design_stop", f"{self.design_stop!r} is not {stops}"))
        try:
            parse_overrides(self.overrides, source="options.overrides")
        except ScenarioError as e:
            out.extend(e.problems)
        return out

    def replace(self, **changes: Any) -> PlanOptions:
        """A copy with some options changed (validated again)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, as saved in ``plan.json`` under ``options``."""
        d = dataclasses.asdict(self)
        d["overrides"] = list(self.overrides)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PlanOptions:
        """Inverse of :meth:`to_dict`; unknown keys are an error."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(d) - names)
        if unknown:
            raise ScenarioError(Problem("options", None, unknown[0], "unknown option"))
        return cls(**{**d, "overrides": tuple(d.get("overrides", ()))})
