"""Recording what the checks of published videos saw: every snapshot; each order's latest
counts; and their sums per project, by day (Asia/Shanghai, what each day added) and by
creator. Summaries read the last three, one row per order, per day or per creator.

Only checks bring counts; a status the platform pushes is kept as a snapshot with the last
counts seen. Every writer holds the orders' locks (taken in id order); the checks are
recorded set-wise, and the sums written in key order, one statement per table, as late in
the transaction as may be: a project's rows are shared by all its orders, so every writer
takes them in the same order (no deadlock between two batches) and holds them only until
its commit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.db import upsert_into
from service.orders.models import Order
from service.videos.models import COUNTS, ProjectCreator, ProjectDay, VideoLatest, VideoSnapshot
from statemachine import VideoFacts, VideoStatus

DAY_ZONE = ZoneInfo("Asia/Shanghai")  # the calendar the platforms' users count days in
ENGAGEMENTS = ("likes", "comments", "shares")


def day_of(moment: datetime) -> date:
    return moment.astimezone(DAY_ZONE).date()


async def record_snapshots(
    session: AsyncSession, seen: Sequence[tuple[Order, VideoFacts]], at: datetime
) -> None:
    """Snapshots of the orders' videos at `at`. One seen before an order's latest (a late
    push) is kept among the snapshots only: the latest counts and the sums stay as they are."""
    seen = list({order.id: (order, video) for order, video in seen}.values())  # one per order
    if not seen:
        return
    before = await _latest(session, [order.id for order, _ in seen])
    latest, days, creators = [], _Sums(), _Sums()
    for order, video in sorted(seen, key=lambda pair: pair[0].id):
        counts = {name: getattr(video, name) for name in COUNTS}
        session.add(VideoSnapshot(order_id=order.id, observed_at=at, status=video.status, **counts))
        last = before.get(order.id)
        if last is not None and at < last.observed_at:
            continue
        gained = {name: counts[name] - (getattr(last, name) if last else 0) for name in COUNTS}
        latest.append(
            {
                "order_id": order.id, "project_id": order.project_id,
                "creator_id": order.creator_id, "price_fen": order.price_fen,
                "observed_at": at, **counts,
            }
        )  # fmt: skip
        if order.project_id is None:
            continue
        days.add(
            (order.project_id, day_of(at)),
            plays_gained=gained["plays"],
            engagements_gained=sum(gained[name] for name in ENGAGEMENTS),
        )
        first = last is None  # one more video of the creator's in the project
        creators.add(
            (order.project_id, order.creator_id),
            videos=int(first), price_fen=order.price_fen if first else 0, **gained,
        )  # fmt: skip
    if latest:
        rows = upsert_into(session)(VideoLatest).values(latest)
        await session.exec(
            rows.on_conflict_do_update(
                index_elements=[col(VideoLatest.order_id)],
                set_={name: rows.excluded[name] for name in ("observed_at", *COUNTS)},
            )
        )
    await _add(session, ProjectDay, ("project_id", "day"), days)
    await _add(session, ProjectCreator, ("project_id", "creator_id"), creators)


async def _latest(session: AsyncSession, order_ids: Sequence[str]) -> dict[str, VideoLatest]:
    """The orders' latest counts, as the database has them now (the upserts bypass the
    session's copies)."""
    found = await session.exec(
        select(VideoLatest)
        .where(col(VideoLatest.order_id).in_(order_ids))
        .execution_options(populate_existing=True)
    )
    return {latest.order_id: latest for latest in found}


class _Sums(defaultdict[tuple[Any, ...], dict[str, int]]):
    """Amounts to add, by key."""

    def __init__(self) -> None:
        super().__init__(lambda: defaultdict(int))

    def add(self, key: tuple[Any, ...], **amounts: int) -> None:
        for name, amount in amounts.items():
            self[key][name] += amount


async def _add(
    session: AsyncSession, table: type[SQLModel], keys: tuple[str, ...], sums: _Sums
) -> None:
    """Adds the sums to the table's rows, created at 0 where missing: one statement, its
    rows in key order."""
    if not sums:
        return
    values = [
        {**dict(zip(keys, key, strict=True)), **amounts} for key, amounts in sorted(sums.items())
    ]
    rows = upsert_into(session)(table).values(values)
    names = values[0].keys() - set(keys)
    await session.exec(
        rows.on_conflict_do_update(
            index_elements=[getattr(table, key) for key in keys],
            set_={name: getattr(table, name) + rows.excluded[name] for name in names},
        )
    )


async def record_snapshot(
    session: AsyncSession, order: Order, video: VideoFacts, at: datetime
) -> None:
    await record_snapshots(session, [(order, video)], at)


async def record_statuses(
    session: AsyncSession, order_ids: Sequence[str], status: VideoStatus, at: datetime
) -> None:
    """A status the platform pushed, without counts: a snapshot of each order with the last
    counts seen. Only a check brings counts, so the latest counts, when they were seen,
    and the sums stay as they are."""
    if not order_ids:
        return
    last = await _latest(session, order_ids)
    for order_id in order_ids:
        counts = last.get(order_id)
        kept = {name: getattr(counts, name) for name in COUNTS} if counts else {}
        session.add(VideoSnapshot(order_id=order_id, observed_at=at, status=status, **kept))
