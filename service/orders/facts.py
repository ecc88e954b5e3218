"""Derivations shared by the order use cases: the context, guard facts, due times."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

import statemachine as sm
from service.config import Settings
from service.integrations.video import VideoPlatform
from service.orders.models import Order
from service.parties.models import Channel


@dataclass(frozen=True)
class Context:
    """What a use case needs besides the session: time, policy and the outside world."""

    now: datetime
    settings: Settings
    videos: VideoPlatform


def schedule_of(order: Order) -> sm.Schedule:
    return sm.Schedule(
        accept_deadline=order.accept_deadline,
        publish_deadline=order.publish_deadline,
        retention_ends_at=order.retention_ends_at,
        settle_at=order.settle_at,
    )


def order_facts(order: Order, channel: Channel | None) -> sm.OrderFacts:
    return sm.OrderFacts(
        state=order.state,
        channel_platform=channel.platform if channel else None,
        channel_handle=channel.handle if channel else None,
        video_status=order.video_status,
        video_observed_at=order.video_checked_at,
        **asdict(schedule_of(order)),
    )


def due_fields(state: sm.State, due: sm.Schedule) -> dict[str, Any]:
    """The order's next timer, stored so that a worker finds it by index."""
    timer = sm.next_timer(state, due)
    return {"due_trigger": timer[0] if timer else None, "due_at": timer[1] if timer else None}


def next_video_check(
    now: datetime, retention_ends_at: datetime, settings: Settings
) -> datetime | None:
    """Published videos are checked daily and once more just before the period ends, so that
    `complete_retention` at the end finds a recent sighting."""
    final = retention_ends_at - timedelta(seconds=settings.final_video_check_lead_seconds)
    if now >= final:
        return None
    return min(now + timedelta(seconds=settings.video_check_interval_seconds), final)
