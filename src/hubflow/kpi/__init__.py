"""KPIs of a plan: cost split, tonne-km and CO2e by mode, on-time rate, load factors, yard area."""

from hubflow.kpi.indicators import Kpis, compute_kpis
from hubflow.kpi.yard import yard_occupancy

__all__ = ["Kpis", "compute_kpis", "yard_occupancy"]
