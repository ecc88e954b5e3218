"""Firing an order's triggers: the one road every transition takes, from a caller or the
system. Loads the facts the transition's guards declare, lets the machine decide, writes the
change with compare-and-set (`writes`), posts the money and records violations, all in the
caller's transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

import statemachine as sm
from service.credit import service as credit
from service.deps import Caller
from service.money import order_money
from service.observability import count_transition
from service.orders import drafts, proposals, repository, writes
from service.orders.facts import (
    OUTSIDE,
    Context,
    Outside,
    ask_outside,
    due_values,
    next_video_check,
    order_facts,
    schedule_of,
    scheduled,
)
from service.orders.models import CancellationProposal, Order
from service.orders.schemas import TriggerBody
from service.parties import service as parties
from service.parties.models import Channel, PartyKind
from service.videos.data import record_snapshot
from statemachine.retention import ProposalState
from statemachine.settlement import settled_fen


async def fire_for(
    session: AsyncSession, caller: Caller, order_id: str, trigger: str, body: TriggerBody,
    ctx: Context, *, if_match: Any = None,
) -> Order:  # fmt: skip
    """A caller fires `trigger` on an order it may see. What the video platform must say is
    asked first; then the order is locked, read with its stored facts, and fired.
    `if_match(order)` may refuse the locked order (a precondition)."""
    transition = ctx.machine.transition_for(trigger)
    outside = Outside()
    if transition.needs & OUTSIDE and sm.may_act(caller.actor, transition):
        order_url = None
        if sm.Fact.SIGHTING in transition.needs and body.video_status is None:
            order_url = (await repository.order_for(session, caller, order_id, ctx.now)).video_url
        outside = await ask_outside(
            transition.needs, ctx, video_url=body.video_url, order_video_url=order_url,
            reported=body.video_status,
        )  # fmt: skip
    if sm.Fact.SCREENING in transition.needs:
        outside = replace(
            outside,
            screened=drafts.screened(ctx.settings, body.content, body.draft_url, body.feedback),
        )
    read = await repository.order_to_fire(session, caller, order_id, ctx.now, transition.needs)
    if if_match is not None:
        if_match(read.order)
    return await fire(
        session, read.order, trigger, caller.actor, caller.party_id, body, ctx,
        channel=read.channel, standing=read.standing, outside=outside,
    )  # fmt: skip


async def fire(
    session: AsyncSession,
    order: Order,
    trigger: str,
    actor: sm.Actor,
    actor_id: str | None,
    body: TriggerBody,
    ctx: Context,
    *,
    channel: Channel | None = None,
    standing: sm.CreatorFacts | None = None,
    outside: Outside = Outside(),
    proposal: CancellationProposal | None = None,
) -> Order:
    """Fire `trigger` on a row-locked order. `channel`, `standing`, `outside` and the
    `proposal` to cancel: facts already loaded; stored facts the guards need and lack are
    read here."""
    transition = ctx.machine.transition_for(trigger)
    if sm.Fact.CHANNEL in transition.needs and channel is None:
        channel = await session.get(Channel, order.channel_id)
    if sm.Fact.STANDING in transition.needs and standing is None:
        standing = await parties.standing_of(session, order.creator_id, ctx.now)
    if sm.Fact.OFFER in transition.needs:
        if proposal is None and body.proposal_id:
            proposal = await proposals.open_one(session, order.id, body.proposal_id, ctx.now)
        outside = replace(outside, offer=proposals.offer_of(proposal))
    facts = order_facts(
        order,
        channel=channel if sm.Fact.CHANNEL in transition.needs else None,
        standing=standing if sm.Fact.STANDING in transition.needs else None,
        outside=outside,
        settings=ctx.settings,
    )
    attempt = sm.Attempt(
        actor, ctx.now, body.reason, body.evidence, body.video_url,
        content=body.content, draft_url=body.draft_url, feedback=body.feedback,
        refund_bps=body.refund_bps, proposal_id=body.proposal_id,
    )  # fmt: skip
    outcome = ctx.machine.fire(trigger, facts, attempt)
    settled = settled_fen(transition.money, facts, attempt, ctx.settings.cancellation)
    money = await order_money.prepare(
        session, order, transition.money, ctx.now, ctx.settings, settled
    )
    entry = drafts.entry(order, order.stage, outcome.stage, attempt, actor_id)
    leaves_accepted = order.state is sm.State.ACCEPTED and outcome.state is not sm.State.ACCEPTED
    await writes.write(
        session, [plan(order, outcome, facts, attempt, actor_id, ctx, settled)], money
    )
    if entry is not None:
        session.add(entry)
    if proposal is not None and facts.offer is not None:
        proposal.state, proposal.decided_at = ProposalState.ACCEPTED, ctx.now
    if leaves_accepted:  # proposals to cancel it are moot
        await proposals.supersede(session, CancellationProposal, order.id, ctx.now)
    if facts.video is not None:  # publication: the first look at the video
        await record_snapshot(session, order, facts.video, ctx.now)
    await _standing_effects(session, order, transition, (actor, actor_id), body, ctx)
    await session.flush()
    count_transition(session, trigger, actor.value)
    return order


def plan(
    order: Order,
    outcome: sm.Outcome,
    facts: sm.OrderFacts,
    attempt: sm.Attempt,
    actor_id: str | None,
    ctx: Context,
    settled: int = 0,
) -> writes.Change:
    """The change a transition the machine let through writes: the new state and stage, due
    times and next timer, the review's and the dispute's marks, what was seen of the video,
    the money settled, and the step of the history. Pure."""
    transition = outcome.transition
    values: dict[str, Any] = {}
    details: dict[str, Any] = {}
    due = scheduled(transition, order, ctx, schedule_of(order))
    if facts.sighting is not None:
        values.update(video_status=facts.sighting.status, video_checked_at=facts.sighting.at)
        details["video_status"] = facts.sighting.status
    if facts.video is not None:  # publication: the first check of the video
        values.update(
            video_url=attempt.video_url, video_status=facts.video.status,
            video_checked_at=ctx.now, published_at=ctx.now,
        )  # fmt: skip
        details["video_url"] = attempt.video_url
    if "evidence" in transition.input_fields:
        details["evidence"] = attempt.evidence
    if order.stage is not None or outcome.stage is not None:
        review, due = _review(order, outcome, ctx.now, due)
        values.update(review)
        details.update(stage=outcome.stage, from_stage=order.stage)
    values.update(_marks(order, outcome, ctx.now))
    escalated = values.get("review_escalated", order.review_escalated)
    disputed = values.get("dispute_opened_at", order.dispute_opened_at) is not None
    if transition.money in (sm.Money.COMPENSATE_BY_PROGRESS, sm.Money.COMPENSATE_AS_AGREED):
        values["compensation_fen"] = details["compensation_fen"] = settled
    if transition.money is sm.Money.SPLIT_ESCROW:
        values["refund_bps"] = details["refund_bps"] = attempt.refund_bps
    waiting = sm.suspended(outcome.stage, escalated, disputed)
    if transition.dest is sm.State.PUBLISHED and due.retention_ends_at:
        values["video_check_at"] = next_video_check(
            ctx.now, ctx.now, due.retention_ends_at, ctx.settings
        )
    elif outcome.state is not order.state:
        values["video_check_at"] = None  # (a row that stays leaves the checks' lease alone)
    values.update(
        state=outcome.state,
        updated_at=ctx.now,
        **due_values(ctx.machine, outcome.state, due, outcome.stage, waiting),
    )
    step = writes.Step(
        transition.trigger, order.state, outcome.state, attempt.actor, actor_id, ctx.now,
        attempt.reason, details,
    )  # fmt: skip
    return writes.Change(order, values, step)


def _marks(order: Order, outcome: sm.Outcome, now: datetime) -> dict[str, Any]:
    """What the row marks on the order: a review handed to ops, a dispute opened or closed
    (an order that ends closes its dispute too)."""
    mark = outcome.transition.mark
    if mark is sm.Mark.ESCALATE_REVIEW:
        return {"review_escalated": True}
    if mark is sm.Mark.OPEN_DISPUTE:
        return {"dispute_opened_at": now}
    if mark is sm.Mark.CLOSE_DISPUTE or outcome.state in sm.FINAL_STATES:
        return {"dispute_opened_at": None}
    return {}


def _review(
    order: Order, outcome: sm.Outcome, now: datetime, due: sm.Schedule
) -> tuple[dict[str, Any], sm.Schedule]:
    """What a move of the review changes: a draft sent starts a review (and counts for what
    cancelling costs); a review that ends adds its time to the publish deadline and clears
    its timer and escalation; changes asked for use a round."""
    before, after = order.stage, outcome.stage
    values: dict[str, Any] = {"stage": after}
    if before is after:
        return values, due
    if after in sm.IN_REVIEW:
        values["review_started_at"] = now
        sent = "script_submitted_at" if after is sm.Stage.SCRIPT_IN_REVIEW else "video_submitted_at"
        if getattr(order, sent) is None:
            values[sent] = now
    if before in sm.IN_REVIEW:
        waited = now - (order.review_started_at or now)
        publish_deadline = order.publish_deadline
        if publish_deadline is not None:
            publish_deadline += max(waited, timedelta(0))
        due = replace(due, publish_deadline=publish_deadline, review_due_at=None)
        values.update(review_started_at=None, review_escalated=False)
        if (before, after) == (sm.Stage.SCRIPT_IN_REVIEW, sm.Stage.AWAITING_SCRIPT):
            values["script_rounds_used"] = order.script_rounds_used + 1
        if (before, after) == (sm.Stage.VIDEO_IN_REVIEW, sm.Stage.AWAITING_VIDEO):
            values["video_rounds_used"] = order.video_rounds_used + 1
    return values, due


def set_wise(transition: sm.Transition) -> bool:
    """Whether a timer's transition can be written with others at once: the order row
    decides it, and it records no violation or suspension (those go one by one)."""
    return (
        transition.decided_by_row
        and not transition.violation
        and not transition.suspends_order_rights
    )


def decide(order: Order, trigger: str, ctx: Context) -> writes.Change:
    """`fire`'s decision for a system trigger that is `set_wise`, without the session: the
    same machine, facts and plan. Raises the machine's DomainError when it refuses."""
    transition = ctx.machine.transition_for(trigger)
    if not set_wise(transition):
        raise ValueError(f"{trigger} needs more than the order row to decide")
    facts = order_facts(order, settings=ctx.settings)
    attempt = sm.Attempt(sm.Actor.SYSTEM, ctx.now)
    outcome = ctx.machine.fire(trigger, facts, attempt)
    return plan(order, outcome, facts, attempt, None, ctx)


async def _standing_effects(
    session: AsyncSession,
    order: Order,
    transition: sm.Transition,
    who: credit.Who,
    body: TriggerBody,
    ctx: Context,
) -> None:
    if transition.violation:
        await credit.record_violation(
            session, order.creator_id, transition.violation, who, ctx.now,
            ctx.settings, order_id=order.id, evidence=body.evidence or body.reason,
        )  # fmt: skip
    if transition.suspends_order_rights:
        creator = await parties.get_party(session, order.creator_id, PartyKind.CREATOR)
        reason = (
            f"{transition.trigger} on order {order.id}: {body.reason or transition.description}"
        )
        await credit.set_suspension(session, creator, True, reason, who, ctx.now, order.id)


async def fire_as_system(
    session: AsyncSession, order_id: str, trigger: str, ctx: Context, outside: Outside = Outside()
) -> Order:
    """Fire a trigger as the system (timers, video checks, platform callbacks)."""
    order = await repository.order_for(session, None, order_id, ctx.now, lock=True)
    return await fire(
        session, order, trigger, sm.Actor.SYSTEM, None, TriggerBody(), ctx, outside=outside
    )
