"""Truck dispatch: vehicle routing with pluggable back-ends and an independent checker.

Build a :class:`RoutingProblem` (or read one with :func:`read`), call :func:`solve`, verify
with :func:`check_routes`.
"""

from hubflow.dispatch.backends import Backend as Backend
from hubflow.dispatch.backends import available_backends as available_backends
from hubflow.dispatch.backends import get_backend as get_backend
from hubflow.dispatch.checker import check_routes as check_routes
from hubflow.dispatch.checker import route_stats as route_stats
from hubflow.dispatch.checker import solution_cost as solution_cost
from hubflow.dispatch.problem import Client as Client
from hubflow.dispatch.problem import Depot as Depot
from hubflow.dispatch.problem import Location as Location
from hubflow.dispatch.problem import RoutingProblem as RoutingProblem
from hubflow.dispatch.problem import Shipment as Shipment
from hubflow.dispatch.problem import Stop as Stop
from hubflow.dispatch.problem import Truck as Truck
from hubflow.dispatch.problem import VehicleType as VehicleType
from hubflow.dispatch.readers import read as read
from hubflow.dispatch.result import Route as Route
from hubflow.dispatch.result import RoutingResult as RoutingResult
from hubflow.dispatch.result import Status as Status
from hubflow.dispatch.result import Unassigned as Unassigned
from hubflow.dispatch.solve import solve as solve

__all__ = [
    "Backend",
    "Client",
    "Depot",
    "Location",
    "Route",
    "RoutingProblem",
    "RoutingResult",
    "Shipment",
    "Status",
    "Stop",
    "Truck",
    "Unassigned",
    "VehicleType",
    "available_backends",
    "check_routes",
    "get_backend",
    "read",
    "route_stats",
    "solution_cost",
    "solve",
]
