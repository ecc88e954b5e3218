"""Named guards of the order machine. Pure: each takes values, names what is missing, and
declares the facts it needs (`Fact`), so that the service loads those and nothing else."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from statemachine.admission import IneligibilityReason, ineligibility_reasons
from statemachine.errors import GuardFailure
from statemachine.facts import Attempt, Fact, OrderFacts
from statemachine.pricing import BPS
from statemachine.review import IN_REVIEW, Stage
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


def publish_deadline(order: OrderFacts, now: datetime) -> datetime | None:
    """The publish deadline as it stands now: time a draft has waited for review is added to
    it, so a slow review never makes the creator miss it (product.md §9)."""
    if order.publish_deadline is None or order.review_started_at is None:
        return order.publish_deadline
    return order.publish_deadline + max(now - order.review_started_at, timedelta(0))


def _rounds_left(used: int, order: OrderFacts, draft: str) -> str | None:
    if used < order.revision_rounds:
        return None
    return f"the brand has asked for changes to the {draft} {used} times, all the rounds agreed"


def _escalation_grounds(order: OrderFacts, attempt: Attempt) -> str | None:
    """Rounds used up for the draft in review, or the other side stuck: in review, the brand
    is the side that acts, so a creator may escalate once the review has waited
    `stuck_after`."""
    used = (
        order.video_rounds_used
        if order.stage is Stage.VIDEO_IN_REVIEW
        else order.script_rounds_used
    )
    if used >= order.revision_rounds:
        return None
    waited = attempt.now - (order.review_started_at or attempt.now)
    if attempt.actor is Actor.CREATOR and waited >= order.stuck_after:
        return None
    if attempt.actor is Actor.CREATOR:
        return f"the brand has rounds left and has reviewed for {waited}, under {order.stuck_after}"
    return "the brand has revision rounds left for the draft: ask for changes instead"


def _offer_from_the_other_side(order: OrderFacts, attempt: Attempt) -> str | None:
    if order.offer is None:
        return "no proposal to cancel the order is open"
    if order.offer.proposer is attempt.actor:
        return "the proposal is the caller's own; the other side accepts it"
    return None


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
    lambda o, a: _before(publish_deadline(o, a.now), a.now, "publish deadline"),
)
PUBLISH_DEADLINE_PASSED = Guard(
    "publish_deadline_passed",
    "the publish deadline has passed",
    "publish_deadline_not_reached",
    lambda o, a: (
        "a draft is waiting for review"
        if o.stage in IN_REVIEW
        else _reached(publish_deadline(o, a.now), a.now, "publish deadline")
    ),
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

# Drafts and review (product.md §9).
CONTENT_GIVEN = Guard(
    "content_given",
    "the script is sent (`content`: text, or a link to it)",
    "content_required",
    lambda o, a: _text_given(a.content, "content"),
    unprocessable=True,
    input_field="content",
)
CONTENT_ON_PLATFORM = Guard(
    "content_on_platform",
    "the script carries no off-platform contact or payment details",
    "off_platform_contact",
    lambda o, a: (
        f"the script carries off-platform contact details: {', '.join(o.screened)}"
        if o.screened
        else None
    ),
    needs=frozenset({Fact.SCREENING}),
    unprocessable=True,
)
DRAFT_URL_GIVEN = Guard(
    "draft_url_given",
    "the video draft is sent (`draft_url`, a private draft link)",
    "draft_url_required",
    lambda o, a: _text_given(a.draft_url, "draft_url"),
    unprocessable=True,
    input_field="draft_url",
)
FEEDBACK_GIVEN = Guard(
    "feedback_given",
    "the brand says what to change (`feedback`)",
    "feedback_required",
    lambda o, a: _text_given(a.feedback, "feedback"),
    unprocessable=True,
    input_field="feedback",
)
SCRIPT_ROUNDS_LEFT = Guard(
    "script_rounds_left",
    "the brand has revision rounds left for the script",
    "no_revision_rounds_left",
    lambda o, a: _rounds_left(o.script_rounds_used, o, "script"),
)
VIDEO_ROUNDS_LEFT = Guard(
    "video_rounds_left",
    "the brand has revision rounds left for the video",
    "no_revision_rounds_left",
    lambda o, a: _rounds_left(o.video_rounds_used, o, "video"),
)
ESCALATION_GROUNDS = Guard(
    "escalation_grounds",
    "the brand has used up its revision rounds for the draft, or (for the creator) it has "
    "left the draft unreviewed for the time after which a review counts as stuck",
    "no_grounds_to_escalate",
    _escalation_grounds,
)
NOT_ESCALATED = Guard(
    "review_not_escalated",
    "the review has not been handed to ops",
    "review_escalated",
    lambda o, a: "the review is with ops" if o.review_escalated else None,
)
OPS_ON_ESCALATION = Guard(
    "review_escalated",
    "ops decide a review only once it was handed to them",
    "review_not_escalated",
    lambda o, a: None if o.review_escalated else "the review was not handed to ops",
    only_for=Actor.OPS,
)
REVIEW_TIME_PASSED = Guard(
    "review_time_passed",
    "the brand did not review within the review time",
    "review_time_not_reached",
    lambda o, a: _reached(o.review_due_at, a.now, "end of the review time"),
)

# Cancelling an accepted order, and disputes (product.md §10).
OFFER_FROM_THE_OTHER_SIDE = Guard(
    "offer_from_the_other_side",
    "the other side proposed to cancel the order, and the proposal is open",
    "no_cancellation_offer",
    _offer_from_the_other_side,
    needs=frozenset({Fact.OFFER}),
)
NO_OPEN_DISPUTE = Guard(
    "no_open_dispute",
    "no dispute about the order is open",
    "dispute_open",
    lambda o, a: "a dispute about the order is open" if o.dispute_open else None,
)
DISPUTE_IS_OPEN = Guard(
    "dispute_is_open",
    "a dispute about the order is open",
    "no_open_dispute",
    lambda o, a: None if o.dispute_open else "no dispute about the order is open",
)
REFUND_BPS_GIVEN = Guard(
    "refund_bps_given",
    "the share of the price refunded is given (`refund_bps`)",
    "refund_bps_required",
    lambda o, a: None if a.refund_bps is not None else "'refund_bps' is required",
    unprocessable=True,
    input_field="refund_bps",
)
REFUND_BPS_IN_RANGE = Guard(
    "refund_bps_in_range",
    "the share refunded is 0-10,000 basis points of the price",
    "refund_bps_out_of_range",
    lambda o, a: (
        None
        if a.refund_bps is None or 0 <= a.refund_bps <= BPS
        else f"'refund_bps' is {a.refund_bps}, not 0-10,000"
    ),
    unprocessable=True,
)
