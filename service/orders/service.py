"""Order use cases: create an order and fire its triggers. Services flush; they never commit."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

import statemachine as sm
from service.config import Settings
from service.credit import service as credit
from service.deps import Caller
from service.ids import new_id
from service.integrations.video import VideoPlatform
from service.mcn.service import contract_in_force
from service.money import order_money
from service.orders import repository
from service.orders.models import Order
from service.orders.schemas import OrderCreate, TriggerBody
from service.parties import service as parties
from service.parties.models import Channel, Party, PartyKind
from service.problems import NotFound, Unprocessable
from service.projects.endpoints import project_for
from statemachine.credit import ViolationKind
from statemachine.guards import CREATOR_ELIGIBLE, VIDEO_GONE_WITHIN_RETENTION
from statemachine.pricing import FeePolicy, line_items


@dataclass(frozen=True)
class Context:
    """What a use case needs besides the session: time, policy and the outside world."""

    now: datetime
    settings: Settings
    videos: VideoPlatform


def _schedule(order: Order) -> sm.Schedule:
    return sm.Schedule(
        accept_deadline=order.accept_deadline,
        publish_deadline=order.publish_deadline,
        retention_ends_at=order.retention_ends_at,
        settle_at=order.settle_at,
    )


def _facts(order: Order, channel: Channel) -> sm.OrderFacts:
    return sm.OrderFacts(
        state=order.state,
        channel_platform=channel.platform,
        channel_handle=channel.handle,
        video_status=order.video_status,
        **asdict(_schedule(order)),
    )


def _due(state: sm.State, due: sm.Schedule) -> dict[str, Any]:
    timer = sm.next_timer(state, due)
    return {"due_trigger": timer[0] if timer else None, "due_at": timer[1] if timer else None}


async def _referenced(
    session: AsyncSession, caller: Caller, body: OrderCreate
) -> tuple[Party, Channel]:
    try:
        creator = await parties.get_party(session, body.creator_id, PartyKind.CREATOR)
        channel = await parties.get_channel(session, creator.id, body.channel_id)
        if body.project_id is not None:
            await project_for(session, caller, body.project_id)
    except NotFound as error:
        raise Unprocessable(error.detail, code="unknown_reference") from None
    return creator, channel


async def create_order(
    session: AsyncSession, caller: Caller, body: OrderCreate, ctx: Context
) -> Order:
    creator, channel = await _referenced(session, caller, body)
    attempt = sm.Attempt(
        actor=caller.actor,
        now=ctx.now,
        ineligibility=await parties.admission(session, creator, channel, ctx.now),
    )
    facts = sm.OrderFacts(sm.State.REQUESTED, channel.platform, channel.handle)
    transition = sm.check_create(facts, attempt)
    contract = await contract_in_force(session, creator.id, ctx.now)
    items = line_items(
        body.price_fen,
        mcn_share_bps=contract.share_bps if contract else 0,
        policy=FeePolicy(ctx.settings.brand_fee_bps, ctx.settings.creator_commission_bps),
    )
    due = sm.schedule(
        transition.schedules,
        ctx.now,
        publish_days=body.publish_days,
        retention_days=body.retention_days,
        settle_delay=timedelta(seconds=ctx.settings.settle_delay_seconds),
    )
    order = Order(
        id=new_id("ord"),
        state=transition.dest,
        version=1,
        brand_id=caller.party_id,
        creator_id=creator.id,
        channel_id=channel.id,
        project_id=body.project_id,
        retention_days=body.retention_days,
        publish_days=body.publish_days,
        brief=body.brief,
        mcn_id=contract.mcn_id if contract else None,
        mcn_contract_id=contract.id if contract else None,
        created_at=ctx.now,
        updated_at=ctx.now,
        **asdict(items),
        **asdict(due),
        **_due(transition.dest, due),
    )
    session.add(order)
    await session.flush()
    await order_money.apply(session, order, transition.money, ctx.now, ctx.settings)
    repository.append_history(
        session, order.id, transition.trigger, None, transition.dest,
        (caller.kind.value, caller.party_id), ctx.now,
    )  # fmt: skip
    await session.flush()
    return order


async def _attempt(
    session: AsyncSession,
    order: Order,
    transition: sm.Transition,
    actor: sm.Actor,
    body: TriggerBody,
    ctx: Context,
    channel: Channel,
) -> sm.Attempt:
    """Gather the values the transition's guards look at, and nothing more."""
    video = None
    if "video_url" in transition.input_fields and body.video_url:
        video = await ctx.videos.get_video(body.video_url)
    ineligibility: tuple[sm.IneligibilityReason, ...] = ()
    if CREATOR_ELIGIBLE in transition.guards:
        creator = await parties.get_party(session, order.creator_id, PartyKind.CREATOR)
        ineligibility = await parties.admission(session, creator, channel, ctx.now)
    return sm.Attempt(
        actor=actor,
        now=ctx.now,
        reason=body.reason,
        evidence=body.evidence,
        video=video,
        ineligibility=ineligibility,
    )


