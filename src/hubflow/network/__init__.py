"""Scenario -> time-expanded, per-order pruned network design problem, and back to a Plan."""

from hubflow.network.builder import Network, build_network
from hubflow.network.decode import decode_plan

__all__ = ["Network", "build_network", "decode_plan"]
