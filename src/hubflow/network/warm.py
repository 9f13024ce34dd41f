"""Carry a design solver's warm start from one scenario variant's network to another's.

Arcs are matched by their stable ``Network.arc_keys`` and demands by their first order, so the
paths of a solve before a what-if change (a carbon price, a yard's area, a service added or
removed) seed the solve after it; paths over arcs that no longer exist are dropped.
:class:`PreviousSolve` keeps just that much of a solve (no network, no problem) for the next one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hubflow.consolidate.colgen import WarmStart
from hubflow.consolidate.problem import DesignResult
from hubflow.network.builder import Network

__all__ = ["PreviousSolve"]


@dataclass(frozen=True, slots=True)
class PreviousSolve:
    """What a what-if re-plan reuses of a solve: its paths and plan, keyed by arc and order."""

    arc_keys: tuple[tuple[object, ...], ...]
    demand_ids: tuple[str, ...]  # the first order of each demand
    warm: WarmStart

    @classmethod
    def of(cls, net: Network, result: DesignResult) -> PreviousSolve | None:
        """The reusable part of ``result`` (solved on ``net``), None when it has nothing."""
        warm = WarmStart.of_result(net.problem, result)
        if warm is None:
            return None
        ids = tuple(orders[0].id for orders in net.demand_orders)
        return cls(net.arc_keys, ids, warm)

    def warm_start_for(self, new: Network) -> WarmStart:
        """The paths and plan renumbered for ``new``'s problem."""
        arc_index = {key: i for i, key in enumerate(new.arc_keys)}
        arc_map = np.array([arc_index.get(key, -1) for key in self.arc_keys], dtype=np.int64)
        demand_index = {orders[0].id: k for k, orders in enumerate(new.demand_orders)}
        demand_map = np.array([demand_index.get(i, -1) for i in self.demand_ids], dtype=np.int64)
        return self.warm.remap(arc_map, demand_map)
