"""Scenario -> time-expanded, per-order pruned network design problem, and back to a Plan."""

from hubflow.network.builder import Network, build_network
from hubflow.network.decode import decode_plan
from hubflow.network.size import NetworkSize, check_network_size, estimate_network_size

__all__ = [
    "Network",
    "NetworkSize",
    "build_network",
    "check_network_size",
    "decode_plan",
    "estimate_network_size",
]
