"""The video-platform port: what the service asks of Douyin, Xigua and Huoshan."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

from sqlmodel.ext.asyncio.session import AsyncSession

from statemachine import Platform, VideoFacts

_URL = re.compile(
    r"^https://(?:www\.)?(?P<host>douyin\.com|ixigua\.com|huoshan\.com)"
    r"/@(?P<handle>[A-Za-z0-9_.\-]{1,100})/video/(?P<video_id>[0-9]{1,30})/?$"
)
HOSTS = {
    "douyin.com": Platform.DOUYIN,
    "ixigua.com": Platform.XIGUA,
    "huoshan.com": Platform.HUOSHAN,
}


def parse_video_url(video_url: str) -> tuple[Platform, str, str] | None:
    """(platform, handle, video id) of a video URL the platforms would recognise."""
    match = _URL.match(video_url)
    if match is None:
        return None
    return HOSTS[match["host"]], match["handle"], match["video_id"]


class VideoPlatform(Protocol):
    async def get_video(self, video_url: str) -> VideoFacts | None:
        """The video's owner, status and metrics, and whether the platform labels it commercial
        content, or None when no platform knows the URL."""


# A platform adapter for one unit of work: real adapters ignore the session; the simulated
# one keeps its videos in our database and so reads them in the request's transaction.
VideoPlatformFactory = Callable[[AsyncSession], VideoPlatform]
