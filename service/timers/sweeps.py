"""Sweeps of the clock-driven half of the order machine: due timers and video checks.

Each sweep claims a batch of due orders with `FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite
runs one writer at a time anyway), so any number of workers can sweep side by side. Every
order is fired through the same function as a REST call, inside a savepoint: the machine
re-checks state and guards, so a timer fires at most once and never after the order has
moved on, and one order's failure does not undo the rest of the batch.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

import statemachine as sm
from service.config import Settings
from service.db import Database
from service.integrations.video import VideoPlatformFactory
from service.integrator.changes import announce
from service.observability import observe_worker_lag
from service.orders.facts import Context, next_video_check
from service.orders.models import Order
from service.orders.schemas import TriggerBody
from service.orders.transitions import GONE, Observation, fire, record_snapshot
from service.problems import ProblemError

log = logging.getLogger(__name__)
RETRY_AFTER_REFUSAL = timedelta(hours=1)


async def _claim(session: AsyncSession, due_column: Any, now: datetime, limit: int) -> list[Order]:
    statement = (
        select(Order)
        .where(due_column <= now)
        .order_by(due_column)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(await session.exec(statement))


async def fire_due_timers(
    database: Database, now: datetime, settings: Settings, platforms: VideoPlatformFactory,
    limit: int,
) -> int:  # fmt: skip
    """Fire one batch of due timers; returns how many fired."""
    fired = 0
    async with database.session() as session:
        ctx = Context(now, settings, platforms(session))
        claimed = await _claim(session, col(Order.due_at), now, limit)
        oldest = claimed[0].due_at if claimed else None
        observe_worker_lag((now - oldest).total_seconds() if oldest else 0.0)
        for order in claimed:
            trigger = order.due_trigger
            assert trigger is not None
            try:
                async with session.begin_nested():
                    await fire(session, order, trigger, sm.Actor.SYSTEM, None, TriggerBody(), ctx)
                fired += 1
            except (sm.DomainError, ProblemError) as refusal:
                log.warning("timer %s on %s refused: %s", trigger, order.id, refusal)
                await session.exec(
                    update(Order)
                    .where(col(Order.id) == order.id)
                    .values(due_at=now + RETRY_AFTER_REFUSAL)
                )
    return fired


async def check_videos(
    database: Database, now: datetime, settings: Settings, platforms: VideoPlatformFactory,
    limit: int,
) -> int:  # fmt: skip
    """Look at one batch of published videos due for a check; returns how many."""
    checked = 0
    async with database.session() as session:
        ctx = Context(now, settings, platforms(session))
        for order in await _claim(session, col(Order.video_check_at), now, limit):
            checked += 1
            video = await ctx.videos.get_video(order.video_url or "")
            status = video.status if video else sm.VideoStatus.REMOVED
            if video is not None:
                record_snapshot(session, order.id, video, now)
            if status in GONE:
                try:
                    async with session.begin_nested():
                        seen = Observation(status, now)
                        await fire(
                            session, order, "report_removed", sm.Actor.SYSTEM, None,
                            TriggerBody(), ctx, seen,
                        )  # fmt: skip
                    continue
                except sm.DomainError as refusal:
                    log.warning("removal of %s's video not refunded: %s", order.id, refusal)
                values: dict[str, Any] = {"video_check_at": None}  # the timers decide now
            else:
                values = {
                    "video_status": status,
                    "video_checked_at": now,
                    "video_check_at": next_video_check(
                        now, order.retention_ends_at or now, settings
                    ),
                }
                if order.video_status is not status:  # visible on the order: a new version
                    values.update(version=order.version + 1, updated_at=now)
                    await announce(session, order.id)
            await session.exec(update(Order).where(col(Order.id) == order.id).values(**values))
    return checked
