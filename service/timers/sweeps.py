"""Sweeps of the clock-driven half of the order machine: due timers and video checks.

Each sweep claims a batch of due orders with `FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite
runs one writer at a time anyway), so any number of workers can sweep side by side, and
locks every account the batch will move, in id order, before the first moves. Due timers
are decided one by one by the machine, as a REST call would be, and written together
(`timers.batch`); a timer that needs more than that (a violation) fires through the same
function as a REST call, in a savepoint. Either way the machine re-checks state and guards
and the write is compare-and-set, so a timer fires at most once and never after the order
has moved on; a refused timer is retried an hour later.

Video checks ask the video platform with no order locked: a batch is claimed and leased
(its next check moved a little ahead) in one short transaction, the platform is asked, and
what it said is recorded in another, on the orders as they are then.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

import statemachine as sm
from service.config import Settings
from service.db import Database
from service.money import ledger
from service.money.order_money import accounts_moved
from service.observability import observe_worker_lag
from service.orders import writes
from service.orders.facts import Context, Outside, next_video_check
from service.orders.models import Order
from service.orders.schemas import TriggerBody
from service.orders.transitions import fire
from service.ports.video import VideoPlatformFactory
from service.problems import ProblemError
from service.timers.batch import Sorted, sort_out, write
from service.videos.data import record_snapshots

log = logging.getLogger(__name__)
RETRY_AFTER_REFUSAL = timedelta(hours=1)
VIDEO_CHECK_LEASE = timedelta(minutes=5)  # a check claimed but never recorded comes back
GONE = (sm.VideoStatus.REMOVED, sm.VideoStatus.PRIVATE)


async def _claim(session: AsyncSession, due_column: Any, now: datetime, limit: int) -> list[Order]:
    statement = (
        select(Order)
        .where(due_column <= now)
        .order_by(due_column)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(await session.exec(statement))


async def _lock_accounts(
    session: AsyncSession, moves: list[tuple[Order, str]], ctx: Context
) -> dict[ledger.AccountKey, int]:
    """Lock every account the batch's transitions will move, in id order, before the first
    of them moves: postings one order at a time would take them in no global order, and two
    workers (or a worker and a request) could each hold one the other waits for."""
    keys = {
        key
        for order, trigger in moves
        for key in accounts_moved(order, ctx.machine.transition_for(trigger).money, ctx.settings)
    }
    return await ledger.lock(session, keys, ctx.now)


async def fire_due_timers(
    database: Database, now: datetime, settings: Settings, platforms: VideoPlatformFactory,
    limit: int, *, machine: sm.OrderMachine = sm.ORDER_MACHINE, set_wise: bool = True,
) -> int:  # fmt: skip
    """Fire one batch of due timers; returns how many fired. The batch is written set-wise
    (`timers.batch`), what does not fit it one order at a time; `set_wise=False` fires every
    order one at a time. `ctx_of(session)`: the use cases' context for the pass."""
    fired, batched = 0, []
    async with database.session() as session:
        ctx = Context(machine, now, settings, platforms(session))
        claimed = await _claim(session, col(Order.due_at), now, limit)
        oldest = claimed[0].due_at if claimed else None
        observe_worker_lag((now - oldest).total_seconds() if oldest else 0.0)
        batch = sort_out(claimed, ctx) if set_wise else Sorted(one_by_one=claimed)
        moving = [(c.order, c.order.due_trigger or "") for c in batch.changes]
        moving += [(order, order.due_trigger or "") for order in batch.one_by_one]
        balances = await _lock_accounts(session, moving, ctx)
        one_by_one = batch.one_by_one
        if batch.changes:
            try:
                async with session.begin_nested():
                    written, aside = await write(session, batch.changes, ctx, balances)
                batched = [order.id for order in written]
                one_by_one += aside
            except (ProblemError, DBAPIError) as failure:  # nothing of it is kept
                log.warning("timers not written as a batch (%s); firing them one by one", failure)
                await _reload(session, [change.order for change in batch.changes])
                one_by_one += [change.order for change in batch.changes]
        for order in one_by_one:
            fired += await _fire_one(session, order, ctx)
        for order, refusal in batch.refused:
            log.warning("timer %s on %s refused: %s", order.due_trigger, order.id, refusal)
        await _retry_later(session, [order for order, _ in batch.refused], now)
    return fired + len(batched)


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
        await _reload(session, [order])  # as it is, the savepoint rolled back
        await _retry_later(session, [order], ctx.now)
        return False


