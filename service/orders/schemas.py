"""API shapes of orders, their transitions, history and the machine description."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from service.schemas import NFC, Page, Reason, StrictBody, StrictInt, TriggerName, no_control_chars
from statemachine import Actor, Money, State, VideoStatus, terms
from statemachine.pricing import LineItems

Brief = Annotated[
    str,
    NFC,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=terms.BRIEF_MAX_CHARS),
    AfterValidator(no_control_chars),
]


class OrderCreate(StrictBody):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "creator_id": "cr_01JD8ZQ4V6X5W2K9M3N7P1R0ST",
                    "channel_id": "ch_01JD8ZQ5A1B2C3D4E5F6G7H8J9",
                    "price_fen": 100_000,
                    "retention_days": 15,
                    "brief": "30-second unboxing of our spring tea",
                }
            ]
        }
    )

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
    """What a trigger may need; send only the fields it names (`requires`)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"video_url": "https://www.douyin.com/@lily/video/7301"},
                {"reason": "brand complaint #1234"},
            ]
        }
    )

    reason: Reason | None = None
    evidence: Reason | None = None
    video_url: str | None = Field(None, max_length=500)
    video_status: Literal[VideoStatus.REMOVED, VideoStatus.PRIVATE] | None = Field(
        None, description="report_removed by ops: what the platform shows now"
    )


class OrderPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "ord_01JD8ZR0K3M5N7P9Q1S3T5V7X9",
                    "state": "published",
                    "version": 3,
                    "brand_id": "br_01JD8ZPXA2C4E6G8J0K2M4N6P8",
                    "creator_id": "cr_01JD8ZQ4V6X5W2K9M3N7P1R0ST",
                    "channel_id": "ch_01JD8ZQ5A1B2C3D4E5F6G7H8J9",
                    "project_id": "prj_01JD8ZN2B4D6F8H0J2L4N6Q8S0",
                    "price_fen": 100_000,
                    "retention_days": 15,
                    "publish_days": 7,
                    "brief": "30-second unboxing of our spring tea",
                    "line_items": {
                        "price_fen": 100_000,
                        "brand_fee_fen": 5_000,
                        "brand_total_fen": 105_000,
                        "commission_fen": 5_000,
                        "mcn_share_bps": 0,
                        "mcn_share_fen": 0,
                        "creator_payout_fen": 95_000,
                        "platform_revenue_fen": 10_000,
                    },
                    "video_url": "https://www.douyin.com/@lily/video/7301",
                    "video_status": "live",
                    "accept_deadline": "2026-12-07T09:00:00Z",
                    "publish_deadline": "2026-12-11T09:30:00Z",
                    "published_at": "2026-12-05T14:00:00Z",
                    "retention_ends_at": "2026-12-20T14:00:00Z",
                    "settle_at": "2026-12-21T14:00:00Z",
                    "next_timer": "complete_retention",
                    "next_due_at": "2026-12-20T14:00:00Z",
                    "created_at": "2026-12-04T09:00:00Z",
                    "updated_at": "2026-12-05T14:00:00Z",
                }
            ]
        }
    )

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


class OrderPage(Page[OrderPublic]):
    """A page of the caller's orders."""


class HistoryEntry(BaseModel):
    id: int
    trigger: TriggerName
    from_state: State | None
    to_state: State
    actor_kind: Actor
    actor_id: str | None
    reason: str | None
    details: dict[str, Any]
    at: datetime


class ClosedReason(BaseModel):
    code: str
    detail: str


class TriggerAvailability(BaseModel):
    trigger: TriggerName
    allowed: bool
    requires: list[str] = Field(description="fields the request must carry")
    reasons: list[ClosedReason] = Field(description="why it cannot fire now")


class OrderTransitions(BaseModel):
    order_id: str
    state: State
    version: int
    transitions: list[TriggerAvailability]


class GuardDescription(BaseModel):
    name: str
    description: str


class MachineTransition(BaseModel):
    """One row of the transition table."""

    trigger: TriggerName
    sources: list[State] = Field(description="empty for `create`, which makes the order")
    dest: State
    actors: list[Actor]
    guards: list[GuardDescription]
    requires: list[str] = Field(description="fields the request must carry")
    description: str
    schedules: str | None = Field(description="the deadline it sets")
    fires_on: str | None = Field(description="the deadline on which the service fires it")
    money: Money
    violation: str | None = Field(description="the violation it records on the creator")
    suspends_order_rights: bool


class MachineDescription(BaseModel):
    states: list[State]
    initial: State
    final: list[State]
    transitions: list[MachineTransition]
    mermaid: str = Field(description="the machine as a Mermaid state diagram")