async def _observed_video_status(
    order: Order, body: TriggerBody, ctx: Context
) -> sm.VideoStatus | None:
    """A removal report: what ops saw, else what the platform says now."""
    if body.video_status is not None:
        return sm.VideoStatus(body.video_status)
    if order.video_url is None:
        return order.video_status
    video = await ctx.videos.get_video(order.video_url)
    return video.status if video else sm.VideoStatus.REMOVED


async def fire(
    session: AsyncSession,
    order: Order,
    trigger: str,
    actor: sm.Actor,
    actor_id: str | None,
    body: TriggerBody,
    ctx: Context,
) -> Order:
    """Fire `trigger` on a row-locked order; the one place every transition goes through."""
    transition = sm.transition_for(trigger)
    channel = await session.get(Channel, order.channel_id)
    assert channel is not None  # a foreign key guarantees it
    facts = _facts(order, channel)
    changes: dict[str, Any] = {}
    if VIDEO_GONE_WITHIN_RETENTION in transition.guards:
        changes["video_status"] = await _observed_video_status(order, body, ctx)
        changes["video_checked_at"] = ctx.now
        facts = replace(facts, video_status=changes["video_status"])  # type: ignore[arg-type]
    attempt = await _attempt(session, order, transition, actor, body, ctx, channel)
    sm.fire(trigger, facts, attempt)

    due = sm.schedule(
        transition.schedules,
        ctx.now,
        publish_days=order.publish_days,
        retention_days=order.retention_days,
        settle_delay=timedelta(seconds=ctx.settings.settle_delay_seconds),
        current=_schedule(order),
    )
    details: dict[str, object] = {}
    if attempt.video is not None:
        changes.update(video_url=body.video_url, video_status=attempt.video.status)
        changes["video_checked_at"] = ctx.now
        details["video_url"] = body.video_url
    if transition.dest is sm.State.PUBLISHED:
        changes["published_at"] = ctx.now
    if "video_status" in changes and transition.dest is not sm.State.PUBLISHED:
        details["video_status"] = changes["video_status"]
    if "evidence" in transition.input_fields:
        details["evidence"] = body.evidence
    changes.update(
        state=transition.dest, updated_at=ctx.now, **asdict(due), **_due(transition.dest, due)
    )
    from_state = order.state
    await repository.compare_and_set(session, order, changes)
    await order_money.apply(session, order, transition.money, ctx.now, ctx.settings)
    repository.append_history(
        session, order.id, trigger, from_state, transition.dest, (actor.value, actor_id),
        ctx.now, body.reason, details,
    )  # fmt: skip
    who = (actor, actor_id)
    if transition.violation:
        await credit.record_violation(
            session, order.creator_id, ViolationKind(transition.violation), who, ctx.now,
            ctx.settings, order_id=order.id, evidence=body.evidence or body.reason,
        )  # fmt: skip
    if transition.suspends_order_rights:
        creator = await parties.get_party(session, order.creator_id, PartyKind.CREATOR)
        reason = f"{trigger} on order {order.id}: {body.reason or transition.description}"
        await credit.set_suspension(session, creator, True, reason, who, ctx.now, order.id)
    await session.flush()
    return order


async def run_system_trigger(
    session: AsyncSession, order_id: str, trigger: str, ctx: Context
) -> Order:
    """Fire a timed trigger as the system: the entry point for the timer worker."""
    order = await repository.order_for(session, None, order_id, ctx.now, lock=True)
    return await fire(session, order, trigger, sm.Actor.SYSTEM, None, TriggerBody(), ctx)


async def availability(
    session: AsyncSession, order: Order, caller: Caller, ctx: Context
) -> list[sm.Availability]:
    channel = await session.get(Channel, order.channel_id)
    assert channel is not None
    creator = await parties.get_party(session, order.creator_id, PartyKind.CREATOR)
    attempt = sm.Attempt(
        actor=caller.actor,
        now=ctx.now,
        ineligibility=await parties.admission(session, creator, channel, ctx.now),
    )
    return sm.availability(_facts(order, channel), attempt)
