"""What the store returns: frozen dataclasses, detached from any database session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True, kw_only=True)
class ScenarioRecord:
    """One stored version of a named scenario.

    ``content`` is the scenario's JSON document (a fresh copy per read; tuples come back as lists).
    ``created_at`` is timezone-aware UTC; ``sha256`` hashes the canonical JSON text of ``content``.
    """

    id: int
    name: str
    version: int
    created_at: datetime
    sha256: str
    content: dict[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanRecord:
    """One stored plan of one scenario version.

    The summary fields (``solver`` ... ``on_time_pct``) are copies of values in ``content``
    (the plan document) and ``kpis``; ``None`` where the documents did not give them.
    """

    id: int
    scenario_id: int
    created_at: datetime
    solver: str | None
    status: str | None
    objective: float | None
    lower_bound: float | None
    gap_pct: float | None
    total_cost: float | None
    co2e_t: float | None
    on_time_pct: float | None
    kpis: dict[str, Any]
    content: dict[str, Any]
