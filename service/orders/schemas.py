"""API shapes of orders, their transitions, history and the machine description."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from service.schemas import NFC, Reason, StrictBody, StrictInt, no_control_chars
from statemachine import State, VideoStatus, terms
from statemachine.pricing import LineItems

Brief = Annotated[
    str,
    NFC,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=terms.BRIEF_MAX_CHARS),
    AfterValidator(no_control_chars),
]


class OrderCreate(StrictBody):
    creator_id: str = Field(max_length=40)
    channel_id: str = Field(max_length=40)
    price_fen: StrictInt = Field(ge=terms.PRICE_FEN_MIN, le=terms.PRICE_FEN_MAX)
    retention_days: StrictInt = Field(
        terms.RETENTION_DAYS_DEFAULT,
        ge=terms.RETENTION_DAYS_MIN,
        le=terms.RETENTION_DAYS_MAX,
        description="7, 15, 30 or 60 as on Xingtu, or any whole number of days up to 365",
    )
    publish_days: StrictInt = Field(
        terms.PUBLISH_DAYS_DEFAULT, ge=terms.PUBLISH_DAYS_MIN, le=terms.PUBLISH_DAYS_MAX
    )
    brief: Brief
    project_id: str | None = Field(None, max_length=40)


class TriggerBody(StrictBody):
    reason: Reason | None = None
    evidence: Reason | None = None
    video_url: str | None = Field(None, max_length=500)
    video_status: Literal[VideoStatus.REMOVED, VideoStatus.PRIVATE] | None = Field(
        None, description="report_removed by ops: what the platform shows now"
    )


class OrderPublic(BaseModel):
    id: str
    state: State
    version: int
    brand_id: str
    creator_id: str
    channel_id: str
    project_id: str | None
    price_fen: int
    retention_days: int
    publish_days: int
    brief: str
    line_items: LineItems
    video_url: str | None
    video_status: VideoStatus | None
    accept_deadline: datetime | None
    publish_deadline: datetime | None
    published_at: datetime | None
    retention_ends_at: datetime | None
    settle_at: datetime | None
    next_timer: str | None = Field(description="the system trigger that fires at `next_due_at`")
    next_due_at: datetime | None
    created_at: datetime
    updated_at: datetime


class HistoryEntry(BaseModel):
    id: int
    trigger: str
    from_state: State | None
    to_state: State
    actor_kind: str
    actor_id: str | None
    reason: str | None
    details: dict[str, Any]
    at: datetime


class ClosedReason(BaseModel):
    code: str
    detail: str


class TriggerAvailability(BaseModel):
    trigger: str
    allowed: bool
    requires: list[str] = Field(description="fields the request must carry")
    reasons: list[ClosedReason] = Field(description="why it cannot fire now")


class OrderTransitions(BaseModel):
    order_id: str
    state: State
    version: int
    transitions: list[TriggerAvailability]


class MachineDescription(BaseModel):
    states: list[str]
    initial: str
    final: list[str]
    transitions: list[dict[str, Any]]
    mermaid: str
