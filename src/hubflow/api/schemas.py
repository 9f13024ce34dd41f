"""Request bodies of the API (pydantic models; they document themselves in the OpenAPI)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

ID_MAX = 2**31 - 1  # ids are INTEGER columns
Ident = Annotated[int, Path(ge=1, le=ID_MAX, description="an id")]


class Strict(BaseModel):
    """No unknown keys; no NaN or infinity in a number (standard JSON has neither)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class RowChange(Strict):
    table: str = Field(description="sites, commodities, services, orders or fleet")
    id: str
    set: dict[str, Any] = Field(default_factory=dict, description="field -> new value")


class RowRemoval(Strict):
    table: str
    id: str


class RowAddition(Strict):
    table: str
    row: dict[str, Any]


class Changes(Strict):
    """A what-if: a new version derived from a scenario by a few changes."""

    parameters: dict[str, Any] = Field(default_factory=dict, examples=[{"carbon_price": 200}])
    rows: list[RowChange] = Field(default_factory=list)
    add: list[RowAddition] = Field(default_factory=list)
    remove: list[RowRemoval] = Field(default_factory=list)
    name: str | None = Field(
        default=None, max_length=150, description="title; default: the source's"
    )
    note: str = Field(default="", max_length=2000, description="what this what-if is about")


class ShareRequest(Strict):
    org: str = Field(min_length=1, max_length=200, description="the organisation's name")


class PlanRequest(Strict):
    """Optional parameters of a plan job: each a PlanOptions field of the same name (None: the
    planner's default), but the carbon price, a scenario override."""

    time_limit: float = Field(
        default=30.0, gt=0, le=3600, description="seconds for the whole solve"
    )
    carbon_price: float | None = Field(
        default=None, ge=0, le=1e6, description="currency per t CO2e"
    )
    mip_gap: float | None = Field(default=None, ge=0, lt=1)
    dispatch_time: float | None = Field(default=None, ge=0, le=3600)
    method: Literal["auto", "mip", "colgen"] | None = Field(
        default=None, description="network-design solver (auto: by size)"
    )
    seed: int | None = Field(default=None, ge=0, lt=2**31)
    design_stop: Literal["work", "time"] | None = Field(
        default=None, description="work: the same plan on any machine; time: on the clock"
    )
    dispatch_stop: Literal["iterations", "time"] | None = Field(
        default=None, description="iterations: the same truck routes on any machine"
    )


class CommentRequest(Strict):
    body: str = Field(min_length=1, max_length=10000)


class TokenRequest(Strict):
    role: str = Field(pattern="^(viewer|planner|admin)$")
    user: str = Field(default="", max_length=200)
