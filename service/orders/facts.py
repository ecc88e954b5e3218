"""The facts a transition's guards declare (`sm.Fact`), loaded for them, and derivations the
order use cases share (the context, due times).

Each kind of fact has one loader here. Stored facts (the channel, the creator's standing)
are read with the row-locked order in one statement (`repository.order_to_fire`); facts
from the outside world (the video platform) are asked for before the order is locked, so a
slow platform never holds a lock.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any, Protocol

import statemachine as sm
from service.config import Settings
from service.orders.models import Order
from service.parties.models import Channel
from service.ports.video import VideoPlatform
from statemachine.review import STUCK_AFTER

STORED = frozenset({sm.Fact.CHANNEL, sm.Fact.STANDING})  # read with the order
TRIGGER_FIELDS = frozenset({sm.Fact.SCREENING, sm.Fact.OFFER})  # the draft sent, the proposal
OUTSIDE = frozenset({sm.Fact.VIDEO, sm.Fact.SIGHTING})  # asked of the video platform


@dataclass(frozen=True)
class Context:
    """What a use case needs besides the session: the machine, time, policy and the
    outside world."""

    machine: sm.OrderMachine
    now: datetime
    settings: Settings
    videos: VideoPlatform


@dataclass(frozen=True)
class Outside:
    """What the video platform said, asked before the order was locked."""

    video: sm.VideoFacts | None = None
    sighting: sm.Sighting | None = None
    screened: tuple[str, ...] | None = None  # what the screen found in the draft sent
    offer: sm.Offer | None = None  # the open proposal to cancel


async def ask_outside(
    needs: frozenset[sm.Fact],
    ctx: Context,
    *,
    video_url: str | None,
    order_video_url: str | None,
    reported: sm.VideoStatus | None = None,
) -> Outside:
    """VIDEO: the video the caller names. SIGHTING: the order's video now, as ops report it,
    else as the platform shows it (a video the platform no longer knows is removed)."""
    video = sighting = None
    if sm.Fact.VIDEO in needs and video_url:
        video = await ctx.videos.get_video(video_url, ctx.now)
    if sm.Fact.SIGHTING in needs:
        if reported is not None:
            sighting = sm.Sighting(reported, ctx.now)
        else:
            seen = await ctx.videos.get_video(order_video_url, ctx.now) if order_video_url else None
            sighting = sm.Sighting(seen.status if seen else sm.VideoStatus.REMOVED, ctx.now)
    return Outside(video, sighting)


def channel_facts(channel: Channel) -> sm.ChannelFacts:
    return sm.ChannelFacts(
        channel.platform, channel.followers, channel.in_good_standing, channel.handle
    )


def order_facts(
    order: Order,
    *,
    channel: Channel | None = None,
    standing: sm.CreatorFacts | None = None,
    outside: Outside = Outside(),
    settings: Settings | None = None,
) -> sm.OrderFacts:
    """The order as the guards see it, with the facts loaded for them (and the policy they
    read from `settings`)."""
    return sm.OrderFacts(
        state=order.state,
        accept_deadline=order.accept_deadline,
        publish_deadline=order.publish_deadline,
        retention_ends_at=order.retention_ends_at,
        settle_at=order.settle_at,
        video_status=order.video_status,
        video_checked_at=order.video_checked_at,
        price_fen=order.price_fen,
        stage=order.stage,
        review=order.review,
        revision_rounds=order.revision_rounds,
        script_rounds_used=order.script_rounds_used,
        video_rounds_used=order.video_rounds_used,
        review_started_at=order.review_started_at,
        review_due_at=order.review_due_at,
        review_escalated=order.review_escalated,
        stuck_after=(timedelta(hours=settings.review_stuck_hours) if settings else STUCK_AFTER),
        progress=sm.Progress(
            order.script_submitted_at is not None,
            order.video_submitted_at is not None,
            order.video_rounds_used,
        ),
        dispute_open=order.dispute_opened_at is not None,
        channel=channel_facts(channel) if channel else None,
        standing=standing,
        video=outside.video,
        sighting=outside.sighting,
        screened=outside.screened,
        offer=outside.offer,
    )


def schedule_of(order: Order) -> sm.Schedule:
    return sm.Schedule(**{f.name: getattr(order, f.name) for f in fields(sm.Schedule)})


class Terms(Protocol):
    """What scheduling reads of an order's terms (an order, or the body creating one)."""

    publish_days: int
    retention_days: int


def scheduled(
    transition: sm.Transition, terms: Terms, ctx: Context, current: sm.Schedule = sm.Schedule()
) -> sm.Schedule:
    """The due times after `transition` fires now, for an order with these terms."""
    return sm.schedule(
        transition.schedules,
        ctx.now,
        publish_days=terms.publish_days,
        retention_days=terms.retention_days,
        settle_delay=timedelta(seconds=ctx.settings.settle_delay_seconds),
        review_time=timedelta(hours=ctx.settings.review_hours),
        current=current,
    )


def due_values(
    machine: sm.OrderMachine,
    state: sm.State,
    due: sm.Schedule,
    stage: sm.Stage | None = None,
    waiting: frozenset[sm.Timer] = frozenset(),
) -> dict[str, Any]:
    """The order's due times and its next timer, stored so that a worker finds it by index;
    timers `waiting` (`sm.suspended`) are not the next."""
    timer = machine.next_timer(state, due, stage, waiting)
    return {
        **{f.name: getattr(due, f.name) for f in fields(due)},  # (asdict deep-copies)
        "due_trigger": timer[0] if timer else None,
        "due_at": timer[1] if timer else None,
    }


def next_video_check(
    now: datetime, published_at: datetime, retention_ends_at: datetime, settings: Settings
) -> datetime | None:
    """Published videos are checked hourly while they are new (48 hours: their audience grows
    fastest then), daily after that, and once more just before the period ends, so that
    `complete_retention` at the end finds a recent sighting (*policy*: settings)."""
    final = retention_ends_at - timedelta(seconds=settings.final_video_check_lead_seconds)
    if now >= final:
        return None
    early = now < published_at + timedelta(seconds=settings.video_check_early_period_seconds)
    every = (
        settings.video_check_early_interval_seconds
        if early
        else settings.video_check_interval_seconds
    )
    return min(now + timedelta(seconds=every), final)


def waiting_of(order: Order) -> frozenset[sm.Timer]:
    """The order's timers that wait (`sm.suspended`), as it stands."""
    return sm.suspended(order.stage, order.review_escalated, order.dispute_opened_at is not None)
