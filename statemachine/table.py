"""The order machine's transition table (product.md §4), as data.

Everything else is derived from this table: the shared `transitions` Machine (whose
conditions are the guards), the REST triggers, what a caller may fire now, the facts the
service loads for a trigger, which timers the worker writes set-wise, the diagram, and the
tests' model.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from statemachine import guards as g
from statemachine.credit import ViolationKind
from statemachine.facts import Fact
from statemachine.states import Actor, State
from statemachine.timers import Timer


class Money(StrEnum):
    """What a transition does with the order's money."""

    NONE = "none"
    HOLD_IN_ESCROW = "hold_in_escrow"
    REFUND_TO_BRAND = "refund_to_brand"
    PAY_OUT = "pay_out"
    REFUND_WITH_COMPENSATION = "refund_with_compensation"


@dataclass(frozen=True)
class Transition:
    trigger: str
    sources: tuple[State, ...]
    dest: State
    actors: frozenset[Actor]
    description: str
    guards: tuple[g.Guard, ...] = ()
    schedules: Timer | None = None
    fires_on: Timer | None = None
    money: Money = Money.NONE
    violation: ViolationKind | None = None
    suspends_order_rights: bool = False

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


def _t(trigger: str, sources: tuple[State, ...], dest: State, *actors: Actor, **kw) -> Transition:  # type: ignore[no-untyped-def]
    return Transition(trigger, sources, dest, frozenset(actors), **kw)


S = State
A = Actor

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
    _t("cancel", (S.REQUESTED,), S.REFUNDED, A.BRAND,
       description="the brand withdraws the order before it is accepted",
       money=Money.REFUND_TO_BRAND),
    _t("expire", (S.REQUESTED,), S.REFUNDED, A.SYSTEM,
       description="nobody accepted the order in time",
       guards=(g.ACCEPT_DEADLINE_PASSED,),
       fires_on=Timer.ACCEPT_DEADLINE,
       money=Money.REFUND_TO_BRAND),
    _t("publish", (S.ACCEPTED,), S.PUBLISHED, A.CREATOR,
       description="the creator publishes the video on the order's channel",
       guards=(g.VIDEO_ON_ORDER_CHANNEL, g.BEFORE_PUBLISH_DEADLINE),
       schedules=Timer.RETENTION_ENDS_AT),
    _t("miss_deadline", (S.ACCEPTED,), S.REFUNDED, A.SYSTEM,
       description="the video was not published in time",
       guards=(g.PUBLISH_DEADLINE_PASSED,),
       fires_on=Timer.PUBLISH_DEADLINE,
       money=Money.REFUND_TO_BRAND,
       violation=ViolationKind.MISSED_DEADLINE),
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
    _t("settle", (S.RETAINED,), S.CLOSED, A.SYSTEM, A.OPS,
       description="the escrow is paid out to creator, MCN and platform",
       guards=(g.SETTLE_TIME_REACHED,),
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
