"""The order machine's transition table (product.md §4), as data.

Everything else is derived from this table: the shared `transitions` Machine (whose
conditions are the guards), the REST triggers, what a caller may fire now, the facts the
service loads for a trigger, which timers the worker writes set-wise, the diagram, and the
tests' model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from statemachine import guards as g
from statemachine.credit import ViolationKind
from statemachine.facts import Attempt, Fact, OrderFacts
from statemachine.review import Stage
from statemachine.states import Actor, State
from statemachine.timers import Timer


class Money(StrEnum):
    """What a transition does with the order's money."""

    NONE = "none"
    HOLD_IN_ESCROW = "hold_in_escrow"
    REFUND_TO_BRAND = "refund_to_brand"
    PAY_OUT = "pay_out"
    REFUND_WITH_COMPENSATION = "refund_with_compensation"
    # A share of the price to the creator side: by how far the work got, or as agreed.
    COMPENSATE_BY_PROGRESS = "compensate_by_progress"
    COMPENSATE_AS_AGREED = "compensate_as_agreed"
    SPLIT_ESCROW = "split_escrow"  # a share of the price back to the brand, the rest settled


class Mark(StrEnum):
    """What a transition marks on the order besides its state and stage."""

    ESCALATE_REVIEW = "escalate_review"
    OPEN_DISPUTE = "open_dispute"
    CLOSE_DISPUTE = "close_dispute"


@dataclass(frozen=True)
class Branch:
    """Another destination of a row, taken when `test` holds (tried before `dest`)."""

    description: str
    test: Callable[[OrderFacts, Attempt], bool]
    dest: State


StageMove = tuple[Stage, Stage | None]  # (from, to); to is None when the order leaves `accepted`


@dataclass(frozen=True)
class Transition:
    """A row of the table. `dest` None: the order stays in its state (and stage). `stages`:
    the row fires only from these stages of `accepted`, moving each as given; a row without
    them fires from any stage. Entering `accepted` leads to the first stage of the order's
    review (`review.PATHS`)."""

    trigger: str
    sources: tuple[State, ...]
    dest: State | None
    actors: frozenset[Actor]
    description: str
    guards: tuple[g.Guard, ...] = ()
    stages: tuple[StageMove, ...] = ()
    branches: tuple[Branch, ...] = ()
    mark: Mark | None = None
    schedules: Timer | None = None
    fires_on: Timer | None = None
    money: Money = Money.NONE
    violation: ViolationKind | None = None
    suspends_order_rights: bool = False

    def dest_from(self, state: State) -> State:
        return self.dest or state

    @property
    def input_fields(self) -> tuple[str, ...]:
        return tuple(guard.input_field for guard in self.guards if guard.input_field)

    @property
    def needs(self) -> frozenset[Fact]:
        """The facts its guards read beyond the order row and the attempt."""
        return frozenset().union(*(guard.needs for guard in self.guards))

    @property
    def decided_by_row(self) -> bool:
        """Whether the order row alone decides it: no fact to load, no field to send."""
        return not self.needs and not self.input_fields


def _t(
    trigger: str, sources: tuple[State, ...], dest: State | None, *actors: Actor, **kw: Any
) -> Transition:
    return Transition(trigger, sources, dest, frozenset(actors), **kw)


S = State
A = Actor
St = Stage
FULL_REFUND = Branch(
    "all of the price goes back to the brand", lambda o, a: a.refund_bps == 10_000, S.REFUNDED
)

CREATE = _t(
    "create", (), S.REQUESTED, A.BRAND,
    description="a brand orders a video; the brand total is held in escrow",
    guards=(g.CREATOR_ELIGIBLE,),
    schedules=Timer.ACCEPT_DEADLINE,
    money=Money.HOLD_IN_ESCROW,
)  # fmt: skip

