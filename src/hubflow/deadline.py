"""One deadline from the edge (CLI, API job, sweep worker) down to the engines, and progress events.

A :class:`Deadline` is a point on the monotonic clock, made once where the user's time limit is
read (``Deadline.after(seconds)``) and passed down; each step takes what it needs with
:meth:`Deadline.left` or gives a sub-step part of what is left with :meth:`Deadline.share`. No
step starts its own clock, so ``--time-limit`` is the whole command. In the spirit of PyVRP's
stopping criteria, but one object for both engines.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Deadline", "Progress", "ProgressEvent", "no_progress"]


@dataclass(frozen=True, slots=True)
class Deadline:
    """The moment (``time.monotonic()`` seconds) by which the work must be done."""

    at: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        """A deadline ``seconds`` from now (``inf`` for none)."""
        return cls(time.monotonic() + seconds)

    @classmethod
    def of(cls, limit: Deadline | float) -> Deadline:
        """``limit`` itself, or a deadline that many seconds from now."""
        return limit if isinstance(limit, Deadline) else cls.after(float(limit))

    def left(self) -> float:
        """Seconds left (0 when passed; ``inf`` when never)."""
        return max(0.0, self.at - time.monotonic())

    @property
    def expired(self) -> bool:
        return self.left() <= 0.0

    def share(self, fraction: float, *, keep: float = 0.0) -> Deadline:
        """A sub-deadline: ``fraction`` of what is left after keeping ``keep`` seconds back."""
        left = self.left()
        if math.isinf(left):
            return self
        return Deadline(time.monotonic() + max(0.0, left - keep) * fraction)

    def earlier(self, seconds: float) -> Deadline:
        """This deadline or ``seconds`` from now, whichever comes first."""
        return Deadline(min(self.at, time.monotonic() + seconds))


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    """What a long step reports: its stage, and the solver state where there is one.

    ``stage`` is one of the planning layer's stages (load, network, solve, decode, dispatch, kpi,
    check, write, store) or an engine's sub-stage; ``solver`` names the real back-end.
    """

    stage: str
    objective: float | None = None
    bound: float | None = None
    solver: str | None = None
    detail: str = ""

    @property
    def gap(self) -> float | None:
        """Relative gap (objective - bound) / objective, when both are known and finite."""
        if self.objective is None or self.bound is None:
            return None
        if not (math.isfinite(self.objective) and math.isfinite(self.bound)):
            return None
        if self.objective <= 0:
            return 0.0
        return max(0.0, (self.objective - self.bound) / abs(self.objective))


Progress = Callable[[ProgressEvent], None]


def no_progress(event: ProgressEvent) -> None:
    """The progress callback that reports nowhere."""
