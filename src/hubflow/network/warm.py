"""Carry a design solver's warm start from one scenario variant's network to another's.

Arcs are matched by their stable ``Network.arc_keys`` and demands by their first order, so the
paths of a solve before a what-if change (a carbon price, a yard's area, a service added or
removed) seed the solve after it; paths over arcs that no longer exist are dropped.
"""

from __future__ import annotations

import numpy as np

from hubflow.consolidate.colgen import WarmStart
from hubflow.network.builder import Network

__all__ = ["carry_over"]


def carry_over(old: Network, new: Network, warm: WarmStart) -> WarmStart:
    """``warm`` (made on ``old``'s problem) renumbered for ``new``'s problem."""
    arc_index = {key: i for i, key in enumerate(new.arc_keys)}
    arc_map = np.array([arc_index.get(key, -1) for key in old.arc_keys], dtype=np.int64)
    demand_index = {orders[0].id: k for k, orders in enumerate(new.demand_orders)}
    demand_map = np.array(
        [demand_index.get(orders[0].id, -1) for orders in old.demand_orders], dtype=np.int64
    )
    return warm.remap(arc_map, demand_map)
