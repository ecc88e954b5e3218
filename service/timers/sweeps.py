"""Sweeps of the clock-driven half of the order machine: due timers and video checks.

Each sweep claims a batch of due orders with `FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite
runs one writer at a time anyway), so any number of workers can sweep side by side, and
locks every account the batch will move, in id order, before the first moves. Due timers
are decided one by one by the machine, as a REST call would be, and written together in a
handful of multi-row statements (`timers.batch`); a timer that needs more than that (a
violation, a video observation) fires through the same function as a REST call, in a
savepoint. Either way the machine re-checks state and guards and the write is
compare-and-set, so a timer fires at most once and never after the order has moved on; a
refused timer is retried an hour later.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

import statemachine as sm
from service.config import Settings
from service.db import Database
from service.integrations.video import VideoPlatformFactory
from service.integrator.changes import announce, announce_many
from service.money import ledger
from service.money.models import Account
from service.money.order_money import accounts_moved
from service.observability import observe_worker_lag
from service.orders.facts import Context, next_video_check
from service.orders.models import Order
from service.orders.schemas import TriggerBody
from service.orders.transitions import GONE, Observation, fire, record_snapshot
from service.problems import ProblemError
from service.timers.batch import BatchLost, Sorted, sort_out, write

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
    limit: int, *, set_wise: bool = True,
) -> int:  # fmt: skip
    """Fire one batch of due timers; returns how many fired. The batch is written set-wise
    (`timers.batch`), what does not fit it one order at a time; `set_wise=False` fires every
    order one at a time."""
    fired, batched = 0, []
    async with database.session() as session:
        ctx = Context(now, settings, platforms(session))
        claimed = await _claim(session, col(Order.due_at), now, limit)
        oldest = claimed[0].due_at if claimed else None
        observe_worker_lag((now - oldest).total_seconds() if oldest else 0.0)
        batch = sort_out(claimed, ctx) if set_wise else Sorted(one_by_one=claimed)
        accounts = await _lock_accounts(session, [o for o, _ in batch.steps] + batch.one_by_one)
        one_by_one = batch.one_by_one
        if batch.steps:
            try:
                async with session.begin_nested():
                    written, aside = await write(session, batch.steps, ctx, accounts)
                batched = [order.id for order in written]
                one_by_one += aside
            except (BatchLost, ProblemError, DBAPIError) as failure:  # nothing of it is kept
                log.warning("timers not written as a batch (%s); firing them one by one", failure)
                await _reload(session, [order for order, _ in batch.steps])
                one_by_one += [order for order, _ in batch.steps]
        for order in one_by_one:
            fired += await _fire_one(session, order, ctx)
        for order, refusal in batch.refused:
            log.warning("timer %s on %s refused: %s", order.due_trigger, order.id, refusal)
        await _retry_later(session, [order.id for order, _ in batch.refused], now)
    return fired + len(batched)


async def _lock_accounts(
    session: AsyncSession, orders: list[Order], trigger: str | None = None
) -> dict[ledger.AccountKey, Account]:
    """Lock every account the batch's transitions will move, in id order, before the first
    of them moves: postings one order at a time would take them in no global order, and two
    workers (or a worker and a request) could each hold one the other waits for."""
    keys = {
        key
        for order in orders
        for key in accounts_moved(
            order, sm.transition_for(trigger or order.due_trigger or "").money
        )
    }
    return await ledger.lock_accounts(session, keys)


async def _fire_one(session: AsyncSession, order: Order, ctx: Context) -> bool:
    """The per-order path, in a savepoint: a refusal postpones the timer."""
    trigger = order.due_trigger
    assert trigger is not None
    try:
        async with session.begin_nested():
            await fire(session, order, trigger, sm.Actor.SYSTEM, None, TriggerBody(), ctx)
        return True
    except (sm.DomainError, ProblemError) as refusal:
        log.warning("timer %s on %s refused: %s", trigger, order.id, refusal)
        await _retry_later(session, [order.id], ctx.now)
        return False


async def _retry_later(session: AsyncSession, order_ids: list[str], now: datetime) -> None:
    """A refused timer is looked at again later, rather than spinning. The new due time is
    part of the order callers see (`next_due_at`), so it is a new version, announced."""
    if order_ids:
        await session.exec(
            update(Order)
            .where(col(Order.id).in_(order_ids))
            .values(
                due_at=now + RETRY_AFTER_REFUSAL,
                version=col(Order.version) + 1,
                updated_at=now,
            )
        )
        await announce_many(session, order_ids)


async def _reload(session: AsyncSession, orders: list[Order]) -> None:
    """Back to the rows as the database has them, after a rolled-back batch write."""
    await session.exec(
        select(Order)
        .where(col(Order.id).in_([order.id for order in orders]))
        .execution_options(populate_existing=True)
    )


async def check_videos(
    database: Database, now: datetime, settings: Settings, platforms: VideoPlatformFactory,
    limit: int,
) -> int:  # fmt: skip
    """Look at one batch of published videos due for a check; returns how many."""
    checked = 0
    async with database.session() as session:
        ctx = Context(now, settings, platforms(session))
        claimed = await _claim(session, col(Order.video_check_at), now, limit)
        looked = [(order, await ctx.videos.get_video(order.video_url or "")) for order in claimed]
        gone = [order for order, video in looked if video is None or video.status in GONE]
        await _lock_accounts(session, gone, "report_removed")
        for order, video in looked:
            checked += 1
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
