"""The video-platform port: what the service asks of Douyin, Xigua and Huoshan."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlmodel.ext.asyncio.session import AsyncSession

from statemachine import Platform, VideoFacts

HOSTS = {
    "douyin.com": Platform.DOUYIN,
    "ixigua.com": Platform.XIGUA,
    "huoshan.com": Platform.HUOSHAN,
}
_QUERY = r"/?(?:\?[^#\s]{0,300})?$"  # a share often carries a query (?modeFrom=…): ignored
_HANDLE_FORM = re.compile(
    r"^https://(?:www\.)?(?P<host>douyin\.com|ixigua\.com|huoshan\.com)"
    r"/@(?P<handle>[A-Za-z0-9_.\-]{1,100})/video/(?P<video_id>[0-9]{1,30})" + _QUERY
)
_DOUYIN_VIDEO = re.compile(
    r"^https://(?:www\.)?douyin\.com/video/(?P<video_id>[0-9]{1,30})" + _QUERY
)
_DOUYIN_SHORT = re.compile(r"^https://v\.douyin\.com/(?P<code>[A-Za-z0-9_\-]{4,16})" + _QUERY)
_XIGUA_VIDEO = re.compile(r"^https://(?:www\.)?ixigua\.com/(?P<video_id>[0-9]{1,30})" + _QUERY)


@dataclass(frozen=True)
class VideoRef:
    """What a video URL says: the platform, and the video's id, or a share link's code; the
    account only when the URL names one (most forms do not: the platform knows the owner)."""

    platform: Platform
    video_id: str | None = None
    short_code: str | None = None
    handle: str | None = None


def parse_video_url(video_url: str) -> VideoRef | None:
    """The forms people paste: `https://www.douyin.com/video/<id>`, the share link
    `https://v.douyin.com/<code>/`, `https://www.ixigua.com/<id>`, and
    `https://www.<platform>.com/@<handle>/video/<id>`; None for anything else."""
    if match := _HANDLE_FORM.match(video_url):
        return VideoRef(HOSTS[match["host"]], match["video_id"], handle=match["handle"])
    if match := _DOUYIN_VIDEO.match(video_url):
        return VideoRef(Platform.DOUYIN, match["video_id"])
    if match := _DOUYIN_SHORT.match(video_url):
        return VideoRef(Platform.DOUYIN, short_code=match["code"])
    if match := _XIGUA_VIDEO.match(video_url):
        return VideoRef(Platform.XIGUA, match["video_id"])
    return None


class VideoPlatform(Protocol):
    async def get_video(self, video_url: str, at: datetime) -> VideoFacts | None:
        """The video's owner, status and metrics, and whether the platform labels it commercial
        content, or None when no platform knows the URL. `at`: the service's time (a real
        platform answers for now; the simulated one follows the service's clock, so a test
        clock yields a real-looking series)."""


# A platform adapter for one unit of work: real adapters ignore the session; the simulated
# one keeps its videos in our database and so reads them in the request's transaction.
VideoPlatformFactory = Callable[[AsyncSession], VideoPlatform]
