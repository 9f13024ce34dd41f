"""The domain: sites, services, orders, fleet, commodities and the scenario that holds them.

Units, stated once: tonnes (t), kilometres (km), minutes from the scenario start for times
inside the engines (timezone-aware timestamps only at the edges), square metres (m²) for yard
area, the scenario's currency for money, kg CO2e for emissions unless a name says ``_t``.
"""

from hubflow.model.plan import (
    CarrierLoad,
    DepartureRun,
    Itinerary,
    Leg,
    Plan,
    PlanStatus,
    TruckRoute,
    TruckStop,
    Unserved,
    UnservedReason,
    relative_gap,
)
from hubflow.model.scenario import (
    MODES,
    Balance,
    Commodity,
    Order,
    Parameters,
    Pool,
    Scenario,
    Service,
    Site,
    TruckGroup,
)
from hubflow.model.timetable import Timetable

__all__ = [
    "MODES",
    "Balance",
    "CarrierLoad",
    "Commodity",
    "DepartureRun",
    "Itinerary",
    "Leg",
    "Order",
    "Parameters",
    "Plan",
    "PlanStatus",
    "Pool",
    "Scenario",
    "Service",
    "Site",
    "Timetable",
    "TruckGroup",
    "TruckRoute",
    "TruckStop",
    "Unserved",
    "UnservedReason",
    "relative_gap",
]
