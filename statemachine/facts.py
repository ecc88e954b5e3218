"""What the guards look at: the order as stored, the facts a guard declares it needs, and the
attempt (who fires, when, with what).

A guard names the facts it needs (`Fact`); the service loads exactly those, and the
transition's needs are the union of its guards' needs. A guard that needs something new
names a new `Fact` here, and the service learns to load it once (`service/orders/facts.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from statemachine.admission import ChannelFacts, CreatorFacts, Platform
from statemachine.review import STUCK_AFTER, Progress, Review, Stage
from statemachine.states import Actor, State, VideoStatus


class Fact(StrEnum):
    """What a guard may need beyond the order row and the attempt."""

    CHANNEL = "channel"  # the order's channel: platform, handle, followers, standing
    STANDING = "standing"  # the creator's credit, order rights and MCN contract
    VIDEO = "video"  # the video the caller names (`video_url`), as the platform reports it
    SIGHTING = "sighting"  # the order's video as seen now: ops' report, else the platform's
    SCREENING = "screening"  # what the message screen finds in the draft sent (`content`)
    OFFER = "offer"  # the open cancellation proposal of the order


@dataclass(frozen=True)
class VideoFacts:
    """A video as the video platform reports it."""

    platform: Platform
    handle: str
    status: VideoStatus
    plays: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0


@dataclass(frozen=True)
class Sighting:
    """What was seen of the order's video, and when."""

    status: VideoStatus
    at: datetime


@dataclass(frozen=True)
class Offer:
    """An open proposal to cancel the order: who made it, what it pays the creator."""

    proposer: Actor
    compensation_fen: int


@dataclass(frozen=True)
class OrderFacts:
    """The order as the guards know it: its stored values, and the facts its transition's
    guards declared (None when not loaded)."""

    state: State | None  # None before `create`
    accept_deadline: datetime | None = None
    publish_deadline: datetime | None = None
    retention_ends_at: datetime | None = None
    settle_at: datetime | None = None
    video_status: VideoStatus | None = None  # as last checked
    video_checked_at: datetime | None = None
    price_fen: int = 0
    stage: Stage | None = None  # where an accepted order is
    review: Review = Review.SCRIPT_AND_VIDEO
    revision_rounds: int = 2  # changes the brand may ask for, per draft
    script_rounds_used: int = 0
    video_rounds_used: int = 0
    review_started_at: datetime | None = None  # a draft has waited for review since
    review_due_at: datetime | None = None
    review_escalated: bool = False
    stuck_after: timedelta = STUCK_AFTER  # policy: a review waited this long is stuck
    progress: Progress = field(default_factory=Progress)
    dispute_open: bool = False
    channel: ChannelFacts | None = None  # Fact.CHANNEL
    standing: CreatorFacts | None = None  # Fact.STANDING
    video: VideoFacts | None = None  # Fact.VIDEO
    sighting: Sighting | None = None  # Fact.SIGHTING
    screened: tuple[str, ...] | None = None  # Fact.SCREENING: what the screen found
    offer: Offer | None = None  # Fact.OFFER


@dataclass(frozen=True)
class Attempt:
    """One attempt to fire a trigger: who, when, and the fields they sent."""

    actor: Actor
    now: datetime
    reason: str | None = None
    evidence: str | None = None
    video_url: str | None = None
    content: str | None = None
    draft_url: str | None = None
    feedback: str | None = None
    refund_bps: int | None = None