async def _retry_later(session: AsyncSession, orders: list[Order], now: datetime) -> None:
    """A refused timer is looked at again later, rather than spinning. The new due time is
    part of the order callers see (`next_due_at`), so it is a new version, announced."""
    later = {"due_at": now + RETRY_AFTER_REFUSAL, "updated_at": now}
    await writes.write(session, [writes.Change(order, dict(later)) for order in orders])


async def _reload(session: AsyncSession, orders: list[Order]) -> None:
    """Back to the rows as the database has them, after a rolled-back batch write."""
    await session.exec(
        select(Order)
        .where(col(Order.id).in_([order.id for order in orders]))
        .execution_options(populate_existing=True)
    )


async def check_videos(
    database: Database, now: datetime, settings: Settings, platforms: VideoPlatformFactory,
    limit: int, *, machine: sm.OrderMachine = sm.ORDER_MACHINE,
) -> int:  # fmt: skip
    """Look at one batch of published videos due for a check; returns how many."""
    async with database.session() as session:  # claim and lease, briefly
        claimed = await _claim(session, col(Order.video_check_at), now, limit)
        lease = {"video_check_at": now + VIDEO_CHECK_LEASE}
        await writes.write(session, [writes.Change(o, dict(lease), visible=False) for o in claimed])
        wanted = {order.id: order.video_url or "" for order in claimed}
    if not wanted:
        return 0
    async with database.session() as session:  # ask the platform, holding no lock
        platform = platforms(session)
        seen = {order_id: await platform.get_video(url, now) for order_id, url in wanted.items()}
    async with database.session() as session:  # record what it said
        ctx = Context(machine, now, settings, platforms(session))
        orders = list(
            await session.exec(
                select(Order)
                .where(col(Order.id).in_(list(wanted)), col(Order.state) == sm.State.PUBLISHED)
                .order_by(col(Order.id))
                .with_for_update()
            )
        )
        current = [o for o in orders if o.video_url == wanted[o.id]]
        gone = [o for o in current if _status(seen[o.id]) in GONE]
        await _lock_accounts(session, [(order, "report_removed") for order in gone], ctx)
        for order in current:
            await _follow_up(session, order, seen[order.id], ctx)
        # Last, just before the commit: the project's sums are rows its other orders share.
        looked = [(order, video) for order in current if (video := seen[order.id]) is not None]
        await record_snapshots(session, looked, ctx.now)
    return len(wanted)


def _status(video: sm.VideoFacts | None) -> sm.VideoStatus:
    """A video the platform no longer knows is removed."""
    return video.status if video else sm.VideoStatus.REMOVED


async def _follow_up(
    session: AsyncSession, order: Order, video: sm.VideoFacts | None, ctx: Context
) -> None:
    """What a check of the order's video means: a refund if it is gone, else the next
    check."""
    status = _status(video)
    if status in GONE:
        try:
            async with session.begin_nested():
                seen = Outside(sighting=sm.Sighting(status, ctx.now))
                await fire(
                    session, order, "report_removed", sm.Actor.SYSTEM, None, TriggerBody(), ctx,
                    outside=seen,
                )  # fmt: skip
            return
        except sm.DomainError as refusal:
            log.warning("removal of %s's video not refunded: %s", order.id, refusal)
        await writes.write(session, [writes.Change(order, {"video_check_at": None}, visible=False)])
        return  # the timers decide now
    values: dict[str, Any] = {
        "video_status": status,
        "video_checked_at": ctx.now,
        "video_check_at": next_video_check(
            ctx.now, order.published_at or ctx.now, order.retention_ends_at or ctx.now, ctx.settings
        ),
    }
    visible = order.video_status is not status  # shown on the order: a new version
    if visible:
        values["updated_at"] = ctx.now
    await writes.write(session, [writes.Change(order, values, visible=visible)])
