"""API shapes of orders, their transitions, history and the machine description."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from service.schemas import NFC, Page, Reason, StrictBody, StrictInt, TriggerName, no_control_chars
from statemachine import Actor, Money, Review, Stage, State, VideoStatus, terms
from statemachine import review as drafts
from statemachine.pricing import BPS, LineItems


def _http_url(value: str) -> str:
    """A link people open: http(s), a host, no spaces."""
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or any(c.isspace() for c in value)
    ):
        raise ValueError("not an http(s) URL")
    return value


DraftUrl = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(_http_url)
]
Content = Annotated[
    str,
    NFC,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=drafts.CONTENT_MAX_CHARS),
    AfterValidator(no_control_chars),
]
Feedback = Annotated[
    str,
    NFC,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=drafts.FEEDBACK_MAX_CHARS),
    AfterValidator(no_control_chars),
]

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
    review: Review = Field(
        Review.SCRIPT_AND_VIDEO,
        description="what the brand reviews before publication (脚本确认, 视频确认)",
    )
    revision_rounds: StrictInt = Field(
        drafts.REVISION_ROUNDS_DEFAULT,
        ge=drafts.REVISION_ROUNDS_MIN,
        le=drafts.REVISION_ROUNDS_MAX,
        description="how many times the brand may ask for changes to each draft",
    )


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
    content: Content | None = Field(None, description="submit_script: the script, or a link")
    draft_url: DraftUrl | None = Field(
        None, description="submit_video: a private link to the video draft"
    )
    feedback: Feedback | None = Field(None, description="request_*_changes: what to change")
    refund_bps: StrictInt | None = Field(
        None, ge=0, le=BPS, description="resolve_dispute: share of the price refunded, 0-10,000"
    )


class OrderPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "ord_01JD8ZR0K3M5N7P9Q1S3T5V7X9",
                    "state": "published",
                    "stage": None,
                    "version": 3,
                    "brand_id": "br_01JD8ZPXA2C4E6G8J0K2M4N6P8",
                    "creator_id": "cr_01JD8ZQ4V6X5W2K9M3N7P1R0ST",
                    "channel_id": "ch_01JD8ZQ5A1B2C3D4E5F6G7H8J9",
                    "project_id": "prj_01JD8ZN2B4D6F8H0J2L4N6Q8S0",
                    "price_fen": 100_000,
                    "retention_days": 15,
                    "publish_days": 7,
                    "brief": "30-second unboxing of our spring tea",
                    "review": "script_and_video",
                    "revision_rounds": 2,
                    "script_rounds_used": 1,
                    "video_rounds_used": 0,
                    "review_due_at": None,
                    "review_escalated": False,
                    "compensation_fen": 0,
                    "dispute_open": False,
                    "refund_bps": None,
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
    stage: Stage | None = Field(description="where an accepted order is; null otherwise")
    version: int
    brand_id: str
    creator_id: str
    channel_id: str
    project_id: str | None
    price_fen: int
    retention_days: int
    publish_days: int
    brief: str
    review: Review
    revision_rounds: int
    script_rounds_used: int = Field(description="changes to the script asked for so far")
    video_rounds_used: int = Field(description="changes to the video asked for so far")
    review_due_at: datetime | None = Field(description="a draft in review is approved then")
    review_escalated: bool = Field(description="the review in progress was handed to ops")
    line_items: LineItems
    compensation_fen: int = Field(description="paid to the creator side when cancelled")
    dispute_open: bool
    refund_bps: int | None = Field(description="share of the price refunded by a dispute")
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


class StageMove(BaseModel):
    from_: Stage = Field(alias="from")
    to: Stage | None = Field(description="null: the order leaves `accepted`")


class BranchDescription(BaseModel):
    when: str
    dest: State


class MachineTransition(BaseModel):
    """One row of the transition table."""

    trigger: TriggerName
    sources: list[State] = Field(description="empty for `create`, which makes the order")
    dest: State | None = Field(description="null: the order stays in its state")
    stages: list[StageMove] = Field(
        description="the stages of `accepted` it fires from, and where each leads; empty: any"
    )
    branches: list[BranchDescription] = Field(description="other destinations, tried first")
    marks: str | None = Field(description="what it marks on the order (escalation, dispute)")
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
    stages: list[Stage] = Field(description="the nested states of `accepted`")
    review_paths: dict[Review, list[Stage]] = Field(
        description="the stages each kind of review goes through; acceptance leads to the first"
    )
    initial: State
    final: list[State]
    transitions: list[MachineTransition]
    mermaid: str = Field(description="the machine as a Mermaid state diagram")


class DraftPublic(BaseModel):
    """A draft the creator sent (`script`, `video`) or the brand's `feedback` on one, with
    the draft's round."""

    id: int
    kind: Literal["script", "video", "feedback"]
    draft: Literal["script", "video"]
    round: int
    content: str | None
    draft_url: str | None
    feedback: str | None
    author_kind: Actor
    author_id: str | None
    at: datetime
