"""Time-dependent travel times: a speed profile by time of day (congestion at rush hour).

The model is Ichoua, Gendreau and Potvin's (2003): the speed is piecewise constant over the day
(``factor`` x free-flow speed from each ``start`` minute), and a drive that takes ``free``
minutes at free flow covers ``factor / free`` of its length per minute. Leaving later never
arrives earlier (first-in, first-out), so "latest start that is on time" stays well defined.
Times are exact fractions, rounded up to whole minutes at the end of each drive.

Back-ends know nothing of it; :func:`conservative` gives the static matrix to search on (each
arc at the slowest speed of the hours its drive can take place), and the caller times the routes
exactly with :meth:`SpeedProfile.arrive`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

DAY = 1440


@dataclass(frozen=True, slots=True)
class SpeedProfile:
    """Speed factors by minute of the day: ``factors[i]`` from ``starts[i]`` (the first is 0)
    until the next start; the day repeats."""

    starts: tuple[int, ...]
    factors: tuple[float, ...]

    def __post_init__(self) -> None:
        if not self.starts or self.starts[0] != 0 or list(self.starts) != sorted(set(self.starts)):
            raise ValueError("starts must begin at 0 and increase")
        if len(self.factors) != len(self.starts) or min(self.factors) <= 0:
            raise ValueError("one positive factor per start")

    @classmethod
    def of(cls, steps: tuple[tuple[int, float], ...]) -> SpeedProfile:
        return cls(tuple(m for m, _ in steps), tuple(f for _, f in steps))

    def _period(self, t: Fraction) -> tuple[Fraction, Fraction]:
        """(factor, end of its period) at absolute minute ``t``."""
        day, m = divmod(t, DAY)
        i = max(k for k, s in enumerate(self.starts) if s <= m)
        end = self.starts[i + 1] if i + 1 < len(self.starts) else DAY
        return Fraction(self.factors[i]), Fraction(day * DAY + end)

    def arrive(self, t: int, free: int) -> int:
        """Minute of arrival of a drive leaving at minute ``t`` that takes ``free`` minutes at
        free flow (rounded up)."""
        now, left = Fraction(t), Fraction(free)
        while left > 0:
            f, end = self._period(now)
            if (end - now) * f >= left:
                now += left / f
                break
            left -= (end - now) * f
            now = end
        return math.ceil(now)

    def slowest(self, a: int, b: int) -> float:
        """The lowest factor over minutes [a, b] (the whole day when the span is a day)."""
        if b - a >= DAY:
            return min(self.factors)
        out, t = math.inf, Fraction(a)
        while True:
            f, end = self._period(t)
            out = min(out, float(f))
            if end > b:
                return out
            t = end


def conservative(free: int, profile: SpeedProfile, a: int, b: int) -> int:
    """A static duration no shorter than any drive of ``free`` minutes inside [a, b]."""
    return math.ceil(free / profile.slowest(a, b)) if free else 0
