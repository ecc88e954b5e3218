"""Firing an order's triggers: the one road every transition takes, from a caller or the
system. Loads what the guards need, runs the machine, writes with compare-and-set, posts
the money, appends history and records violations, all in the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

import statemachine as sm
from service.credit import service as credit
from service.money import order_money
from service.observability import observe_transition
from service.orders import repository, writes
from service.orders.facts import (
    Context,
    due_fields,
    next_video_check,
    order_facts,
    schedule_of,
)
from service.orders.models import Order
from service.orders.public import snapshot
from service.orders.schemas import TriggerBody
from service.parties import service as parties
from service.parties.models import Channel, PartyKind
from service.videos.models import VideoSnapshot
from statemachine.credit import ViolationKind
from statemachine.guards import (
    CREATOR_ELIGIBLE,
    VIDEO_GONE_WITHIN_RETENTION,
    VIDEO_ON_ORDER_CHANNEL,
)

GONE = (sm.VideoStatus.REMOVED, sm.VideoStatus.PRIVATE)
NEEDS_CHANNEL = frozenset({CREATOR_ELIGIBLE, VIDEO_ON_ORDER_CHANNEL})


@dataclass(frozen=True)
class Observation:
    """What was seen of the order's video, and when."""

    status: sm.VideoStatus
    at: datetime


async def _attempt(
    session: AsyncSession,
    order: Order,
    transition: sm.Transition,
    actor: sm.Actor,
    body: TriggerBody,
    ctx: Context,
    channel: Channel | None,
    standing: sm.CreatorFacts | None,
) -> sm.Attempt:
    """Gather the values the transition's guards look at, and nothing more."""
    video = None
    if "video_url" in transition.input_fields and body.video_url:
        video = await ctx.videos.get_video(body.video_url)
    ineligibility: tuple[sm.IneligibilityReason, ...] = ()
    if needs_standing(transition) and channel is not None:
        ineligibility = await parties.admission(
            session, order.creator_id, channel, ctx.now, standing
        )
    return sm.Attempt(
        actor=actor,
        now=ctx.now,
        reason=body.reason,
        evidence=body.evidence,
        video=video,
        ineligibility=ineligibility,
    )


async def _observe(order: Order, body: TriggerBody, ctx: Context) -> Observation:
    """A removal report: what ops saw now, else what the platform says now."""
    if body.video_status is not None:
        return Observation(sm.VideoStatus(body.video_status), ctx.now)
    video = await ctx.videos.get_video(order.video_url) if order.video_url else None
    return Observation(video.status if video else sm.VideoStatus.REMOVED, ctx.now)


@dataclass(frozen=True)
class Step:
    """What firing a transition writes: the order's new column values (without `version`,
    which compare-and-set moves) and the details its history row keeps."""

    transition: sm.Transition
    changes: dict[str, Any]
    details: dict[str, Any]


def plan(
    order: Order,
    transition: sm.Transition,
    attempt: sm.Attempt,
    body: TriggerBody,
    ctx: Context,
    seen: Step | None = None,
) -> Step:
    """The writes of a transition the machine has just let through: new due times, the next
    timer, publication. Pure. `seen` carries what an observation of the video added."""
    changes = dict(seen.changes) if seen else {}
    details = dict(seen.details) if seen else {}
    due = sm.schedule(
        transition.schedules,
        ctx.now,
        publish_days=order.publish_days,
        retention_days=order.retention_days,
        settle_delay=timedelta(seconds=ctx.settings.settle_delay_seconds),
        current=schedule_of(order),
    )
    if attempt.video is not None:  # publication: the first check of the video
        changes.update(
            video_url=body.video_url,
            video_status=attempt.video.status,
            video_checked_at=ctx.now,
            published_at=ctx.now,
        )
        details["video_url"] = body.video_url
    if "evidence" in transition.input_fields:
        details["evidence"] = body.evidence
    changes.update(
        state=transition.dest,
        updated_at=ctx.now,
        video_check_at=(
            next_video_check(ctx.now, due.retention_ends_at, ctx.settings)
            if transition.dest is sm.State.PUBLISHED and due.retention_ends_at
            else None
        ),
        **{field.name: getattr(due, field.name) for field in fields(due)},  # asdict deep-copies
        **due_fields(transition.dest, due),
    )
    return Step(transition, changes, details)