TRANSITIONS: tuple[Transition, ...] = (
    _t("accept", (S.REQUESTED,), S.ACCEPTED, A.CREATOR,
       description="the creator takes the order",
       guards=(g.BEFORE_ACCEPT_DEADLINE, g.CREATOR_ELIGIBLE),
       schedules=Timer.PUBLISH_DEADLINE),
    _t("decline", (S.REQUESTED,), S.REFUNDED, A.CREATOR,
       description="the creator turns the order down",
       money=Money.REFUND_TO_BRAND),
    _t("cancel", (S.REQUESTED, S.ACCEPTED), S.REFUNDED, A.BRAND,
       description="the brand withdraws the order; once accepted, it pays the creator by how "
                   "far the work got",
       money=Money.COMPENSATE_BY_PROGRESS),
    _t("expire", (S.REQUESTED,), S.REFUNDED, A.SYSTEM,
       description="nobody accepted the order in time",
       guards=(g.ACCEPT_DEADLINE_PASSED,),
       fires_on=Timer.ACCEPT_DEADLINE,
       money=Money.REFUND_TO_BRAND),
    _t("submit_script", (S.ACCEPTED,), S.ACCEPTED, A.CREATOR,
       description="the creator sends the script for the brand to review",
       guards=(g.CONTENT_GIVEN, g.CONTENT_ON_PLATFORM),
       stages=((St.AWAITING_SCRIPT, St.SCRIPT_IN_REVIEW),),
       schedules=Timer.REVIEW_DUE_AT),
    _t("approve_script", (S.ACCEPTED,), S.ACCEPTED, A.BRAND, A.OPS,
       description="the brand confirms the script (ops: once the review was handed to them)",
       guards=(g.OPS_ON_ESCALATION,),
       stages=((St.SCRIPT_IN_REVIEW, St.AWAITING_VIDEO),)),
    _t("request_script_changes", (S.ACCEPTED,), S.ACCEPTED, A.BRAND,
       description="the brand asks for changes to the script",
       guards=(g.FEEDBACK_GIVEN, g.SCRIPT_ROUNDS_LEFT),
       stages=((St.SCRIPT_IN_REVIEW, St.AWAITING_SCRIPT),)),
    _t("submit_video", (S.ACCEPTED,), S.ACCEPTED, A.CREATOR,
       description="the creator sends a video draft (a private draft link) for review",
       guards=(g.DRAFT_URL_GIVEN,),
       stages=((St.AWAITING_VIDEO, St.VIDEO_IN_REVIEW),),
       schedules=Timer.REVIEW_DUE_AT),
    _t("approve_video", (S.ACCEPTED,), S.ACCEPTED, A.BRAND, A.OPS,
       description="the brand confirms the video (ops: once the review was handed to them)",
       guards=(g.OPS_ON_ESCALATION,),
       stages=((St.VIDEO_IN_REVIEW, St.READY_TO_PUBLISH),)),
    _t("request_video_changes", (S.ACCEPTED,), S.ACCEPTED, A.BRAND,
       description="the brand asks for changes to the video",
       guards=(g.FEEDBACK_GIVEN, g.VIDEO_ROUNDS_LEFT),
       stages=((St.VIDEO_IN_REVIEW, St.AWAITING_VIDEO),)),
    _t("escalate_review", (S.ACCEPTED,), None, A.BRAND, A.CREATOR,
       description="a side hands a stuck review to ops, who approve the draft or refund",
       guards=(g.REASON_GIVEN, g.NOT_ESCALATED, g.ESCALATION_GROUNDS),
       stages=((St.SCRIPT_IN_REVIEW, St.SCRIPT_IN_REVIEW),
               (St.VIDEO_IN_REVIEW, St.VIDEO_IN_REVIEW)),
       mark=Mark.ESCALATE_REVIEW),
    _t("auto_approve", (S.ACCEPTED,), S.ACCEPTED, A.SYSTEM,
       description="the brand did not review the draft in time: it counts as approved",
       guards=(g.REVIEW_TIME_PASSED, g.NOT_ESCALATED),
       stages=((St.SCRIPT_IN_REVIEW, St.AWAITING_VIDEO),
               (St.VIDEO_IN_REVIEW, St.READY_TO_PUBLISH)),
       fires_on=Timer.REVIEW_DUE_AT),
    _t("publish", (S.ACCEPTED,), S.PUBLISHED, A.CREATOR,
       description="the creator publishes the video on the order's channel",
       guards=(g.VIDEO_ON_ORDER_CHANNEL, g.BEFORE_PUBLISH_DEADLINE),
       stages=((St.READY_TO_PUBLISH, None),),
       schedules=Timer.RETENTION_ENDS_AT),
    _t("miss_deadline", (S.ACCEPTED,), S.REFUNDED, A.SYSTEM,
       description="the video was not published in time",
       guards=(g.PUBLISH_DEADLINE_PASSED,),
       fires_on=Timer.PUBLISH_DEADLINE,
       money=Money.REFUND_TO_BRAND,
       violation=ViolationKind.MISSED_DEADLINE),
    _t("accept_cancellation", (S.ACCEPTED,), S.REFUNDED, A.BRAND, A.CREATOR,
       description="a side accepts the other's proposal to cancel, with the compensation it "
                   "names",
       guards=(g.OFFER_FROM_THE_OTHER_SIDE,),
       money=Money.COMPENSATE_AS_AGREED),
    _t("report_removed", (S.PUBLISHED,), S.REFUNDED, A.SYSTEM, A.OPS,
       description="the video was removed or hidden inside the retention period",
       guards=(g.VIDEO_GONE_WITHIN_RETENTION,),
       money=Money.REFUND_TO_BRAND,
       violation=ViolationKind.EARLY_REMOVAL),
    _t("complete_retention", (S.PUBLISHED,), S.RETAINED, A.SYSTEM,
       description="the video stayed up for the whole retention period",
       guards=(g.RETENTION_ENDED, g.VIDEO_LAST_SEEN_LIVE),
       fires_on=Timer.RETENTION_ENDS_AT,
       schedules=Timer.SETTLE_AT),
    _t("open_dispute", (S.PUBLISHED, S.RETAINED), None, A.BRAND,
       description="the brand disputes the order (售后): settlement waits for ops",
       guards=(g.REASON_GIVEN, g.EVIDENCE_GIVEN, g.NO_OPEN_DISPUTE),
       mark=Mark.OPEN_DISPUTE),
    _t("withdraw_dispute", (S.PUBLISHED, S.RETAINED), None, A.BRAND,
       description="the brand withdraws its dispute",
       guards=(g.DISPUTE_IS_OPEN,),
       mark=Mark.CLOSE_DISPUTE),
    _t("resolve_dispute", (S.PUBLISHED, S.RETAINED), S.CLOSED, A.OPS,
       description="ops refund a share of the price (`refund_bps`) and settle the rest",
       guards=(g.REASON_GIVEN, g.REFUND_BPS_GIVEN, g.REFUND_BPS_IN_RANGE, g.DISPUTE_IS_OPEN),
       branches=(FULL_REFUND,),
       money=Money.SPLIT_ESCROW,
       mark=Mark.CLOSE_DISPUTE),
    _t("settle", (S.RETAINED,), S.CLOSED, A.SYSTEM, A.OPS,
       description="the escrow is paid out to creator, MCN and platform",
       guards=(g.SETTLE_TIME_REACHED, g.NO_OPEN_DISPUTE),
       fires_on=Timer.SETTLE_AT,
       money=Money.PAY_OUT),
    _t("refund", (S.REQUESTED, S.ACCEPTED, S.PUBLISHED, S.RETAINED), S.REFUNDED, A.OPS,
       description="ops return the escrow to the brand",
       guards=(g.REASON_GIVEN,),
       money=Money.REFUND_TO_BRAND),
    _t("flag_fake_traffic", (S.PUBLISHED, S.RETAINED), S.REFUNDED, A.OPS,
       description="ops found fake traffic: full refund, compensation, creator suspended",
       guards=(g.REASON_GIVEN, g.EVIDENCE_GIVEN),
       money=Money.REFUND_WITH_COMPENSATION,
       violation=ViolationKind.FAKE_TRAFFIC,
       suspends_order_rights=True),
)  # fmt: skip
