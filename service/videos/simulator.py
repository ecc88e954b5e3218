"""The simulated video platform (no real one is reachable from here). Its videos live in our
database, so the API and any number of workers see the same platform."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from service.integrations.video import parse_video_url
from service.videos.models import SimulatedVideo
from statemachine import VideoFacts, VideoStatus


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
            platform, handle, row.status, row.plays, row.likes, row.comments, row.shares
        )


async def set_video(
    session: AsyncSession,
    video_url: str,
    status: VideoStatus,
    now: datetime,
    metrics: dict[str, int] | None = None,
) -> SimulatedVideo:
    """What ops and tests do to the simulated platform: remove, hide, restore, add plays."""
    row = await session.get(SimulatedVideo, video_url)
    if row is None:
        row = SimulatedVideo(video_url=video_url, status=status, updated_at=now)
        session.add(row)
    row.status = status
    row.updated_at = now
    for name, value in (metrics or {}).items():
        setattr(row, name, value)
    await session.flush()
    return row


def simulated(session: AsyncSession) -> SimulatedVideoPlatform:
    return SimulatedVideoPlatform(session)
