"""Recording what the checks of a published video saw: every snapshot; the order's latest
counts; and per day (Asia/Shanghai) the last counts and what the day added. Summaries read
the latter two, one row per order or per order and day."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from service.orders.models import Order
from service.videos.models import VideoDay, VideoLatest, VideoSnapshot
from statemachine import VideoFacts, VideoStatus

DAY_ZONE = ZoneInfo("Asia/Shanghai")  # the calendar the platforms' users count days in
COUNTS = ("plays", "likes", "comments", "shares")


def day_of(moment: datetime) -> date:
    return moment.astimezone(DAY_ZONE).date()


def _insert(session: AsyncSession) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


async def record_snapshot(
    session: AsyncSession, order: Order, video: VideoFacts, at: datetime
) -> None:
    """A snapshot of the order's video at `at`. One seen before the latest (a late push)
    is kept among the snapshots only: the latest counts and the days stay as they are."""
    counts = {name: getattr(video, name) for name in COUNTS}
    session.add(VideoSnapshot(order_id=order.id, observed_at=at, status=video.status, **counts))
    last = await session.get(VideoLatest, order.id, populate_existing=True)
    if last is not None and at < last.observed_at:
        return
    before = {name: getattr(last, name) if last else 0 for name in COUNTS}
    gained = counts["plays"] - before["plays"]
    engaged = sum(counts[n] - before[n] for n in ("likes", "comments", "shares"))
    insert = _insert(session)
    latest = insert(VideoLatest).values(
        order_id=order.id, project_id=order.project_id, creator_id=order.creator_id,
        price_fen=order.price_fen, observed_at=at, **counts,
    )  # fmt: skip
    await session.exec(
        latest.on_conflict_do_update(
            index_elements=[col(VideoLatest.order_id)],
            set_={name: latest.excluded[name] for name in ("observed_at", *COUNTS)},
        )
    )
    day = insert(VideoDay).values(
        order_id=order.id, day=day_of(at), project_id=order.project_id, observed_at=at,
        plays_gained=gained, engagements_gained=engaged, **counts,
    )  # fmt: skip
    await session.exec(
        day.on_conflict_do_update(
            index_elements=[col(VideoDay.order_id), col(VideoDay.day)],
            set_={
                **{name: day.excluded[name] for name in ("observed_at", *COUNTS)},
                "plays_gained": col(VideoDay.plays_gained) + gained,
                "engagements_gained": col(VideoDay.engagements_gained) + engaged,
            },
        )
    )


async def record_status(
    session: AsyncSession, order_id: str, video: VideoFacts, status: VideoStatus, at: datetime
) -> None:
    """A status the platform pushed, without counts: the snapshot keeps the last ones seen."""
    order = await session.get(Order, order_id)
    assert order is not None
    last = await session.get(VideoLatest, order_id)
    seen = VideoFacts(
        video.platform, video.handle, status,
        *((last.plays, last.likes, last.comments, last.shares) if last else ()),
    )  # fmt: skip
    await record_snapshot(session, order, seen, at)
