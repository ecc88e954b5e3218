"""Named guards of the order machine. Pure: each takes values, names what is missing, and
declares the facts it needs (`Fact`), so that the service loads those and nothing else."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from statemachine.admission import IneligibilityReason, ineligibility_reasons
from statemachine.errors import GuardFailure
from statemachine.facts import Attempt, Fact, OrderFacts
from statemachine.states import Actor, VideoStatus

# What is missing, in words, or as the admission rules the creator fails; None when it holds.
Verdict = str | Sequence[IneligibilityReason] | None
Check = Callable[[OrderFacts, Attempt], Verdict]


@dataclass(frozen=True)
class Guard:
    """A named rule. `needs`: the facts it reads; `input_field`: a field the caller
    satisfies it by sending; `only_for`: the one actor it applies to (others pass)."""

    name: str
    description: str
    code: str
    check: Check
    needs: frozenset[Fact] = frozenset()
    unprocessable: bool = False
    input_field: str | None = None
    only_for: Actor | None = None

    def applies_to(self, actor: Actor) -> bool:
        return self.only_for is None or self.only_for is actor

    def failure(self, order: OrderFacts, attempt: Attempt) -> GuardFailure | None:
        if not self.applies_to(attempt.actor):
            return None
        verdict = self.check(order, attempt)
        if not verdict:
            return None
        if isinstance(verdict, str):
            return GuardFailure(self.name, self.code, verdict, self.unprocessable)
        detail = "; ".join(reason.detail for reason in verdict)
        return GuardFailure(self.name, self.code, detail, self.unprocessable, tuple(verdict))


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
    video, channel = order.video, order.channel
    if video is None or channel is None:
        return "the video could not be found on any supported platform"
    if (video.platform, video.handle) != (channel.platform, channel.handle):
        return (
            f"the video belongs to {video.platform} account '{video.handle}', not the order's "
            f"channel ({channel.platform} '{channel.handle}')"
        )
    if video.status is not VideoStatus.LIVE:
        return f"the video is {video.status}, not live"
    return None


def _video_gone_within_retention(order: OrderFacts, attempt: Attempt) -> str | None:
    """Gone, and seen gone before the period ended: a removal noticed later does not count.
    Without a sighting now, the order's last check decides."""
    status, seen_at = order.video_status, order.video_checked_at or attempt.now
    if order.sighting is not None:
        status, seen_at = order.sighting.status, order.sighting.at
    if status not in (VideoStatus.REMOVED, VideoStatus.PRIVATE):
        return f"the video was last seen {status or 'nowhere'}, not removed or private"
    return _before(order.retention_ends_at, seen_at, "retention period")


def _video_last_seen_live(order: OrderFacts, attempt: Attempt) -> str | None:
    if order.video_status is VideoStatus.LIVE:
        return None
    return f"the video was last seen {order.video_status or 'nowhere'}"


def _settle_time_reached(order: OrderFacts, attempt: Attempt) -> str | None:
    if attempt.actor is Actor.OPS:
        return None  # ops may settle at any time, always with a reason
    return _reached(order.settle_at, attempt.now, "settle time")


def _eligible(order: OrderFacts, attempt: Attempt) -> Verdict:
    if order.standing is None or order.channel is None:
        return "the creator's standing on the channel is unknown"
    return ineligibility_reasons(order.standing, order.channel)


REASON_GIVEN = Guard(
    "reason_given",
    "a reason is given",
    "reason_required",
    lambda o, a: _text_given(a.reason, "reason"),
    unprocessable=True,
    input_field="reason",
)
OPS_GIVE_A_REASON = Guard(
    "reason_given",
    "ops always act with a reason",
    "reason_required",
    REASON_GIVEN.check,
    unprocessable=True,
    input_field="reason",
    only_for=Actor.OPS,
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
    needs=frozenset({Fact.CHANNEL, Fact.VIDEO}),
    unprocessable=True,
    input_field="video_url",
)
CREATOR_ELIGIBLE = Guard(
    "creator_eligible",
    "the creator passes every admission rule on the order's channel",
    "creator_ineligible",
    _eligible,
    needs=frozenset({Fact.CHANNEL, Fact.STANDING}),
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
    needs=frozenset({Fact.SIGHTING}),
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
    _video_last_seen_live,
)
SETTLE_TIME_REACHED = Guard(
    "settle_time_reached",
    "the settle time has been reached (ops: at any time, with a reason)",
    "settle_time_not_reached",
    _settle_time_reached,
)
