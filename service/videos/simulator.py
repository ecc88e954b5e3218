"""The simulated video platform (no real one is reachable from here). Its videos live in our
database, so the API and any number of workers see the same platform."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from service.ports.video import parse_video_url
from service.videos.models import SimulatedVideo
from statemachine import VideoFacts, VideoStatus

METRICS = ("plays", "likes", "comments", "shares")


class SimulatedVideoPlatform:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get_video(self, video_url: str) -> VideoFacts | None:
        parsed = parse_video_url(video_url)
        if parsed is None:
            return None
        platform, handle, _ = parsed
        row = await self.session.get(SimulatedVideo, video_url)
        if row is None:
            return VideoFacts(platform, handle, VideoStatus.LIVE)
        return VideoFacts(
            platform, handle, row.status, row.plays, row.likes, row.comments, row.shares,
            row.commercial,
        )  # fmt: skip


async def set_video(
    session: AsyncSession,
    video_url: str,
    status: VideoStatus,
    now: datetime,
    metrics: dict[str, int] | None = None,
    commercial: bool | None = None,
) -> SimulatedVideo:
    """What ops and tests do to the simulated platform: post a video (commercial or not),
    remove, hide, restore, add plays. One statement, so that two calls on a video the platform
    has not seen yet both succeed."""
    changed: dict[str, Any] = {"status": status, "updated_at": now, **(metrics or {})}
    if commercial is not None:
        changed["commercial"] = commercial
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    row = insert(SimulatedVideo).values(
        video_url=video_url, **{**dict.fromkeys(METRICS, 0), "commercial": False, **changed}
    )
    await session.exec(
        row.on_conflict_do_update(
            index_elements=[col(SimulatedVideo.video_url)],
            set_={name: row.excluded[name] for name in changed},
        )
    )
    found = await session.get(SimulatedVideo, video_url, populate_existing=True)
    assert found is not None
    return found


def simulated(session: AsyncSession) -> SimulatedVideoPlatform:
    return SimulatedVideoPlatform(session)