def needs_channel(transition: sm.Transition) -> bool:
    """Whether the transition's guards look at the order's channel."""
    return bool(NEEDS_CHANNEL.intersection(transition.guards))


def needs_standing(transition: sm.Transition) -> bool:
    """Whether the transition's guards look at the creator's standing (admission)."""
    return CREATOR_ELIGIBLE in transition.guards


def decided_by_row(transition: sm.Transition) -> bool:
    """Whether the order row alone holds everything `fire` would show the guards: no
    channel, no admission, no video platform, no caller input."""
    return not (
        needs_channel(transition)
        or VIDEO_GONE_WITHIN_RETENTION in transition.guards
        or transition.input_fields
    )


def decide(order: Order, trigger: str, actor: sm.Actor, ctx: Context) -> Step:
    """`fire`'s decision, without the session, for a trigger `decided_by_row`: the same
    machine, facts and plan. Raises the machine's DomainError when it refuses."""
    transition = sm.transition_for(trigger)
    if not decided_by_row(transition):
        raise ValueError(f"{trigger} needs more than the order row to decide")
    attempt = sm.Attempt(actor=actor, now=ctx.now)
    sm.fire(trigger, order_facts(order, None), attempt)
    return plan(order, transition, attempt, TriggerBody(), ctx)


async def fire(
    session: AsyncSession,
    order: Order,
    trigger: str,
    actor: sm.Actor,
    actor_id: str | None,
    body: TriggerBody,
    ctx: Context,
    observation: Observation | None = None,
    *,
    channel: Channel | None = None,
    standing: sm.CreatorFacts | None = None,
) -> Order:
    """Fire `trigger` on a row-locked order; `channel` and `standing` are the order's channel
    and its creator's standing, if already read."""
    transition = sm.transition_for(trigger)
    if not needs_channel(transition):
        channel = None
    elif channel is None:
        channel = await session.get(Channel, order.channel_id)
    facts = order_facts(order, channel)
    seen = None
    if VIDEO_GONE_WITHIN_RETENTION in transition.guards and sm.may_act(actor, transition):
        observation = observation or await _observe(order, body, ctx)
        facts = replace(facts, video_status=observation.status, video_observed_at=observation.at)
        seen = Step(
            transition,
            {"video_status": observation.status, "video_checked_at": observation.at},
            {"video_status": observation.status},
        )
    attempt = await _attempt(session, order, transition, actor, body, ctx, channel, standing)
    sm.fire(trigger, facts, attempt)

    step = plan(order, transition, attempt, body, ctx, seen)
    entry = writes.Entry(
        trigger, order.state, transition.dest, (actor.value, actor_id), ctx.now, body.reason,
        step.details,
    )  # fmt: skip
    await writes.write_change(session, order, step.changes, entry, snapshot(order))
    if attempt.video is not None:
        record_snapshot(session, order.id, attempt.video, ctx.now)
    await order_money.apply(session, order, transition.money, ctx.now, ctx.settings)
    await _standing_effects(session, order, transition, (actor, actor_id), body, ctx)
    await session.flush()
    observe_transition(trigger, actor.value)
    return order


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
            session, order.creator_id, ViolationKind(transition.violation), who, ctx.now,
            ctx.settings, order_id=order.id, evidence=body.evidence or body.reason,
        )  # fmt: skip
    if transition.suspends_order_rights:
        creator = await parties.get_party(session, order.creator_id, PartyKind.CREATOR)
        reason = (
            f"{transition.trigger} on order {order.id}: {body.reason or transition.description}"
        )
        await credit.set_suspension(session, creator, True, reason, who, ctx.now, order.id)


def record_snapshot(
    session: AsyncSession, order_id: str, video: sm.VideoFacts, at: datetime
) -> None:
    session.add(
        VideoSnapshot(
            order_id=order_id,
            observed_at=at,
            status=video.status,
            plays=video.plays,
            likes=video.likes,
            comments=video.comments,
            shares=video.shares,
        )
    )


async def run_system_trigger(
    session: AsyncSession,
    order_id: str,
    trigger: str,
    ctx: Context,
    observation: Observation | None = None,
) -> Order:
    """Fire a trigger as the system (timers, video checks, platform callbacks)."""
    order = await repository.order_for(session, None, order_id, ctx.now, lock=True)
    return await fire(
        session, order, trigger, sm.Actor.SYSTEM, None, TriggerBody(), ctx, observation
    )
