"""Recording what the checks of a published video saw: every snapshot, and the last of each
day (Asia/Shanghai) beside it, which summaries and daily series read."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.videos.models import VideoDay, VideoSnapshot
from statemachine import VideoFacts, VideoStatus

DAY_ZONE = ZoneInfo("Asia/Shanghai")  # the calendar the platforms' users count days in


def day_of(moment: datetime) -> date:
    return moment.astimezone(DAY_ZONE).date()


async def record_snapshot(
    session: AsyncSession, order_id: str, video: VideoFacts, at: datetime
) -> None:
    counts = {
        "plays": video.plays, "likes": video.likes,
        "comments": video.comments, "shares": video.shares,
    }  # fmt: skip
    session.add(VideoSnapshot(order_id=order_id, observed_at=at, status=video.status, **counts))
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    row = insert(VideoDay).values(order_id=order_id, day=day_of(at), observed_at=at, **counts)
    await session.exec(
        row.on_conflict_do_update(
            index_elements=[col(VideoDay.order_id), col(VideoDay.day)],
            set_={name: row.excluded[name] for name in ("observed_at", *counts)},
            where=col(VideoDay.observed_at) <= row.excluded.observed_at,
        )
    )


async def record_status(
    session: AsyncSession, order_id: str, video: VideoFacts, status: VideoStatus, at: datetime
) -> None:
    """A status the platform pushed, without counts: the snapshot keeps the last ones seen."""
    last = (
        await session.exec(
            select(VideoSnapshot)
            .where(col(VideoSnapshot.order_id) == order_id)
            .order_by(col(VideoSnapshot.id).desc())
            .limit(1)
        )
    ).first()
    seen = VideoFacts(
        video.platform, video.handle, status,
        *((last.plays, last.likes, last.comments, last.shares) if last else ()),
    )  # fmt: skip
    await record_snapshot(session, order_id, seen, at)
