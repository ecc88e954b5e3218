"""Named guards of the order machine. Pure: each takes values and names what is missing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from statemachine.admission import IneligibilityReason, Platform
from statemachine.errors import GuardFailure
from statemachine.states import Actor, State, VideoStatus


@dataclass(frozen=True)
class OrderFacts:
    """What the guards may know about an order."""

    state: State
    channel_platform: Platform | None = None  # known when a guard needs the channel
    channel_handle: str | None = None
    accept_deadline: datetime | None = None
    publish_deadline: datetime | None = None
    retention_ends_at: datetime | None = None
    settle_at: datetime | None = None
    video_status: VideoStatus | None = None
    video_observed_at: datetime | None = None


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
class Attempt:
    """One attempt to fire a trigger: who, when, and what they brought with them."""

    actor: Actor
    now: datetime
    reason: str | None = None
    evidence: str | None = None
    video: VideoFacts | None = None
    ineligibility: tuple[IneligibilityReason, ...] = ()


Check = Callable[[OrderFacts, Attempt], str | None]


@dataclass(frozen=True)
class Guard:
    """A named rule; `input_field` marks guards that the caller satisfies by sending a field."""

    name: str
    description: str
    code: str
    check: Check
    unprocessable: bool = False
    input_field: str | None = None

    def failure(self, order: OrderFacts, attempt: Attempt) -> GuardFailure | None:
        detail = self.check(order, attempt)
        if detail is None:
            return None
        return GuardFailure(self.name, self.code, detail, self.unprocessable)


def _before(deadline: datetime | None, now: datetime, what: str) -> str | None:
    if deadline is None or now >= deadline:
        return f"the {what} has passed"
    return None


def _reached(moment: datetime | None, now: datetime, what: str) -> str | None:
    if moment is None or now < moment:
        return f"the {what} has not been reached yet"
    return None


def _text_given(value: str | None, field: str) -> str | None:
    return None if value and value.strip() else f"'{field}' is required"


def _video_on_channel(order: OrderFacts, attempt: Attempt) -> str | None:
    video = attempt.video
    if video is None:
        return "the video could not be found on any supported platform"
    if (video.platform, video.handle) != (order.channel_platform, order.channel_handle):
        return (
            f"the video belongs to {video.platform} account '{video.handle}', not the order's "
            f"channel ({order.channel_platform} '{order.channel_handle}')"
        )
    if video.status is not VideoStatus.LIVE:
        return f"the video is {video.status}, not live"
    return None


def _video_gone_within_retention(order: OrderFacts, attempt: Attempt) -> str | None:
    """Gone, and seen gone before the period ended: a removal noticed later does not count."""
    if order.video_status not in (VideoStatus.REMOVED, VideoStatus.PRIVATE):
        return f"the video was last seen {order.video_status or 'nowhere'}, not removed or private"
    seen_gone_at = order.video_observed_at or attempt.now
    return _before(order.retention_ends_at, seen_gone_at, "retention period")


def _settle_time_reached(order: OrderFacts, attempt: Attempt) -> str | None:
    if attempt.actor is Actor.OPS:
        return None  # ops may settle at any time, always with a reason
    return _reached(order.settle_at, attempt.now, "settle time")


def _eligible(order: OrderFacts, attempt: Attempt) -> str | None:
    if not attempt.ineligibility:
        return None
    return "; ".join(reason.detail for reason in attempt.ineligibility)


REASON_GIVEN = Guard(
    "reason_given",
    "a reason is given",
    "reason_required",
    lambda o, a: _text_given(a.reason, "reason"),
    unprocessable=True,
    input_field="reason",
)
EVIDENCE_GIVEN = Guard(
    "evidence_given",
    "evidence is given",
    "evidence_required",
    lambda o, a: _text_given(a.evidence, "evidence"),
    unprocessable=True,
    input_field="evidence",
)
VIDEO_ON_ORDER_CHANNEL = Guard(
    "video_on_order_channel",
    "the video is live on the order's channel",
    "video_not_on_channel",
    _video_on_channel,
    unprocessable=True,
    input_field="video_url",
)
CREATOR_ELIGIBLE = Guard(
    "creator_eligible",
    "the creator passes every admission rule on the order's channel",
    "creator_ineligible",
    _eligible,
    unprocessable=True,
)
BEFORE_ACCEPT_DEADLINE = Guard(
    "before_accept_deadline",
    "the accept deadline has not passed",
    "accept_deadline_passed",
    lambda o, a: _before(o.accept_deadline, a.now, "accept deadline"),
)
ACCEPT_DEADLINE_PASSED = Guard(
    "accept_deadline_passed",
    "the accept deadline has passed",
    "accept_deadline_not_reached",
    lambda o, a: _reached(o.accept_deadline, a.now, "accept deadline"),
)
BEFORE_PUBLISH_DEADLINE = Guard(
    "before_publish_deadline",
    "the publish deadline has not passed",
    "publish_deadline_passed",
    lambda o, a: _before(o.publish_deadline, a.now, "publish deadline"),
)
PUBLISH_DEADLINE_PASSED = Guard(
    "publish_deadline_passed",
    "the publish deadline has passed",
    "publish_deadline_not_reached",
    lambda o, a: _reached(o.publish_deadline, a.now, "publish deadline"),
)
VIDEO_GONE_WITHIN_RETENTION = Guard(
    "video_gone_within_retention",
    "the video was removed or made private before the retention period ended",
    "video_not_gone_within_retention",
    _video_gone_within_retention,
)
RETENTION_ENDED = Guard(
    "retention_ended",
    "the agreed retention period has ended",
    "retention_not_ended",
    lambda o, a: _reached(o.retention_ends_at, a.now, "end of the retention period"),
)
VIDEO_LAST_SEEN_LIVE = Guard(
    "video_last_seen_live",
    "the video was live when last checked",
    "video_not_live",
    lambda o, a: (
        None
        if o.video_status is VideoStatus.LIVE
        else f"the video was last seen {o.video_status or 'nowhere'}"
    ),
)
SETTLE_TIME_REACHED = Guard(
    "settle_time_reached",
    "the settle time has been reached (ops: at any time, with a reason)",
    "settle_time_not_reached",
    _settle_time_reached,
)
